"""Spreadsheet exports never turn what someone typed into a formula (CSV/formula injection).

A person named ``=cmd|' /C calc'!A0`` or an anonymous answer ``=HYPERLINK(...)`` would otherwise run when staff
open the 支援ケース一覧 or a questionnaire's results in Excel."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook

from kasane.casework.models import Person
from kasane.lib.exports import (
    WAREKI_DATE_FORMAT,
    csv_response,
    csv_safe,
    display_width,
    text_cells_only,
    xlsx_response,
)
from tests import factories

NASTY = ["=cmd|' /C calc'!A0", "+1+1", "-2+3", "@SUM(1,1)", "\t=1", "\r=1", '=HYPERLINK("http://x","押して")']


def test_csv_fields_that_start_like_a_formula_are_marked_as_text() -> None:
    for value in NASTY:
        assert csv_safe(value) == "'" + value
    for value in ("髙橋 一郎", "", "a=b", "0197-60-1234", 12, -5, None):
        assert csv_safe(value) == value
    body = csv_response("x.csv", ["氏名", "=見出し"], [[NASTY[0], -5]]).content.decode("utf-8-sig")
    assert body.splitlines() == ["氏名,'=見出し", "'=cmd|' /C calc'!A0,-5"]


def test_xlsx_text_is_stored_as_text_never_as_a_formula() -> None:
    response = xlsx_response("x.xlsx", "一覧", ["氏名"], [[v] for v in NASTY] + [[42]])
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    cells = [row[0] for row in sheet.iter_rows(min_row=2)]
    assert [c.value for c in cells] == [*NASTY, 42]
    assert all(c.data_type == "s" for c in cells[:-1]) and cells[-1].data_type == "n"
    book = Workbook()
    assert book.active is not None
    book.active["A1"] = "=1+1"
    assert book.active["A1"].data_type == "f"  # what openpyxl does unless told
    assert text_cells_only(book).active["A1"].data_type == "s"  # type: ignore[index]


@pytest.mark.django_db
def test_the_case_list_export_keeps_a_formula_like_name_as_text(
    world: dict[str, Any], client_for: Any
) -> None:
    r = factories.journey(world)
    # ふりがな is folded for sorting before it is written: folding must not undo the protection.
    Person.objects.filter(pk=r["case"].person_id).update(name=NASTY[0], kana=NASTY[-1])
    response = client_for(world["users"]["coordinator"]).get("/cases/export.xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    cells = [c for row in sheet.iter_rows() for c in row]
    assert any(c.value == NASTY[0] for c in cells) and any(c.value == NASTY[-1] for c in cells)
    assert not [c.coordinate for c in cells if c.data_type == "f"]


def test_xlsx_dates_are_dates_in_wareki_and_nothing_is_an_empty_cell() -> None:
    response = xlsx_response(
        "x.xlsx",
        "一覧",
        ["受付日", "終結日", "氏名"],
        [[dt.date(2019, 5, 1), None, "=1"], [None, "", "髙橋"]],
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    day, nothing, name = sheet[2]
    assert day.is_date and day.value.date() == dt.date(2019, 5, 1)
    assert day.number_format == WAREKI_DATE_FORMAT
    assert nothing.value is None and nothing.data_type == "n"  # empty, so it sorts and filters as 空白
    assert name.value == "=1" and name.data_type == "s"
    assert sheet["B3"].value is None and sheet["B3"].data_type == "n"  # an empty text is no text either
    assert sheet.auto_filter.ref == "A1:C3" and sheet.freeze_panes == "A2"
    empty = load_workbook(io.BytesIO(xlsx_response("x.xlsx", "一覧", ["受付日", "氏名"], []).content)).active
    assert empty is not None and empty.auto_filter.ref == "A1:B1"


def test_column_widths_count_japanese_characters_twice() -> None:
    assert (
        display_width("令和8年11月21日") == 15
        and display_width("ﾀｶﾊｼ 1") == 6
        and display_width("状態 ※") == 7
    )
    long = "テスト市社会福祉協議会"
    sheet = load_workbook(
        io.BytesIO(xlsx_response("x.xlsx", "一覧", ["機関", "No"], [[long, 1]]).content)
    ).active
    assert sheet is not None
    assert sheet.column_dimensions["A"].width == len(long) * 2 + 2
    assert sheet.column_dimensions["B"].width == len("No") + 3  # the header and its filter button
    wide = xlsx_response("x.xlsx", "一覧", ["内容"], [["長" * 200]]).content
    sheet = load_workbook(io.BytesIO(wide)).active
    assert sheet is not None and sheet.column_dimensions["A"].width == 50
