"""相談受付・申込票 (同意あり) and 相談受付票 (同意なし): the consultation as received, with the consent block
when the person applied and agreed to sharing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer, Table, TableStyle

from kasane.casework.models import Channel, ConsentVariant, Consultation, Response, Situation, Topic
from kasane.casework.sheets.layout import (
    CELL,
    CENTER,
    LINE,
    NOTE,
    WIDTH,
    Pair,
    Value,
    _boxed,
    _build,
    _checks,
    _fields,
    _grid,
    _header,
    _identity,
    _p,
    _reported,
    _section,
    _signature,
)
from kasane.lib import pdf
from kasane.lib.dates import fiscal_number, localtime, wareki
from kasane.lib.dates import today as today_in_tokyo

WEEKDAYS = "月火水木金土日"


@pdf.document
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
    ref = f"受付番号 {fiscal_number(received.date(), c.pk)}"
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
