"""相談先ガイド: the A4 brochure of the directory that staff asked for ("パンフレットに要約")."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from kasane.agencies.models import Agency, SupportField, Topic, TopicLevel
from kasane.lib import pdf
from kasane.lib.dates import today as today_in_tokyo
from kasane.lib.dates import wareki
from kasane.tenancy.models import Municipality

H1 = pdf.style("h1", 18, leading=26, textColor=pdf.PRIMARY)
SUBTITLE = pdf.style("subtitle", 10, textColor=pdf.SUB)
H2 = pdf.style("h2", 13, leading=20, spaceBefore=8, spaceAfter=4, textColor=pdf.PRIMARY)
H3 = pdf.style("h3", 10.5, leading=15)
BODY = pdf.style("body", 8.8)
SMALL = pdf.style("small", 8, textColor=pdf.SUB)
FIELD_HEADING = pdf.style("field", 11, leading=17, spaceBefore=4, spaceAfter=3, keepWithNext=1)
CELL = pdf.style("cell", 8.3, leading=12)
CELL_HEAD = pdf.style("cellhead", 8.3, leading=12, textColor=pdf.TEXT)


def _p(text: str, st: object = BODY) -> Paragraph:
    return Paragraph(pdf.markup(text), st)


def _label(agency: Agency) -> str:
    return f"{agency.name}（{agency.area.name}）" if agency.area is not None else agency.name


def _topic_table(agencies: list[Agency], topics: list[Topic]) -> Table:
    by_topic: dict[int, list[tuple[int, Agency]]] = defaultdict(list)
    for agency in agencies:
        for link in agency.agency_topics.all():
            by_topic[link.topic_id].append((link.level, agency))
    rows: list[list[Flowable]] = [[_p("相談の内容", CELL_HEAD), _p("主に対応する機関（電話）", CELL_HEAD)]]
    for topic in topics:
        primary = sorted(
            (a for level, a in by_topic[topic.pk] if level == TopicLevel.PRIMARY), key=lambda a: a.name
        )
        if not primary:
            continue
        lines = [f"{_label(a)}　{a.phone}" if a.phone else _label(a) for a in primary]
        rows.append([_p(topic.name, CELL), _p("\n".join(lines), CELL)])
    table = Table(rows, colWidths=[32 * mm, None], repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, 0), pdf.SHADE),
                ("LINEBELOW", (0, 0), (-1, 0), 0.8, pdf.RULE),
                ("LINEBELOW", (0, 1), (-1, -1), 0.3, pdf.RULE),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    return table


def _agency_block(agency: Agency) -> KeepTogether:
    facts = [
        ("種別・圏域", f"{agency.get_kind_display()}・{agency.operation_label}・{agency.area_label}"),
        ("所在地", f"〒{agency.postal_code} {agency.address}" if agency.postal_code else agency.address),
        ("電話", f"{agency.phone}　FAX {agency.fax}" if agency.fax else agency.phone),
        ("受付時間", agency.hours),
        ("担当窓口", agency.contact_person),
        ("こんな相談はこちら", agency.handles_text),
        ("つなぎ方", agency.referral_howto),
    ]
    rows = [[_p(k, SMALL), _p(v, BODY)] for k, v in facts if v and v.strip()]
    table = Table(rows, colWidths=[28 * mm, None])
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 1.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
                ("LEFTPADDING", (0, 0), (0, -1), 0),
            ]
        )
    )
    heading = Table([[_p(agency.name, H3)]], colWidths=[None])
    heading.setStyle(
        TableStyle(
            [
                ("LINEBEFORE", (0, 0), (0, 0), 3, pdf.PRIMARY),
                ("BACKGROUND", (0, 0), (-1, -1), pdf.SHADE),
                ("LEFTPADDING", (0, 0), (-1, -1), 6),
            ]
        )
    )
    return KeepTogether([heading, Spacer(1, 2), table, Spacer(1, 7)])


@pdf.document
def build_brochure(municipality: Municipality, *, today: dt.date | None = None) -> bytes:
    made_on = today or today_in_tokyo()
    agencies = list(Agency.objects.in_municipality(municipality).published().for_directory())
    topics = list(Topic.objects.all())
    fields = list(SupportField.objects.all())

    story: list[Flowable] = [
        _p(f"{municipality.name} 相談先ガイド", H1),
        _p("重層的支援体制整備事業 関係機関の一覧（職員向け）", SUBTITLE),
        _p(f"{wareki(made_on)}現在・{len(agencies)}機関", SMALL),
        Spacer(1, 6),
        _p("こんな相談は、ここへ", H2),
        _p(
            "相談の内容ごとに、主に対応している機関を示します。地域包括支援センターなど担当圏域のある機関は、"
            "圏域名を添えています。迷うときは多機関協働の窓口に相談してください。",
            SMALL,
        ),
        Spacer(1, 4),
        _topic_table(agencies, topics),
        _p("機関の紹介", H2),
    ]
    # Each agency appears once, under its first field, in the fields' own order.
    grouped: dict[int, list[Agency]] = defaultdict(list)
    for agency in agencies:
        own = list(agency.support_fields.all())
        grouped[own[0].pk if own else fields[-1].pk].append(agency)
    for field in fields:
        members = grouped.get(field.pk)
        if not members:
            continue
        story.append(_p(f"■ {field.name}", FIELD_HEADING))
        story.extend(_agency_block(agency) for agency in members)
    return pdf.build_a4(
        story,
        title=f"{municipality.name} 相談先ガイド",
        footer_left=f"{municipality.name} 相談先ガイド",
        footer_note="この資料には個人情報は含まれていません",
        made_on=made_on,
    )


def brochure_filename(municipality: Municipality, day: dt.date) -> str:
    return f"相談先ガイド_{municipality.name}_{day:%Y%m%d}.pdf"
