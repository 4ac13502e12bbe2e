from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from kasane.agencies.models import Agency, AgencyTopic, SupportField, Topic
from kasane.audit.models import AuditEntry

pytestmark = pytest.mark.django_db


def test_directory_lists_only_own_municipality(client_for: Any, world: dict[str, Any]) -> None:
    body = client_for(world["users"]["soudanin"]).get(reverse("agencies:list")).content.decode()
    assert "北部地域包括支援センター" in body and "テスト市社会福祉協議会" in body
    assert "となり町" not in body and "岩手県地域福祉課" not in body


def test_directory_name_search_folds_kana_and_width(client_for: Any, world: dict[str, Any]) -> None:
    client = client_for(world["users"]["soudanin"])
    world["agencies"]["shakyo"].name_kana = "てすとししゃかいふくしきょうぎかい"
    world["agencies"]["shakyo"].refresh_search_text()
    world["agencies"]["shakyo"].save()
    for query in ["社会福祉", "シャカイフクシ", "ｼｬｶｲﾌｸｼ", "しゃかい ふくし"]:
        body = client.get(reverse("agencies:list"), {"q": query}).content.decode()
        assert "テスト市社会福祉協議会" in body, query
        assert "北部地域包括支援センター" not in body, query


def test_directory_filters(client_for: Any, world: dict[str, Any]) -> None:
    client = client_for(world["users"]["soudanin"])
    north = world["areas"]["north"]
    body = client.get(reverse("agencies:list"), {"area": north.pk}).content.decode()
    # The north area's own centre and whole-city agencies, not the south centre.
    assert "北部地域包括支援センター" in body and "テスト市社会福祉協議会" in body
    assert "南部地域包括支援センター" not in body
    body = client.get(reverse("agencies:list"), {"field": "poverty"}).content.decode()
    assert "テスト市社会福祉協議会" in body and "北部地域包括支援センター" not in body
    topic = Topic.objects.get(name="認知症")
    body = client.get(reverse("agencies:list"), {"topic": topic.pk}).content.decode()
    assert "北部地域包括支援センター" in body and "テスト市社会福祉協議会" not in body
    body = client.get(reverse("agencies:list"), {"kind": "shakyo"}).content.decode()
    assert "2件" not in body and "1件" in body
    empty = client.get(reverse("agencies:list"), {"q": "存在しない機関"}).content.decode()
    assert "条件に合う機関は見つかりませんでした" in empty


def test_directory_htmx_returns_the_results_fragment(client_for: Any, world: dict[str, Any]) -> None:
    response = client_for(world["users"]["soudanin"]).get(
        reverse("agencies:list"), {"q": "包括"}, headers={"HX-Request": "true"}
    )
    body = response.content.decode()
    assert "<html" not in body and "北部地域包括支援センター" in body


def test_agency_detail(client_for: Any, world: dict[str, Any]) -> None:
    agency = world["agencies"]["shakyo"]
    body = (
        client_for(world["users"]["viewer"])
        .get(reverse("agencies:detail", args=[agency.pk]))
        .content.decode()
    )
    assert "こんな相談はこちら" in body and "つなぎ方" in body and "0197-00-0000" in body
    assert "委託（社会福祉法人テスト市社会福祉協議会）" in body
    assert "ひきこもり" in body


def test_other_municipality_agency_is_404(client_for: Any, world: dict[str, Any]) -> None:
    other = world["agencies"]["other"]
    client = client_for(world["users"]["city"])
    assert client.get(reverse("agencies:detail", args=[other.pk])).status_code == 404
    assert client.get(reverse("agencies:edit", args=[other.pk])).status_code == 404
    assert client.post(reverse("agencies:edit", args=[other.pk]), {}).status_code == 404


def test_prefecture_staff_do_not_see_municipal_directory(client_for: Any, world: dict[str, Any]) -> None:
    client = client_for(world["users"]["prefecture"])
    assert client.get(reverse("agencies:list")).status_code == 403
    assert client.get(reverse("agencies:navi")).status_code == 403


# 相談先ナビ


def test_navi_finds_hikikomori_best_match_first(client_for: Any, world: dict[str, Any]) -> None:
    client = client_for(world["users"]["soudanin"])
    topic = Topic.objects.get(name="ひきこもり")
    body = client.get(reverse("agencies:navi"), {"topic": topic.pk}).content.decode()
    shakyo = body.index("テスト市社会福祉協議会")
    division = body.index("地域福祉課")
    assert shakyo < division  # primary handler before the one that can also help
    assert "となり町" not in body and "北部地域包括支援センター" not in body


