"""社会資源一覧: the A4 list staff print for a person, a family or a 民生委員 — what the search found, grouped by
kind, each activity with when, where, what one can do there, what makes it easy to join, and whom to call."""

from __future__ import annotations

from collections import defaultdict

from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from kasane.lib import pdf
from kasane.lib.dates import today, wareki
from kasane.resources.models import Category, Service, Status
from kasane.tenancy.models import Municipality

H1 = pdf.style("h1", 17, leading=24, textColor=pdf.PRIMARY)
SUBTITLE = pdf.style("subtitle", 10, textColor=pdf.SUB)
CATEGORY = pdf.style(
    "category", 12, leading=18, spaceBefore=6, spaceAfter=3, textColor=pdf.PRIMARY, keepWithNext=1
)
NAME = pdf.style("name", 10.5, leading=15)
# Bottom-aligned beside the name, a leading 4.5pt above the font size puts both on one baseline.
ORGANIZATION = pdf.style("organization", 8.3, leading=12.8, textColor=pdf.SUB, alignment=TA_RIGHT)
BODY = pdf.style("body", 8.8)
LABEL = pdf.style("label", 8, textColor=pdf.SUB)
NOTE = pdf.style("note", 8, textColor=pdf.SUB)


def _p(text: str, style: object = BODY) -> Paragraph:
    return Paragraph(pdf.markup(text), style)


def _when(service: Service) -> str:
    return "\n".join(
        f"{s.label}（{s.description}）" if s.description else s.label for s in service.schedules.all()
    )


def _where(service: Service) -> str:
    loc = service.location
    if loc is None:
        return ""
    first = f"{loc.name}（{loc.area.name}）" if loc.area else loc.name
    lines = [first, loc.address if loc.address != loc.name else "", loc.transportation, loc.accessibility]
    return "\n".join(line for line in lines if line)


def _conditions(service: Service) -> str:
    marks = [
        "人と話すのが苦手でも参加しやすい" if service.suits_shy else "",
        "送迎あり" if service.transport_provided else "",
        f"体への負担：{service.get_physical_load_display()}",
        f"費用：{service.cost}" if service.cost else "",
    ]
    lines = ["・".join(m for m in marks if m)]
    if service.eligibility:
        lines.append(f"対象：{service.eligibility}")
    return "\n".join(lines)


def _contact(service: Service) -> str:
    phone = service.contact_phone or service.organization.phone
    who = service.contact_name or service.organization.name
    lines = [f"{who}　電話 {phone}" if phone else who]
    if service.application:
        lines.append(service.application)
    return "\n".join(lines)


def _entry(service: Service) -> KeepTogether:
    name = service.name
    if service.status != Status.ACTIVE:
        name += f"（{service.get_status_display()}）"
    heading = Table(
        [[_p(name, NAME), _p(service.organization.name, ORGANIZATION)]], colWidths=[None, 62 * mm]
    )
    heading.setStyle(
        TableStyle(
            [
                ("LINEBEFORE", (0, 0), (0, 0), 3, pdf.PRIMARY),
                ("BACKGROUND", (0, 0), (-1, -1), pdf.SHADE),
                ("LEFTPADDING", (0, 0), (0, 0), 6),
                ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
            ]
        )
    )
    facts = [
        ("日時", _when(service)),
        ("場所", _where(service)),
        ("できること", service.activities),
        ("参加のしやすさ", _conditions(service)),
        ("連絡先", _contact(service)),
    ]
    table = Table([[_p(k, LABEL), _p(v)] for k, v in facts if v.strip()], colWidths=[24 * mm, None])
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 1.2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1.2),
                ("LEFTPADDING", (0, 0), (0, -1), 6),
            ]
        )
    )
    return KeepTogether([heading, Spacer(1, 2), table, Spacer(1, 6)])


def grouped(services: list[Service]) -> list[tuple[str, list[Service]]]:
    """(category label, its services) in the categories' own order; each service once, under its first."""
    by_category: dict[str, list[Service]] = defaultdict(list)
    for service in services:
        first = next((c for c in service.categories if c in Category.values), Category.OTHER)
        by_category[first].append(service)
    return [(str(label), by_category[code]) for code, label in Category.choices if by_category.get(code)]


@pdf.document
def resource_list_pdf(
    municipality: Municipality, services: list[Service], *, title: str, subtitle: str
) -> bytes:
    """The printable list of ``services`` (loaded with ``queries.with_details``)."""
    made_on = today()
    story: list[Flowable] = [
        _p(title, H1),
        _p(subtitle, SUBTITLE),
        _p(
            f"{wareki(made_on)}時点の登録内容です。日時や内容は変わることがあります。"
            "参加する前に、連絡先に電話で確かめてください。",
            NOTE,
        ),
        Spacer(1, 4),
    ]
    if not services:
        story.append(_p("条件に合う社会資源はありません。"))
    for label, members in grouped(services):
        story.append(_p(f"■ {label}（{len(members)}件）", CATEGORY))
        story.extend(_entry(service) for service in members)
    return pdf.build_a4(
        story,
        title=title,
        footer_left=f"{municipality.name} 社会資源一覧",
        footer_note="この資料には個人情報は含まれていません",
        made_on=made_on,
    )
