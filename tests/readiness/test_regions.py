"""Regions (振興局 and the like) as the prefecture's data: the page that keeps them, the profile form that picks
one, and the index's roll-up by region beside the blocks (issue 19, point 9)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.urls import reverse

from kasane.audit.models import AuditEntry
from kasane.readiness import overview, rollup, services
from kasane.readiness.models import Block, MunicipalityProfile, Region, SupportSettings
from kasane.tenancy.models import Municipality, Prefecture
from tests.clock import morning_of

pytestmark = pytest.mark.django_db

DAY = dt.date(2026, 11, 10)  # 令和8年度


@pytest.fixture
def hokkaido(world: dict[str, Any]) -> dict[str, Any]:
    """テスト市 in 県北ブロック and 空知総合振興局, となり町 in 県南 and 石狩振興局, a third town with no region."""
    prefecture = world["municipality"].prefecture
    north = Block.objects.create(prefecture=prefecture, name="県北", sort_order=1)
    south = Block.objects.create(prefecture=prefecture, name="県南", sort_order=2)
    sorachi = Region.objects.create(prefecture=prefecture, name="空知総合振興局", sort_order=1)
    ishikari = Region.objects.create(prefecture=prefecture, name="石狩振興局", sort_order=2)
    empty = Region.objects.create(prefecture=prefecture, name="檜山振興局", sort_order=3)
    MunicipalityProfile.objects.create(
        municipality=world["municipality"],
        block=north,
        region=sorachi,
        bureau=sorachi.name,
        status="implementing",
    )
    MunicipalityProfile.objects.create(
        municipality=world["other_municipality"], block=south, region=ishikari, bureau=ishikari.name
    )
    third = Municipality.objects.create(prefecture=prefecture, code="030003", name="みなみ村", population=900)
    MunicipalityProfile.objects.create(municipality=third, block=south, status="considering")
    return {**world, "regions": {"sorachi": sorachi, "ishikari": ishikari, "empty": empty}, "third": third}


def _actions() -> list[str]:
    return list(
        AuditEntry.objects.filter(action__startswith="readiness.region")
        .order_by("pk")
        .values_list("action", flat=True)
    )


def test_the_regions_page_lists_them_in_order_with_their_municipalities(
    hokkaido: dict[str, Any], client_for: Any
) -> None:
    html = client_for(hokkaido["users"]["prefecture"]).get(reverse("readiness:regions")).content.decode()
    assert html.index("空知総合振興局") < html.index("石狩振興局") < html.index("檜山振興局")
    assert "市町村があるため削除できません" in html  # 空知 and 石狩 hold municipalities
    assert html.count("1市町村") == 2 and "0市町村" in html


def test_support_staff_add_rename_and_reorder_regions_each_with_an_audit_entry(
    hokkaido: dict[str, Any], client_for: Any
) -> None:
    client = client_for(hokkaido["users"]["prefecture"])
    regions = hokkaido["regions"]
    client.post(reverse("readiness:regions"), {"name": "  根室振興局 "})
    added = Region.objects.get(name="根室振興局")
    assert added.sort_order == 4  # last
    client.post(reverse("readiness:region_rename", args=[regions["sorachi"].pk]), {"name": "空知地域"})
    # the profiles' 振興局 text follows the new name
    assert MunicipalityProfile.objects.get(municipality=hokkaido["municipality"]).bureau == "空知地域"
    client.post(reverse("readiness:region_move", args=[added.pk]), {"direction": "up"})
    names = list(Region.objects.filter(prefecture=added.prefecture).values_list("name", flat=True))
    assert names == ["空知地域", "石狩振興局", "根室振興局", "檜山振興局"]
    html = client.get(reverse("readiness:regions")).content.decode()
    assert html.index("根室振興局") < html.index("檜山振興局")  # the page lists them in that order
    client.post(
        reverse("readiness:region_move", args=[regions["sorachi"].pk]), {"direction": "up"}
    )  # first already
    assert Region.objects.get(pk=regions["sorachi"].pk).sort_order == 1
    assert _actions() == ["readiness.region_added", "readiness.region_renamed", "readiness.region_moved"]


def test_a_region_with_municipalities_cannot_be_deleted(hokkaido: dict[str, Any], client_for: Any) -> None:
    client = client_for(hokkaido["users"]["prefecture"])
    sorachi = hokkaido["regions"]["sorachi"]
    response = client.post(reverse("readiness:region_delete", args=[sorachi.pk]), follow=True)
    html = response.content.decode()
    assert "「空知総合振興局」には1市町村が属しているため削除できません" in html
    assert Region.objects.filter(pk=sorachi.pk).exists() and not _actions()
    client.post(reverse("readiness:region_delete", args=[hokkaido["regions"]["empty"].pk]))
    assert not Region.objects.filter(name="檜山振興局").exists()
    assert _actions() == ["readiness.region_deleted"]


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("   ", "振興局の名称を入力してください。"),
        ("石狩振興局", "「石狩振興局」はすでに登録されています。"),
        ("あ" * 31, "振興局の名称は30文字以内で入力してください。"),
    ],
)
def test_bad_names_are_refused_with_a_clear_message_and_nothing_written(
    hokkaido: dict[str, Any], client_for: Any, name: str, message: str
) -> None:
    client = client_for(hokkaido["users"]["prefecture"])
    before = list(Region.objects.values_list("pk", "name", "sort_order"))
    html = client.post(reverse("readiness:regions"), {"name": name}, follow=True).content.decode()
    assert message in html
    html = client.post(
        reverse("readiness:region_rename", args=[hokkaido["regions"]["sorachi"].pk]),
        {"name": name},
        follow=True,
    ).content.decode()
    assert message in html
    assert list(Region.objects.values_list("pk", "name", "sort_order")) == before and not _actions()


def test_the_word_for_regions_is_the_prefectures_own(hokkaido: dict[str, Any], client_for: Any) -> None:
    client = client_for(hokkaido["users"]["prefecture"])
    client.post(reverse("readiness:region_label"), {"region_label": "保健所圏域"})
    prefecture = hokkaido["municipality"].prefecture
    assert SupportSettings.objects.get(prefecture=prefecture).region_label == "保健所圏域"
    html = client.get(reverse("readiness:index")).content.decode()
    assert "ブロック別・保健所圏域別の実施状況" in html and "保健所圏域の一覧" in html
    html = client.post(reverse("readiness:regions"), {"name": ""}, follow=True).content.decode()
    assert "保健所圏域の名称を入力してください。" in html
    html = client.post(reverse("readiness:region_label"), {"region_label": " "}, follow=True).content.decode()
    assert "地域の呼び方を入力してください" in html
    assert SupportSettings.objects.get(prefecture=prefecture).region_label == "保健所圏域"
    assert _actions() == ["readiness.region_label_set"]


def test_another_prefectures_region_answers_404(hokkaido: dict[str, Any], client_for: Any) -> None:
    elsewhere = Prefecture.objects.create(code="01", name="北海道")
    theirs = Region.objects.create(prefecture=elsewhere, name="上川総合振興局")
    client = client_for(hokkaido["users"]["prefecture"])
    for name in ("readiness:region_rename", "readiness:region_move", "readiness:region_delete"):
        assert client.post(reverse(name, args=[theirs.pk]), {"name": "x"}).status_code == 404
    assert Region.objects.get(pk=theirs.pk).name == "上川総合振興局"


def test_the_profile_form_picks_a_region_of_the_prefecture_and_keeps_the_text_in_step(
    hokkaido: dict[str, Any], client_for: Any
) -> None:
    elsewhere = Region.objects.create(
        prefecture=Prefecture.objects.create(code="01", name="北海道"), name="外"
    )
    client = client_for(hokkaido["users"]["prefecture"])
    url = reverse("readiness:profile_edit", args=[hokkaido["third"].pk])
    html = client.get(url).content.decode()
    assert "空知総合振興局" in html and ">外<" not in html
    data = {"status": "considering", "region": hokkaido["regions"]["ishikari"].pk, "population": 900}
    assert client.post(url, data).status_code == 302
    profile = MunicipalityProfile.objects.get(municipality=hokkaido["third"])
    assert profile.region == hokkaido["regions"]["ishikari"] and profile.bureau == "石狩振興局"
    response = client.post(url, {**data, "region": elsewhere.pk})
    assert response.status_code == 200 and "正しく選択してください" in response.content.decode()
    assert (
        MunicipalityProfile.objects.get(municipality=hokkaido["third"]).region
        == hokkaido["regions"]["ishikari"]
    )


def test_the_index_rolls_up_by_region_beside_the_blocks(hokkaido: dict[str, Any], client_for: Any) -> None:
    ken = hokkaido["users"]["prefecture"]
    with time_machine.travel(morning_of(DAY), tick=False):
        sheet = services.new_sheet(hokkaido["municipality"], ken, dt.date(2026, 6, 1))
        services.submit_sheet(sheet, ken)
        services.new_sheet(
            hokkaido["other_municipality"], ken, dt.date(2026, 3, 31)
        )  # last 年度: not counted
        for stage, on in ((1, dt.date(2025, 10, 1)), (2, dt.date(2026, 10, 1))):
            services.rate(
                hokkaido["municipality"],
                ken,
                item="situation",
                stage=stage,
                evidence="記録",
                tools_used=[],
                rated_on=on,
            )
        found = overview.rows(hokkaido["municipality"].prefecture)
    lines = {line.name: line for line in rollup.by_region(found)}
    assert list(lines) == ["空知総合振興局", "石狩振興局", "未設定"]
    sorachi = lines["空知総合振興局"]
    assert (sorachi.total, sorachi.submitted, sorachi.rated, sorachi.moved_up) == (1, 1, 1, 1)
    assert sorachi.statuses[0] == 1  # 実施中
    assert (lines["石狩振興局"].submitted, lines["石狩振興局"].rated) == (0, 0)
    assert [line.name for line in rollup.by_block(found)] == ["県北", "県南"]
    total = rollup.total(found)
    assert (total.total, total.submitted, total.rated) == (3, 1, 1)
    with time_machine.travel(morning_of(DAY), tick=False):
        html = client_for(ken).get(reverse("readiness:index")).content.decode()
    assert "ブロック別・振興局別の実施状況" in html and "空知総合振興局" in html
    assert "県北・空知総合振興局・" in html  # the region beside the block in the table


def test_the_index_filters_by_region_and_by_no_sheet_this_year(
    hokkaido: dict[str, Any], client_for: Any
) -> None:
    ken = hokkaido["users"]["prefecture"]
    client = client_for(ken)
    ishikari = hokkaido["regions"]["ishikari"]
    html = client.get(reverse("readiness:index"), {"region": ishikari.pk}).content.decode()
    assert "となり町" in html and "テスト市" not in html and "みなみ村" not in html
    assert client.get(reverse("readiness:index"), {"region": "x"}).status_code == 200  # ignored
    with time_machine.travel(morning_of(DAY), tick=False):
        services.new_sheet(hokkaido["municipality"], ken, dt.date(2026, 5, 1))
        html = client.get(reverse("readiness:index"), {"sheet": "none"}).content.decode()
    assert "テスト市" not in html.split("市町村ごとの状況")[1]
    assert "となり町" in html and "みなみ村" in html


def test_the_index_keeps_its_query_count_with_regions(
    hokkaido: dict[str, Any], client_for: Any, django_assert_max_num_queries: Any
) -> None:
    client = client_for(hokkaido["users"]["prefecture"])
    client.get(reverse("readiness:index"))
    with django_assert_max_num_queries(20):
        client.get(reverse("readiness:index"))
    for n in range(6):
        town = Municipality.objects.create(
            prefecture=hokkaido["third"].prefecture, code=f"03010{n}", name=f"町{n}"
        )
        MunicipalityProfile.objects.create(municipality=town, region=hokkaido["regions"]["empty"])
    with django_assert_max_num_queries(20):
        client.get(reverse("readiness:index"))


HOKKAIDO_REGIONS = [
    "空知総合振興局",
    "石狩振興局",
    "後志総合振興局",
    "胆振総合振興局",
    "日高振興局",
    "渡島総合振興局",
    "檜山振興局",
    "上川総合振興局",
    "留萌振興局",
    "宗谷総合振興局",
    "オホーツク総合振興局",
    "十勝総合振興局",
    "釧路総合振興局",
    "根室振興局",
]


def test_hokkaidos_demo_has_its_14_regions_with_its_municipalities_in_them(make_user: Any) -> None:
    from kasane.demo.prefecture import readiness as demo
    from kasane.demo.prefecture.staff import BackupStaff

    hokkaido = Prefecture.objects.create(code="01", name="北海道")
    staff = BackupStaff(prefecture=make_user("ken_demo"), facilitators=[], city=None)
    with time_machine.travel(morning_of(DAY), tick=False):
        demo.load(hokkaido, DAY, staff)
    assert list(Region.objects.filter(prefecture=hokkaido).values_list("name", flat=True)) == HOKKAIDO_REGIONS
    profiles = MunicipalityProfile.objects.filter(municipality__prefecture=hokkaido).select_related(
        "municipality", "region", "block"
    )
    by_name = {p.municipality.name: p for p in profiles}
    expected = {
        "札幌市": ("石狩振興局", "道央"),
        "小樽市": ("後志総合振興局", "道央"),
        "浦河町": ("日高振興局", "道央"),
        "江差町": ("檜山振興局", "道南"),
        "稚内市": ("宗谷総合振興局", "道北"),
        "羽幌町": ("留萌振興局", "道北"),
        "中標津町": ("根室振興局", "道東"),
        "津別町": ("オホーツク総合振興局", "道東"),
    }
    for name, (region, block) in expected.items():
        found = by_name[name]
        assert (str(found.region), str(found.block)) == (region, block), name
    assert all(p.region is not None and p.bureau == p.region.name for p in profiles)
    assert {p.region.name for p in profiles if p.region} == set(HOKKAIDO_REGIONS)  # every region holds some