def test_navi_understands_typed_words(client_for: Any, world: dict[str, Any]) -> None:
    client = client_for(world["users"]["soudanin"])
    for text in ["引きこもり", "ヒキコモリ", "息子がひきこもっている"]:
        body = client.get(reverse("agencies:navi"), {"q": text}).content.decode()
        assert "テスト市社会福祉協議会" in body, text
    body = client.get(reverse("agencies:navi"), {"q": "物忘れがひどい"}).content.decode()
    assert "認知症" in body and "北部地域包括支援センター" in body


def test_navi_takes_the_area_into_account(client_for: Any, world: dict[str, Any]) -> None:
    client = client_for(world["users"]["soudanin"])
    topic = Topic.objects.get(name="認知症")
    body = client.get(
        reverse("agencies:navi"), {"topic": topic.pk, "address": "北上町3丁目5-1"}
    ).content.decode()
    assert "住所から<strong>北部圏域</strong>と判定しました" in body
    assert "北部地域包括支援センター" in body and "南部地域包括支援センター" not in body
    assert "他の圏域を担当する機関（1件）は表示していません" in body
    south = world["areas"]["south"]
    body = client.get(reverse("agencies:navi"), {"topic": topic.pk, "area": south.pk}).content.decode()
    assert "南部地域包括支援センター" in body and "北部地域包括支援センター" not in body
    both = client.get(reverse("agencies:navi"), {"topic": topic.pk}).content.decode()
    assert "南部地域包括支援センター" in both and "北部地域包括支援センター" in both


def test_navi_with_nothing_found(client_for: Any, world: dict[str, Any]) -> None:
    body = (
        client_for(world["users"]["soudanin"])
        .get(reverse("agencies:navi"), {"q": "宇宙旅行"})
        .content.decode()
    )
    assert "該当する機関が見つかりませんでした" in body


# Editing


def _form_data(agency: Agency, **changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "name": agency.name,
        "name_kana": agency.name_kana,
        "kind": agency.kind,
        "support_fields": [f.pk for f in agency.support_fields.all()],
        "operation_form": agency.operation_form,
        "contractor": agency.contractor,
        "department": agency.department,
        "area": agency.area_id or "",
        "postal_code": "",
        "address": agency.address,
        "phone": agency.phone,
        "fax": "",
        "email": "",
        "hours": "平日 8:30〜17:15",
        "contact_person": "",
        "handles_text": agency.handles_text,
        "referral_howto": "",
        "is_listed": "on",
        "primary_topics": [link.topic_id for link in agency.agency_topics.all() if link.level == 1],
        "other_topics": [link.topic_id for link in agency.agency_topics.all() if link.level == 2],
    }
    data.update(changes)
    return data


def test_agency_admin_edits_own_agency(client_for: Any, world: dict[str, Any]) -> None:
    agency = world["agencies"]["houkatsu_north"]
    client = client_for(world["users"]["agency_admin"])
    assert client.get(reverse("agencies:edit", args=[agency.pk])).status_code == 200
    hikikomori = Topic.objects.get(name="ひきこもり")
    data = _form_data(agency, hours="平日 9:00〜18:00", primary_topics=[hikikomori.pk], other_topics=[])
    response = client.post(reverse("agencies:edit", args=[agency.pk]), data)
    assert response.status_code == 302
    agency.refresh_from_db()
    assert agency.hours == "平日 9:00〜18:00"
    assert list(AgencyTopic.objects.filter(agency=agency).values_list("topic__name", "level")) == [
        ("ひきこもり", 1)
    ]
    entry = AuditEntry.objects.get(action="agency.updated")
    assert "hours" in entry.details["changed"] and entry.agency == agency


def test_agency_admin_cannot_edit_another_agency(client_for: Any, world: dict[str, Any]) -> None:
    other = world["agencies"]["houkatsu_south"]
    client = client_for(world["users"]["agency_admin"])
    assert client.get(reverse("agencies:edit", args=[other.pk])).status_code == 403
    assert client.post(reverse("agencies:edit", args=[other.pk]), _form_data(other)).status_code == 403
    assert client.get(reverse("agencies:new")).status_code == 403
    assert (
        client_for(world["users"]["soudanin"]).get(reverse("agencies:edit", args=[other.pk])).status_code
        == 403
    )


