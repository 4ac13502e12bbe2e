"""年度の状況: places per 日常生活圏域 and the thin ones in words, whom each area reaches, the year's gatherings per
month (31 March and 1 April in different 年度), coordination and the ハブラボ, as a page and a workbook whose
queries do not grow with the places or the days. The clock stands on DAY, in 令和8年度 (FY2026)."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook

from kasane.audit.models import AuditEntry
from kasane.community import queries
from kasane.community.models import (
    Coordination,
    PlatformSession,
    SessionOrganisation,
    SessionResult,
)
from kasane.community.views.year import era_label
from kasane.questionnaires.models import Questionnaire, Response
from kasane.resources.models import Status
from kasane.tenancy.models import Area
from tests.clock import morning_of

from . import factories

pytestmark = pytest.mark.django_db

DAY = dt.date(2026, 11, 25)  # 令和8年度
FY = 2026


@pytest.fixture(autouse=True)
def _clock() -> Iterator[None]:
    with time_machine.travel(morning_of(DAY), tick=False):
        yield


@pytest.fixture
def reader(client_for: Any, world: dict[str, Any]) -> Client:
    return client_for(world["users"]["soudanin"])  # type: ignore[no-any-return]


@pytest.fixture
def year(world: dict[str, Any]) -> dict[str, Any]:
    """北部 6 places, 南部 5, 東部 1 (thin), 西部 none; one with no area, one paused; the year's records."""
    m, north, south = world["municipality"], world["areas"]["north"], world["areas"]["south"]
    east = Area.objects.create(municipality=m, name="東部圏域", sort_order=3)
    west = Area.objects.create(municipality=m, name="西部圏域", sort_order=4)
    made: dict[str, Any] = {"east": east, "west": west}
    for i in range(6):
        made[f"north{i}"] = factories.place(
            m, name=f"北のサロン{i}", area=north, categories=("salon", "ibasho")
        )
    for i in range(5):
        made[f"south{i}"] = factories.place(
            m, name=f"南の通いの場{i}", area=south, categories=("kayoi",), generations=("elderly",),
            audiences=("elderly",),
        )  # fmt: skip
    made["kodomo"] = factories.place(
        m, name="東の子ども食堂", area=east, categories=("kodomo_shokudo",), generations=("children", "parents"),
        audiences=("families", "hardship"),
    )  # fmt: skip
    made["nowhere"] = factories.place(
        m, name="どこかの居場所", categories=("ibasho",), generations=("youth",)
    )
    paused = factories.place(m, name="休止中のサロン", area=east)
    paused.service.status = Status.PAUSED
    paused.service.save()
    return made


def test_places_per_area_and_the_thin_ones_in_words(world: dict[str, Any], year: dict[str, Any]) -> None:
    figures = queries.year_figures(world["municipality"], FY)
    rows = {row.name: row for row in figures.areas}
    assert list(rows) == ["北部圏域", "南部圏域", "東部圏域", "西部圏域", "圏域未設定"]
    assert [rows[n].places for n in rows] == [6, 5, 1, 0, 1]  # the paused one is not counted
    assert (rows["北部圏域"].multi_generation, rows["北部圏域"].cross_category) == (6, 6)
    assert (rows["南部圏域"].multi_generation, rows["南部圏域"].cross_category) == (0, 0)
    assert (rows["東部圏域"].multi_generation, rows["東部圏域"].cross_category) == (1, 1)
    assert rows["北部圏域"].categories == {"salon": 6, "ibasho": 6}
    assert rows["東部圏域"].missing == ["居場所", "サロン", "通いの場"]
    # The median of the four areas is 3: 東部 (1) is below half of it, 西部 has none; 南部 (5) is not thin.
    assert [n for n, row in rows.items() if row.gap] == ["東部圏域", "西部圏域"]
    assert figures.gaps == [
        "東部圏域：居場所 1か所（他の圏域の平均 3.7か所）",
        "西部圏域：居場所 0か所（他の圏域の平均 4か所）",
    ]


def test_an_area_is_thin_only_below_half_the_median(world: dict[str, Any]) -> None:
    m, north, south = world["municipality"], world["areas"]["north"], world["areas"]["south"]
    for i in range(4):
        factories.place(m, name=f"北{i}", area=north)
    for i in range(2):
        factories.place(m, name=f"南{i}", area=south)
    # Median 3, half 1.5: two places is not thin.
    assert queries.year_figures(m, FY).gaps == []


