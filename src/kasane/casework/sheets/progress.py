"""支援経過記録: a case's progress notes (or a 相談記録's 経過) as a ledger, oldest first, long notes cut to fit a page."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from kasane.agencies.models import Agency
from kasane.casework.models import Case, Consultation, ConsultationNote, ProgressNote
from kasane.casework.sheets.layout import (
    NOTE,
    Value,
    _build,
    _case_fields,
    _date_lines,
    _fields,
    _header,
    _list,
    _p,
    _person_name,
)
from kasane.lib import pdf
from kasane.lib.dates import localtime, wareki
from kasane.lib.dates import today as today_in_tokyo

Note = ProgressNote | ConsultationNote


@pdf.document
def progress_sheet(
    case: Case,
    notes: Iterable[ProgressNote],
    *,
    carried: Iterable[ConsultationNote] = (),
    today: dt.date | None = None,
) -> bytes:
    """The notes given (a queryset or a list), oldest first; notes of another case are refused. ``carried``:
    the 経過 of the 相談記録 the case opened from, printed first as the history before the case."""
    case = Case.objects.select_related(
        "municipality", "owner_agency", "person", "household", "lead_user"
    ).get(pk=case.pk)
    rows = sorted(notes, key=lambda n: (n.on, n.pk))
    if any(n.case_id != case.pk for n in rows):
        raise ValueError("別のケースの支援経過記録が含まれています")
    earlier = sorted(carried, key=lambda n: (n.on, n.pk))
    if any(n.consultation_id != case.consultation_id for n in earlier):
        raise ValueError("このケースの元の相談記録ではない相談経過が含まれています")
    title = "支援経過記録"
    made_on = today or today_in_tokyo()
    ref = f"ケース番号 {case.number}"
    story: list[Flowable] = [
        *_header(title, case.municipality.name, made_on, ref),
        _case_fields(case, [("記録の期間", _period([*earlier, *rows]))]),
        Spacer(1, 3.5 * mm),
        _ledger([*earlier, *rows], carried=bool(earlier)),
    ]
    # Continuation pages carry no header, so the footer names the person as well.
    footer_ref = f"{ref}　{case.person.name}"
    return _build(story, title=title, municipality=case.municipality.name, ref=footer_ref, made_on=made_on)


@pdf.document
def consultation_progress_sheet(
    consultation: Consultation, notes: Iterable[ConsultationNote], *, today: dt.date | None = None
) -> bytes:
    """支援経過記録 of a 相談記録: its 経過, oldest first, under the consultation's own fields."""
    c = Consultation.objects.select_related("municipality", "owner_agency", "person").get(pk=consultation.pk)
    rows = sorted(notes, key=lambda n: (n.on, n.pk))
    if any(n.consultation_id != c.pk for n in rows):
        raise ValueError("別の相談記録の相談経過が含まれています")
    title = "支援経過記録"
    made_on = today or today_in_tokyo()
    ref = f"受付番号 {c.number}"
    state = f"{wareki(c.closed_on)} 終了（{c.get_close_reason_display()}）" if c.closed_on else "継続中"
    story: list[Flowable] = [
        *_header(title, c.municipality.name, made_on, ref),
        _fields(
            [
                [("受付番号", c.number), ("受付日", wareki(localtime(c.received_at).date()))],
                [("本人氏名", _person_name(c.person)), ("受け付けた機関", c.owner_agency.name)],
                [("主訴", c.complaint)],
                [("対応", c.get_response_display()), ("状態", state)],
                [("記録の期間", _period(rows))],
            ]
        ),
        Spacer(1, 3.5 * mm),
        _ledger(rows),
    ]
    footer_ref = f"{ref}　{c.person.name}"
    return _build(story, title=title, municipality=c.municipality.name, ref=footer_ref, made_on=made_on)


def _period(rows: Sequence[Note]) -> str:
    return f"{wareki(rows[0].on)}〜{wareki(rows[-1].on)}（{len(rows)}件）" if rows else "記録なし"


def _ledger(rows: Sequence[Note], *, carried: bool = False) -> Flowable:
    """The notes as one table, long notes cut into rows that fit a page; with ``carried``, the 相談経過
    before the case are marked 【相談記録から】."""
    agencies = Agency.objects.in_bulk({n.agency_id for n in rows})
    lines: list[list[Value]] = []
    for n in rows:
        text = n.text
        if carried and isinstance(n, ConsultationNote):
            text = f"【相談記録から】{text}"
        first, *rest = _chunks(text)
        lines.append(
            [
                _date_lines(n.on),
                n.get_kind_display(),
                f"{agencies[n.agency_id].name}\n{n.author_name}",
                f"{n.minutes}分" if n.minutes else "",
                first,
            ]
        )
        lines.extend([_p("（続き）", NOTE), "", "", "", chunk] for chunk in rest)
    return _list(
        ["日付", "種別", "機関・記録者", "所要時間", "内容"],
        lines,
        [21 * mm, 12 * mm, 42 * mm, 14 * mm, 91 * mm],
        "支援経過の記録はありません",
    )


# A progress note's text column holds about 28 characters a line, and a row must stay shorter than a page.
_NOTE_CHARS_PER_LINE = 28
_NOTE_LINES_PER_ROW = 50


def _chunks(text: str) -> list[str]:
    """A note cut at line ends into pieces that each fit on a page.

    A table row cannot be taller than the page, and letting every row break at the page end would tear
    short notes in two; so only long notes become several rows.
    """
    longest = _NOTE_LINES_PER_ROW * _NOTE_CHARS_PER_LINE
    pieces: list[str] = []
    current: list[str] = []
    used = 0
    for line in text.splitlines() or [""]:
        for part in [line[i : i + longest] for i in range(0, len(line), longest)] or [""]:
            height = max(1, -(-len(part) // _NOTE_CHARS_PER_LINE))
            if current and used + height > _NOTE_LINES_PER_ROW:
                pieces.append("\n".join(current))
                current, used = [], 0
            current.append(part)
            used += height
    pieces.append("\n".join(current))
    return pieces
