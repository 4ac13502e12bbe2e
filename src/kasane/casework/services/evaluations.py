"""終結時の評価: each 短期目標 judged as the 評価シート does, the case's result following from them."""

from __future__ import annotations

from django.db import transaction

from kasane.audit.actor import Actor
from kasane.casework.models import (
    Case,
    CaseStatus,
    Evaluation,
    GoalEvaluation,
    Plan,
    PlanStatus,
    overall_result,
)
from kasane.casework.services.case_common import WorkflowError, _log, _require_owner
from kasane.casework.visibility import Viewer


def evaluated_plan(case: Case) -> Plan | None:
    """The plan whose goals a closure evaluates: the one being carried out."""
    return case.plans.filter(status__in=[PlanStatus.ACTIVE, PlanStatus.APPROVED]).order_by("-version").first()


def record_evaluation(
    viewer: Viewer,
    case: Case,
    evaluation: Evaluation,
    goals: list[GoalEvaluation],
    *,
    plan: Plan | None,
    actor: Actor,
) -> Evaluation:
    """Records the evaluation with one row per goal; 目標の達成 is derived from the goals, never typed apart
    from them, so the sheet cannot say 達成 over goals judged 未達成."""
    _require_owner(viewer, case)
    if case.status != CaseStatus.SUPPORT:
        raise WorkflowError("終結時の評価は「支援中」のケースで記録します。")
    if not goals:
        raise WorkflowError("短期目標ごとに達成状況を評価してください。")
    if plan is not None and plan.case_id != case.pk:
        raise WorkflowError("このケースのプランではありません。")
    with transaction.atomic():
        evaluation.case = case
        evaluation.plan = plan
        evaluation.goal_result = overall_result([g.result for g in goals])
        evaluation.author = viewer.user
        evaluation.author_name = viewer.user.full_name
        evaluation.save()
        for position, goal in enumerate(goals, start=1):
            goal.evaluation = evaluation
            goal.position = position
        GoalEvaluation.objects.bulk_create(goals)
        _log(
            viewer,
            "evaluation.recorded",
            case,
            obj=evaluation,
            goal_result=evaluation.goal_result,
            goals=[g.result for g in goals],
            actor=actor,
        )
    return evaluation
