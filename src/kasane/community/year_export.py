"""年度の状況 as an Excel workbook: one sheet per table of the page, written the way ``lib.exports`` writes
one (bold header on grey, kept in view, an autofilter, dates as dates shown in 和暦, every text stored as text,
columns as wide as what they show)."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from kasane.community.models import AGE_BANDS, ATTENDEE_CATEGORIES, Audience, Generation
from kasane.community.queries import CATEGORY_LABELS, YearFigures
from kasane.lib.dates import fiscal_year_label
from kasane.lib.exports import FILTER_BUTTON, MAX_WIDTH, WAREKI_DATE_FORMAT, display_width, text_cells_only

Rows = list[Sequence[Any]]


def _sheet(ws: Worksheet, header: Sequence[str], rows: Rows) -> None:
    ws.append(list(header))
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="F2F2F2")
    widths = [display_width(str(h)) + FILTER_BUTTON for h in header]
    for r, row in enumerate(rows, start=2):
        values = [None if v == "" else v for v in row]
        ws.append(values)
        for i, value in enumerate(values):
            if value is None:
                continue
            if isinstance(value, dt.date):
                ws.cell(row=r, column=i + 1).number_format = WAREKI_DATE_FORMAT
                shown = 16
            else:
                shown = max(display_width(line) for line in str(value).split("\n"))
            widths[i] = min(MAX_WIDTH, max(widths[i], shown + 2))
    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.freeze_panes = "B2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(header))}{max(ws.max_row, 2)}"


def _share(part: int, whole: int) -> float | str:
    return round(100 * part / whole, 1) if whole else ""


def _areas(f: YearFigures) -> tuple[list[str], Rows]:
    header = [
        "圏域",
        "居場所の数",
        "うち多世代",
        "うち分野を越えて",
        *CATEGORY_LABELS.values(),
        "ない種類",
        "手薄",
    ]
    rows: Rows = [
        [a.name, a.places, a.multi_generation, a.cross_category, *a.category_cells, "、".join(a.missing),
         a.gap_text if a.gap else ""]
        for a in f.areas
    ]  # fmt: skip
    return header, rows


def _reach(f: YearFigures) -> tuple[list[str], Rows]:
    header = ["圏域", *(f"世代：{g}" for g in Generation.labels), *(f"対象：{a}" for a in Audience.labels)]
    return header, [[a.name, *a.generation_cells, *a.audience_cells] for a in f.areas]


def _months(f: YearFigures) -> tuple[list[str], Rows]:
    header = [
        "月",
        "開催回数",
        "参加者数（延べ）",
        *(label for _, label in AGE_BANDS),
        "多世代の回",
        "多世代の割合（%）",
    ]
    rows: Rows = [
        [
            f"{m.month.year}年{m.month.month}月",
            m.days,
            m.attendance,
            *m.bands,
            m.multi_days,
            _share(m.multi_days, m.days),
        ]
        for m in f.months
    ]
    rows.append(["年度計", f.days, f.attendance, *f.bands, f.multi_days, _share(f.multi_days, f.days)])
    return header, rows


def _attendance_by_area(f: YearFigures) -> tuple[list[str], Rows]:
    header = ["圏域", "開催回数", "参加者数（延べ）", *(label for _, label in ATTENDEE_CATEGORIES)]
    rows: Rows = [[a.name, a.days, a.attendance, *a.attendee_categories] for a in f.areas]
    rows.append(["合計", f.days, f.attendance, *f.attendee_categories])
    return header, rows


def _coordination(f: YearFigures) -> tuple[list[str], Rows]:
    table = f.coordination
    rows: Rows = [[label, *cells, total] for label, cells, total in table.rows]
    rows.append(["合計", *table.totals, table.total])
    return ["つないだもの", *table.outcomes, "合計"], rows


def _sessions(f: YearFigures) -> tuple[list[str], Rows]:
    header = [
        "開催日",
        "回",
        "テーマ",
        "参加団体（分野別）",
        "参加団体数",
        "参加者数",
        "成果",
        "アンケート回答数",
    ]
    rows: Rows = []
    for s in f.sessions:
        sectors = "、".join(f"{label} {n}団体（{people}人）" for label, n, people in s.sectors)
        results = "\n".join(f"{kind}：{text}" for kind, texts in s.results for text in texts)
        rows.append(
            [s.session.held_on, s.session.title, s.session.theme, sectors, s.organisations,
             s.session.participants if s.session.participants is not None else "", results,
             s.responses if s.responses is not None else ""]
        )  # fmt: skip
    return header, rows


SHEETS = (
    ("圏域別の居場所", _areas),
    ("世代・対象", _reach),
    ("月別の開催", _months),
    ("圏域別の参加", _attendance_by_area),
    ("コーディネート", _coordination),
    ("ハブラボ", _sessions),
)


def year_workbook(figures: YearFigures) -> bytes:
    """The 年度's tables, a sheet each; the 年度 is in the workbook's title and the file's name, so each sheet
    stays one table that sorts and filters."""
    book = Workbook()
    book.properties.title = f"地域づくり {fiscal_year_label(figures.year)}"
    first = book.active
    assert first is not None
    book.remove(first)
    for title, table in SHEETS:
        header, rows = table(figures)
        _sheet(book.create_sheet(title), header, rows)
    out = io.BytesIO()
    text_cells_only(book).save(out)
    return out.getvalue()
