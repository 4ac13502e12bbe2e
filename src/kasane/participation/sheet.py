"""紹介票: the A4 sheet a host receives about the person. It carries only the items chosen, each of which the
person's standing consent for this host covers (``rules.shareable`` decides before this is called)."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

from kasane.lib import pdf
from kasane.lib.dates import today
from kasane.participation.models import SHAREABLE_FIELDS, Placement
from kasane.resources.models import WEEKDAY_LABELS

H1 = pdf.style("h1", 17, leading=24, textColor=pdf.PRIMARY)
SUB = pdf.style("sub", 9.5, leading=14, textColor=pdf.SUB)
CELL = pdf.style("cell", 10, leading=15)
HEAD = pdf.style("head", 9.5, leading=14)
NOTE = pdf.style("note", 8.5, leading=12.5, textColor=pdf.SUB)


def _p(text: str, st: object = CELL) -> Paragraph:
    return Paragraph(pdf.markup(text).replace("\n", "<br/>"), st)


def _values(placement: Placement, author: str) -> dict[str, str]:
    engagement = placement.engagement
    person = engagement.person
    assessment = engagement.assessments.order_by("-version").first()
    age = person.age(today())
    limits = ""
    days = ""
    if assessment is not None:
        limits = "\n".join(
            f"{label}：{text}"
            for label, text in (
                ("時間", assessment.limits_time),
                ("移動", assessment.limits_travel),
                ("人との関わり", assessment.limits_people),
            )
            if text.strip()
        )
        day_names = "・".join(WEEKDAY_LABELS[d] for d in assessment.days if d in WEEKDAY_LABELS)
        hours = ""
        if assessment.from_time or assessment.to_time:
            start = f"{assessment.from_time:%H:%M}" if assessment.from_time else ""
            end = f"{assessment.to_time:%H:%M}" if assessment.to_time else ""
            hours = f"{start}〜{end}"
        days = " ".join(x for x in (f"{day_names}曜" if day_names else "", hours) if x)
    agency = engagement.owner_agency
    return {
        "name": person.name,
        "kana": person.kana,
        "age": f"{age}歳" if age is not None else "",
        "wishes": assessment.wishes if assessment else "",
        "strengths": assessment.strengths if assessment else "",
        "limits": limits,
        "health": assessment.limits_health if assessment else "",
        "days": days,
        "contact": f"{agency.name}　{author}" + (f"　電話 {agency.phone}" if agency.phone else ""),
    }


@pdf.document
def referral_sheet_pdf(placement: Placement, items: list[str], *, author: str) -> bytes:
    values = _values(placement, author)
    service = placement.service
    day = today()
    story = [
        _p("参加支援 紹介票", H1),
        _p(
            f"{service.organization.name}　{service.name}　御中"
            + (f"（ご担当：{placement.host_contact}様）" if placement.host_contact else ""),
            SUB,
        ),
        Spacer(1, 5 * mm),
        _p(
            "このたびは受け入れについてご相談させていただき、ありがとうございます。ご本人の同意を得た範囲で、次のとおりお知らせします。",
            CELL,
        ),
        Spacer(1, 4 * mm),
    ]
    rows = [
        [_p(SHAREABLE_FIELDS[key], HEAD), _p(values[key] or "（記載なし）")]
        for key in items
        if key in SHAREABLE_FIELDS
    ]
    table = Table(rows, colWidths=[48 * mm, None])
    table.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (0, -1), pdf.SHADE),
                ("GRID", (0, 0), (-1, -1), 0.5, pdf.RULE),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
            ]
        )
    )
    story += [
        table,
        Spacer(1, 6 * mm),
        _p(
            "この紹介票は、ご本人の同意のもと、受け入れのためにお渡しするものです。受け入れ以外の目的には使わず、"
            "ほかの方に渡さないでください。不要になったら参加支援の担当者にお返しいただくか、確実に廃棄してください。",
            NOTE,
        ),
    ]
    return pdf.build_a4(
        story,
        title="参加支援 紹介票",
        footer_left=f"{placement.engagement.owner_agency.name}",
        footer_note="取扱注意（個人情報）",
        made_on=day,
    )
