"""The 開示 report as an A4 PDF in the embedded Japanese font: what is held, where it went, who accessed it."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, Paragraph, Spacer, Table, TableStyle

from kasane.governance.disclosure import Report
from kasane.lib import pdf
from kasane.lib.dates import localtime, wareki
from kasane.lib.personal_data import Section, moment_text

WIDTH = 180 * mm
LINE = colors.HexColor("#333333")
CAUTION_RED = colors.HexColor("#B00020")
PRIVATE = "取扱注意（個人情報）"
TITLE_TEXT = "保有個人情報の開示資料"

TITLE = pdf.style("disc-title", 16, leading=22, alignment=TA_CENTER)
SUBTITLE = pdf.style("disc-subtitle", 8.5, alignment=TA_CENTER, textColor=pdf.SUB)
META = pdf.style("disc-meta", 8.5, leading=12, alignment=TA_RIGHT)
CAUTION = pdf.style("disc-caution", 9, leading=12, alignment=TA_CENTER, textColor=CAUTION_RED)
H1 = pdf.style("disc-h1", 12, leading=16)
H2 = pdf.style("disc-h2", 9.5, leading=13)
BODY = pdf.style("disc-body", 9, leading=14)
LABEL = pdf.style("disc-label", 8.3, leading=11)
CELL = pdf.style("disc-cell", 8.3, leading=11.5, rightIndent=6)
SMALL = pdf.style("disc-small", 7.6, leading=10.5, rightIndent=5)
NOTE = pdf.style("disc-note", 7.8, leading=11, textColor=pdf.SUB)


def _p(text: str, st: object = CELL) -> Paragraph:
    return Paragraph(pdf.markup(text), st)


def _table(
    rows: Sequence[Sequence[Flowable | str]],
    widths: Sequence[float],
    *,
    header: bool = False,
    label_col: bool = False,
) -> Table:
    table = Table(
        [[_p(c) if isinstance(c, str) else c for c in row] for row in rows],
        colWidths=list(widths),
        repeatRows=1 if header else 0,
        hAlign="LEFT",
    )
    commands: list[tuple[object, ...]] = [
        ("GRID", (0, 0), (-1, -1), 0.5, LINE),
        ("BOX", (0, 0), (-1, -1), 1.0, LINE),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]
    if header:
        commands.append(("BACKGROUND", (0, 0), (-1, 0), pdf.SHADE))
    if label_col:
        commands.append(("BACKGROUND", (0, 0), (0, -1), pdf.SHADE))
    table.setStyle(TableStyle(commands))
    return table


def _heading(text: str) -> list[Flowable]:
    bar = Table([[_p(text, H1)]], colWidths=[WIDTH], hAlign="LEFT")
    bar.setStyle(
        TableStyle(
            [
                ("LINEBEFORE", (0, 0), (0, 0), 3, LINE),
                ("LEFTPADDING", (0, 0), (-1, -1), 5),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
            ]
        )
    )
    return [CondPageBreak(30 * mm), Spacer(1, 4 * mm), bar, Spacer(1, 2 * mm)]


def _header(report: Report) -> list[Flowable]:
    r = report.request
    municipality = report.person.municipality.name
    caution = Table([[_p(PRIVATE, CAUTION)]], colWidths=[42 * mm])
    caution.setStyle(TableStyle([("BOX", (0, 0), (-1, -1), 1.0, CAUTION_RED)]))
    meta = _p(f"{municipality}\n受付番号 {r.number}　作成日：{wareki(report.made_at)}", META)
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
    person = report.person
    born = f"{wareki(person.birth_date)}生" if person.birth_date else "（生年月日の記録なし）"
    label_w = 30 * mm
    value_w = (WIDTH - 2 * label_w) / 2
    facts = _table(
        [
            ["受付日", wareki(r.received_on), "受付番号", r.number],
            [
                "請求者",
                f"{r.requester_name}（{r.get_requester_relation_display()}）",
                "作成者",
                report.made_by,
            ],
            ["本人", f"{person.name}（{person.kana}）" if person.kana else person.name, "生年月日", born],
        ],
        [label_w, value_w, label_w, value_w],
    )
    facts.setStyle(
        TableStyle([("BACKGROUND", (0, 0), (0, -1), pdf.SHADE), ("BACKGROUND", (2, 0), (2, -1), pdf.SHADE)])
    )
    intro = (
        f"この資料は、{municipality}の重層的支援体制整備事業の支援基盤（kasane）に記録されている、"
        "ご本人に関する情報と、その情報がどの機関に、どのような根拠で提供され、誰がいつ閲覧・利用したかの"
        f"記録を、{moment_text(report.made_at)}時点でまとめたものです。"
    )
    return [
        top,
        Spacer(1, 2 * mm),
        _p(TITLE_TEXT, TITLE),
        _p("重層的支援体制整備事業", SUBTITLE),
        Spacer(1, 3 * mm),
        facts,
        Spacer(1, 3 * mm),
        _p(intro, BODY),
        Spacer(1, 1 * mm),
        _p(_contents(report), NOTE),
    ]


def _contents(report: Report) -> str:
    held = "、".join(f"{s.title} {len(s.records)}件" for s in report.sections)
    return (
        f"1. 保有している情報（{held}）　2. 情報の提供先（{len(report.recipients)}件）"
        f"　3. 閲覧・利用の記録（{len(report.accesses)}件）"
    )


def _section(section: Section) -> list[Flowable]:
    # Room for the heading and the start of its first record, or a new page: no heading alone at the foot.
    story: list[Flowable] = [
        CondPageBreak(35 * mm),
        Spacer(1, 2 * mm),
        _p(f"■ {section.title}（{len(section.records)}件）", H2),
    ]
    if section.note:
        story.append(_p(section.note, NOTE))
    story.append(Spacer(1, 1 * mm))
    if not section.records:
        story.append(_p("記録はありません。", NOTE))
        return story
    for record in section.records:
        rows: list[list[Flowable | str]] = [[_p(record.title, LABEL), ""]]
        rows += [[f.label, f.text] for f in record.fields if f.text]
        table = _table(rows, [38 * mm, WIDTH - 38 * mm], header=True, label_col=True)
        table.setStyle(
            TableStyle([("SPAN", (0, 0), (1, 0)), ("BACKGROUND", (0, 0), (1, 0), colors.HexColor("#E4E7F5"))])
        )
        # A record's title never sits alone at the foot of a page; a long record repeats it overleaf.
        story += [CondPageBreak(25 * mm), table, Spacer(1, 2 * mm)]
    return story


def _recipients(report: Report) -> list[Flowable]:
    rows: list[list[Flowable | str]] = [["提供先の機関", "根拠", "期間", "件数"]]
    for x in report.recipients:
        span = (
            wareki(x.first)
            if localtime(x.first).date() == localtime(x.last).date()
            else (f"{wareki(x.first)}〜{wareki(x.last)}")
        )
        how = "（つなぎで送付）" if x.sent else ""
        rows.append([x.agency, f"{x.basis_label}{how}", span, f"{x.count}件"])
    if len(rows) == 1:
        return [_p("ご本人の情報が、記録した機関以外に提供された記録はありません。", BODY)]
    return [
        _p(
            "記録した機関以外の機関が、どの根拠でご本人の情報を受け取り、閲覧したかをまとめたものです。", NOTE
        ),
        Spacer(1, 1 * mm),
        _table(rows, [62 * mm, 52 * mm, 50 * mm, 16 * mm], header=True),
    ]


def _accesses(report: Report) -> list[Flowable]:
    if not report.accesses:
        return [_p("記録はありません。", BODY)]
    rows: list[list[Flowable | str]] = [["日時", "職員", "機関", "操作", "根拠", "対象"]]
    for a in report.accesses:
        target = a.target if a.how == "記録" else f"{a.how}に表示"
        rows.append(
            [
                _p(moment_text(a.at), SMALL),
                _p(a.actor, SMALL),
                _p(a.agency, SMALL),
                _p(a.action_label, SMALL),
                _p(a.basis_label if a.basis else "—", SMALL),
                _p(target or "—", SMALL),
            ]
        )
    return [
        _p("ご本人の記録の閲覧・作成・変更・出力を、古い順にすべて載せています。", NOTE),
        Spacer(1, 1 * mm),
        _table(rows, [30 * mm, 22 * mm, 38 * mm, 34 * mm, 28 * mm, 28 * mm], header=True),
    ]


@pdf.document
def report_pdf(report: Report) -> bytes:
    story: list[Flowable] = [*_header(report)]
    story += _heading("1. 保有している情報")
    for section in report.sections:
        story += _section(section)
    story += [*_heading("2. 情報の提供先"), *_recipients(report)]
    story += [*_heading("3. 閲覧・利用の記録"), *_accesses(report)]
    municipality = report.person.municipality.name
    return pdf.build_a4(
        story,
        title=f"{TITLE_TEXT}（{report.request.number}）",
        footer_left=f"{municipality}　{TITLE_TEXT}　受付番号 {report.request.number}",
        footer_note=f"{PRIVATE}　目的外の利用・複写・持ち出しはしないでください",
        made_on=localtime(report.made_at).date(),
    )
