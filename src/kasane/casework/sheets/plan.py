"""プラン兼事業等利用申込書: one version of the plan, its roles, the meeting's decisions on it, and the
person's agreement.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Prefetch
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from kasane.casework.models import Plan, PlanKind, PlanRole
from kasane.casework.sheets.layout import (
    _CASE_RELATED,
    _boxed,
    _build,
    _case_fields,
    _checks,
    _date_lines,
    _fields,
    _header,
    _identity,
    _list,
    _p,
    _section,
    _signature,
)
from kasane.lib import pdf
from kasane.lib.dates import localtime, wareki
from kasane.lib.dates import today as today_in_tokyo


@pdf.document
def plan_sheet(plan: Plan, *, today: dt.date | None = None) -> bytes:
    p = (
        Plan.objects.select_related(*_CASE_RELATED, "previous")
        .prefetch_related(Prefetch("roles", queryset=PlanRole.objects.select_related("agency")), "decisions")
        .get(pk=plan.pk)
    )
    case = p.case
    title = "プラン兼事業等利用申込書"
    made_on = today or today_in_tokyo()
    ref = f"ケース番号 {case.number}"
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