def test_whom_each_area_reaches(world: dict[str, Any], year: dict[str, Any], reader: Client) -> None:
    figures = queries.year_figures(world["municipality"], FY)
    rows = {row.name: row for row in figures.areas}
    # 子ども 若者 子育て世代 働く世代 高齢者
    assert rows["北部圏域"].generation_cells == [6, 0, 0, 0, 6]
    assert rows["東部圏域"].generation_cells == [1, 0, 1, 0, 0]
    assert rows["圏域未設定"].generation_cells == [0, 1, 0, 0, 0]
    # どなたでも 高齢の方 障害のある方 子ども・子育て家庭 生活に困りごとのある方 外国にルーツのある方
    assert rows["南部圏域"].audience_cells == [0, 5, 0, 0, 0, 0]
    assert rows["東部圏域"].audience_cells == [0, 0, 0, 1, 1, 0]
    page = reader.get("/community/").content.decode()
    assert "✔ 6" in page and "手薄" in page and "東部圏域：居場所 1か所（他の圏域の平均 3.7か所）" in page


def test_the_years_gatherings_month_by_month_and_the_fiscal_boundary(
    world: dict[str, Any], year: dict[str, Any]
) -> None:
    north0, north1, south0 = year["north0"], year["north1"], year["south0"]
    factories.gathering(north0, dt.date(2026, 4, 1), age_children=3, age_elderly=5)  # 多世代
    factories.gathering(north1, dt.date(2026, 4, 1), age_senior=4, age_unknown=2)  # one known band
    factories.gathering(south0, dt.date(2026, 4, 8), age_elderly=7, cat_carers=2)
    factories.gathering(north0, dt.date(2027, 3, 31), age_young=1, age_middle=1, cat_disability=1)  # 多世代
    factories.gathering(north0, dt.date(2027, 4, 1), age_elderly=9)  # 令和9年度
    factories.gathering(north0, dt.date(2026, 3, 31), age_elderly=8)  # 令和7年度
    factories.gathering(year["kodomo"], dt.date(2026, 12, 24), age_children=10, age_middle=4, cat_parents=4)
    figures = queries.year_figures(world["municipality"], FY)
    months = {m.month: m for m in figures.months}
    assert (figures.months[0].month, figures.months[-1].month) == (dt.date(2026, 4, 1), dt.date(2027, 3, 1))
    april, march = months[dt.date(2026, 4, 1)], months[dt.date(2027, 3, 1)]
    assert (april.days, april.attendance, april.multi_days) == (3, 21, 1)
    assert april.bands == [3, 0, 0, 4, 12, 2]
    assert (march.days, march.attendance, march.multi_days) == (1, 2, 1)
    assert (figures.days, figures.attendance, figures.multi_days) == (5, 37, 3)
    assert figures.multi_share == pytest.approx(60.0)
    rows = {row.name: row for row in figures.areas}
    # 障害のある方 子育て中の方 介護をしている方 生活に困りごとのある方 初めて参加した方
    assert rows["北部圏域"].attendee_categories == [1, 0, 0, 0, 0]
    assert rows["南部圏域"].attendee_categories == [0, 0, 2, 0, 0]
    assert (rows["東部圏域"].days, rows["東部圏域"].attendance) == (1, 14)
    # 1 April 2027 opens the next 年度; 31 March 2026 closed the one before.
    following = queries.year_figures(world["municipality"], FY + 1)
    assert (following.days, following.attendance, following.months[0].days) == (1, 9, 1)
    previous = queries.year_figures(world["municipality"], FY - 1)
    assert (previous.days, previous.months[-1].days) == (1, 1)
    assert figures.years == [2027, 2026, 2025]


def test_the_chart_shows_the_months_someone_came_by_age_band(
    world: dict[str, Any], year: dict[str, Any], reader: Client
) -> None:
    factories.gathering(year["north0"], dt.date(2026, 5, 13), age_children=2, age_elderly=6)
    chart = queries.year_figures(world["municipality"], FY).chart()
    assert chart is not None
    assert chart.categories == ("5月",)
    assert chart.series[0] == "18歳未満" and len(chart.series) == 6
    assert chart.percentages[0][0] == pytest.approx(25.0)
    page = reader.get("/community/").content.decode()
    assert "<svg" in page and "18歳未満 25.0%" in page


def test_no_chart_in_a_year_nobody_came(world: dict[str, Any], reader: Client) -> None:
    assert queries.year_figures(world["municipality"], FY).chart() is None
    assert "<svg" not in reader.get("/community/").content.decode()


