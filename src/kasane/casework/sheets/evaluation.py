"""評価シート: the evaluation at closure, the latest plan's goals, and the 重層的支援会議's closure decision."""

from __future__ import annotations

import datetime as dt

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Table, TableStyle

from kasane.casework.forms.evaluations import IMPROVEMENT_GROUPS
from kasane.casework.models import ClosureCode, DecisionKind, Direction, Evaluation, GoalResult, Outcome
from kasane.casework.sheets.layout import (
    _CASE_RELATED,
    CELL,
    NOTE,
    Pair,
    _boxed,
    _build,
    _case_fields,
    _checks,
    _fields,
    _header,
    _list,
    _p,
    _reported,
    _section,
)
from kasane.casework.sheets.plan import FULL_VALUE, check_columns, plan_period
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
        rows = [
            [
                ("プラン", f"{plan}（{plan.get_status_display()}）"),
                ("プラン期間", plan_period(plan.starts_on, plan.ends_on)),
            ],
            [("長期目標", plan.long_term_goal)],
        ]
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
                    [("支援の実施状況", e.implementation)],
                ],
                min_heights={1: 18 * mm, 2: 14 * mm},
            ),
        ),
        *_section("本人の変化と就労・増収", _fields(_outcomes(e))),
        *_section(
            "本人の評価と残された課題",
            _fields(
                [[("本人の評価・意見", e.person_view)], [("残された課題・\n新たな課題", e.remaining_issues)]],
                min_heights={0: 14 * mm, 1: 14 * mm},
            ),
        ),
        *_section(
            "今後の方向性",
            _fields(
                [
                    [("今後の方向性", _checks(Direction.choices, [e.direction]))],
                    [
                        (
                            _reported("evaluation", "closure_code", "終結理由区分"),
                            check_columns(ClosureCode.choices, [e.closure_code], columns=3),
                        )
                    ],
                    [("終結後の見守り", watch), ("方法・担当", e.watch_note)],
                ]
            ),
            keep=True,
        ),
        *_section("重層的支援会議での判断", meeting),
    ]
    if case.closed_on is not None:
        closed = [
            [("終結日", wareki(case.closed_on)), ("終結理由区分", case.get_closure_code_display())],
            [("終結の理由", case.closure_reason)],
        ]
        story.extend(_section("終結", _fields(closed), keep=True))
    story.append(_p("※は国への報告対象項目", NOTE))
    return _build(story, title=title, municipality=case.municipality.name, ref=ref, made_on=made_on)


def _outcomes(e: Evaluation) -> list[list[Pair]]:
    """本人の変化 in the survey's groups, then 就労 and 増収 with their date and amount."""
    employed = f"■就労した（就労開始日：{wareki(e.employed_on)}）" if e.employed else "□就労した"
    if e.income_increased:
        amount = f"（月額 {e.income_increase:,}円）" if e.income_increase is not None else ""
        increased = f"■収入が増えた{amount}"
    else:
        increased = "□収入が増えた"
    return [
        [(_reported("evaluation", "improvements", "本人の変化\n（自立に向けた\n改善）"), _improvements(e))],
        [(_reported("evaluation", "employed", "就労"), employed)],
        [(_reported("evaluation", "income_increased", "増収"), increased)],
    ]


def _improvements(e: Evaluation) -> Table:
    """One line of checks per group, the group named on the left."""
    group_width = 26 * mm
    rows = [
        [
            _p(group, NOTE),
            check_columns(
                [(c.value, c.label) for c in codes], e.improvements, width=FULL_VALUE - group_width
            ),
        ]
        for group, codes in IMPROVEMENT_GROUPS
    ]
    table = Table(rows, colWidths=[group_width, FULL_VALUE - group_width], hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 1.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, -2), 0.25, pdf.RULE),
            ]
        )
    )
    return table
