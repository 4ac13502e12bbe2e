"""支援経過記録: a case's progress notes (or a 相談記録's 経過) as a ledger, oldest first, long notes cut to fit a page.

A case's ledger has the reference's columns (日付・時刻, 手段, 相手方, 場所, 段階, 内容, 今後の対応, 対応者) on A4
portrait: the narrow columns in a smaller type, so 内容 keeps the room a note needs.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from kasane.agencies.models import Agency
from kasane.casework.models import (
    Case,
    Consultation,
    ConsultationNote,
    Counterpart,
    ProgressNote,
    Stage,
    labels,
)
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
        _case_ledger([*earlier, *rows]),
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


def _ledger(rows: Sequence[ConsultationNote]) -> Flowable:
    """A 相談記録's 経過 as one table, long notes cut into rows that fit a page."""
    agencies = Agency.objects.in_bulk({n.agency_id for n in rows})
    lines: list[list[Value]] = []
    for n in rows:
        first, *rest = _chunks(n.text, _NOTE_CHARS_PER_LINE)
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


SMALL = pdf.style("sheet-small", 7.5, leading=10, rightIndent=5)

# What a line of each cut column holds, and a row must stay shorter than a page.
_NOTE_CHARS_PER_LINE = 28  # 内容 of a 相談記録's ledger
_CASE_TEXT_CHARS_PER_LINE = 16  # 内容 of a case's ledger
_CASE_ACTION_CHARS_PER_LINE = 8  # 今後の対応, in the small type
_NOTE_LINES_PER_ROW = 50
# A case's rows are cut shorter: eight columns make every line of a long note cost more of the page, and a
# shorter piece fills the page it starts on instead of leaving it empty.
_CASE_LINES_PER_ROW = 24
# The stage as the narrow column prints it, broken where a reader would break it.
_STAGE_PRINTED: dict[str, str] = {Stage.SUPPORT: "支援・\nモニタリング"}


def _case_ledger(rows: Sequence[Note]) -> Flowable:
    """A case's notes, the 相談経過 carried from the 相談記録 first (marked 【相談記録から】); a long 内容 or
    今後の対応 runs on in rows marked （続き）."""
    agencies = Agency.objects.in_bulk({n.agency_id for n in rows})
    lines: list[list[Value]] = []
    for n in rows:
        if isinstance(n, ConsultationNote):
            text, action, stage = f"【相談記録から】\n{n.text}", "", "ケース受付前"
            who, where, starts_at = "", "", None
        else:
            text, action = n.text, n.next_action
            stage = _STAGE_PRINTED.get(n.stage, n.get_stage_display())
            who, where, starts_at = _counterparts(n), _place(n), n.starts_at
        texts = _chunks(text, _CASE_TEXT_CHARS_PER_LINE, _CASE_LINES_PER_ROW)
        actions = _chunks(action, _CASE_ACTION_CHARS_PER_LINE, _CASE_LINES_PER_ROW)
        when = _date_lines(n.on)
        if starts_at is not None:
            when += f"\n{starts_at:%H:%M}〜"
        if n.minutes:
            when += f"\n（{n.minutes}分）"
        lines.append(
            [
                _p(when, SMALL),
                _p(n.get_kind_display(), SMALL),
                _p(who, SMALL),
                _p(where, SMALL),
                _p(stage, SMALL),
                texts[0],
                _p(actions[0], SMALL),
                _p(f"{agencies[n.agency_id].name}\n{n.author_name}", SMALL),
            ]
        )
        for i in range(1, max(len(texts), len(actions))):
            more_text = texts[i] if i < len(texts) else ""
            more_action = _p(actions[i], SMALL) if i < len(actions) else ""
            lines.append([_p("（続き）", NOTE), "", "", "", "", more_text, more_action, ""])
    return _list(
        ["日付・時刻", "手段", "相手方", "場所", "段階", "内容", "今後の対応", "対応者"],
        lines,
        [18 * mm, 11 * mm, 18 * mm, 16 * mm, 20 * mm, 52 * mm, 27 * mm, 18 * mm],
        "支援経過の記録はありません",
    )


def _counterparts(n: ProgressNote) -> str:
    chosen = "・".join(labels(Counterpart, n.counterparts))
    return "\n".join(part for part in (chosen, n.counterpart_name and f"（{n.counterpart_name}）") if part)


def _place(n: ProgressNote) -> str:
    return "\n".join(part for part in (n.get_place_display(), n.place_note and f"（{n.place_note}）") if part)


def _chunks(text: str, chars_per_line: int, lines_per_row: int = _NOTE_LINES_PER_ROW) -> list[str]:
    """A note cut at line ends into pieces that each fit on a page.

    A table row cannot be taller than the page, and letting every row break at the page end would tear
    short notes in two; so only long notes become several rows.
    """
    longest = lines_per_row * chars_per_line
    pieces: list[str] = []
    current: list[str] = []
    used = 0
    for line in text.splitlines() or [""]:
        for part in [line[i : i + longest] for i in range(0, len(line), longest)] or [""]:
            height = max(1, -(-len(part) // chars_per_line))
            if current and used + height > lines_per_row:
                pieces.append("\n".join(current))
                current, used = [], 0
            current.append(part)
            used += height
    pieces.append("\n".join(current))
    return pieces
