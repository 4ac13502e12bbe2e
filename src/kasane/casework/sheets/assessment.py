"""インテーク・アセスメントシート: one version of the assessment, with the household as registered."""

from __future__ import annotations

import datetime as dt

from django.db.models import Prefetch
from reportlab.lib.units import mm
from reportlab.platypus import Flowable

from kasane.casework.models import Assessment, AssessmentMember, Urgency
from kasane.casework.sheets.layout import (
    _CASE_RELATED,
    CELL,
    NOTE,
    _build,
    _case_fields,
    _checks,
    _fields,
    _header,
    _identity,
    _list,
    _living,
    _p,
    _relation,
    _section,
)
from kasane.lib import pdf
from kasane.lib.dates import today as today_in_tokyo
from kasane.lib.dates import wareki


@pdf.document
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
