"""The layout every 帳票 shares: A4 width, type styles, ruled tables with shaded label cells, the 取扱注意
header, the footer, and the 本人欄・ケース欄 that several sheets print the same way.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TypeAlias

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from kasane.casework.models import Case, Household, Person, Relationship, Sex, mark
from kasane.lib import pdf
from kasane.lib.dates import wareki

WIDTH = 180 * mm  # A4 less the 15 mm margins of pdf.build_a4
LABEL_WIDTH = 27 * mm
LINE = colors.HexColor("#333333")
CAUTION_RED = colors.HexColor("#B00020")
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


def _p(text: str | None, st: object = VALUE) -> Paragraph:
    return Paragraph(pdf.markup(text), st)


def _reported(form: str, field: str, label: str) -> str:
    """Items the nation counts carry ※ (``casework.models.reporting``), explained by the footnote."""
    return mark(form, field, label)


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


def _identity(person: Person, household: Household, *, on: dt.date, form: str = "") -> Table:
    """本人欄: entered once on the person record, the same on every sheet; ※ where the form's count reads it."""
    born = ""
    if person.birth_date is not None:
        born = f"{wareki(person.birth_date)}生（{person.age(on)}歳）"
    phones = "　".join(
        f"{kind} {number}" for kind, number in (("自宅", person.phone), ("携帯", person.mobile)) if number
    )
    return _fields(
        [
            [("ふりがな", person.kana), (_marked(form, "sex", "性別"), person.get_sex_display())],
            [("氏名", _p(person.name, NAME)), (_marked(form, "age", "生年月日"), born)],
            [("住所", person.address or household.address), ("電話", phones)],
        ]
    )


def _marked(form: str, field: str, label: str) -> str:
    return _reported(form, field, label) if form else label


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
    first: list[Sequence[Pair]] = [[("ケース番号", case.number), ("ケースの概要", case.title)]]
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


# What the header and the ケース欄 print of a case, loaded with the record a case sheet prints.
_CASE_RELATED = (
    "case__municipality",
    "case__owner_agency",
    "case__person",
    "case__household",
    "case__lead_user",
)