def test_city_staff_edit_every_agency_and_create(client_for: Any, world: dict[str, Any]) -> None:
    client = client_for(world["users"]["city"])
    south = world["agencies"]["houkatsu_south"]
    assert (
        client.post(
            reverse("agencies:edit", args=[south.pk]), _form_data(south, phone="0197-11-2222")
        ).status_code
        == 302
    )
    data = _form_data(south, name="新しいNPO", kind="npo", area="", operation_form="subsidised", phone="")
    response = client.post(reverse("agencies:new"), data)
    assert response.status_code == 302
    created = Agency.objects.get(name="新しいNPO")
    assert created.municipality == world["municipality"] and created.search_text
    assert AuditEntry.objects.filter(action="agency.created", object_id=str(created.pk)).exists()


def test_bad_agency_input_is_refused_in_japanese_and_nothing_is_written(
    client_for: Any, world: dict[str, Any]
) -> None:
    agency = world["agencies"]["houkatsu_north"]
    client = client_for(world["users"]["city"])
    topic = Topic.objects.get(name="認知症")
    before = (Agency.objects.get(pk=agency.pk).hours, AgencyTopic.objects.count(), AuditEntry.objects.count())
    data = _form_data(
        agency,
        name="南部地域包括支援センター",  # already used
        operation_form="contracted",
        contractor="",
        phone="abc",
        postal_code="12-34",
        support_fields=[],
        hours="変更されてはいけない",
        primary_topics=[topic.pk],
        other_topics=[topic.pk],
    )
    response = client.post(reverse("agencies:edit", args=[agency.pk]), data)
    body = response.content.decode()
    assert response.status_code == 200
    for message in [
        "同じ名前の機関がすでに登録されています。",
        "委託の場合は、受託している法人名を入力してください。",
        "電話番号は市外局番から",
        "郵便番号は7桁の数字で入力してください",
        "分野を1つ以上選んでください。",
        "「認知症」は「主に対応する相談」と重複しています。",
        "まだ保存されていません",
    ]:
        assert message in body, message
    after = (Agency.objects.get(pk=agency.pk).hours, AgencyTopic.objects.count(), AuditEntry.objects.count())
    assert after == before


def test_edit_form_methods(client_for: Any, world: dict[str, Any]) -> None:
    client = client_for(world["users"]["city"])
    assert client.put(reverse("agencies:edit", args=[world["agencies"]["shakyo"].pk])).status_code == 405
    assert client.post(reverse("agencies:list")).status_code == 405
    assert client.post(reverse("agencies:navi")).status_code == 405


# Query counts are pinned: they must not grow with the number of agencies.


@pytest.mark.parametrize(
    ("url_name", "params", "expected"),
    [
        ("agencies:list", {}, 9),
        ("agencies:list", {"q": "センター", "field": "elderly"}, 9),
        ("agencies:navi", {"q": "ひきこもり 認知症", "address": "北町1"}, 9),
    ],
)
def test_directory_query_counts_are_pinned(
    client_for: Any,
    world: dict[str, Any],
    make_agency: Any,
    django_assert_num_queries: Any,
    url_name: str,
    params: dict[str, str],
    expected: int,
) -> None:
    client = client_for(world["users"]["soudanin"])
    client.get(reverse(url_name), params)  # warm the session
    with django_assert_num_queries(expected):
        client.get(reverse(url_name), params)
    for i in range(15):
        make_agency(
            world["municipality"],
            f"追加センター{i}",
            topics={"認知症": 1, "ひきこもり": 2},
            fields=("elderly", "health"),
        )
    with django_assert_num_queries(expected):
        client.get(reverse(url_name), params)


def test_detail_query_count_is_pinned(
    client_for: Any, world: dict[str, Any], django_assert_num_queries: Any
) -> None:
    client = client_for(world["users"]["agency_admin"])
    url = reverse("agencies:detail", args=[world["agencies"]["houkatsu_north"].pk])
    client.get(url)
    with django_assert_num_queries(6):
        client.get(url)


def test_support_fields_are_seeded() -> None:
    assert list(SupportField.objects.values_list("name", flat=True)) == [
        "高齢",
        "障がい",
        "子ども・子育て",
        "生活困窮",
        "保健・医療",
        "その他",
    ]
