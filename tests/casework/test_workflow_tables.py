"""The state tables of the case, the plan and the referral, written out here as the rules say them
(issue 12, point 19): every action from every state, allowed or refused, and by whom. A change to a table in
``kasane.casework.workflow`` that is not also made here fails."""

from __future__ import annotations

import pytest

from kasane.casework.models import CaseStatus, PlanStatus, Status
from kasane.casework.workflow import cases, referrals

C = CaseStatus
# action: (states it starts from, state it leads to, only as a 重層的支援会議's decision)
CASE_RULES: dict[str, tuple[set[CaseStatus], CaseStatus, bool]] = {
    "start_assessment": ({C.INTAKE}, C.ASSESSMENT, False),
    "start_planning": ({C.ASSESSMENT}, C.PLANNING, False),
    "submit_plan": ({C.PLANNING}, C.AWAITING_MEETING, False),
    "approve": ({C.AWAITING_MEETING}, C.SUPPORT, True),
    "revise": ({C.AWAITING_MEETING, C.SUPPORT}, C.PLANNING, True),
    "review_plan": ({C.SUPPORT}, C.PLANNING, False),
    "close": ({C.SUPPORT}, C.CLOSED, True),
    "reopen": ({C.CLOSED}, C.ASSESSMENT, False),
}
# Actions that must say why (kept on the case's history): a closed case is reopened only with a reason.
CASE_REASON_NEEDED = {"reopen"}

P = PlanStatus
PLAN_RULES: dict[str, tuple[set[PlanStatus], PlanStatus]] = {
    "submit": ({P.DRAFT, P.REVISION}, P.SUBMITTED),
    "approve": ({P.SUBMITTED}, P.APPROVED),
    "revise": ({P.SUBMITTED, P.ACTIVE, P.APPROVED}, P.REVISION),
    "activate": ({P.APPROVED}, P.ACTIVE),
    "supersede": ({P.ACTIVE, P.APPROVED}, P.REVIEW),
    "end": ({P.ACTIVE, P.APPROVED}, P.ENDED),
}

S = Status
# action: (side that takes it, states it starts from, state it leads to, needs a reason)
REFERRAL_RULES: dict[str, tuple[str, set[Status], Status, bool]] = {
    "accept": ("receiver", {S.REQUESTED}, S.ACCEPTED, False),
    "decline": ("receiver", {S.REQUESTED}, S.DECLINED, True),
    "start": ("receiver", {S.ACCEPTED}, S.IN_PROGRESS, False),
    "complete": ("receiver", {S.ACCEPTED, S.IN_PROGRESS}, S.COMPLETED, False),
    "cancel": ("sender", {S.REQUESTED, S.ACCEPTED, S.IN_PROGRESS}, S.CANCELLED, True),
}


def test_the_case_table_names_these_actions_and_no_other() -> None:
    assert set(cases.CASE_ACTIONS) == set(CASE_RULES)
    with pytest.raises(cases.WorkflowError, match="その操作はできません"):
        cases.check_case("delete", C.INTAKE)


@pytest.mark.parametrize("code", list(CASE_RULES))
@pytest.mark.parametrize("status", list(CaseStatus))
def test_each_case_action_from_each_state(code: str, status: CaseStatus) -> None:
    sources, target, by_decision = CASE_RULES[code]
    if by_decision:
        with pytest.raises(cases.WorkflowError, match="重層的支援会議の決定として記録してください"):
            cases.check_case(code, status)
    if status in sources:
        assert cases.check_case(code, status, by_decision=by_decision, reason="理由").target == target
    else:
        with pytest.raises(cases.WorkflowError, match=f"ケースが「{status.label}」のため"):
            cases.check_case(code, status, by_decision=by_decision)


@pytest.mark.parametrize("code", list(CASE_RULES))
def test_which_case_actions_ask_for_a_reason(code: str) -> None:
    sources, _target, by_decision = CASE_RULES[code]
    source = sorted(sources)[0]
    assert cases.CASE_ACTIONS[code].needs_reason == (code in CASE_REASON_NEEDED)
    if code in CASE_REASON_NEEDED:
        for blank in ("", "  \u3000 "):
            with pytest.raises(cases.WorkflowError, match="の理由を入力してください"):
                cases.check_case(code, source, by_decision=by_decision, reason=blank)
    else:
        assert cases.check_case(code, source, by_decision=by_decision).target == _target


@pytest.mark.parametrize("status", list(CaseStatus))
def test_the_buttons_offered_are_the_manual_actions_of_the_state(status: CaseStatus) -> None:
    expected = {
        code
        for code, (sources, _, by_decision) in CASE_RULES.items()
        if status in sources and not by_decision
    }
    assert {a.code for a in cases.manual_actions(status)} == expected


@pytest.mark.parametrize("code", list(PLAN_RULES))
@pytest.mark.parametrize("status", list(PlanStatus))
def test_each_plan_transition_from_each_state(code: str, status: PlanStatus) -> None:
    sources, target = PLAN_RULES[code]
    if status in sources:
        assert cases.check_plan(code, status) == target
    else:
        with pytest.raises(cases.WorkflowError, match=f"プランが「{status.label}」のため"):
            cases.check_plan(code, status)


def test_a_plan_is_edited_only_while_it_is_written() -> None:
    assert set(cases.PLAN_EDITABLE) == {P.DRAFT, P.REVISION}


def test_the_referral_table_names_these_actions_and_no_other() -> None:
    assert set(referrals.ACTIONS) == set(REFERRAL_RULES)
    with pytest.raises(referrals.TransitionError, match="その操作はできません"):
        referrals.check("forward", S.REQUESTED, "receiver")


@pytest.mark.parametrize("code", list(REFERRAL_RULES))
@pytest.mark.parametrize("status", list(Status))
@pytest.mark.parametrize("side", ["sender", "receiver"])
def test_each_referral_action_from_each_state_and_side(code: str, status: Status, side: str) -> None:
    owner, sources, target, needs_reason = REFERRAL_RULES[code]
    if side != owner:
        doer = "つなぎ先の機関" if owner == "receiver" else "つなぐ元の機関"
        with pytest.raises(referrals.TransitionError, match=f"この操作は{doer}が行います"):
            referrals.check(code, status, side)
    elif status in sources:
        action = referrals.check(code, status, side)
        assert (action.target, action.needs_reason) == (target, needs_reason)
    else:
        with pytest.raises(referrals.TransitionError, match=f"このつなぎは「{status.label}」のため"):
            referrals.check(code, status, side)


@pytest.mark.parametrize("status", list(Status))
@pytest.mark.parametrize("side", ["sender", "receiver"])
def test_the_buttons_offered_on_a_referral(status: Status, side: str) -> None:
    expected = {
        c for c, (owner, sources, _, _) in REFERRAL_RULES.items() if owner == side and status in sources
    }
    assert {a.code for a in referrals.available(status, side)} == expected
