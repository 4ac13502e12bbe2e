"""インテーク・アセスメントシート: one version of the assessment as MHLW's sheet lays it out — the person and how the
case came (相談方法, 把握ルート・紹介元, 相談歴), the household, the person's life as check boxes (work, housing,
money and 生活保護, health and disability, insurance and pension), the 課題の特性 and 複合課題の類型, the 見立て,
the agencies involved, the result and the consent. The ジェノグラム・エコマップ is drawn by hand on paper and is
not part of the sheet.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from django.db.models import Prefetch
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer, Table, TableStyle

from kasane.casework.models import (
    Arrear,
    Assessment,
    AssessmentMember,
    AssessmentResult,
    CardKind,
    Case,
    Consultation,
    DisabilityCard,
    Employment,
    HealthInsurance,
    Housing,
    IncomeSource,
    Issue,
    MentalHealth,
    Pension,
    Presence,
    Route,
    Situation,
    TeamMember,
    TeamPart,
    Treatment,
    Urgency,
    Welfare,
)
from kasane.casework.personal_data.consultations import age_band, age_band_label
from kasane.casework.sheets.layout import (
    _CASE_RELATED,
    CELL,
    LABEL_WIDTH,
    NOTE,
    WIDTH,
    Pair,
    _build,
    _case_fields,
    _checks,
    _fields,
    _grid,
    _header,
    _identity,
    _list,
    _living,
    _p,
    _relation,
    _reported,
    _section,
)
from kasane.lib import pdf
from kasane.lib.dates import localtime, wareki
from kasane.lib.dates import today as today_in_tokyo

FORM = "assessment"


def _label(field: str, label: str) -> str:
    return _reported(FORM, field, label)


def _check_grid(choices: Iterable[tuple[str, str]], chosen: Iterable[str], *, per_row: int = 3) -> Table:
    """A long check list as a grid, so each item keeps its own line (the 課題の特性 run to 26)."""
    picked = set(chosen)
    cells = [f"{'■' if value in picked else '□'}{label}" for value, label in choices]
    cells += [""] * (-len(cells) % per_row)
    rows = [[_p(c, CELL) for c in cells[i : i + per_row]] for i in range(0, len(cells), per_row)]
    return _grid(rows, [WIDTH / per_row] * per_row)


def _yen(amount: int | None) -> str:
    return f"{amount:,}円" if amount is not None else ""


def _came_by(case: Case, history: Sequence[Consultation]) -> list[Sequence[Pair]]:
    """相談方法 and 把握ルート・紹介元, from the consultation the case was opened from when the reader may see it
    (it is in their 相談歴; after a consent is withdrawn it may not be); a case opened from a referral came
    through the referring agency."""
    c = case.consultation
    if c is not None and c.pk in {h.pk for h in history}:
        referrer = c.referrer_agency.name if c.referrer_agency else c.referrer_name
        return [
            [("相談方法", c.get_channel_display()), (_label("route", "把握ルート"), c.get_route_display())],
            [("紹介元", referrer)],
        ]
    if case.referral is not None:
        return [
            [("相談方法", ""), (_label("route", "把握ルート"), Route.AGENCY.label)],
            [("紹介元", case.referral.from_agency.name)],
        ]
    return [[("相談方法", ""), (_label("route", "把握ルート"), "")], [("紹介元", "")]]


def _history(consultations: Sequence[Consultation]) -> Table:
    rows = [
        [
            wareki(localtime(c.received_at).date()),
            c.owner_agency.name,
            c.get_channel_display(),
            c.get_response_display(),
        ]
        for c in consultations
    ]
    return _list(
        ["受付日", "受付機関", "相談方法", "対応"],
        rows,
        [34 * mm, 70 * mm, 26 * mm, 50 * mm],
        "相談受付の記録がありません",
    )


def _options(choices: Iterable[tuple[str, str]], chosen: Iterable[str], *, per_row: int = 4) -> Table:
    """A check list inside a full-width value cell, one item to a column, so no item breaks between lines."""
    picked = set(chosen)
    cells: list[Flowable | str] = [_p(f"{'■' if v in picked else '□'}{label}", CELL) for v, label in choices]
    cells += [""] * (-len(cells) % per_row)
    width = WIDTH - LABEL_WIDTH - 6  # the value cell less its padding
    table = Table(
        [cells[i : i + per_row] for i in range(0, len(cells), per_row)],
        colWidths=[width / per_row] * per_row,
        hAlign="LEFT",
    )
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 2),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
            ]
        )
    )
    return table


def _one(choices: Iterable[tuple[str, str]], value: str, *, per_row: int = 4) -> Table:
    return _options(choices, [value], per_row=per_row)


def _life(a: Assessment) -> list[Flowable]:
    """本人の生活の状況 (#9–#16 of the reference), every choice printed so the paper can be ticked by hand too."""
    return [
        *_section(
            "本人の生活の状況：仕事・住まい",
            _fields(
                [
                    [(_label("employment", "就労状況"), _one(Employment.choices, a.employment))],
                    [("仕事の内容・職歴", a.employment_note)],
                    [("住まい", _one(Housing.choices, a.housing))],
                    [("住まいの不安定", f"{'■' if a.housing_unstable else '□'}住まいを失うおそれがある")],
                    [("住まいについて", a.housing_note)],
                ]
            ),
            keep=True,
        ),
        *_section(
            "本人の生活の状況：収入・家計と生活保護",
            _fields(
                [
                    [("収入源", _options(IncomeSource.choices, a.income_sources))],
                    [("世帯の月収", _yen(a.monthly_income))],
                    [(_label("welfare", "生活保護"), _one(Welfare.choices, a.welfare))],
                    [("債務（借金）", _one(Presence.choices, a.debt))],
                    [("滞納", _options(Arrear.choices, a.arrears))],
                    [("債務・滞納の内容", a.money_note)],
                ]
            ),
            keep=True,
        ),
        *_section(
            "本人の生活の状況：健康・障害",
            _fields(
                [
                    [("病気・通院の状況", a.illness)],
                    [("通院", _one(Treatment.choices, a.treatment))],
                    [("メンタルヘルスの不調", _one(MentalHealth.choices, a.mental_health))],
                    [("障害者手帳", _one(DisabilityCard.choices, a.disability_card))],
                    [("手帳の種類", _options(CardKind.choices, a.card_kinds))],
                ]
            ),
            keep=True,
        ),
        *_section(
            "本人の生活の状況：健康保険・年金",
            _fields(
                [
                    [("健康保険", _one(HealthInsurance.choices, a.health_insurance))],
                    [("年金", _one(Pension.choices, a.pension))],
                ]
            ),
            keep=True,
        ),
    ]


def _team(case: Case) -> Table:
    order = {part: n for n, part in enumerate(TeamPart.values)}
    team = sorted(case.team.all(), key=lambda m: (order.get(m.part, len(order)), m.joined_on, m.pk))
    rows = [[m.agency.name, m.get_part_display(), wareki(m.joined_on)] for m in team]
    return _list(["機関", "役割", "参加日"], rows, [100 * mm, 40 * mm, 40 * mm], "記録がありません")


def _consent(case: Case) -> Table:
    consent = case.consent
    rows: list[Sequence[Pair]] = [
        [
            ("同意日", f"{wareki(consent.obtained_on)}（{consent.get_method_display()}）"),
            ("同意を得た機関", consent.owner_agency.name),
        ],
        [("同意の範囲", "\n".join(f"■{label}" for label in consent.scope_labels()))],
    ]
    if consent.withdrawn_on is not None:
        rows.append([("撤回", f"{wareki(consent.withdrawn_on)}撤回　{consent.withdrawal_note}")])
    return _fields(rows)


@pdf.document
def assessment_sheet(
    assessment: Assessment,
    *,
    today: dt.date | None = None,
    history: Sequence[Consultation] | None = None,
) -> bytes:
    """``history`` is the 相談歴 the reader may see (``case_pages.read_history``, which records each read); the
    consultation the case was opened from is printed only when it is among them. Without it (a caller that
    knows the reader sees the source consultation) the source alone is the history."""
    a = (
        Assessment.objects.select_related(
            *_CASE_RELATED,
            "case__consultation__owner_agency",
            "case__consultation__referrer_agency",
            "case__referral__from_agency",
            "case__consent__owner_agency",
        )
        .prefetch_related("case__household__members", "case__consent__shared_agencies")
        .prefetch_related(Prefetch("members", queryset=AssessmentMember.objects.select_related("person")))
        .prefetch_related(
            Prefetch("case__team", queryset=TeamMember.objects.filter(left_on=None).select_related("agency"))
        )
        .get(pk=assessment.pk)
    )
    case = a.case
    if history is None:
        history = [case.consultation] if case.consultation is not None else []
    title = "インテーク・アセスメントシート"
    made_on = today or today_in_tokyo()
    ref = f"ケース番号 {case.number}"
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
    band = age_band_label(age_band(case.person.birth_date, a.assessed_on))
    story: list[Flowable] = [
        *_header(title, case.municipality.name, made_on, ref),
        _case_fields(
            case,
            [("アセスメント日", wareki(a.assessed_on)), ("版・記入者", f"第{a.version}版　{a.author_name}")],
            person=False,
        ),
        *_section(
            "本人",
            _identity(case.person, case.household, on=a.assessed_on, form="assessment"),
            _fields([[(_label("age", "年代"), f"{band}（アセスメント日現在）" if band else "")]]),
        ),
        *_section("相談の経緯", _fields(_came_by(case, history)), Spacer(1, 1.5 * mm), _history(history)),
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
        *_life(a),
        *_section(
            _label("issues", "課題の特性") + "（該当するものに■）", _check_grid(Issue.choices, a.issues)
        ),
        *_section(
            _label("situations", "複合課題の類型"),
            _fields([[("類型", _options(Situation.choices, a.situations, per_row=3))]]),
            keep=True,
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
                    [("課題の背景要因", a.background)],
                    [("強み・活用できる資源", a.strengths)],
                    [("本人の言葉・希望", a.person_words)],
                    [("緊急度", _checks(Urgency.choices, [a.urgency]))],
                    [("リスク", a.risks)],
                ],
                min_heights={0: 13 * mm, 1: 12 * mm, 2: 10 * mm, 3: 10 * mm, 4: 10 * mm, 6: 10 * mm},
            ),
        ),
        *_section("現在関わっている機関（支援チーム）", _team(case)),
        *_section(
            _label("result", "アセスメント結果・支援方針"),
            _fields([[("結果", _one(AssessmentResult.choices, a.result, per_row=3))]]),
            keep=True,
        ),
        *_section("本人同意の状況", _consent(case), keep=True),
        Spacer(1, 2 * mm),
        _p("※は国への報告対象項目", NOTE),
    ]
    return _build(story, title=title, municipality=case.municipality.name, ref=ref, made_on=made_on)
