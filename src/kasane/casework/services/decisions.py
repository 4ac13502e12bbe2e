"""A 重層的支援会議's decision applied to the case: the only way a plan is approved or a case closed."""

from __future__ import annotations

import datetime as dt
from typing import Any, Protocol

from django.db import transaction

from kasane.audit.actor import Actor
from kasane.casework.models import Case, CaseStatus, DecisionKind, Outcome, Plan, PlanStatus
from kasane.casework.services.case_common import WorkflowError, _event, _log, _require_owner
from kasane.casework.services.plans import _current_plan, _start_new_version
from kasane.casework.visibility import Viewer
from kasane.casework.workflow import cases as workflow


class MeetingDecision(Protocol):
    """A meeting's record of a decision about a case (``meetings.Decision``), as the case workflow applies it.
    The meetings app stands on casework; casework knows the decision only by what it offers."""

    kind: str
    outcome: str
    notes: str
    decided_on: dt.date
    agenda_item_id: int | None
    plan: Plan | None
    case: Case
    recorded_by: Any
    recorded_by_name: str

    def save(self) -> None: ...
    def get_kind_display(self) -> str: ...
    def get_outcome_display(self) -> str: ...


def record_decision(
    viewer: Viewer,
    case: Case,
    decision: MeetingDecision,
    next_review_on: dt.date | None = None,
    *,
    actor: Actor,
) -> MeetingDecision:
    """A decision of a 重層的支援会議: the only way a plan is approved or a case closed.

    The meeting records the decision (``meetings.Decision``, from one of its agenda items); this applies it
    to the case by the case workflow, and saves it with the plan it concerns.

    ``next_review_on``, when the meeting set one, becomes the plan's next review date if the
    plan goes on (approved or continued); a plan sent back for revision gets its date anew.
    """
    _require_owner(viewer, case)
    if decision.agenda_item_id is None:
        raise WorkflowError("会議の決定は、重層的支援会議の議題から記録します。")
    with transaction.atomic():
        locked = Case.objects.select_for_update().get(pk=case.pk)
        source = locked.status
        kind, outcome = decision.kind, decision.outcome
        if kind == DecisionKind.PLAN_APPROVAL:
            plan = _current_plan(locked, PlanStatus.SUBMITTED)
            action = workflow.check_case(
                "approve" if outcome == Outcome.APPROVED else "revise", source, by_decision=True
            )
            if plan is None:
                raise WorkflowError("会議に提出されたプランがありません。")
            plan.status = workflow.check_plan(
                "approve" if outcome == Outcome.APPROVED else "revise", plan.status
            )
            plan.lock_version += 1
            plan.save(update_fields=["status", "lock_version", "updated_at"])
            decision.plan = plan
            locked.status = action.target
        elif kind == DecisionKind.PROGRESS:
            if source != CaseStatus.SUPPORT:
                raise WorkflowError("進捗確認は「支援中」のケースについて行います。")
            decision.plan = _current_plan(locked, PlanStatus.ACTIVE, PlanStatus.APPROVED)
            if outcome == Outcome.REVISE:
                _start_new_version(viewer, locked)
                locked.status = workflow.check_case("revise", source, by_decision=True).target
        elif kind == DecisionKind.CLOSURE:
            if outcome == Outcome.CLOSE:
                action = workflow.check_case("close", source, by_decision=True)
                since = (
                    locked.events.filter(action="再開する")
                    .order_by("-at")
                    .values_list("on", flat=True)
                    .first()
                )
                evaluations = locked.evaluations.all()
                if since is not None:
                    evaluations = evaluations.filter(evaluated_on__gte=since)
                closing = evaluations.order_by("-evaluated_on", "-pk").first()
                if closing is None:
                    raise WorkflowError("終結の前に、終結時の評価（評価シート）を記録してください。")
                if not decision.notes.strip():
                    raise WorkflowError("終結の理由を「協議内容・理由」に入力してください。")
                plan = _current_plan(locked, PlanStatus.ACTIVE, PlanStatus.APPROVED)
                if plan is not None:
                    plan.status = workflow.check_plan("end", plan.status)
                    plan.lock_version += 1
                    plan.save(update_fields=["status", "lock_version", "updated_at"])
                    decision.plan = plan
                locked.status = action.target
                locked.closed_on = decision.decided_on
                locked.closure_reason = decision.notes
                # The 終結理由区分 the counts read is the one the closing evaluation proposed to the meeting.
                locked.closure_code = closing.closure_code
            elif source != CaseStatus.SUPPORT:
                raise WorkflowError("終結時の評価は「支援中」のケースについて行います。")
        plan = decision.plan
        if next_review_on and plan is not None and plan.status in (PlanStatus.APPROVED, PlanStatus.ACTIVE):
            plan.next_review_on = next_review_on
            plan.lock_version += 1
            plan.save(update_fields=["next_review_on", "lock_version", "updated_at"])
        decision.case = locked
        decision.recorded_by = viewer.user
        decision.recorded_by_name = viewer.user.full_name
        decision.save()
        locked.save()
        if locked.status != source:
            _event(
                viewer,
                locked,
                f"{decision.get_kind_display()}：{decision.get_outcome_display()}",
                source,
                decision.decided_on,
            )
        _log(viewer, "decision.recorded", locked, obj=decision, kind=kind, outcome=outcome, actor=actor)
    return decision
