"""The Excel workbook of 国への報告 (kasane.programme.national_sheet): opened with openpyxl, its figures are
``national.report``'s for a small 令和8年度 built here (and the few counted by hand below), the months not yet
come are empty rather than 0, and a name typed as a formula stays text.

The clock is pinned on 20 November 2026 (令和8年度, December to March still to come)."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Iterator
from typing import Any

import pytest
import time_machine
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from kasane.agencies.models import Agency
from kasane.meetings.models import Meeting, MeetingBody, MeetingStatus
from kasane.programme import national, national_sheet
from kasane.programme.national_records import Scope
from kasane.programme.national_sheet import HEADER_ROW
from tests import factories
from tests.clock import morning_of
from tests.conftest import ARTIFACTS
from tests.programme.test_national import at, consult, decide, evaluate, open_case, plan, refer

pytestmark = pytest.mark.django_db

FY = 2026  # 令和8年度
DAY = dt.date(2026, 11, 20)


@pytest.fixture(autouse=True)
def on_day() -> Iterator[None]:
    with time_machine.travel(morning_of(DAY), tick=False):
        yield


@pytest.fixture
def small(world: dict[str, Any]) -> dict[str, Any]:
    """Three persons new in April, June and October (p1 again in June: not new); a plan approved for work at
    the July sitting (a 重層的支援会議 that is also a 支援会議); p1 found work in September; one つなぎ in May."""
    a, m = world["agencies"], world["municipality"]
    north, south, hub = a["houkatsu_north"], a["houkatsu_south"], a["shakyo"]
    hub.runs_collaboration = True
    hub.save(update_fields=["runs_collaboration"])
    p1 = factories.person(north, "一 花子", "いち はなこ")
    p2 = factories.person(north, "二 太郎", "に たろう")
    p3 = factories.person(south, "三 次郎", "さん じろう")
    first = consult(p1, north, at(2026, 4, 3), sex="female", age_band=40, issues=["poverty"])
    consult(p1, north, at(2026, 6, 1), sex="female", age_band=40)
    consult(p2, north, at(2026, 6, 15), sex="male", response="advice")
    consult(p3, south, at(2026, 10, 31, 23, 59), sex="male")
    body = MeetingBody.objects.create(
        municipality=m, name="包括的支援会議", kinds=["support", "layered"], host_agency=a["division"],
        collaboration_host=hub,
    )  # fmt: skip
    july = Meeting.objects.create(
        municipality=m, body=body, title="会議", kinds=["support", "layered"], held_on=dt.date(2026, 7, 10),
        status=MeetingStatus.HELD,
    )  # fmt: skip
    case = open_case(p1, hub, dt.date(2026, 5, 1))
    decide(july, plan(case, employment_support=True, programmes=["housing_benefit"]))
    evaluate(case, dt.date(2026, 9, 30), employed=True, improvements=["motivation"])
    refer(first, hub, at(2026, 5, 2))
    return {**world, "north": north}


def _book(scope: Scope, *, name: str = "テスト市", through: dt.date = DAY) -> Any:
    body = national_sheet.workbook(scope, FY, municipality_name=name, through=through)
    return load_workbook(io.BytesIO(body)), body


def _table(ws: Worksheet) -> list[tuple[Any, ...]]:
    return [row for row in ws.iter_rows(min_row=HEADER_ROW + 1, values_only=True) if row[0]]


def _year_figures(ws: Worksheet) -> dict[tuple[str, str], tuple[Any, ...]]:
    """(番号, 内訳) → (単位, 値, 分子, 分母)"""
    return {(row[0], row[3]): row[4:8] for row in _table(ws) if not str(row[0]).startswith("※")}


def test_the_year_sheet_holds_every_figure_of_the_report(small: dict[str, Any]) -> None:
    scope = Scope(small["municipality"])
    book, body = _book(scope)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "national-sheet.xlsx").write_bytes(body)  # to be looked at
    assert book.sheetnames == ["年度集計", "月別"]
    ws = book["年度集計"]
    header = next(ws.iter_rows(min_row=HEADER_ROW, max_row=HEADER_ROW, values_only=True))
    assert header == ("番号", "区分", "項目", "内訳", "単位", "令和8年度", "分子", "分母", "数え方")
    rows = _year_figures(ws)
    expected: dict[tuple[str, str], tuple[Any, ...]] = {}
    for figure in national.report(scope, FY):
        c, r = figure.count, figure.result
        if r.rate is not None:
            value = r.rate.numerator / r.rate.denominator if r.rate.denominator else "―"
            expected[(c.code, "率")] = ("%", value, r.rate.numerator, r.rate.denominator)
        if r.total is not None:
            expected[(c.code, "計")] = (c.unit, r.total, None, None)
        for label, n in r.parts:
            expected[(c.code, label)] = (c.unit, n, None, None)
    assert rows == expected
    # Counted by hand: p1, p2, p3 new; p2's ended in advice; one plan, for work, and its person found work.
    assert rows[("A1", "計")][1] == 3 and rows[("A11", "計")][1] == 1
    assert rows[("A2", "計")][1] == rows[("A3", "計")][1] == 1
    assert rows[("A7", "率")] == ("%", 1.0, 1, 1)
    assert rows[("A12", "女")][1] == 1 and rows[("A12", "男")][1] == 2
    assert rows[("B1", "計")][1] == 4 and rows[("A9", "計")][1] == rows[("B2", "計")][1] == 1
    assert (
        rows[("B4", "重層的支援会議（個別）")][1] == rows[("B4", "支援会議（社会福祉法第106条の6）")][1] == 1
    )
    assert ("B4", "計") not in rows  # B4 has parts only, as its Result
    assert rows[("A5", "うちプラン作成者分")][1] == 1
    # A rate of nobody is ―, as on the page; a rate's cell is a number shown as a percentage.
    assert rows[("A8", "率")] == ("%", 1.0, 1, 1)
    a7 = next(row for row in ws.iter_rows(min_row=HEADER_ROW + 1) if row[0].value == "A7")
    assert a7[5].number_format == "0.0%"
    # Each count's definition once, on its first row.
    definitions = [row[8] for row in _table(ws) if row[8]]
    assert definitions == [c.definition for c in national.COUNTS]


def test_a_rate_of_nobody_is_a_dash(world: dict[str, Any]) -> None:
    book, _ = _book(Scope(world["municipality"]))
    rows = _year_figures(book["年度集計"])
    assert rows[("A7", "率")] == ("%", "―", 0, 0)
    assert rows[("A1", "計")] == ("件", 0, None, None)


def test_the_month_sheet_leaves_the_months_to_come_empty(small: dict[str, Any]) -> None:
    scope = Scope(small["municipality"])
    book, _ = _book(scope)
    ws = book["月別"]
    header = next(ws.iter_rows(min_row=HEADER_ROW, max_row=HEADER_ROW, values_only=True))
    assert header[:4] == ("番号", "項目", "単位", "令和8年4月")
    assert header[11:] == ("令和8年12月", "令和9年1月", "令和9年2月", "令和9年3月", "年度計")
    rows = {row[0]: row for row in _table(ws) if not str(row[0]).startswith("※")}
    assert list(rows) == ["A1", "A2", "A3"]
    # April, June and October (23:59 on the 31st); November has come (0); December to March have not.
    assert rows["A1"][3:] == (1, 0, 1, 0, 0, 0, 1, 0, None, None, None, None, 3)
    assert rows["A2"][3:] == (0, 0, 0, 1, 0, 0, 0, 0, None, None, None, None, 1)
    report = {f.count.code: f for f in national.report(scope, FY)}
    for code, row in rows.items():
        assert row[1] == report[code].count.name and row[-1] == report[code].result.total
        months = report[code].months
        assert months is not None and list(row[3:11]) == months[:8]
    notes = [row[0] for row in _table(ws) if str(row[0]).startswith("※")]
    assert notes[0] == "※ 令和8年12月以降はまだ来ていない月のため空欄です（0件ではありません）。"


def test_a_year_gone_by_has_every_month_and_no_note_of_months_to_come(small: dict[str, Any]) -> None:
    book, _ = _book(Scope(small["municipality"]), through=dt.date(2027, 5, 10))
    ws = book["月別"]
    rows = {row[0]: row for row in _table(ws)}
    assert rows["A1"][3:] == (1, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 3)
    assert not any("まだ来ていない" in str(code) for code in rows)
    assert ws["A2"].value == "作成日 令和9年5月10日"


def test_the_title_names_the_municipality_the_year_the_day_and_whose_records(small: dict[str, Any]) -> None:
    book, _ = _book(Scope(small["municipality"]))
    for name in ("年度集計", "月別"):
        ws = book[name]
        assert ws["A1"].value == "テスト市 国への報告（支援状況調査・事業実績） 令和8年度（2026年度）"
        assert (
            ws["A2"].value == "作成日 令和8年11月20日（年度途中：令和8年11月20日までの記録から数えています）"
        )
        assert ws["A3"].value.startswith("テスト市のすべての機関の記録から数えています。")
        assert ws.freeze_panes is not None and ws.page_setup.orientation == "landscape"
    ws = book["年度集計"]
    assert ws.auto_filter.ref == f"A{HEADER_ROW}:I{ws.max_row}"
    # Readable widths: the longest name whole, the definitions wide and wrapped.
    longest = max(len(c.name) for c in national.COUNTS)
    assert ws.column_dimensions["C"].width >= longest * 2 and ws.column_dimensions["I"].width == 60
    assert ws.column_dimensions["A"].width < 10


def test_an_agency_counts_its_own_and_is_named(small: dict[str, Any]) -> None:
    north = small["north"]
    scope = Scope(small["municipality"], (north.pk,))
    book, _ = _book(scope)
    rows = _year_figures(book["年度集計"])
    report = {f.count.code: f.result for f in national.report(scope, FY)}
    assert rows[("A1", "計")][1] == report["A1"].total == 2  # p1 and p2; not 南部包括's p3
    assert book["年度集計"]["A3"].value.startswith("北部地域包括支援センターの記録（自機関が受け付けた相談")


def test_a_name_typed_as_a_formula_stays_text(small: dict[str, Any]) -> None:
    north: Agency = small["north"]
    north.name = '=HYPERLINK("http://example.invalid","北部")'
    north.save(update_fields=["name"])
    evil = "=cmd|' /C calc'!A0"
    book, body = _book(Scope(small["municipality"], (north.pk,)), name=evil)
    for ws in book.worksheets:
        assert ws["A1"].value == f"{evil} 国への報告（支援状況調査・事業実績） 令和8年度（2026年度）"
        assert ws["A1"].data_type == "s"
        assert ws["A3"].value.startswith(north.name) and ws["A3"].data_type == "s"
    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/sheet")]
        assert len(sheets) == 2
        for sheet in sheets:
            assert "<f>" not in archive.read(sheet).decode() and "<f " not in archive.read(sheet).decode()
