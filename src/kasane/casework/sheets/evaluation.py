"""評価シート: the evaluation at closure, the latest plan's goals, and the 重層的支援会議's closure decision."""

from __future__ import annotations

import datetime as dt

from reportlab.lib.units import mm
from reportlab.platypus import Flowable

from kasane.casework.models import DecisionKind, Evaluation, GoalResult, Outcome
from kasane.casework.sheets.layout import (
    _CASE_RELATED,
    CELL,
    _boxed,
    _build,
    _case_fields,
    _checks,
    _fields,
    _header,
    _list,
    _p,
    _section,
)
from kasane.lib import pdf
from kasane.lib.dates import today as today_in_tokyo
from kasane.lib.dates import wareki


@pdf.document
def evaluation_sheet(evaluation: Evaluation, *, today: dt.date | None = None) -> bytes:
    e = Evaluation.objects.select_related(*_CASE_RELATED, "plan").get(pk=evaluation.pk)
    case = e.case
    judged = list(e.goals.all())
    # The plan that was evaluated; an evaluation made before goals were judged one by one names none.
    plan = e.plan or case.plans.order_by("-created_at", "-pk").first()
    closure = case.decisions.filter(kind=DecisionKind.CLOSURE).order_by("-decided_on", "-pk").first()
    title = "評価シート"
    made_on = today or today_in_tokyo()
    ref = f"ケース番号 {case.number}"
    period = f"{wareki(case.opened_on)}〜{wareki(case.closed_on)}"
    if plan is None:
        goals = _fields([[("プラン", "プランはありません")]])
    else:
        rows = [[("プラン", f"{plan}（{plan.get_status_display()}）")], [("長期目標", plan.long_term_goal)]]
        if not judged:
            rows.append([("短期目標", plan.short_term_goals)])
        goals = _fields(rows)
    if closure is None:
        meeting = _boxed(_p("終結時の評価はまだ重層的支援会議に諮っていません。", CELL))
    else:
        meeting = _fields(
            [
                [("会議日", wareki(closure.decided_on)), ("会議名", closure.meeting_name)],
                [
                    (
                        "結果",
                        _checks(
                            [(o.value, o.label) for o in (Outcome.CLOSE, Outcome.CONTINUE)], [closure.outcome]
                        ),
                    )
                ],
                [("協議内容・理由", closure.notes)],
                [("出席者", closure.attendees)],
            ],
            min_heights={2: 12 * mm},
        )
    watch = _checks([("yes", "続ける"), ("no", "続けない")], ["yes" if e.keep_watching else "no"])
    story: list[Flowable] = [
        *_header(title, case.municipality.name, made_on, ref),
        _case_fields(
            case, [("評価日", wareki(e.evaluated_on)), ("記入者", e.author_name)], [("支援期間", period)]
        ),
        *_section("プランの目標", goals),
    ]
    if judged:
        story.extend(
            _section(
                "短期目標ごとの評価",
                _list(
                    ["No.", "短期目標", "達成状況", "評価・理由"],
                    [
                        [
                            str(g.position),
                            g.goal,
                            _checks(GoalResult.choices, [g.result]).replace("　", "\n"),
                            g.comment,
                        ]
                        for g in judged
                    ],
                    [10 * mm, 68 * mm, 24 * mm, 78 * mm],
                    "",
                ),
            )
        )
    story += [
        *_section(
            "終結時の評価",
            _fields(
                [
                    [("目標の達成", _checks(GoalResult.choices, [e.goal_result]))],
                    [("全体の振り返り", e.reasons)],
                    [("本人の評価・意見", e.person_view)],
                    [("終結後の見守り", watch), ("方法・担当", e.watch_note)],
                ],
                min_heights={1: 22 * mm, 2: 16 * mm},
            ),
        ),
        *_section("重層的支援会議での判断", meeting),
    ]
    if case.closed_on is not None:
        closed = [[("終結日", wareki(case.closed_on))], [("終結の理由", case.closure_reason)]]
        story.extend(_section("終結", _fields(closed), keep=True))
    return _build(story, title=title, municipality=case.municipality.name, ref=ref, made_on=made_on)