def test_coordination_by_outcome_and_connection(world: dict[str, Any]) -> None:
    m, shakyo = world["municipality"], world["agencies"]["shakyo"]

    def record(on: dt.date, connection: str, outcome: str) -> None:
        Coordination.objects.create(
            municipality=m, agency=shakyo, contacted_on=on, counterpart_kind="farm", counterpart="元農家の方",
            connection=connection, connected_from="畑", connected_to="就労体験", outcome=outcome,
        )  # fmt: skip

    record(dt.date(2026, 4, 1), "space", "connected")
    record(dt.date(2026, 9, 1), "space", "in_progress")
    record(dt.date(2027, 3, 31), "people", "connected")
    record(dt.date(2026, 3, 31), "people", "connected")  # the year before
    table = queries.year_figures(m, FY).coordination
    assert table.outcomes == ["つながった", "調整中", "見送り"]
    rows = {label: (cells, total) for label, cells, total in table.rows}
    assert rows["場所の提供"] == ([1, 1, 0], 2)
    assert rows["担い手・人材"] == ([1, 0, 0], 1)
    assert (table.totals, table.total) == ([2, 1, 0], 3)


def _session(world: dict[str, Any], on: dt.date, title: str, *, responses: int = 0) -> PlatformSession:
    m = world["municipality"]
    questionnaire = None
    if responses:
        questionnaire = Questionnaire.objects.create(
            prefecture=m.prefecture,
            municipality=m,
            title=f"{title} アンケート",
            created_by=world["users"]["city"],
        )
        for _ in range(responses):
            Response.objects.create(questionnaire=questionnaire, submitted_at=timezone.now())
    return PlatformSession.objects.create(
        municipality=m, title=title, theme="農と福祉", held_on=on, organisers="地域福祉課", participants=24,
        questionnaire=questionnaire,
    )  # fmt: skip


def test_platform_sessions_of_the_year(world: dict[str, Any], reader: Client) -> None:
    first = _session(world, dt.date(2026, 7, 10), "第1回ハブラボ", responses=3)
    SessionOrganisation.objects.create(
        session=first, name="北町自治会", sector="residents", attended=True, attendees=3
    )
    SessionOrganisation.objects.create(
        session=first, name="みどり農園", sector="agriculture", attended=True, attendees=1
    )
    SessionOrganisation.objects.create(
        session=first, name="南町自治会", sector="residents", attended=True, attendees=2
    )
    SessionOrganisation.objects.create(session=first, name="市立病院", sector="medical", invited=True)
    SessionResult.objects.create(session=first, kind="collaboration", text="農家と就労体験をつなぐ")
    SessionResult.objects.create(session=first, kind="collaboration", text="学校の空き教室をサロンに")
    SessionResult.objects.create(session=first, kind="question", text="移動手段の確保を全体推進会議に")
    _session(world, dt.date(2027, 2, 5), "第2回ハブラボ")
    _session(world, dt.date(2027, 4, 2), "第3回ハブラボ")  # next 年度
    rows = queries.year_figures(world["municipality"], FY).sessions
    assert [r.session.title for r in rows] == ["第1回ハブラボ", "第2回ハブラボ"]
    assert rows[0].sectors == [("農業", 1, 1), ("住民", 2, 5)]  # the hospital was invited, did not come
    assert rows[0].organisations == 3
    assert rows[0].results == [("新しい連携", ["農家と就労体験をつなぐ", "学校の空き教室をサロンに"]),
                               ("全体推進会議への問い", ["移動手段の確保を全体推進会議に"])]  # fmt: skip
    assert (rows[0].responses, rows[1].responses) == (3, None)
    page = reader.get("/community/").content.decode()
    assert (
        "令和8年7月10日" in page
        and "住民 2団体（5人）" in page
        and "n=3" in page
        and "第3回ハブラボ" not in page
    )


def test_the_page_names_the_year_in_wareki_and_offers_the_years_with_records(
    world: dict[str, Any], year: dict[str, Any], reader: Client
) -> None:
    factories.gathering(year["north0"], dt.date(2024, 6, 1), age_elderly=3)  # 令和6年度
    page = reader.get("/community/").content.decode()
    assert "年度の状況 令和8年度" in page
    for label in ("令和8年度（2026年度）", "令和7年度（2025年度）", "令和6年度（2024年度）"):
        assert label in page
    assert "令和5年度" not in page and "令和9年度" not in page
    earlier = reader.get("/community/?year=2024").content.decode()
    assert "年度の状況 令和6年度" in earlier and "令和6年4月1日〜令和7年3月31日" in earlier
    # A year far off, or not a year, is the current one.
    assert "年度の状況 令和8年度" in reader.get("/community/?year=1800").content.decode()
    assert "年度の状況 令和8年度" in reader.get("/community/?year=abc").content.decode()
    assert 'href="/community/map.pdf"' in page and 'href="/community/hsds.zip"' in page


