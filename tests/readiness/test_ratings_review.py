"""The review of the ratings grid, table and trend (issue 19): a rating made meanwhile blocks only the item it
touches and the next submit goes through; rating dates are never in the future, before the previous rating or in
an ended 年度, in both forms; carried-over cells are 据え置き, outside ↑＝↓; the running 年度 is labelled as of
today; odd query values; block order; the empty table; query counts; who may post."""

# ruff: noqa: F811 - the fixtures imported from test_ratings_grid are asked for by name

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kasane.annual_report.chapter_readiness import movement
from kasane.audit.models import AuditEntry
from kasane.readiness import rating_views, ratings
from kasane.readiness.models import Block, MunicipalityProfile, ReadinessRating
from kasane.readiness.rating_services import RatedMeanwhile
from kasane.tenancy.models import Municipality
from tests.readiness.test_ratings_grid import (  # noqa: F401 - fixtures, used by name
    FIRST_DAY,
    LAST_DAY,
    _post,
    _rate,
    on,
    rated,
)

pytestmark = pytest.mark.django_db


def _based_on(response: Any, item: str) -> Any:
    form = next(f for f in response.context["form"].forms if f.item.value == item)
    return form["based_on"].value()


def test_a_colleagues_rating_of_another_item_does_not_block_the_save(
    rated: dict[str, Any], client_for: Any
) -> None:
    client = client_for(rated["ken"])
    page = client.get(reverse("readiness:rate_all", args=[rated["city"].pk]))
    _rate(rated["city"], rated["ken"], "sharing", 3, LAST_DAY)  # a colleague rates an item left alone here
    data: dict[str, Any] = {}
    for f in page.context["form"].forms:
        data.update({f"{f.prefix}-{n}": f[n].value() if f[n].value() is not None else "" for n in f.fields})
        data[f"{f.prefix}-rated_on"] = "2027-03-31"
    data.update({"situation-stage": "3", "situation-evidence": "全庁の勉強会を開いた。"})
    response = client.post(reverse("readiness:rate_all", args=[rated["city"].pk]), data)
    assert response.status_code == 302
    assert ReadinessRating.objects.filter(item="situation", stage=3, municipality=rated["city"]).exists()
    # The colleague's rating stands: nothing was recorded over 関係機関の情報共有.
    assert ReadinessRating.objects.filter(item="sharing", municipality=rated["city"]).count() == 2


def test_after_a_rating_made_meanwhile_the_next_submit_goes_through(
    rated: dict[str, Any], client_for: Any
) -> None:
    client = client_for(rated["ken"])
    url = reverse("readiness:rate_all", args=[rated["city"].pk])
    page = client.get(url)
    theirs = _rate(rated["city"], rated["ken"], "situation", 3, LAST_DAY)
    data: dict[str, Any] = {}
    for f in page.context["form"].forms:
        data.update({f"{f.prefix}-{n}": f[n].value() if f[n].value() is not None else "" for n in f.fields})
        data[f"{f.prefix}-rated_on"] = "2027-03-31"
    data.update({"situation-stage": "1", "situation-evidence": "担当が替わり、把握が途切れた。"})
    refused = client.post(url, data)
    html = refused.content.decode()
    assert refused.status_code == 200 and "ほかの職員が評価を記録しました" in html
    assert "担当が替わり、把握が途切れた。" in html  # what was typed is kept
    assert _based_on(refused, "situation") == theirs.pk  # now on the colleague's rating, shown beside it
    again = {**data, "situation-based_on": str(_based_on(refused, "situation"))}
    assert client.post(url, again).status_code == 302
    latest = ratings.latest_by_item(rated["city"])["situation"]
    assert (latest.stage, latest.evidence) == (1, "担当が替わり、把握が途切れた。")


