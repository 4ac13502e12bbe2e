"""The 年度 page of the 成果指標 as an Excel workbook and an A4 PDF: the same rows (``programme.indicators``),
the same definitions and, in the PDF, the same trend charts as the page (``programme.charts``)."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from kasane.lib import pdf
from kasane.lib.dates import fiscal_year_label, wareki
from kasane.lib.exports import display_width, text_cells_only
from kasane.programme.charts import trend_drawing
from kasane.programme.indicators import Row
from kasane.programme.models import PlanPeriod

BOLD = Font(bold=True)
SHADE = PatternFill("solid", fgColor="F2F2F2")


def _nendo(year: int) -> str:
    return fiscal_year_label(year).split("（")[0]


def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _shown_value(row: Row) -> str:
    if row.shown.value is None:
        return "未計測"
    text = f"{row.shown.value.normalize():f}{row.indicator.unit}"
    return text + ("（年度途中）" if row.shown.partial else "")


def indicators_workbook(period: PlanPeriod, rows: list[Row], year: int, day: dt.date) -> bytes:
    """Sheet 「成果指標」: one row per indicator with every 年度 of the period so far, the path's value for the
    年度 shown and how it stands; sheet 「調査の値」: the survey figures with n and their 95% intervals."""
    workbook = Workbook()
    ws = workbook.active
    assert ws is not None
    ws.title = "成果指標"
    years = sorted({v.year for r in rows for v in r.values} | {year})
    ws.append([f"{period.municipality.name} {period.title} 成果指標（{_nendo(year)}）"])
    ws.append([f"作成日：{wareki(day)}。事業実績の指標は記録から数えた値、調査の指標は回答者の割合です。"])
    header = [
        "番号",
        "指標の名称",
        "データ元",
        "単位",
        "現状値",
        "現状値の年度",
        *[_nendo(y) for y in years],
        "目標値",
        "目標年度",
        f"計画上の目安（{_nendo(year)}）",
        "進み具合",
        "定義",
    ]
    ws.append(header)
    for cell in ws[3]:
        cell.font, cell.fill = BOLD, SHADE
    for row in rows:
        i = row.indicator
        by_year = {v.year: v.value for v in row.values}
        ws.append(
            [
                i.marker,
                i.name,
                i.get_source_display(),
                i.unit,
                _number(i.baseline) if i.baseline is not None else (i.baseline_note or "－"),
                _nendo(i.baseline_year),
                *[_number(by_year.get(y)) for y in years],
                _number(i.target),
                _nendo(i.target_year),
                _number(row.expected),
                row.status + ("（年度途中）" if row.shown.partial else ""),
                row.definition,
            ]
        )
    ws["A1"].font = Font(bold=True, size=13)
    _widths(ws, header)
    ws.freeze_panes = "C4"
    _survey_sheet(workbook, rows)
    out = io.BytesIO()
    text_cells_only(workbook).save(out)
    return out.getvalue()


def _survey_sheet(workbook: Workbook, rows: list[Row]) -> None:
    ws = workbook.create_sheet("調査の値")
    header = [
        "番号",
        "指標の名称",
        "年度",
        "割合（%）",
        "95%信頼区間 下限",
        "上限",
        "回答数（n）",
        "重み付け",
    ]
    ws.append(header)
    for cell in ws[1]:
        cell.font, cell.fill = BOLD, SHADE
    for row in rows:
        for v in row.values:
            if v.estimate is None:
                continue
            e = v.estimate
            ws.append(
                [
                    row.indicator.marker,
                    row.indicator.name,
                    _nendo(v.year),
                    float(e.percent),
                    float(e.low),
                    float(e.high),
                    e.n,
                    "あり" if e.weighted else "なし",
                ]
            )
    _widths(ws, header)


def _widths(ws, header: list[str]) -> None:  # type: ignore[no-untyped-def]
    for col, title in enumerate(header, start=1):
        longest = max(
            [display_width(str(title))]
            + [display_width(str(c.value)) for c in ws[get_column_letter(col)][2:] if c.value is not None]
        )
        ws.column_dimensions[get_column_letter(col)].width = min(60, longest + 2)
        for c in ws[get_column_letter(col)]:
            c.alignment = Alignment(wrap_text=True, vertical="top")


@pdf.document
def indicators_pdf(period: PlanPeriod, rows: list[Row], year: int, day: dt.date) -> bytes:
    """A4: the plan period, then each indicator with its figures, its definition and its trend chart."""
    heading = pdf.style("heading", 15, leading=20, textColor=pdf.PRIMARY)
    sub = pdf.style("sub", 9, leading=13, textColor=pdf.SUB)
    h2 = pdf.style("h2", 11.5, leading=16)
    body = pdf.style("body", 9, leading=13)
    story: list[Flowable] = [
        Paragraph(pdf.markup(f"成果指標 {_nendo(year)}"), heading),
        Paragraph(
            pdf.markup(
                f"{period.municipality.name}　{period.title}（計画期間 {_nendo(period.first_year)}〜"
                f"{_nendo(period.last_year)}・{period.get_status_display()}）"
            ),
            sub,
        ),
        Spacer(1, 4 * mm),
    ]
    for row in rows:
        i = row.indicator
        baseline = f"{i.baseline.normalize():f}{i.unit}" if i.baseline is not None else "－"
        if i.baseline_note:
            baseline += f"（{i.baseline_note}）"
        facts = [
            ["値", _shown_value(row) + (f"　{row.shown.estimate.label}" if row.shown.estimate else "")],
            ["進み具合", f"{row.status}（計画上の目安 {row.expected.normalize():f}{i.unit}）"],
            ["現状値", f"{baseline}・{_nendo(i.baseline_year)}"],
            [
                "目標値",
                f"{i.target.normalize():f}{i.unit}・{_nendo(i.target_year)}（{i.get_direction_display()}）",
            ],
            ["データ元", i.get_source_display()],
            ["定義", row.definition],
        ]
        table = Table(
            [[Paragraph(pdf.markup(a), body), Paragraph(pdf.markup(b), body)] for a, b in facts],
            colWidths=[22 * mm, 158 * mm],
        )
        table.setStyle(
            TableStyle(
                [
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("BACKGROUND", (0, 0), (0, -1), pdf.SHADE),
                    ("GRID", (0, 0), (-1, -1), 0.4, pdf.RULE),
                ]
            )
        )
        story.append(
            KeepTogether(
                [
                    Paragraph(pdf.markup(f"{i.marker} {i.name}"), h2),
                    Spacer(1, 1.5 * mm),
                    table,
                    Spacer(1, 2 * mm),
                    trend_drawing(row, width=180 * mm),
                    Spacer(1, 5 * mm),
                ]
            )
        )
    story.append(
        Paragraph(
            pdf.markup(
                "計画上の目安は、現状値から目標値までを年度ごとにまっすぐ進めた値です（現状値がない指標は0から）。"
                "年度途中の件数は、年度の経過分の目安と比べます。調査の指標は回答者の割合と95%信頼区間です。"
            ),
            sub,
        )
    )
    return pdf.build_a4(
        story,
        title=f"成果指標 {_nendo(year)}",
        footer_left=f"{period.municipality.name} 成果指標 {_nendo(year)}",
        made_on=day,
    )