def test_era_labels() -> None:
    assert era_label(2026) == "令和8年度"
    assert era_label(2019) == "令和元年度"  # began in 平成, mostly 令和
    assert era_label(2018) == "平成30年度"


def test_another_municipalitys_records_are_not_counted(
    world: dict[str, Any], year: dict[str, Any], client_for: Any
) -> None:
    factories.gathering(year["north0"], dt.date(2026, 5, 1), age_elderly=3)
    figures = queries.year_figures(world["other_municipality"], FY)
    assert (figures.places, figures.days) == (0, 0)
    page = client_for(world["users"]["other_city"]).get("/community/").content.decode()
    assert "北部圏域" not in page and "北のサロン" not in page


def test_who_may_read(world: dict[str, Any], client_for: Any) -> None:
    for url in ("/community/", "/community/year.xlsx"):
        anonymous = client_for(None).get(url)
        assert anonymous.status_code == 302 and "/login" in anonymous["Location"]
        assert client_for(world["users"]["prefecture"]).get(url).status_code == 403
        assert client_for(world["users"]["viewer"]).get(url).status_code == 200
        assert client_for(world["users"]["viewer"]).post(url).status_code == 405


def test_the_workbook_has_one_sheet_per_table(
    world: dict[str, Any], year: dict[str, Any], reader: Client
) -> None:
    factories.gathering(year["north0"], dt.date(2027, 3, 31), age_children=2, age_elderly=6)
    _session(world, dt.date(2026, 7, 10), "=第1回ハブラボ", responses=2)
    response = reader.get("/community/year.xlsx?year=2026")
    assert response.status_code == 200
    assert "filename*=UTF-8''" in response["Content-Disposition"]
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == [
        "圏域別の居場所",
        "世代・対象",
        "月別の開催",
        "圏域別の参加",
        "コーディネート",
        "ハブラボ",
    ]
    areas = list(book["圏域別の居場所"].values)
    assert areas[0][:4] == ("圏域", "居場所の数", "うち多世代", "うち分野を越えて")
    assert areas[3][0] == "東部圏域" and areas[3][-1] == "東部圏域：居場所 1か所（他の圏域の平均 3.7か所）"
    months = list(book["月別の開催"].values)
    assert months[12][:3] == ("2027年3月", 1, 8) and months[13][:3] == ("年度計", 1, 8)
    sessions = book["ハブラボ"]
    assert sessions["A2"].value == dt.datetime(2026, 7, 10)
    assert sessions["A2"].number_format.startswith("[$-411]")
    assert (
        sessions["B2"].value == "=第1回ハブラボ" and sessions["B2"].data_type == "s"
    )  # text, never a formula
    assert sessions["H2"].value == 2
    entry = AuditEntry.objects.get(action="community.exported")
    assert entry.details == {"format": "xlsx", "year": 2026}


def test_the_pages_queries_do_not_grow_with_places_or_days(
    world: dict[str, Any], year: dict[str, Any], reader: Client, django_assert_num_queries: Any
) -> None:
    def more(n: int, base: int) -> None:
        for i in range(n):
            place = factories.place(
                world["municipality"], name=f"追加{base + i}", area=world["areas"]["south"]
            )
            factories.gathering(place, dt.date(2026, 5, 1 + i), age_elderly=2)
            _session(world, dt.date(2026, 6, 1 + i), f"回{base + i}", responses=1).organisations.create(
                name="自治会", sector="residents", attended=True, attendees=1
            )

    reader.get("/community/")
    more(2, 0)
    with django_assert_num_queries(PAGE_QUERIES):
        assert reader.get("/community/").status_code == 200
    with django_assert_num_queries(EXPORT_QUERIES):
        assert reader.get("/community/year.xlsx").status_code == 200
    more(10, 100)
    with django_assert_num_queries(PAGE_QUERIES):
        assert reader.get("/community/").status_code == 200
    with django_assert_num_queries(EXPORT_QUERIES):
        assert reader.get("/community/year.xlsx").status_code == 200


# The session, the user, the memberships; the areas and the places; the days of the year and the areas'
# sums; the coordination; the sessions, their organisations and results; the first and last day of the three
# kinds of record.
PAGE_QUERIES = 14
# The same, and the audit entry (two savepoints, the chain head, the insert, two releases; on PostgreSQL the
# trail's advisory lock too, kasane.audit.trail).
EXPORT_QUERIES = 20 + (connection.vendor == "postgresql")
