"""相談受付・申込票 (同意あり) and 相談受付票 (同意なし): the consultation as received (A票), with the consent
block when the person applied and agreed to sharing, then 「ご本人について」 (B票): work, housing, insurance and
pension, income and 生活保護, debts, health and disability, the 課題の特性 and the family. Every choice is printed,
□ or ■, so a sheet printed before the facts are known can be ticked by hand.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer, Table, TableStyle
from reportlab.platypus.flowables import PageBreakIfNotEmpty

from kasane.casework.models import (
    Arrear,
    CardKind,
    Channel,
    ConsentVariant,
    Consultation,
    DisabilityCard,
    Employment,
    HealthInsurance,
    Household,
    Housing,
    IncomeSource,
    Issue,
    MentalHealth,
    Pension,
    Person,
    Presence,
    Response,
    Route,
    Situation,
    Topic,
    Treatment,
    Welfare,
)
from kasane.casework.sheets.layout import (
    CELL,
    CENTER,
    LABEL_WIDTH,
    LINE,
    NAME,
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
    _list,
    _living,
    _p,
    _relation,
    _reported,
    _section,
    _signature,
)
from kasane.lib import pdf
from kasane.lib.dates import fiscal_number, localtime, wareki
from kasane.lib.dates import today as today_in_tokyo

WEEKDAYS = "月火水木金土日"


FORM = "consultation"


def _label(field: str, label: str) -> str:
    return _reported(FORM, field, label)


@pdf.document
def consultation_sheet(consultation: Consultation, *, today: dt.date | None = None) -> bytes:
    c = (
        Consultation.objects.select_related(
            "municipality",
            "owner_agency",
            "person",
            "household",
            "referrer_agency",
            "consent__owner_agency",
        )
        .prefetch_related("consent__shared_agencies")
        .get(pk=consultation.pk)
    )
    family = list(Person.objects.filter(household_id=c.household_id).exclude(pk=c.person_id).order_by("pk"))
    with_consent = c.consent_variant == ConsentVariant.WITH
    title = "相談受付・申込票（同意あり）" if with_consent else "相談受付票（同意なし）"
    made_on = today or today_in_tokyo()
    received = localtime(c.received_at)
    ref = f"受付番号 {fiscal_number(received.date(), c.pk)}"
    visitor = c.get_visitor_display() + (f"（{c.visitor_name}）" if c.visitor_name else "")
    visitor = _lines(visitor, "　".join(filter(None, [c.visitor_relation, c.visitor_contact])))
    referrer = "・".join(filter(None, [c.referrer_agency.name if c.referrer_agency else "", c.referrer_name]))
    story: list[Flowable] = [
        *_header(title, c.municipality.name, made_on, ref),
        _fields(
            [
                [
                    (
                        _label("received_at", "受付日時"),
                        f"{wareki(received)}（{WEEKDAYS[received.weekday()]}）{received:%H:%M}",
                    ),
                    ("受付機関・受付者", f"{c.owner_agency.name}　{c.recorded_by_name}"),
                ],
                [(_label("channel", "相談方法"), _checks(Channel.choices, [c.channel]))],
                [(_label("route", "把握ルート"), _checks(Route.choices, [c.route]))],
                [("紹介元", referrer), ("相談者\n（続柄・連絡先）", visitor)],
            ]
        ),
        *_section("本人", _identity(c.person, c.household, on=received.date())),
        *_section(
            _label("topics", "相談内容") + "（該当するものに○、最も困っていることに◎）",
            _topic_grid(c),
            Spacer(1, 1.5 * mm),
            _fields(
                [
                    [(_label("situations", "世帯の状況"), _checks(Situation.choices, c.situations))],
                    [("主訴", c.complaint)],
                    [("本人の希望", c.wishes)],
                    [(_label("response", "対応"), _checks(Response.choices, [c.response]))],
                    [("対応の内容", c.response_note)],
                ],
                # Without the consent block the page has room to write more by hand.
                min_heights={1: 10 * mm, 2: 7 * mm} if with_consent else {1: 30 * mm, 2: 18 * mm, 4: 14 * mm},
            ),
        ),
        *(_consent_block(c) if with_consent else _no_consent_block(c)),
        Spacer(1, 2 * mm),
        _p("※は国への報告対象項目", NOTE),
        # B票 is a sheet of its own on the paper form: it starts a page.
        PageBreakIfNotEmpty(),
        *_about_the_person(c),
        *_section("家族（同居・別居の世帯員）", _family(family, on=received.date())),
        *_section(_label("issues", "課題の特性") + "（相談員が記入）", _check_grid(Issue.choices, c.issues)),
        Spacer(1, 2 * mm),
        _p("※は国への報告対象項目", NOTE),
    ]
    return _build(story, title=title, municipality=c.municipality.name, ref=ref, made_on=made_on)


def _identity(person: Person, household: Household, *, on: dt.date) -> Table:
    """本人欄 of the 申込票: the person record as entered once, with both telephones and the e-mail (A票)."""
    born = ""
    if person.birth_date is not None:
        born = f"{wareki(person.birth_date)}生（{person.age(on)}歳）"
    return _fields(
        [
            [("ふりがな", person.kana), (_label("sex", "性別"), person.get_sex_display())],
            [("氏名", _p(person.name, NAME)), (_label("age", "生年月日"), born)],
            [("住所", person.address or household.address), ("E-mail", person.email)],
            [("電話（自宅）", person.phone), ("電話（携帯）", person.mobile)],
        ]
    )


def _check_grid(choices: Iterable[tuple[str, str]], chosen: Iterable[str], *, per_row: int = 4) -> Table:
    """A long check list as a ruled grid, each item on its own line (the 課題の特性 run to 26)."""
    picked = set(chosen)
    cells = [f"{'■' if value in picked else '□'}{label}" for value, label in choices]
    cells += [""] * (-len(cells) % per_row)
    rows = [[_p(cell, CELL) for cell in cells[i : i + per_row]] for i in range(0, len(cells), per_row)]
    return _grid(rows, [WIDTH / per_row] * per_row)


def _options(choices: Iterable[tuple[str, str]], chosen: Iterable[str], note: str = "") -> Table:
    """A check list in a full-width value cell, four to a line in columns, so no item breaks between lines;
    the note recorded beside it underneath."""
    picked = set(chosen)
    per_row = 4
    cells: list[Flowable | str] = [_p(f"{'■' if v in picked else '□'}{label}", CELL) for v, label in choices]
    cells += [""] * (-len(cells) % per_row)
    rows = [cells[i : i + per_row] for i in range(0, len(cells), per_row)]
    commands: list[tuple[object, ...]] = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 2),
        ("TOPPADDING", (0, 0), (-1, -1), 0),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
    ]
    if note:
        rows.append([_p(note, CELL), "", "", ""])
        commands.append(("SPAN", (0, len(rows) - 1), (-1, len(rows) - 1)))
    width = WIDTH - LABEL_WIDTH - 6  # the value cell less its padding
    table = Table(rows, colWidths=[width / per_row] * per_row, hAlign="LEFT")
    table.setStyle(TableStyle(commands))
    return table


def _about_the_person(c: Consultation) -> list[Flowable]:
    """B票「ご本人について」: the form's four headings (仕事・住まい・健康保険・年金) in columns of check boxes, then
    money and health, whose several questions run on as lines."""
    housing = [*Housing.choices, ("unstable", "住まいを失うおそれがある")]
    housed = [c.housing, *(["unstable"] if c.housing_unstable else [])]
    income = f"{c.monthly_income:,}円" if c.monthly_income is not None else ""
    debt = "債務（借金）：" + _checks(Presence.choices, [c.debt])
    mental = "メンタルヘルスの不調：" + _checks(MentalHealth.choices, [c.mental_health])
    card = f"障害者手帳：{_checks(DisabilityCard.choices, [c.disability_card])}"
    kinds = f"（{_checks(CardKind.choices, c.card_kinds)}）"
    rows: list[Sequence[Pair]] = [
        [(_label("employment", "仕事"), _options(Employment.choices, [c.employment], c.employment_note))],
        [("住まい", _options(housing, housed, c.housing_note))],
        [("健康保険", _options(HealthInsurance.choices, [c.health_insurance]))],
        [("年金", _options(Pension.choices, [c.pension]))],
        [("収入源", _options(IncomeSource.choices, c.income_sources))],
        [("世帯の月収", income), ("生活保護", _checks(Welfare.choices, [c.welfare]))],
        [("債務・滞納", _lines(debt, "滞納：" + _checks(Arrear.choices, c.arrears), c.money_note))],
        [("健康・障害", _lines(_checks(Treatment.choices, [c.treatment]), c.illness, mental, card + kinds))],
    ]
    return _section("ご本人について（B票）", _fields(rows))


def _lines(*lines: str) -> str:
    """A value of several lines; lines not recorded are left out."""
    return "\n".join(line for line in lines if line)


def _family(members: Sequence[Person], *, on: dt.date) -> Table:
    rows = [
        [
            m.name,
            _relation(m),
            f"{m.age(on)}歳" if m.birth_date is not None else "",
            _living(m),
        ]
        for m in members
    ]
    return _list(
        ["氏名", "続柄", "年齢", "同居・別居"],
        rows,
        [60 * mm, 30 * mm, 20 * mm, 70 * mm],
        "世帯員の登録はありません",
    )


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
