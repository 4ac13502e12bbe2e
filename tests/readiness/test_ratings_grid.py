"""The five items as a grid: rating all five at once, the municipalities × items table of a 年度 with the change
from the previous 年度, and a municipality's trend. The clock is pinned on both sides of a 年度 boundary."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kasane.annual_report.chapter_readiness import distribution
from kasane.audit.models import AuditEntry
from kasane.readiness import ratings
from kasane.readiness.models import Block, MunicipalityProfile, ReadinessRating, Region
from kasane.tenancy.models import Municipality
from tests.clock import morning_of

pytestmark = pytest.mark.django_db

LAST_DAY = dt.date(2027, 3, 31)  # the last day of 令和8年度 (FY2026)
FIRST_DAY = dt.date(2027, 4, 1)  # the first day of 令和9年度


@pytest.fixture
def on() -> Iterator[Any]:
    """Travel to a day: ``on(day)`` pins the clock there until the test ends."""
    travellers: list[time_machine.travel] = []

    def go(day: dt.date) -> None:
        for t in travellers:
            t.stop()
        travellers.clear()
        traveller = time_machine.travel(morning_of(day), tick=False)
        traveller.start()
        travellers.append(traveller)

    go(LAST_DAY)
    yield go
    for t in travellers:
        t.stop()


def _rate(municipality: Municipality, user: Any, item: str, stage: int, day: dt.date) -> ReadinessRating:
    return ReadinessRating.objects.create(
        municipality=municipality,
        item=item,
        stage=stage,
        evidence=f"{day}の根拠",
        rated_on=day,
        rated_by=user,
    )


@pytest.fixture
def rated(world: dict[str, Any], on: Any) -> dict[str, Any]:
    """テスト市 (道央, 盛岡広域) rated in FY2025 and FY2026; となり町 (道北) only in FY2026."""
    ken = world["users"]["prefecture"]
    city, town = world["municipality"], world["other_municipality"]
    prefecture = city.prefecture
    central = Block.objects.create(prefecture=prefecture, name="道央", sort_order=1)
    north = Block.objects.create(prefecture=prefecture, name="道北", sort_order=2)
    region = Region.objects.create(prefecture=prefecture, name="盛岡広域")
    MunicipalityProfile.objects.create(municipality=city, block=central, region=region, status="implementing")
    MunicipalityProfile.objects.create(municipality=town, block=north, status="considering")
    _rate(city, ken, "situation", 1, dt.date(2025, 10, 1))
    _rate(city, ken, "situation", 2, dt.date(2026, 10, 1))  # ↑
    _rate(city, ken, "internal", 2, dt.date(2025, 10, 1))
    _rate(city, ken, "internal", 1, LAST_DAY)  # ↓, on the 年度's last day
    _rate(city, ken, "sharing", 2, dt.date(2025, 10, 1))  # carried over: no rating in FY2026
    _rate(town, ken, "situation", 0, dt.date(2026, 6, 1))  # 新
    return {"ken": ken, "city": city, "town": town, "central": central, "north": north, "region": region}


def test_a_cell_is_the_stage_at_the_end_of_the_year() -> None:
    history = [(dt.date(2025, 10, 1), 1), (dt.date(2026, 10, 1), 2), (dt.date(2027, 4, 1), 3)]
    assert ratings.cell(history, 2024).stage is None and ratings.cell(history, 2024).change == ""
    first = ratings.cell(history, 2025)
    assert (first.stage, first.change, first.mark, first.carried) == (1, "new", "新", False)
    moved = ratings.cell(history, 2026)
    assert (moved.stage, moved.previous, moved.mark) == (2, 1, "↑")
    assert moved.change_text == "前年度末より上がった（着手→進行中）"
    # A rating on 1 April belongs to the new 年度, not to the one that ended the day before.
    assert ratings.cell(history, 2027).stage == 3 and ratings.cell(history, 2026).stage == 2
    kept = ratings.cell(history[:2], 2027)
    assert (kept.stage, kept.carried, kept.rated_year) == (2, True, 2026)
    # Carried over, it is 据え置き: outside ↑＝↓, which count only municipalities re-assessed in the 年度.
    assert (kept.change, kept.mark, kept.change_text) == ("carried", "", "据え置き（この年度の評価なし）")


def test_table_shows_the_year_its_changes_and_totals(rated: dict[str, Any], client_for: Any) -> None:
    client = client_for(rated["ken"])
    html = client.get(reverse("readiness:ratings")).content.decode()
    assert "令和8年度の体制整備の評価一覧" in html  # 31 March 2027 is still 令和8年度
    assert '<option value="2026" selected>令和8年度</option>' in html
    assert '<option value="2025" >令和7年度</option>' in html  # back to the first rating's 年度
    assert "前年度末より上がった（着手→進行中）" in html
    assert "前年度末より下がった（進行中→着手）" in html  # the rating of 31 March counts
    assert "据え置き（この年度の評価なし）" in html and "前年度末は未評価" in html
    assert "令和7年度の評価" in html  # 関係機関の情報共有 carried over from FY2025
    grid = ratings.grid(rated["city"].prefecture, 2026)
    situation = grid.totals[0]
    assert (situation.counts, situation.unrated) == ([1, 0, 1, 0], 0)
    assert situation.changes == {"up": 1, "down": 0, "same": 0, "new": 1, "carried": 0}
    # The table's totals are the annual report's distribution, counted the same way.
    report = dict(distribution(rated["city"].prefecture, 2026))
    assert [tuple(t.counts) for t in grid.totals] == [report[label] for label in report]


def test_after_the_year_turns_the_table_opens_on_the_new_year(
    rated: dict[str, Any], client_for: Any, on: Any
) -> None:
    on(FIRST_DAY)
    client = client_for(rated["ken"])
    html = client.get(reverse("readiness:ratings")).content.decode()
    assert "令和9年度の体制整備の評価一覧" in html
    assert "前年度末より上がった（" not in html  # nothing rated in 令和9年度 yet: every cell is 据え置き
    assert "令和8年度の評価" in html
    earlier = client.get(reverse("readiness:ratings"), {"year": "2026"}).content.decode()
    assert "前年度末より上がった（着手→進行中）" in earlier
    # A 年度 the table does not know falls back to this one.
    assert (
        "令和9年度の体制整備の評価一覧"
        in client.get(reverse("readiness:ratings"), {"year": "1999"}).content.decode()
    )


def test_table_filters_by_block_and_region(rated: dict[str, Any], client_for: Any) -> None:
    client = client_for(rated["ken"])
    url = reverse("readiness:ratings")
    north = client.get(url, {"block": rated["north"].pk}).content.decode()
    assert "となり町" in north and "テスト市" not in north
    region = client.get(url, {"region": rated["region"].pk}).content.decode()
    assert "テスト市" in region and "となり町" not in region
    assert '<label for="f-region">振興局</label>' in region


def test_region_filter_is_offered_only_when_regions_are_set(rated: dict[str, Any], client_for: Any) -> None:
    MunicipalityProfile.objects.update(region=None)
    html = client_for(rated["ken"]).get(reverse("readiness:ratings")).content.decode()
    assert 'name="region"' not in html


def test_query_counts_of_table_and_trend_are_pinned(rated: dict[str, Any], client_for: Any) -> None:
    client = client_for(rated["ken"])
    prefecture = rated["city"].prefecture
    client.get(reverse("readiness:index"))  # the first request of a session also writes the session

    def count(url: str) -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    table, trend = (
        count(reverse("readiness:ratings")),
        count(reverse("readiness:trend", args=[rated["city"].pk])),
    )
    for n in range(10):
        town = Municipality.objects.create(prefecture=prefecture, code=f"03{n:03d}9", name=f"町{n}")
        MunicipalityProfile.objects.create(municipality=town, block=rated["central"], region=rated["region"])
        _rate(town, rated["ken"], "talent", n % 4, dt.date(2026, 5, 1))
        _rate(rated["city"], rated["ken"], "talent", n % 4, dt.date(2026, 5, 1) + dt.timedelta(days=n))
    assert count(reverse("readiness:ratings")) == table
    assert count(reverse("readiness:trend", args=[rated["city"].pk])) == trend


def _post(client: Client, municipality: Municipality, changes: dict[str, Any]) -> Any:
    """The form as the page shows it, with ``changes`` typed over it."""
    page = client.get(reverse("readiness:rate_all", args=[municipality.pk]))
    data: dict[str, Any] = {}
    for form in page.context["form"].forms:
        for name in form.fields:
            value = form[name].value()
            data[f"{form.prefix}-{name}"] = "" if value is None else value
        data[f"{form.prefix}-rated_on"] = "2027-03-31"
    data.update(changes)
    return client.post(reverse("readiness:rate_all", args=[municipality.pk]), data)


def test_rating_all_five_saves_only_what_changed_in_one_entry(rated: dict[str, Any], client_for: Any) -> None:
    client = client_for(rated["ken"])
    before = ReadinessRating.objects.count()
    response = _post(
        client,
        rated["city"],
        {
            "situation-stage": "3",
            "situation-evidence": "全庁の勉強会を3回開催した。",
            "talent-stage": "1",
            "talent-evidence": "社協と人材育成の打ち合わせを始めた。",
            "talent-tools_used": ["fieldwork"],
        },
    )
    assert response.status_code == 302
    assert ReadinessRating.objects.count() == before + 2  # 庁内・情報共有・地域 were left as they were
    new = ReadinessRating.objects.filter(rated_on=LAST_DAY, municipality=rated["city"]).exclude(
        item="internal"
    )
    assert {(r.item, r.stage) for r in new} == {("situation", 3), ("talent", 1)}
    assert new.get(item="talent").tools_used == ["fieldwork"]
    entries = AuditEntry.objects.filter(action="readiness.ratings_recorded")
    assert entries.count() == 1
    details = entries.get().details
    assert details["items"] == {"situation": 3, "talent": 1}
    assert sorted(details["ratings"], key=lambda r: r["item"]) == [
        {"id": new.get(item=item).pk, "item": item, "stage": stage, "rated_on": "2027-03-31"}
        for item, stage in (("situation", 3), ("talent", 1))
    ]
    followed = client.get(response.url).content.decode()
    assert "2項目（現状把握・人材）の段階を記録しました。" in followed


def test_errors_are_shown_per_item_and_nothing_is_written(rated: dict[str, Any], client_for: Any) -> None:
    client = client_for(rated["ken"])
    before = ReadinessRating.objects.count()
    response = _post(
        client,
        rated["city"],
        {
            "situation-stage": "3",  # changed, no evidence
            "internal-evidence": "打ち合わせをした。",
            "internal-rated_on": "2027-03-30",  # before the last rating (31 March)
            "local_people-evidence": "町内会と話した。",  # never rated: no stage chosen
            "talent-stage": "1",
            "talent-evidence": "始めた。",
            "talent-rated_on": "2027-04-02",  # tomorrow
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "段階を変えるときは、根拠を入力してください。" in html
    assert "前回の評価日（令和9年3月31日）より前の日付にはできません。" in html
    assert "段階を選んでください。" in html
    assert "未来の日付は入力できません。" in html
    assert "何も記録していません。" in html
    for item in ("situation", "internal", "local_people", "talent"):
        assert f'href="#item-{item}"' in html
    assert 'href="#item-sharing"' not in html  # the item left alone has no error
    assert ReadinessRating.objects.count() == before
    assert not AuditEntry.objects.filter(action="readiness.ratings_recorded").exists()


def test_nothing_changed_records_nothing(rated: dict[str, Any], client_for: Any) -> None:
    client = client_for(rated["ken"])
    before = ReadinessRating.objects.count()
    response = _post(client, rated["city"], {})
    assert response.status_code == 302
    assert ReadinessRating.objects.count() == before
    assert not AuditEntry.objects.filter(action="readiness.ratings_recorded").exists()
    assert "変更された項目がないため、何も記録していません。" in client.get(response.url).content.decode()


def test_a_rating_made_meanwhile_is_not_hidden(rated: dict[str, Any], client_for: Any) -> None:
    client = client_for(rated["ken"])
    page = client.get(reverse("readiness:rate_all", args=[rated["city"].pk]))
    assert page.status_code == 200
    _rate(rated["city"], rated["ken"], "situation", 3, LAST_DAY)  # a colleague, after the page was opened
    stale = {f"{f.prefix}-based_on": f["based_on"].value() or "" for f in page.context["form"].forms}
    stale.update({f"{f.prefix}-stage": f["stage"].value() for f in page.context["form"].forms})
    stale.update({f"{f.prefix}-rated_on": "2027-03-31" for f in page.context["form"].forms})
    stale.update({"situation-stage": "2", "situation-evidence": "変わらず。"})
    before = ReadinessRating.objects.count()
    response = client.post(reverse("readiness:rate_all", args=[rated["city"].pk]), stale)
    assert "ほかの職員が評価を記録しました" in response.content.decode()
    assert ReadinessRating.objects.count() == before


def test_who_may_rate_and_see_the_trend(
    rated: dict[str, Any], client_for: Any, world: dict[str, Any]
) -> None:
    city_staff = client_for(world["users"]["city"])
    assert city_staff.get(reverse("readiness:rate_all", args=[rated["city"].pk])).status_code == 200
    assert city_staff.get(reverse("readiness:rate_all", args=[rated["town"].pk])).status_code == 404
    assert city_staff.get(reverse("readiness:trend", args=[rated["town"].pk])).status_code == 404
    assert city_staff.get(reverse("readiness:ratings")).status_code == 403
    viewer = client_for(world["users"]["viewer"])
    assert viewer.get(reverse("readiness:rate_all", args=[rated["city"].pk])).status_code == 404
    ken = client_for(rated["ken"])
    assert ken.delete(reverse("readiness:rate_all", args=[rated["city"].pk])).status_code == 405
    assert ken.post(reverse("readiness:ratings")).status_code == 405


def test_trend_shows_each_item_over_the_years(rated: dict[str, Any], client_for: Any, on: Any) -> None:
    on(FIRST_DAY)
    html = client_for(rated["ken"]).get(reverse("readiness:trend", args=[rated["city"].pk])).content.decode()
    assert "<svg" in html and "体制整備の5項目の段階の推移" in html
    for year in ("令和7年度", "令和8年度", "令和9年度"):
        assert f'<th scope="col">{year}</th>' in html
    # The chart says in words what it draws, a carried-over rating included.
    assert "現状把握：令和7年度 着手、令和8年度 進行中、令和9年度 進行中（前の年度の評価のまま）" in html
    assert "地域関係者の巻き込み：未評価" in html
    never = client_for(rated["ken"]).get(reverse("readiness:trend", args=[rated["town"].pk])).content.decode()
    assert '<th scope="col">令和8年度</th>' in never and '<th scope="col">令和7年度</th>' not in never


def test_the_service_refuses_a_stale_form_and_writes_nothing(rated: dict[str, Any]) -> None:
    from kasane.readiness.rating_services import Entry, RatedMeanwhile, latest_ids, record_ratings

    latest = latest_ids(rated["city"])
    fresh = Entry("talent", 1, "始めた。", [], LAST_DAY, None)
    stale = Entry("situation", 3, "進んだ。", [], LAST_DAY, latest["situation"] - 1)
    before = ReadinessRating.objects.count()
    with pytest.raises(RatedMeanwhile) as refused:
        record_ratings(rated["city"], rated["ken"], [fresh, stale])
    assert refused.value.items == ["situation"]
    assert ReadinessRating.objects.count() == before
    assert not AuditEntry.objects.filter(action="readiness.ratings_recorded").exists()
    made = record_ratings(
        rated["city"],
        rated["ken"],
        [fresh, Entry("situation", 3, "進んだ。", [], LAST_DAY, latest["situation"])],
    )
    assert len(made) == 2 and ReadinessRating.objects.count() == before + 2


def test_the_municipalitys_own_staff_rate_it(
    rated: dict[str, Any], client_for: Any, world: dict[str, Any]
) -> None:
    response = _post(
        client_for(world["users"]["city"]),
        rated["city"],
        {"sharing-stage": "3", "sharing-evidence": "関係機関の連絡会を毎月開いている。"},
    )
    assert response.status_code == 302
    made = ReadinessRating.objects.get(municipality=rated["city"], item="sharing", stage=3)
    assert made.rated_by == world["users"]["city"]
