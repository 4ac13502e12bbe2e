"""The results as an Excel workbook: 回答一覧 (one row per response) and 集計 (counts and percentages)."""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any
from urllib.parse import quote

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from kasane.lib.dates import localtime, wareki
from kasane.lib.exports import text_cells_only
from kasane.questionnaires import samples
from kasane.questionnaires.data import Loaded
from kasane.questionnaires.models import QuestionKind, Response

RAW = "回答一覧"
SUMMARY = "集計"
OVERVIEW = "概要"
KIND_LABELS = dict(QuestionKind.choices)


def workbook(loaded: Loaded) -> Workbook:
    book = Workbook()
    raw = book.active
    assert raw is not None
    raw.title = RAW
    _raw_sheet(raw, loaded)
    floor = samples.floor_for(loaded.questionnaire)
    _summary_sheet(book.create_sheet(SUMMARY), loaded, floor)
    _overview_sheet(book.create_sheet(OVERVIEW), loaded, floor)
    return text_cells_only(book)


def _overview_sheet(ws: Worksheet, loaded: Loaded, floor: int) -> None:
    """What the figures stand on: the questionnaire, its period, n and the small-sample warning."""
    questionnaire = loaded.questionnaire
    event = questionnaire.event
    rows: list[tuple[str, Any]] = [
        ("アンケート名", questionnaire.title),
        ("研修・会議", f"{event.title}（{wareki(event.starts_on)}）" if event else "—"),
        ("回答受付期間", questionnaire.period_label() or "指定なし"),
        ("回答者数（n）", loaded.respondents),
        ("警告する回答数の基準", f"{floor}件未満"),
        ("注意", samples.warning(loaded.respondents, floor) or "—"),
    ]
    for label, value in rows:
        ws.append([label, value])
        ws.cell(row=ws.max_row, column=1).font = Font(bold=True)
        ws.cell(row=ws.max_row, column=2).alignment = Alignment(wrap_text=True, vertical="top")
    ws.column_dimensions["A"].width = 22
    ws.column_dimensions["B"].width = 80


def xlsx_response(loaded: Loaded) -> HttpResponse:
    out = io.BytesIO()
    workbook(loaded).save(out)
    response = HttpResponse(
        out.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    filename = f"{loaded.questionnaire.title}_結果.xlsx"
    response["Content-Disposition"] = (
        f"attachment; filename=\"questionnaire.xlsx\"; filename*=UTF-8''{quote(filename)}"
    )
    return response


def _header(ws: Worksheet, header: Sequence[str]) -> None:
    ws.append(list(header))
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="F2F2F2")
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = "A2"


def _raw_sheet(ws: Worksheet, loaded: Loaded) -> None:
    questionnaire = loaded.questionnaire
    meta = {r.pk: r for r in Response.objects.filter(questionnaire=questionnaire).select_related("link")}
    header = ["回答No.", "回答日時"]
    if questionnaire.one_answer_per_link:
        header.append("個別リンクNo.")
    if not questionnaire.anonymous:
        header += ["氏名", "所属"]
    header += [f"問{q.number} {q.text}" for q in loaded.questions]
    _header(ws, header)
    for number, response in enumerate(loaded.responses, start=1):
        row_meta = meta[response.id]
        row: list[Any] = [number, localtime(row_meta.submitted_at).replace(tzinfo=None)]
        if questionnaire.one_answer_per_link:
            row.append(row_meta.link.number if row_meta.link else "")
        if not questionnaire.anonymous:
            row += [row_meta.respondent_name, row_meta.respondent_organisation]
        for question in loaded.questions:
            if question.kind == QuestionKind.TEXT:
                answer = response.texts.get(question.id)
                row.append(answer.text if answer else "")
            else:
                chosen = set(response.choices.get(question.id, ()))
                row.append("、".join(c.label for c in question.choices if c.id in chosen))
        ws.append(row)
        ws.cell(row=ws.max_row, column=2).number_format = "yyyy/mm/dd hh:mm"
    ws.column_dimensions["A"].width = 8
    ws.column_dimensions["B"].width = 18
    for i in range(3, len(header) + 1):
        ws.column_dimensions[get_column_letter(i)].width = 28


def _summary_sheet(ws: Worksheet, loaded: Loaded, floor: int) -> None:
    _header(
        ws, ["問", "設問", "設問の種類", "選択肢", "件数", "割合（%）", "回答者数（n）", "無回答", "注意"]
    )
    for result in loaded.summary:
        q = result.question
        # Free text is read, not counted into shares: no note.
        note = "" if q.kind == QuestionKind.TEXT else samples.question_note(result.answered, floor)
        kind = KIND_LABELS.get(q.kind, q.kind)
        if q.kind == QuestionKind.TEXT:
            ws.append(
                [
                    q.number,
                    q.text,
                    kind,
                    "（記述あり）",
                    result.answered,
                    None,
                    result.answered,
                    result.unanswered,
                    note,
                ]
            )
            continue
        for count in result.counts:
            ws.append([q.number, q.text, kind, count.label, count.count, float(count.percent), result.answered,
                       result.unanswered, note])  # fmt: skip
            ws.cell(row=ws.max_row, column=6).number_format = "0.0"
        if result.is_likert:
            ws.append([q.number, q.text, kind, result.positive_label, result.positive_count,
                       float(result.positive_share), result.answered, result.unanswered, note])  # fmt: skip
            ws.cell(row=ws.max_row, column=6).number_format = "0.0"
    for column, width in zip("ABCDEFGHI", (5, 48, 14, 24, 8, 10, 12, 8, 24), strict=True):
        ws.column_dimensions[column].width = width
