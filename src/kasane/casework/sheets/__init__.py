"""帳票 of the case journey as A4 PDFs: 相談受付・申込票, アセスメントシート, プラン兼事業等利用申込書, 評価シート and
支援経過記録, laid out as boxed forms with shaded label cells, filled from the records.

Every sheet reloads its record with the related rows it prints, so the number of queries stays the same
however many roles, members or notes there are. Who may print a sheet is checked by the caller.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TypeAlias
from xml.sax.saxutils import escape

from django.db.models import Prefetch
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from kasane.agencies.models import Agency
from kasane.casework.models import (
    NATIONALLY_REPORTED,
    Assessment,
    AssessmentMember,
    Case,
    Channel,
    ConsentVariant,
    Consultation,
    DecisionKind,
    Evaluation,
    GoalResult,
    Household,
    Outcome,
    Person,
    Plan,
    PlanKind,
    PlanRole,
    ProgressNote,
    Relationship,
    Response,
    Sex,
    Situation,
    Topic,
    Urgency,
)
from kasane.lib import pdf
from kasane.lib.dates import localtime, wareki
from kasane.lib.dates import today as today_in_tokyo

WIDTH = 180 * mm  # A4 less the 15 mm margins of pdf.build_a4
LABEL_WIDTH = 27 * mm
LINE = colors.HexColor("#333333")
CAUTION_RED = colors.HexColor("#B00020")
WEEKDAYS = "月火水木金土日"
PRIVATE = "取扱注意（個人情報）"

TITLE = pdf.style("sheet-title", 16, leading=22, alignment=TA_CENTER)
SUBTITLE = pdf.style("sheet-subtitle", 8.5, alignment=TA_CENTER, textColor=pdf.SUB)
META = pdf.style("sheet-meta", 8.5, leading=12, alignment=TA_RIGHT)
CAUTION = pdf.style("sheet-caution", 9, leading=12, alignment=TA_CENTER, textColor=CAUTION_RED)
HEADING = pdf.style("sheet-heading", 10.5, leading=14)
LABEL = pdf.style("sheet-label", 8.3, leading=11)
# reportlab lets a character that may not start a line (ー 。 ）) hang past the right edge; the right
# indent keeps it inside the cell's rule.
VALUE = pdf.style("sheet-value", 9, leading=13, rightIndent=7)
CELL = pdf.style("sheet-cell", 8.3, leading=11.5, rightIndent=6.5)
CENTER = pdf.style("sheet-center", 9, leading=12, alignment=TA_CENTER)
NAME = pdf.style("sheet-name", 12.5, leading=16)
NOTE = pdf.style("sheet-note", 7.8, leading=11, textColor=pdf.SUB, rightIndent=6)

Value: TypeAlias = "str | Flowable"
Pair: TypeAlias = tuple[str, Value]


@dataclass(frozen=True)
class Label:
    """A label cell: printed in the shaded column, as on the paper forms."""

    text: str


# Building blocks shared by the sheets.


def _p(text: str | None, st: object = VALUE) -> Paragraph:
    return Paragraph(escape(text or "").replace("\n", "<br/>"), st)


def _reported(field: str, label: str) -> str:
    """Items the nation counts carry ※, explained by the footnote."""
    return f"※{label}" if field in NATIONALLY_REPORTED else label


def _checks(choices: Iterable[tuple[str, str]], chosen: Iterable[str]) -> str:
    picked = set(chosen)
    return "　".join(f"{'■' if value in picked else '□'}{label}" for value, label in choices)


def _date_lines(day: dt.date | None) -> str:
    """令和8年 / 7月3日 on two lines, for narrow date columns."""
    return wareki(day).replace("年", "年\n", 1)


def _person_name(person: Person) -> str:
    return f"{person.name}（{person.kana}）" if person.kana else person.name


def _user_name(user: object) -> str:
    return str(user) if user is not None else ""


def _grid(
    rows: Sequence[Sequence[Value | Label]],
    widths: Sequence[float],
    *,
    spans: Sequence[tuple[tuple[int, int], tuple[int, int]]] = (),
    min_heights: dict[int, float] | None = None,
    header: bool = False,
) -> Table:
    """A ruled table: Label cells shaded, strings wrapped as paragraphs, tall rows aligned to the top."""
    commands: list[tuple[object, ...]] = [
        ("GRID", (0, 0), (-1, -1), 0.5, LINE),
        ("BOX", (0, 0), (-1, -1), 1.0, LINE),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]
    tall = min_heights or {}
    if header:  # lists read top-down like a ledger
        commands.append(("VALIGN", (0, 1), (-1, -1), "TOP"))
    for r in tall:
        commands.append(("VALIGN", (0, r), (-1, r), "TOP"))
    data: list[list[Flowable | str]] = []
    for r, row in enumerate(rows):
        cells: list[Flowable | str] = []
        for c, cell in enumerate(row):
            if isinstance(cell, Label):
                cells.append(_p(cell.text, LABEL))
                commands.append(("BACKGROUND", (c, r), (c, r), pdf.SHADE))
                commands.append(("VALIGN", (c, r), (c, r), "MIDDLE"))
            elif isinstance(cell, str):
                cells.append(_p(cell, CELL if header else VALUE) if cell else "")
            else:
                cells.append(cell)
        data.append(cells)
    commands.extend(("SPAN", start, end) for start, end in spans)
    table = Table(
        data,
        colWidths=list(widths),
        repeatRows=1 if header else 0,
        minRowHeights=[tall.get(r, 0) for r in range(len(data))] if tall else None,
        hAlign="LEFT",
    )
    table.setStyle(TableStyle(commands))
    return table


def _fields(rows: Sequence[Sequence[Pair]], *, min_heights: dict[int, float] | None = None) -> Table:
    """Label/value pairs, two to a row; a row with one pair runs across the full width."""
    value_width = (WIDTH - 2 * LABEL_WIDTH) / 2
    data: list[list[Value | Label]] = []
    spans = []
    for r, pairs in enumerate(rows):
        if len(pairs) == 1:
            label, value = pairs[0]
            data.append([Label(label), value, "", ""])
            spans.append(((1, r), (3, r)))
        else:
            (label1, value1), (label2, value2) = pairs
            data.append([Label(label1), value1, Label(label2), value2])
    return _grid(
        data, [LABEL_WIDTH, value_width, LABEL_WIDTH, value_width], spans=spans, min_heights=min_heights
    )


def _list(
    headers: Sequence[str], rows: Sequence[Sequence[Value]], widths: Sequence[float], empty: str
) -> Table:
    """A list with a shaded heading row that repeats on every page."""
    data: list[Sequence[Value | Label]] = [[Label(h) for h in headers]]
    spans = []
    if rows:
        data.extend([_p(v, CELL) if isinstance(v, str) else v for v in row] for row in rows)
    else:
        data.append([_p(empty, NOTE), *[""] * (len(headers) - 1)])
        spans.append(((0, 1), (-1, 1)))
    return _grid(data, widths, spans=spans, header=True)


def _section(title: str, *body: Flowable, keep: bool = False) -> list[Flowable]:
    """A headed block. Long blocks may run onto the next page, but never leave their heading behind."""
    heading = Table([[_p(title, HEADING)]], colWidths=[WIDTH], hAlign="LEFT")
    heading.setStyle(
        TableStyle(
            [
                ("LINEBEFORE", (0, 0), (0, 0), 3, LINE),
                ("LEFTPADDING", (0, 0), (-1, -1), 5),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
            ]
        )
    )
    block = [Spacer(1, 3 * mm), heading, Spacer(1, 1.5 * mm), *body]
    return [KeepTogether(block)] if keep else [CondPageBreak(40 * mm), *block]


def _boxed(*paragraphs: Flowable) -> Table:
    box = Table([[list(paragraphs)]], colWidths=[WIDTH], hAlign="LEFT")
    box.setStyle(
        TableStyle(
            [
                ("BOX", (0, 0), (-1, -1), 1.0, LINE),
                ("BACKGROUND", (0, 0), (-1, -1), pdf.SHADE),
                ("LEFTPADDING", (0, 0), (-1, -1), 6),
                ("RIGHTPADDING", (0, 0), (-1, -1), 6),
                ("TOPPADDING", (0, 0), (-1, -1), 4),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
            ]
        )
    )
    return box


def _header(title: str, municipality: str, made_on: dt.date, ref: str) -> list[Flowable]:
    caution = Table([[_p(PRIVATE, CAUTION)]], colWidths=[42 * mm])
    caution.setStyle(TableStyle([("BOX", (0, 0), (-1, -1), 1.0, CAUTION_RED)]))
    meta = _p(f"{municipality}\n{ref}　作成日：{wareki(made_on)}", META)
    top = Table([[caution, meta]], colWidths=[WIDTH / 2, WIDTH / 2])
    top.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return [
        top,
        Spacer(1, 2 * mm),
        _p(title, TITLE),
        _p("重層的支援体制整備事業", SUBTITLE),
        Spacer(1, 1 * mm),
    ]


def _build(story: list[Flowable], *, title: str, municipality: str, ref: str, made_on: dt.date) -> bytes:
    return pdf.build_a4(
        story,
        title=title,
        footer_left=f"{municipality}　{title}　{ref}",
        footer_note=f"{PRIVATE}　目的外の利用・複写・持ち出しはしないでください",
        made_on=made_on,
    )


def _identity(person: Person, household: Household, *, on: dt.date) -> Table:
    """本人欄: entered once on the person record, the same on every sheet."""
    born = ""
    if person.birth_date is not None:
        born = f"{wareki(person.birth_date)}生（{person.age(on)}歳）"
    return _fields(
        [
            [("ふりがな", person.kana), ("性別", person.get_sex_display())],
            [("氏名", _p(person.name, NAME)), ("生年月日", born)],
            [("住所", person.address or household.address), ("電話", person.phone)],
        ]
    )


# Where the sex tells more than the form's choice, the sheet says it as staff would write it (母, not 父母).
_RELATION_BY_SEX: dict[tuple[str, str], str] = {
    (Relationship.PARENT, Sex.MALE): "父",
    (Relationship.PARENT, Sex.FEMALE): "母",
    (Relationship.GRANDPARENT, Sex.MALE): "祖父",
    (Relationship.GRANDPARENT, Sex.FEMALE): "祖母",
    (Relationship.SPOUSE, Sex.MALE): "夫",
    (Relationship.SPOUSE, Sex.FEMALE): "妻",
}


def _relation(person: Person) -> str:
    return _RELATION_BY_SEX.get((person.relationship, person.sex), person.get_relationship_display())


def _living(person: Person) -> str:
    if not person.lives_apart:
        return "同居"
    return f"別居（{person.apart_note}）" if person.apart_note else "別居"


def _case_fields(case: Case, *more: Sequence[Pair], person: bool = True) -> Table:
    """ケース欄; sheets that print the full 本人欄 leave the name out here."""
    first: list[Sequence[Pair]] = [[("ケース番号", f"#{case.pk}"), ("ケースの概要", case.title)]]
    if person:
        first.append([("本人氏名", _person_name(case.person)), ("受付日", wareki(case.opened_on))])
    return _fields(
        [
            *first,
            [("多機関協働事業者", case.owner_agency.name), ("主担当者", _user_name(case.lead_user))],
            *more,
        ]
    )


def _signature(rows: Sequence[Pair] = ()) -> Table:
    return _fields(
        [*([pair] for pair in rows), [("本人署名", ""), ("代筆者\n（本人との関係）", "")]],
        min_heights={len(rows): 13 * mm},
    )


_CASE_RELATED = (
    "case__municipality",
    "case__owner_agency",
    "case__person",
    "case__household",
    "case__lead_user",
)


# 相談受付・申込票


def consultation_sheet(consultation: Consultation, *, today: dt.date | None = None) -> bytes:
    c = (
        Consultation.objects.select_related(
            "municipality", "owner_agency", "person", "household", "consent__owner_agency"
        )
        .prefetch_related("consent__shared_agencies")
        .get(pk=consultation.pk)
    )
    with_consent = c.consent_variant == ConsentVariant.WITH
    title = "相談受付・申込票（同意あり）" if with_consent else "相談受付票（同意なし）"
    made_on = today or today_in_tokyo()
    received = localtime(c.received_at)
    ref = f"受付番号 #{c.pk}"
    visitor = c.get_visitor_display() + (f"（{c.visitor_name}）" if c.visitor_name else "")
    story: list[Flowable] = [
        *_header(title, c.municipality.name, made_on, ref),
        _fields(
            [
                [
                    (
                        _reported("received_at", "受付日時"),
                        f"{wareki(received)}（{WEEKDAYS[received.weekday()]}）{received:%H:%M}",
                    ),
                    ("受付機関・受付者", f"{c.owner_agency.name}\n{c.recorded_by_name}"),
                ],
                [(_reported("channel", "相談経路"), _checks(Channel.choices, [c.channel]))],
                [
                    ("相談者", visitor),
                    ("続柄・連絡先", "　".join(filter(None, [c.visitor_relation, c.visitor_contact]))),
                ],
            ]
        ),
        *_section("本人", _identity(c.person, c.household, on=received.date())),
        *_section(
            _reported("topics", "相談内容") + "（該当するものに○、最も困っていることに◎）",
            _topic_grid(c),
            Spacer(1, 1.5 * mm),
            _fields(
                [
                    [(_reported("situations", "世帯の状況"), _checks(Situation.choices, c.situations))],
                    [("主訴", c.complaint)],
                    [("本人の希望", c.wishes)],
                    [(_reported("response", "対応"), _checks(Response.choices, [c.response]))],
                    [("対応の内容", c.response_note)],
                ],
                # Without the consent block the page has room to write more by hand.
                min_heights={1: 16 * mm, 2: 11 * mm}
                if with_consent
                else {1: 34 * mm, 2: 22 * mm, 4: 16 * mm},
            ),
        ),
        *(_consent_block(c) if with_consent else _no_consent_block(c)),
        Spacer(1, 2 * mm),
        _p("※は国への報告対象項目", NOTE),
    ]
    return _build(story, title=title, municipality=c.municipality.name, ref=ref, made_on=made_on)


def _topic_grid(c: Consultation) -> Table:
    """Every topic of the form, marked ○ when chosen and ◎ for the most pressing."""
    chosen = set(c.topics)
    per_row = 4
    cells: list[Value] = []
    for topic in Topic:
        mark = "◎" if topic.value == c.main_topic else "○" if topic.value in chosen else ""
        label = topic.label
        if topic == Topic.OTHER and c.topic_other:
            label = f"{label}（{c.topic_other}）"
        cells += [_p(mark, CENTER), _p(label, CELL)]
    rows = [cells[i : i + 2 * per_row] for i in range(0, len(cells), 2 * per_row)]
    mark_width = 8 * mm
    label_width = WIDTH / per_row - mark_width
    table = _grid(rows, [mark_width, label_width] * per_row)
    table.setStyle(TableStyle([("BOX", (2 * i, 0), (2 * i, -1), 0.5, LINE) for i in range(per_row)]))
    return table


def _consent_block(c: Consultation) -> list[Flowable]:
    consent = c.consent
    if consent is None:  # printed before the consent is recorded: filled in by hand
        scope = "□多機関協働の利用申込み\n□重層的支援会議での検討\n□情報共有（共有する機関：　　　　　　　　　　）"
        rows: list[Sequence[Pair]] = [
            [("同意の内容", scope)],
            [("共有の目的", "")],
            [("同意日", "令和　　年　　月　　日"), ("同意の方法", _checks([("", "書面"), ("", "口頭")], []))],
        ]
    else:
        rows = [
            [("同意の内容", "\n".join(f"■{label}" for label in consent.scope_labels()))],
            [("共有の目的", consent.purpose)],
            [("同意日", wareki(consent.obtained_on)), ("同意の方法", consent.get_method_display())],
            [("同意を得た機関", consent.owner_agency.name), ("同意を得た職員", consent.obtained_by_name)],
        ]
        if consent.withdrawn_on is not None:
            rows.append([("撤回", f"{wareki(consent.withdrawn_on)}撤回　{consent.withdrawal_note}")])
    statement = (
        f"{c.municipality.name}長　様\n"
        "私は、重層的支援体制整備事業による支援を申し込みます。"
        "あわせて、支援に必要な範囲で、下記のとおり私に関する情報を関係機関が共有することに同意します。"
        "この同意は、いつでも撤回できます。"
    )
    return _section(
        "利用申込み・同意",
        _boxed(_p(statement)),
        Spacer(1, 1.5 * mm),
        _fields(rows),
        _signature(),
        keep=True,
    )


def _no_consent_block(c: Consultation) -> list[Flowable]:
    return _section(
        "本人の同意",
        _boxed(
            _p("■本人の同意は得ていません。"),
            _p(
                f"この票に記載した情報は受付機関（{c.owner_agency.name}）内でのみ保管し、"
                "本人の同意なく他の機関へ提供しません。ただし、支援会議（社会福祉法第106条の6）など"
                "法令に基づく場合を除きます。",
                CELL,
            ),
        ),
        keep=True,
    )


# インテーク・アセスメントシート


def assessment_sheet(assessment: Assessment, *, today: dt.date | None = None) -> bytes:
    a = (
        Assessment.objects.select_related(*_CASE_RELATED)
        .prefetch_related(
            Prefetch("members", queryset=AssessmentMember.objects.select_related("person")),
            "case__household__members",
        )
        .get(pk=assessment.pk)
    )
    case = a.case
    title = "インテーク・アセスメントシート"
    made_on = today or today_in_tokyo()
    ref = f"ケース番号 #{case.pk}"
    household = [
        [
            _p(f"{m.name}\n{m.kana}", CELL),
            _relation(m),
            m.get_sex_display(),
            f"{m.age(a.assessed_on)}歳" if m.birth_date else "",
            _living(m),
        ]
        for m in case.household.members.all()
    ]
    members = [
        [_p(f"{m.person.name}\n（{_relation(m.person)}）", CELL), m.situation, m.issues]
        for m in a.members.all()
    ]
    story: list[Flowable] = [
        *_header(title, case.municipality.name, made_on, ref),
        _case_fields(
            case,
            [("アセスメント日", wareki(a.assessed_on)), ("版・記入者", f"第{a.version}版　{a.author_name}")],
            person=False,
        ),
        *_section("本人", _identity(case.person, case.household, on=a.assessed_on)),
        *_section(
            "世帯構成",
            _list(
                ["氏名・ふりがな", "続柄", "性別", "年齢", "同居／別居"],
                household,
                [52 * mm, 24 * mm, 16 * mm, 18 * mm, 70 * mm],
                "世帯員の登録がありません",
            ),
            _p("続柄は主たる相談者から見た関係", NOTE),
        ),
        *_section(
            "世帯員ごとの状況・課題",
            _list(["氏名（続柄）", "状況", "課題"], members, [34 * mm, 73 * mm, 73 * mm], "記入がありません"),
        ),
        *_section(
            "世帯全体の見立て",
            _fields(
                [
                    [("世帯の状況", a.household_situation)],
                    [("世帯全体の課題", a.household_issues)],
                    [("強み・活用できる資源", a.strengths)],
                    [("本人の言葉・希望", a.person_words)],
                    [("緊急度", _checks(Urgency.choices, [a.urgency]))],
                    [("リスク", a.risks)],
                ],
                min_heights={0: 13 * mm, 1: 12 * mm, 2: 10 * mm, 3: 10 * mm, 5: 10 * mm},
            ),
        ),
    ]
    return _build(story, title=title, municipality=case.municipality.name, ref=ref, made_on=made_on)


# プラン兼事業等利用申込書


def plan_sheet(plan: Plan, *, today: dt.date | None = None) -> bytes:
    p = (
        Plan.objects.select_related(*_CASE_RELATED, "previous")
        .prefetch_related(Prefetch("roles", queryset=PlanRole.objects.select_related("agency")), "decisions")
        .get(pk=plan.pk)
    )
    case = p.case
    title = "プラン兼事業等利用申込書"
    made_on = today or today_in_tokyo()
    ref = f"ケース番号 #{case.pk}"
    created = localtime(p.created_at).date()
    version = f"第{p.version}版" + (f"（前版：第{p.previous.version}版）" if p.previous else "")
    roles = [
        [r.agency.name, r.who, r.actions, r.frequency, _date_lines(r.until) + ("まで" if r.until else "")]
        for r in p.roles.all()
    ]
    decisions = [
        [
            _date_lines(d.decided_on),
            d.meeting_name,
            d.get_kind_display(),
            d.get_outcome_display(),
            d.notes,
        ]
        for d in sorted(p.decisions.all(), key=lambda d: (d.decided_on, d.pk))
    ]
    agreed = f"■同意する（{wareki(p.person_agreed_on)}）" if p.person_agreed else "□同意する"
    story: list[Flowable] = [
        *_header(title, case.municipality.name, made_on, ref),
        _case_fields(
            case,
            [("プランの種類", _checks(PlanKind.choices, [p.kind]))],
            [
                ("版・状態", f"{version}　{p.get_status_display()}"),
                ("作成日・作成者", f"{wareki(created)}　{p.author_name}"),
            ],
            person=False,
        ),
        *_section("本人", _identity(case.person, case.household, on=created)),
        *_section(
            "支援の目標（本人の言葉で）",
            _fields(
                [[("長期目標", p.long_term_goal)], [("短期目標", p.short_term_goals)]],
                min_heights={0: 10 * mm, 1: 14 * mm},
            ),
        ),
        *_section(
            "役割分担",
            _list(
                ["機関", "担当者", "役割・支援内容", "頻度", "期間"],
                roles,
                [38 * mm, 24 * mm, 72 * mm, 22 * mm, 24 * mm],
                "役割分担が未記入です",
            ),
            Spacer(1, 1.5 * mm),
            _fields([[("次回見直し日", wareki(p.next_review_on))]]),
        ),
        *_section(
            "重層的支援会議での協議",
            _list(
                ["会議日", "会議名", "議題", "結果", "協議内容・理由"],
                decisions,
                [22 * mm, 34 * mm, 26 * mm, 22 * mm, 76 * mm],
                "まだ重層的支援会議に諮っていません",
            ),
        ),
        *_section(
            "申込み・同意",
            _boxed(
                _p(
                    f"{case.municipality.name}長　様\n"
                    "私は、このプランの内容について説明を受け、内容に同意します。"
                    "あわせて、プランに記載された事業等の利用を申し込みます。"
                )
            ),
            Spacer(1, 1.5 * mm),
            _signature([("本人の同意", agreed), ("本人の意見", p.person_comment)]),
            keep=True,
        ),
    ]
    return _build(story, title=title, municipality=case.municipality.name, ref=ref, made_on=made_on)


# 評価シート


def evaluation_sheet(evaluation: Evaluation, *, today: dt.date | None = None) -> bytes:
    e = Evaluation.objects.select_related(*_CASE_RELATED).get(pk=evaluation.pk)
    case = e.case
    plan = case.plans.order_by("-created_at", "-pk").first()
    closure = case.decisions.filter(kind=DecisionKind.CLOSURE).order_by("-decided_on", "-pk").first()
    title = "評価シート"
    made_on = today or today_in_tokyo()
    ref = f"ケース番号 #{case.pk}"
    period = f"{wareki(case.opened_on)}〜{wareki(case.closed_on)}"
    if plan is None:
        goals = _fields([[("プラン", "プランはありません")]])
    else:
        goals = _fields(
            [
                [("プラン", f"{plan}（{plan.get_status_display()}）")],
                [("長期目標", plan.long_term_goal)],
                [("短期目標", plan.short_term_goals)],
            ]
        )
    if closure is None:
        meeting = _boxed(_p("終結時の評価はまだ重層的支援会議に諮っていません。", CELL))
    else:
        meeting = _fields(
            [
                [("会議日", wareki(closure.decided_on)), ("会議名", closure.meeting_name)],
                [
                    (
                        "結果",
                        _checks(
                            [(o.value, o.label) for o in (Outcome.CLOSE, Outcome.CONTINUE)], [closure.outcome]
                        ),
                    )
                ],
                [("協議内容・理由", closure.notes)],
                [("出席者", closure.attendees)],
            ],
            min_heights={2: 12 * mm},
        )
    watch = _checks([("yes", "続ける"), ("no", "続けない")], ["yes" if e.keep_watching else "no"])
    story: list[Flowable] = [
        *_header(title, case.municipality.name, made_on, ref),
        _case_fields(
            case, [("評価日", wareki(e.evaluated_on)), ("記入者", e.author_name)], [("支援期間", period)]
        ),
        *_section("プランの目標", goals),
        *_section(
            "終結時の評価",
            _fields(
                [
                    [("目標の達成", _checks(GoalResult.choices, [e.goal_result]))],
                    [("理由", e.reasons)],
                    [("本人の評価・意見", e.person_view)],
                    [("終結後の見守り", watch), ("方法・担当", e.watch_note)],
                ],
                min_heights={1: 22 * mm, 2: 16 * mm},
            ),
        ),
        *_section("重層的支援会議での判断", meeting),
    ]
    if case.closed_on is not None:
        closed = [[("終結日", wareki(case.closed_on))], [("終結の理由", case.closure_reason)]]
        story.extend(_section("終結", _fields(closed), keep=True))
    return _build(story, title=title, municipality=case.municipality.name, ref=ref, made_on=made_on)


# 支援経過記録


def progress_sheet(case: Case, notes: Iterable[ProgressNote], *, today: dt.date | None = None) -> bytes:
    """The notes given (a queryset or a list), oldest first; notes of another case are refused."""
    case = Case.objects.select_related(
        "municipality", "owner_agency", "person", "household", "lead_user"
    ).get(pk=case.pk)
    rows = sorted(notes, key=lambda n: (n.on, n.pk))
    if any(n.case_id != case.pk for n in rows):
        raise ValueError("別のケースの支援経過記録が含まれています")
    agencies = Agency.objects.in_bulk({n.agency_id for n in rows})
    title = "支援経過記録"
    made_on = today or today_in_tokyo()
    ref = f"ケース番号 #{case.pk}"
    period = f"{wareki(rows[0].on)}〜{wareki(rows[-1].on)}（{len(rows)}件）" if rows else "記録なし"
    lines: list[list[Value]] = []
    for n in rows:
        first, *rest = _chunks(n.text)
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
    table = _list(
        ["日付", "種別", "機関・記録者", "所要時間", "内容"],
        lines,
        [21 * mm, 12 * mm, 42 * mm, 14 * mm, 91 * mm],
        "支援経過の記録はありません",
    )
    story: list[Flowable] = [
        *_header(title, case.municipality.name, made_on, ref),
        _case_fields(case, [("記録の期間", period)]),
        Spacer(1, 3.5 * mm),
        table,
    ]
    # Continuation pages carry no header, so the footer names the person as well.
    footer_ref = f"{ref}　{case.person.name}"
    return _build(story, title=title, municipality=case.municipality.name, ref=footer_ref, made_on=made_on)


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


# File names


SHEET_NAMES = {
    "consultation": "相談受付票",
    "assessment": "アセスメントシート",
    "plan": "プラン兼事業等利用申込書",
    "evaluation": "評価シート",
    "progress": "支援経過記録",
}


def sheet_filename(kind: str, obj: Consultation | Assessment | Plan | Evaluation | Case) -> str:
    """相談受付票_2026-11-23_#12.pdf: the sheet, the record's date, and its number (the case's for case sheets)."""
    if kind not in SHEET_NAMES:
        raise ValueError(f"unknown sheet: {kind}")
    name = SHEET_NAMES[kind]
    if isinstance(obj, Consultation):
        if obj.consent_variant == ConsentVariant.WITH:
            name = "相談受付・申込票"
        return f"{name}_{localtime(obj.received_at):%Y-%m-%d}_#{obj.pk}.pdf"
    if isinstance(obj, Assessment):
        day, number = obj.assessed_on, obj.case_id
    elif isinstance(obj, Plan):
        day, number = localtime(obj.created_at).date(), obj.case_id
    elif isinstance(obj, Evaluation):
        day, number = obj.evaluated_on, obj.case_id
    else:
        day, number = today_in_tokyo(), obj.pk
    return f"{name}_{day:%Y-%m-%d}_#{number}.pdf"


__all__ = [
    "assessment_sheet",
    "consultation_sheet",
    "evaluation_sheet",
    "plan_sheet",
    "progress_sheet",
    "sheet_filename",
]