def test_a_save_refused_at_the_last_moment_re_renders_what_was_typed(
    rated: dict[str, Any], client_for: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    made: list[ReadinessRating] = []

    def racing(*args: Any, **kwargs: Any) -> None:
        made.append(_rate(rated["city"], rated["ken"], "situation", 3, LAST_DAY))
        raise RatedMeanwhile(["situation"])

    monkeypatch.setattr(rating_views, "record_ratings", racing)
    response = _post(
        client_for(rated["ken"]),
        rated["city"],
        {"situation-stage": "2", "situation-evidence": "打ち合わせを重ねた。"},
    )
    html = response.content.decode()
    assert response.status_code == 200 and "打ち合わせを重ねた。" in html
    assert "ほかの職員が評価を記録しました" in html and 'href="#item-situation"' in html
    assert _based_on(response, "situation") == made[0].pk


def test_the_five_item_form_refuses_a_date_in_an_ended_year(
    rated: dict[str, Any], client_for: Any, on: Any
) -> None:
    on(FIRST_DAY)
    before = ReadinessRating.objects.count()
    response = _post(
        client_for(rated["ken"]),
        rated["city"],
        {"talent-stage": "1", "talent-evidence": "始めた。", "talent-rated_on": "2027-03-31"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "令和8年度はすでに終わっているため、その年度の日付では記録できません。" in html
    assert ReadinessRating.objects.count() == before


@pytest.mark.parametrize(
    ("item", "day", "message"),
    [
        ("local_people", "2027-04-01", "未来の日付は入力できません。"),
        ("internal", "2027-03-30", "前回の評価日（令和9年3月31日）より前の日付にはできません。"),
        ("local_people", "2026-03-31", "令和7年度はすでに終わっているため"),
    ],
)
def test_the_single_item_form_refuses_what_the_grid_refuses(
    rated: dict[str, Any], client_for: Any, item: str, day: str, message: str
) -> None:
    client = client_for(rated["ken"])
    before = ReadinessRating.objects.count()
    response = client.post(
        reverse("readiness:rate", args=[rated["city"].pk]),
        {"item": item, "stage": "2", "evidence": "打ち合わせをした。", "rated_on": day},
        follow=True,
    )
    assert message in response.content.decode()
    assert ReadinessRating.objects.count() == before
    ok = client.post(
        reverse("readiness:rate", args=[rated["city"].pk]),
        {"item": item, "stage": "2", "evidence": "打ち合わせをした。", "rated_on": "2027-03-31"},
    )
    assert ok.status_code == 302 and ReadinessRating.objects.count() == before + 1


def test_carried_cells_are_kept_apart_so_the_changes_match_the_report(
    rated: dict[str, Any], client_for: Any
) -> None:
    prefecture = rated["city"].prefecture
    grid = ratings.grid(prefecture, 2026)
    for total, (_label, (up, same, down)) in zip(grid.totals, movement(prefecture, 2026), strict=True):
        assert (total.changes["up"], total.changes["same"], total.changes["down"]) == (up, same, down)
    sharing = grid.totals[3]
    assert (sharing.changes["same"], sharing.changes["carried"]) == (0, 1)
    html = client_for(rated["ken"]).get(reverse("readiness:ratings")).content.decode()
    assert "据え置きは、令和8年度中に評価がなく前の年度の評価を引き継いでいる市町村の数です。" in html
    assert (
        "「令和7年度の評価」とある欄は、令和8年度中に評価がなく、前の年度の評価を引き継いでいるものです"
        in html
    )


def test_the_running_year_is_shown_as_of_today(rated: dict[str, Any], client_for: Any, on: Any) -> None:
    on(dt.date(2026, 12, 7))
    client = client_for(rated["ken"])
    html = client.get(reverse("readiness:ratings")).content.decode()
    assert "令和8年12月7日現在（年度途中）" in html and "令和8年度末（3月31日）時点" not in html
    earlier = client.get(reverse("readiness:ratings"), {"year": "2025"}).content.decode()
    assert "令和7年度末（3月31日）時点" in earlier and "年度途中" not in earlier
    trend = client.get(reverse("readiness:trend", args=[rated["city"].pk])).content.decode()
    assert "今年度（令和8年度）の欄は、令和8年12月7日現在（年度途中）の段階です。" in trend


@pytest.mark.parametrize("param", ["year", "block", "region"])
@pytest.mark.parametrize("value", ["²", "١", "9" * 40])
def test_odd_numbers_in_the_query_fall_back(
    rated: dict[str, Any], client_for: Any, param: str, value: str
) -> None:
    client = client_for(rated["ken"])
    assert client.get(reverse("readiness:ratings"), {param: value}).status_code == 200
    assert client.get(reverse("readiness:ratings_export", args=["csv"]), {param: value}).status_code == 200


def test_municipalities_without_a_block_come_last(rated: dict[str, Any], client_for: Any) -> None:
    loose = Municipality.objects.create(
        prefecture=rated["city"].prefecture, code="010006", name="ブロック未設定町"
    )
    MunicipalityProfile.objects.create(municipality=loose)
    names = [m.name for m in ratings.municipalities(rated["city"].prefecture)]
    assert names[-1] == "ブロック未設定町" and names.index("テスト市") < names.index("となり町")


def test_evidence_keeps_its_line_breaks_and_the_empty_table_spans_every_column(
    rated: dict[str, Any], client_for: Any
) -> None:
    made = _rate(rated["city"], rated["ken"], "talent", 1, LAST_DAY)
    ReadinessRating.objects.filter(pk=made.pk).update(evidence="一行目\n二行目")
    client = client_for(rated["ken"])
    page = client.get(reverse("readiness:rate_all", args=[rated["city"].pk])).content.decode()
    assert "一行目<br>二行目" in page
    empty = Block.objects.create(prefecture=rated["city"].prefecture, name="空")
    html = client.get(reverse("readiness:ratings"), {"block": empty.pk}).content.decode()
    assert '<td colspan="8" class="muted">該当する市町村はありません。</td>' in html  # with the region column
    MunicipalityProfile.objects.update(region=None)
    html = client.get(reverse("readiness:ratings"), {"block": empty.pk}).content.decode()
    assert '<td colspan="7" class="muted">該当する市町村はありません。</td>' in html


def test_rating_more_items_costs_no_more_queries(rated: dict[str, Any], client_for: Any) -> None:
    client = client_for(rated["ken"])
    client.get(reverse("readiness:index"))  # the first request of a session also writes the session

    def count(changes: dict[str, Any]) -> int:
        with CaptureQueriesContext(connection) as queries:
            assert _post(client, rated["city"], changes).status_code == 302
        return len(queries)

    one = count({"talent-stage": "1", "talent-evidence": "始めた。"})
    three = count(
        {
            "talent-stage": "2",
            "talent-evidence": "進めた。",
            "local_people-stage": "1",
            "local_people-evidence": "町内会と話した。",
            "sharing-stage": "3",
            "sharing-evidence": "連絡会を毎月開いている。",
        }
    )
    assert one == three


def test_an_outsiders_post_is_refused_and_writes_nothing(
    rated: dict[str, Any], client_for: Any, world: dict[str, Any]
) -> None:
    before = ReadinessRating.objects.count()
    response = client_for(world["users"]["other_city"]).post(
        reverse("readiness:rate_all", args=[rated["city"].pk]),
        {"situation-stage": "3", "situation-evidence": "書き換え。", "situation-rated_on": "2027-03-31"},
    )
    assert response.status_code == 404
    assert ReadinessRating.objects.count() == before
    assert not AuditEntry.objects.filter(action="readiness.ratings_recorded").exists()
