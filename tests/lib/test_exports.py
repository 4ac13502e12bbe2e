"""Spreadsheet exports never turn what someone typed into a formula (CSV/formula injection).

A person named ``=cmd|' /C calc'!A0`` or an anonymous answer ``=HYPERLINK(...)`` would otherwise run when staff
open the 支援ケース一覧 or a questionnaire's results in Excel."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.worksheet import _writer as openpyxl_writer
from openpyxl.worksheet._writer import create_temporary_file

from kasane.casework.models import Person
from kasane.lib import exports
from kasane.lib.exports import (
    WAREKI_DATE_FORMAT,
    WIDTH_SAMPLE,
    XLSX,
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
    body = csv_response("x.csv", ["氏名", "=見出し"], [[NASTY[0], -5]]).getvalue().decode("utf-8-sig")
    assert body.splitlines() == ["氏名,'=見出し", "'=cmd|' /C calc'!A0,-5"]


def test_xlsx_text_is_stored_as_text_never_as_a_formula() -> None:
    response = xlsx_response("x.xlsx", "一覧", ["氏名"], [[v] for v in NASTY] + [[42]])
    sheet = load_workbook(io.BytesIO(response.getvalue())).active
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
    sheet = load_workbook(io.BytesIO(response.getvalue())).active
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
    sheet = load_workbook(io.BytesIO(response.getvalue())).active
    assert sheet is not None
    day, nothing, name = sheet[2]
    assert day.is_date and day.value.date() == dt.date(2019, 5, 1)
    assert day.number_format == WAREKI_DATE_FORMAT
    assert nothing.value is None and nothing.data_type == "n"  # empty, so it sorts and filters as 空白
    assert name.value == "=1" and name.data_type == "s"
    assert sheet["B3"].value is None and sheet["B3"].data_type == "n"  # an empty text is no text either
    assert sheet.auto_filter.ref == "A1:C3" and sheet.freeze_panes == "A2"
    empty = load_workbook(
        io.BytesIO(xlsx_response("x.xlsx", "一覧", ["受付日", "氏名"], []).getvalue())
    ).active
    assert empty is not None and empty.auto_filter.ref == "A1:B1"


def test_column_widths_count_japanese_characters_twice() -> None:
    assert (
        display_width("令和8年11月21日") == 15
        and display_width("ﾀｶﾊｼ 1") == 6
        and display_width("状態 ※") == 7
    )
    long = "テスト市社会福祉協議会"
    sheet = load_workbook(
        io.BytesIO(xlsx_response("x.xlsx", "一覧", ["機関", "No"], [[long, 1]]).getvalue())
    ).active
    assert sheet is not None
    assert sheet.column_dimensions["A"].width == len(long) * 2 + 2
    assert sheet.column_dimensions["B"].width == len("No") + 3  # the header and its filter button
    wide = xlsx_response("x.xlsx", "一覧", ["内容"], [["長" * 200]]).getvalue()
    sheet = load_workbook(io.BytesIO(wide)).active
    assert sheet is not None and sheet.column_dimensions["A"].width == 50


def test_a_csv_is_streamed_as_its_rows_are_read() -> None:
    """The header leaves before any row is read; rows go out in chunks that each decode on their own."""
    read: list[int] = []

    def rows() -> Iterator[list[Any]]:
        for i in range(20_000):
            read.append(i)
            yield [i, f"髙橋 {i}", dt.date(2026, 4, 1), None, "=1+1"]

    response = csv_response("一覧.csv", ["番号", "氏名", "日付", "空", "式"], rows())
    assert response.streaming and not read
    chunks = iter(response.streaming_content)
    assert next(chunks).decode("utf-8") == "\ufeff番号,氏名,日付,空,式\r\n" and not read
    rest = [chunk.decode("utf-8") for chunk in chunks]
    assert len(rest) > 1 and len(read) == 20_000
    lines = "".join(rest).split("\r\n")
    assert lines[0] == "0,髙橋 0,2026-04-01,,'=1+1" and lines[-2].startswith("19999,") and lines[-1] == ""
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        "attachment; filename=\".csv\"; filename*=UTF-8''%E4%B8%80%E8%A6%A7.csv"
    )


def test_an_xlsx_is_sent_from_a_file_and_keeps_every_promise_past_the_first_rows() -> None:
    """Past the rows its widths are measured on, a row is written as the first ones: dates in 和暦, texts as
    texts; the header stays bold on grey and in view, and the filter spans every row."""
    count = WIDTH_SAMPLE + 500
    rows = ([i, dt.date(2026, 4, 1) + dt.timedelta(days=i % 30), f"=A{i}", "#N/A", ""] for i in range(count))
    response = xlsx_response("一覧.xlsx", "一覧", ["番号", "日付", "式", "誤り", "空"], rows)
    assert response.streaming and response["Content-Type"] == XLSX
    body = response.getvalue()
    assert int(response["Content-Length"]) == len(body)
    sheet = load_workbook(io.BytesIO(body)).active
    assert sheet is not None
    header = sheet[1]
    assert all(c.font.b and c.fill.fill_type == "solid" and c.fill.fgColor.rgb == "00F2F2F2" for c in header)
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == f"A1:E{count + 1}"
    assert sheet.max_row == count + 1
    last = sheet[count + 1]
    assert last[0].value == count - 1 and last[0].data_type == "n"
    assert last[1].is_date and last[1].number_format == WAREKI_DATE_FORMAT
    assert last[2].value == f"=A{count - 1}" and last[2].data_type == "s"
    assert last[3].value == "#N/A" and last[3].data_type == "s"  # a text, not Excel's error value
    assert last[4].value is None


def test_column_widths_are_measured_on_the_first_rows(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(exports, "WIDTH_SAMPLE", 2)
    body = xlsx_response(
        "x.xlsx", "一覧", ["機関"], [["市"], ["市役所"], ["テスト市社会福祉協議会"]]
    ).getvalue()
    sheet = load_workbook(io.BytesIO(body)).active
    assert sheet is not None
    assert sheet.column_dimensions["A"].width == len("市役所") * 2 + 2
    assert sheet["A4"].value == "テスト市社会福祉協議会"


def test_a_failed_xlsx_leaves_no_file_of_its_rows_behind(monkeypatch: pytest.MonkeyPatch) -> None:
    """openpyxl keeps a write-only sheet's rows in a file of its own until the workbook is saved."""
    made: list[str] = []

    def recorded(suffix: str = "") -> str:
        made.append(create_temporary_file(suffix))
        return made[-1]

    monkeypatch.setattr(openpyxl_writer, "create_temporary_file", recorded)

    def rows() -> Iterator[list[Any]]:
        yield from (["髙橋 一郎"] for _ in range(WIDTH_SAMPLE + 1))
        raise RuntimeError("the database went away")  # once rows are in the sheet's file

    with pytest.raises(RuntimeError):
        xlsx_response("x.xlsx", "一覧", ["氏名"], rows())
    assert made and not any(Path(path).exists() for path in made)
    assert not set(made) & set(openpyxl_writer.ALL_TEMP_FILES)
