"""The 多機関協働 case's states and the plan's, and which action leads where: checked in one place."""

from __future__ import annotations

from dataclasses import dataclass

from kasane.casework.models import CaseStatus, PlanStatus


@dataclass(frozen=True)
class CaseAction:
    code: str
    label: str
    sources: tuple[CaseStatus, ...]
    target: CaseStatus
    # Decisions of a 重層的支援会議 drive some transitions; staff cannot take those by hand.
    by_decision: bool = False
    # Asked for in words and kept on the case's history (CaseEvent.note): why a closed case opens again.
    needs_reason: bool = False


CASE_ACTIONS: dict[str, CaseAction] = {
    a.code: a
    for a in (
        CaseAction("start_assessment", "アセスメントを始める", (CaseStatus.INTAKE,), CaseStatus.ASSESSMENT),
        CaseAction("start_planning", "プラン作成に進む", (CaseStatus.ASSESSMENT,), CaseStatus.PLANNING),
        CaseAction(
            "submit_plan", "プランを会議に提出する", (CaseStatus.PLANNING,), CaseStatus.AWAITING_MEETING
        ),
        CaseAction(
            "approve", "プラン承認", (CaseStatus.AWAITING_MEETING,), CaseStatus.SUPPORT, by_decision=True
        ),
        CaseAction(
            "revise",
            "プラン修正",
            (CaseStatus.AWAITING_MEETING, CaseStatus.SUPPORT),
            CaseStatus.PLANNING,
            by_decision=True,
        ),
        CaseAction("review_plan", "プランを見直す", (CaseStatus.SUPPORT,), CaseStatus.PLANNING),
        CaseAction("close", "終結", (CaseStatus.SUPPORT,), CaseStatus.CLOSED, by_decision=True),
        CaseAction("reopen", "再開する", (CaseStatus.CLOSED,), CaseStatus.ASSESSMENT, needs_reason=True),
    )
}


class WorkflowError(ValueError):
    pass


def check_case(code: str, status: str, *, by_decision: bool = False, reason: str = "") -> CaseAction:
    action = CASE_ACTIONS.get(code)
    if action is None:
        raise WorkflowError("その操作はできません。")
    if action.by_decision and not by_decision:
        raise WorkflowError(f"「{action.label}」は重層的支援会議の決定として記録してください。")
    if CaseStatus(status) not in action.sources:
        allowed = "・".join(s.label for s in action.sources)
        raise WorkflowError(
            f"ケースが「{CaseStatus(status).label}」のため、「{action.label}」はできません（{allowed}のときにできます）。"
        )
    if action.needs_reason and not reason.strip():
        raise WorkflowError(f"{action.label.removesuffix('する')}の理由を入力してください。")
    return action


def manual_actions(status: str) -> list[CaseAction]:
    return [a for a in CASE_ACTIONS.values() if not a.by_decision and CaseStatus(status) in a.sources]


# Plans: 作成中 → 会議提出 → 承認 / 修正 → 実施中 → 見直し (superseded by a new version) → 終了.
PLAN_EDITABLE = (PlanStatus.DRAFT, PlanStatus.REVISION)
PLAN_TRANSITIONS: dict[str, tuple[tuple[PlanStatus, ...], PlanStatus]] = {
    "submit": ((PlanStatus.DRAFT, PlanStatus.REVISION), PlanStatus.SUBMITTED),
    "approve": ((PlanStatus.SUBMITTED,), PlanStatus.APPROVED),
    "revise": ((PlanStatus.SUBMITTED, PlanStatus.ACTIVE, PlanStatus.APPROVED), PlanStatus.REVISION),
    "activate": ((PlanStatus.APPROVED,), PlanStatus.ACTIVE),
    "supersede": ((PlanStatus.ACTIVE, PlanStatus.APPROVED), PlanStatus.REVIEW),
    "end": ((PlanStatus.ACTIVE, PlanStatus.APPROVED), PlanStatus.ENDED),
}


def check_plan(code: str, status: str) -> PlanStatus:
    sources, target = PLAN_TRANSITIONS[code]
    if PlanStatus(status) not in sources:
        raise WorkflowError(f"プランが「{PlanStatus(status).label}」のため、この操作はできません。")
    return target
