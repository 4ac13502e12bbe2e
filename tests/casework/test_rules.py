"""Each rule of the case services, reached on its own (issue 12, points 17 and 19).

Every test sets up a situation in which all the other guards are satisfied, so that the one rule it names is
the one that refuses (or allows): a test that another guard stops earlier proves nothing about the rule it is
named for. The services are called directly, as the pages, the API and the demo call them.
``benchmarks/mutation.py`` checks that these tests notice when a rule is changed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
import time_machine
from django.utils import timezone

from kasane.accounts.models import Membership, Role
from kasane.audit.actor import Actor
from kasane.audit.models import AuditEntry
from kasane.casework.models import (
    Assessment,
    Case,
    CaseEvent,
    CaseStatus,
    Consent,
    Evaluation,
    GoalEvaluation,
    Person,
    Plan,
    PlanRole,
    PlanStatus,
    ProgressNote,
    ReferralEvent,
    Status,
    TeamMember,
    TeamPart,
)
from kasane.casework.services import cases as services
from kasane.casework.services.plans import EditConflict
from kasane.casework.services.referrals import transition
from kasane.casework.visibility import Viewer
from kasane.casework.workflow.referrals import TransitionError
from tests import factories
from tests.clock import morning_of

pytestmark = pytest.mark.django_db

DAY = dt.date(2026, 11, 24)


@pytest.fixture(autouse=True)
def _clock() -> Iterator[time_machine.Coordinates]:
    with time_machine.travel(morning_of(DAY), tick=False) as traveller:
        yield traveller


@pytest.fixture
def w(world: dict[str, Any], make_user: Any) -> dict[str, Any]:
    """``world`` with the 社協 running 多機関協働, and a 社協 member of staff who may read cases but not record."""
    hub = world["agencies"]["shakyo"]
    hub.runs_collaboration = True
    hub.save(update_fields=["runs_collaboration"])
    reader_role = Role.objects.create(code="case_reader", name="ケース閲覧", permissions=["case.view"])
    reader = make_user("yomu", None)
    Membership.objects.create(user=reader, agency=hub, role=reader_role)
    world["users"]["reader"] = reader
    return world


def viewer(w: dict[str, Any], key: str) -> Viewer:
    seen = Viewer.of(w["users"][key], w["municipality"])
    assert seen is not None
    return seen


def actor(w: dict[str, Any], key: str) -> Actor:
    return Actor(user=w["users"][key], municipality=w["municipality"])


def person_with_consent(w: dict[str, Any], *, collaboration: bool = True) -> tuple[Person, Consent]:
    north = w["agencies"]["houkatsu_north"]
    p = factories.person(north)
    return p, factories.consent(p, north, collaboration=collaboration)


def open_as(w: dict[str, Any], key: str, p: Person, **extra: Any) -> Case:
    return services.open_case(
        viewer(w, key), p, title="8050・長期ひきこもり", opened_on=DAY, actor=actor(w, key), **extra
    )


def a_case(w: dict[str, Any], status: str) -> Case:
    """A case of the 8050 household in ``status``, run by the hub with 北部包括 on the team."""
    hub, north = w["agencies"]["shakyo"], w["agencies"]["houkatsu_north"]
    p, consent = person_with_consent(w)
    case = factories.case(p, hub, consent, [north], status=status)
    if status == CaseStatus.CLOSED:
        Case.objects.filter(pk=case.pk).update(closed_on=DAY, closure_reason="目標を達成した")
        case.refresh_from_db()
    return case


def move(w: dict[str, Any], case: Case, code: str, key: str = "coordinator") -> Case:
    # Reopening asks why (tests/casework/test_evaluation_and_reopening.py); the other rules here are not about it.
    note = "母が入院し、長男が一人で暮らすことになった" if code == "reopen" else ""
    return services.move_case(viewer(w, key), case, code, note, actor=actor(w, key))


# --- open_case ---------------------------------------------------------------------------------------------


def test_an_agency_that_does_not_run_collaboration_cannot_open_a_case(w: dict[str, Any]) -> None:
    p, _ = person_with_consent(w)
    with pytest.raises(services.WorkflowError, match="多機関協働事業者の職員が受け付けます"):
        open_as(w, "soudanin", p)
    assert not Case.objects.exists()


def test_hub_staff_who_may_only_read_cannot_open_a_case(w: dict[str, Any]) -> None:
    p, _ = person_with_consent(w)
    with pytest.raises(services.WorkflowError, match="多機関協働事業者の職員が受け付けます"):
        open_as(w, "reader", p)
    assert not Case.objects.exists()


def test_a_case_needs_the_persons_application_to_collaboration(w: dict[str, Any]) -> None:
    """The hub's coordinator, a person it may see (the consent names the hub): only the 利用申込み is missing."""
    p, consent = person_with_consent(w, collaboration=False)
    consent.shared_agencies.set([w["agencies"]["shakyo"]])
    with pytest.raises(services.WorkflowError, match="利用申込み（同意）が記録されていません"):
        open_as(w, "coordinator", p)
    assert not Case.objects.exists()


def test_a_withdrawn_application_opens_no_case(w: dict[str, Any]) -> None:
    p, consent = person_with_consent(w)
    Consent.objects.filter(pk=consent.pk).update(withdrawn_at=timezone.now(), withdrawn_on=DAY)
    with pytest.raises(services.WorkflowError, match="利用申込み（同意）が記録されていません"):
        open_as(w, "coordinator", p)
    assert not Case.objects.exists()


def test_opening_from_an_accepted_referral_puts_the_sender_on_the_team_and_moves_the_referral(
    w: dict[str, Any],
) -> None:
    hub, north = w["agencies"]["shakyo"], w["agencies"]["houkatsu_north"]
    p, consent = person_with_consent(w)
    sent = factories.referral(factories.consultation(p, north, consent), hub, consent, status=Status.ACCEPTED)
    case = open_as(w, "coordinator", p, referral=sent)
    assert (case.owner_agency, case.consent, case.status, case.lead_user) == (
        hub,
        consent,
        CaseStatus.INTAKE,
        w["users"]["coordinator"],
    )
    assert {(m.agency_id, m.part, m.user_id) for m in case.team.all()} == {
        (hub.pk, TeamPart.LEAD, w["users"]["coordinator"].pk),
        (north.pk, TeamPart.SUPPORT, None),
    }
    sent.refresh_from_db()
    assert sent.status == Status.IN_PROGRESS
    assert ReferralEvent.objects.filter(referral=sent, status=Status.IN_PROGRESS, agency=hub).exists()
    assert list(case.events.values_list("action", "to_status")) == [("受付", CaseStatus.INTAKE)]
    entry = AuditEntry.objects.get(action="case.opened")
    assert entry.details == {"consent": consent.pk} and entry.person_id == str(p.pk)


def test_a_referral_not_yet_accepted_is_left_as_it_is(w: dict[str, Any]) -> None:
    hub, north = w["agencies"]["shakyo"], w["agencies"]["houkatsu_north"]
    p, consent = person_with_consent(w)
    sent = factories.referral(
        factories.consultation(p, north, consent), hub, consent, status=Status.REQUESTED
    )
    open_as(w, "coordinator", p, referral=sent)
    sent.refresh_from_db()
    assert sent.status == Status.REQUESTED


def test_a_case_without_a_referral_has_the_hub_alone_on_its_team(w: dict[str, Any]) -> None:
    p, _ = person_with_consent(w)
    case = open_as(w, "coordinator", p)
    assert list(case.team.values_list("agency_id", "part")) == [(w["agencies"]["shakyo"].pk, TeamPart.LEAD)]


def test_a_household_has_one_open_case(w: dict[str, Any]) -> None:
    p, _ = person_with_consent(w)
    open_as(w, "coordinator", p)
    with pytest.raises(services.WorkflowError, match="終結していない多機関協働ケースがあります"):
        open_as(w, "coordinator", p)
    assert Case.objects.count() == 1


# --- move_case ---------------------------------------------------------------------------------------------


def test_only_the_hubs_staff_move_a_case(w: dict[str, Any]) -> None:
    case = a_case(w, CaseStatus.INTAKE)
    for key in ("soudanin", "reader"):  # on the team / at the hub, but may not record for it
        with pytest.raises(services.WorkflowError, match="多機関協働事業者の担当者が行います"):
            move(w, case, "start_assessment", key)
    case.refresh_from_db()
    assert case.status == CaseStatus.INTAKE


def test_a_move_is_an_event_and_an_audit_entry(w: dict[str, Any]) -> None:
    case = move(w, a_case(w, CaseStatus.INTAKE), "start_assessment")
    assert case.status == CaseStatus.ASSESSMENT
    event = case.events.latest("pk")
    assert (event.action, event.from_status, event.to_status) == (
        "アセスメントを始める",
        CaseStatus.INTAKE,
        CaseStatus.ASSESSMENT,
    )
    assert AuditEntry.objects.get(action="case.start_assessment").details == {"status": "assessment"}


def test_planning_needs_an_assessment(w: dict[str, Any]) -> None:
    case = a_case(w, CaseStatus.ASSESSMENT)
    case.assessments.all().delete()
    with pytest.raises(services.WorkflowError, match="アセスメントを記録してから"):
        move(w, case, "start_planning")
    Assessment.objects.create(case=case, version=1, assessed_on=DAY, household_situation="二人暮らし")
    assert move(w, case, "start_planning").status == CaseStatus.PLANNING


def test_a_reopened_case_needs_an_assessment_made_after_reopening(
    w: dict[str, Any], _clock: time_machine.Coordinates
) -> None:
    case = a_case(w, CaseStatus.CLOSED)  # assessed before it closed
    _clock.shift(dt.timedelta(days=1))
    move(w, case, "reopen")
    _clock.shift(dt.timedelta(hours=1))
    with pytest.raises(services.WorkflowError, match="再開後の状況でアセスメントを更新します"):
        move(w, case, "start_planning")
    Assessment.objects.create(case=case, version=2, assessed_on=DAY, household_situation="再開後")
    assert move(w, case, "start_planning").status == CaseStatus.PLANNING


def _planning_case(w: dict[str, Any], *, agreed: bool = True, roles: bool = True) -> tuple[Case, Plan]:
    case = a_case(w, CaseStatus.PLANNING)
    plan = case.plans.get()
    plan.person_agreed = agreed
    plan.save()
    if not roles:
        plan.roles.all().delete()
    return case, plan


def test_submitting_needs_a_plan_being_written(w: dict[str, Any]) -> None:
    case, plan = _planning_case(w)
    Plan.objects.filter(pk=plan.pk).update(status=PlanStatus.REVIEW)
    with pytest.raises(services.WorkflowError, match="提出するプランがありません"):
        move(w, case, "submit_plan")


def test_a_plan_the_person_has_not_agreed_to_is_not_submitted(w: dict[str, Any]) -> None:
    case, plan = _planning_case(w, agreed=False)
    with pytest.raises(services.WorkflowError, match="本人の同意が記録されていないプラン"):
        move(w, case, "submit_plan")
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT


def test_a_plan_without_roles_is_not_submitted(w: dict[str, Any]) -> None:
    case, _ = _planning_case(w, roles=False)
    with pytest.raises(services.WorkflowError, match="役割分担が1つもないプラン"):
        move(w, case, "submit_plan")


@pytest.mark.parametrize("status", [PlanStatus.DRAFT, PlanStatus.REVISION])
def test_submitting_sends_the_plan_to_the_meeting(w: dict[str, Any], status: str) -> None:
    case, plan = _planning_case(w)
    Plan.objects.filter(pk=plan.pk).update(status=status)
    case = move(w, case, "submit_plan")
    plan.refresh_from_db()
    assert (case.status, plan.status, plan.lock_version) == (
        CaseStatus.AWAITING_MEETING,
        PlanStatus.SUBMITTED,
        2,
    )


def test_reviewing_starts_a_new_version_of_the_plan(w: dict[str, Any]) -> None:
    case = a_case(w, CaseStatus.SUPPORT)
    old = case.plans.get()
    case = move(w, case, "review_plan")
    old.refresh_from_db()
    new = case.plans.get(version=2)
    assert (case.status, old.status, new.status, new.previous) == (
        CaseStatus.PLANNING,
        PlanStatus.REVIEW,
        PlanStatus.DRAFT,
        old,
    )
    assert sorted(new.roles.values_list("agency_id", flat=True)) == sorted(
        old.roles.values_list("agency_id", flat=True)
    )


def test_reviewing_needs_a_plan_in_force(w: dict[str, Any]) -> None:
    case = a_case(w, CaseStatus.SUPPORT)
    case.plans.update(status=PlanStatus.ENDED)
    with pytest.raises(services.WorkflowError, match="見直す実施中のプランがありません"):
        move(w, case, "review_plan")


def test_reopening_needs_a_standing_application_and_takes_the_new_one(w: dict[str, Any]) -> None:
    case = a_case(w, CaseStatus.CLOSED)
    Consent.objects.filter(pk=case.consent_id).update(withdrawn_at=timezone.now(), withdrawn_on=DAY)
    with pytest.raises(services.WorkflowError, match="再開するには"):
        move(w, case, "reopen")
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED
    again = factories.consent(case.person, w["agencies"]["houkatsu_north"])
    case = move(w, case, "reopen")
    case.refresh_from_db()
    assert (case.status, case.consent, case.closed_on, case.closure_reason) == (
        CaseStatus.ASSESSMENT,
        again,
        None,
        "",
    )


def test_a_case_is_not_reopened_beside_another_open_case_of_the_household(w: dict[str, Any]) -> None:
    closed = a_case(w, CaseStatus.CLOSED)
    factories.case(closed.person, w["agencies"]["shakyo"], closed.consent, [], status=CaseStatus.INTAKE)
    with pytest.raises(services.WorkflowError, match="別の進行中のケースがあるため"):
        move(w, closed, "reopen")
    closed.refresh_from_db()
    assert closed.status == CaseStatus.CLOSED


@pytest.mark.parametrize(
    ("code", "status"),
    [("approve", CaseStatus.AWAITING_MEETING), ("revise", CaseStatus.SUPPORT), ("close", CaseStatus.SUPPORT)],
)
def test_the_meetings_decisions_are_not_taken_by_hand(w: dict[str, Any], code: str, status: str) -> None:
    case = a_case(w, status)
    with pytest.raises(services.WorkflowError, match="重層的支援会議の決定として記録してください"):
        move(w, case, code)
    case.refresh_from_db()
    assert case.status == status


# --- the support team --------------------------------------------------------------------------------------


def _member(w: dict[str, Any]) -> TeamMember:
    return TeamMember(agency=w["agencies"]["division"], part=TeamPart.SUPPORT, joined_on=DAY)


def test_the_hub_adds_an_agency_to_the_team(w: dict[str, Any]) -> None:
    case = a_case(w, CaseStatus.SUPPORT)
    services.add_team_member(viewer(w, "coordinator"), case, _member(w), actor=actor(w, "coordinator"))
    assert case.team.filter(agency=w["agencies"]["division"]).exists()
    with pytest.raises(services.WorkflowError, match="すでに支援チームに入っています"):
        services.add_team_member(viewer(w, "coordinator"), case, _member(w), actor=actor(w, "coordinator"))


def test_a_team_member_does_not_add_others(w: dict[str, Any]) -> None:
    case = a_case(w, CaseStatus.SUPPORT)
    with pytest.raises(services.WorkflowError, match="多機関協働事業者の担当者が行います"):
        services.add_team_member(viewer(w, "soudanin"), case, _member(w), actor=actor(w, "soudanin"))
    assert not case.team.filter(agency=w["agencies"]["division"]).exists()


def test_a_closed_cases_team_is_not_changed(w: dict[str, Any]) -> None:
    case = a_case(w, CaseStatus.CLOSED)
    with pytest.raises(services.WorkflowError, match="終結したケースの支援チームは変更できません"):
        services.add_team_member(viewer(w, "coordinator"), case, _member(w), actor=actor(w, "coordinator"))
    assert not case.team.filter(agency=w["agencies"]["division"]).exists()


def test_the_hub_stays_on_the_team_and_others_leave_it(w: dict[str, Any]) -> None:
    case = a_case(w, CaseStatus.SUPPORT)
    lead = case.team.get(agency=w["agencies"]["shakyo"])
    with pytest.raises(services.WorkflowError, match="多機関協働事業者はチームから外せません"):
        services.remove_team_member(viewer(w, "coordinator"), case, lead, actor=actor(w, "coordinator"))
    north = case.team.get(agency=w["agencies"]["houkatsu_north"])
    with pytest.raises(services.WorkflowError, match="多機関協働事業者の担当者が行います"):
        services.remove_team_member(viewer(w, "soudanin"), case, north, actor=actor(w, "soudanin"))
    north.refresh_from_db()
    assert north.left_on is None
    services.remove_team_member(viewer(w, "coordinator"), case, north, actor=actor(w, "coordinator"))
    north.refresh_from_db()
    lead.refresh_from_db()
    assert (north.left_on, lead.left_on) == (DAY, None)


# --- notes, evaluations, assessments, plans ----------------------------------------------------------------


def _note() -> ProgressNote:
    return ProgressNote(on=DAY, text="訪問した。")


def test_a_team_agency_records_progress_under_its_own_name(w: dict[str, Any]) -> None:
    case = a_case(w, CaseStatus.SUPPORT)
    note = services.add_note(viewer(w, "soudanin"), case, _note(), actor=actor(w, "soudanin"))
    assert (note.agency, note.author) == (w["agencies"]["houkatsu_north"], w["users"]["soudanin"])


@pytest.mark.parametrize("who", ["other_admin", "reader", "left"])
def test_progress_is_recorded_only_by_the_teams_staff(w: dict[str, Any], make_user: Any, who: str) -> None:
    """南部包括 is not on the team; the reader is at the hub but may not record; 北部包括 has left the team."""
    case = a_case(w, CaseStatus.SUPPORT)
    key = who
    if who == "other_admin":
        w["users"]["south"] = make_user("minami", w["agencies"]["houkatsu_south"], "soudanin")
        key = "south"
    if who == "left":
        case.team.filter(agency=w["agencies"]["houkatsu_north"]).update(left_on=DAY)
        key = "soudanin"
    with pytest.raises(services.WorkflowError, match="支援経過は支援チームの機関の職員が記録します"):
        services.add_note(viewer(w, key), case, _note(), actor=actor(w, key))
    assert not ProgressNote.objects.exists()


def _evaluation() -> Evaluation:
    return Evaluation(evaluated_on=DAY, reasons="外出できている")


def _record_evaluation(w: dict[str, Any], case: Case) -> Evaluation:
    goals = [GoalEvaluation(goal="月に1回、誰かと話す", result="met")]
    return services.record_evaluation(
        viewer(w, "coordinator"),
        case,
        _evaluation(),
        goals,
        plan=services.evaluated_plan(case),
        actor=actor(w, "coordinator"),
    )


def test_the_evaluation_is_recorded_while_the_case_is_supported(w: dict[str, Any]) -> None:
    for status in (CaseStatus.PLANNING, CaseStatus.CLOSED):
        with pytest.raises(services.WorkflowError, match="「支援中」のケースで記録します"):
            _record_evaluation(w, a_case(w, status))
        Case.objects.all().delete()
    assert not Evaluation.objects.exists()
    case = a_case(w, CaseStatus.SUPPORT)
    _record_evaluation(w, case)
    assert case.evaluations.count() == 1


def test_assessments_are_recorded_between_intake_and_closure(w: dict[str, Any]) -> None:
    for status in (CaseStatus.INTAKE, CaseStatus.CLOSED):
        case = a_case(w, status)
        with pytest.raises(services.WorkflowError, match="「アセスメント中」以降、終結前"):
            services.save_assessment(
                viewer(w, "coordinator"),
                case,
                Assessment(assessed_on=DAY, household_situation="x"),
                [],
                actor=actor(w, "coordinator"),
            )
        assert case.assessments.count() == 1
        Case.objects.all().delete()
    case = a_case(w, CaseStatus.ASSESSMENT)
    saved = services.save_assessment(
        viewer(w, "coordinator"),
        case,
        Assessment(assessed_on=DAY, household_situation="x"),
        [],
        actor=actor(w, "coordinator"),
    )
    assert saved.version == 2


def _new_plan(w: dict[str, Any], case: Case) -> Plan:
    return services.create_plan(
        viewer(w, "coordinator"),
        case,
        Plan(long_term_goal="安心して暮らしたい", short_term_goals="月に1回話す"),
        [PlanRole(agency=w["agencies"]["shakyo"], actions="見守り")],
        actor=actor(w, "coordinator"),
    )


def test_a_plan_is_created_while_the_case_is_being_planned(w: dict[str, Any]) -> None:
    case = a_case(w, CaseStatus.ASSESSMENT)
    with pytest.raises(services.WorkflowError, match="「プラン作成中」のケースで作成します"):
        _new_plan(w, case)
    Case.objects.filter(pk=case.pk).update(status=CaseStatus.PLANNING)
    case.refresh_from_db()
    case.plans.update(status=PlanStatus.REVIEW)
    plan = _new_plan(w, case)
    assert (plan.version, plan.status) == (2, PlanStatus.DRAFT)
    with pytest.raises(services.WorkflowError, match="作成中の同じ種類のプランがあります"):
        _new_plan(w, case)


def test_only_a_plan_being_written_is_edited_and_never_over_someone_elses_save(w: dict[str, Any]) -> None:
    _, plan = _planning_case(w)
    edit = viewer(w, "coordinator"), plan
    services.update_plan(*edit, {"long_term_goal": "外に出たい"}, [], 1, actor=actor(w, "coordinator"))
    with pytest.raises(EditConflict):
        services.update_plan(
            *edit, {"long_term_goal": "家族と話したい"}, [], 1, actor=actor(w, "coordinator")
        )
    Plan.objects.filter(pk=plan.pk).update(status=PlanStatus.SUBMITTED)
    with pytest.raises(services.WorkflowError, match="プランが「会議提出」のため、編集できません"):
        services.update_plan(
            *edit, {"long_term_goal": "家族と話したい"}, [], 2, actor=actor(w, "coordinator")
        )
    plan.refresh_from_db()
    assert plan.long_term_goal == "外に出たい"
    with pytest.raises(services.WorkflowError, match="多機関協働事業者の担当者が行います"):
        services.update_plan(
            viewer(w, "soudanin"), plan, {"long_term_goal": "x"}, [], 2, actor=actor(w, "soudanin")
        )


def test_only_an_approved_plan_is_put_in_force(w: dict[str, Any]) -> None:
    case = a_case(w, CaseStatus.SUPPORT)
    plan = case.plans.get()
    Plan.objects.filter(pk=plan.pk).update(status=PlanStatus.SUBMITTED)
    with pytest.raises(services.WorkflowError, match="プランが「会議提出」のため"):
        services.activate_plan(viewer(w, "coordinator"), plan, actor=actor(w, "coordinator"))
    Plan.objects.filter(pk=plan.pk).update(status=PlanStatus.APPROVED)
    with pytest.raises(services.WorkflowError, match="多機関協働事業者の担当者が行います"):
        services.activate_plan(viewer(w, "soudanin"), plan, actor=actor(w, "soudanin"))
    active = services.activate_plan(viewer(w, "coordinator"), plan, actor=actor(w, "coordinator"))
    assert active.status == PlanStatus.ACTIVE
    assert CaseEvent.objects.filter(case=case, action=f"{active}の実施開始").exists()


# --- referrals ---------------------------------------------------------------------------------------------


def _sent(w: dict[str, Any], status: str = Status.REQUESTED) -> Any:
    p, consent = person_with_consent(w)
    north = w["agencies"]["houkatsu_north"]
    return factories.referral(
        factories.consultation(p, north, consent), w["agencies"]["shakyo"], consent, status
    )


def test_declining_and_cancelling_need_a_reason(w: dict[str, Any]) -> None:
    sent = _sent(w)
    with pytest.raises(TransitionError, match="理由を入力してください"):
        transition(viewer(w, "coordinator"), sent, "decline", "  ", actor=actor(w, "coordinator"))
    with pytest.raises(TransitionError, match="理由を入力してください"):
        transition(viewer(w, "soudanin"), sent, "cancel", "", actor=actor(w, "soudanin"))
    sent.refresh_from_db()
    assert sent.status == Status.REQUESTED
    done = transition(viewer(w, "coordinator"), sent, "decline", "対象外です", actor=actor(w, "coordinator"))
    assert done.status == Status.DECLINED
    assert done.events.latest("pk").note == "対象外です"


def test_the_receivers_staff_who_may_only_read_do_not_accept(w: dict[str, Any]) -> None:
    sent = _sent(w)
    with pytest.raises(TransitionError, match="この操作を行う権限がありません"):
        transition(viewer(w, "reader"), sent, "accept", actor=actor(w, "reader"))
    sent.refresh_from_db()
    assert sent.status == Status.REQUESTED
    assert transition(viewer(w, "coordinator"), sent, "accept", actor=actor(w, "coordinator")).status == (
        Status.ACCEPTED
    )


def test_each_side_takes_only_its_own_actions(w: dict[str, Any]) -> None:
    sent = _sent(w)
    with pytest.raises(TransitionError, match="つなぎ先の機関が行います"):
        transition(viewer(w, "soudanin"), sent, "accept", actor=actor(w, "soudanin"))
    with pytest.raises(TransitionError, match="つなぐ元の機関が行います"):
        transition(viewer(w, "coordinator"), sent, "cancel", "重複", actor=actor(w, "coordinator"))
    cancelled = transition(viewer(w, "soudanin"), sent, "cancel", "重複", actor=actor(w, "soudanin"))
    assert cancelled.status == Status.CANCELLED


# 主たる支援対象者 (issue 13, point 6): whom the case is mostly about, chosen by the hub from the household.


def test_a_new_case_is_about_its_applicant_until_the_hub_says_otherwise(w: dict[str, Any]) -> None:
    p, _consent = person_with_consent(w)
    case = open_as(w, "coordinator", p)
    assert list(case.subjects.all()) == [p]


def test_the_hub_names_several_members_of_the_household(w: dict[str, Any]) -> None:
    case = a_case(w, CaseStatus.SUPPORT)
    son = factories.person(
        w["agencies"]["houkatsu_north"],
        "髙橋 修",
        "たかはし おさむ",
        household=case.household,
        relationship="eldest_son",
    )
    services.set_subjects(
        viewer(w, "coordinator"), case, [case.person_id, son.pk], actor=actor(w, "coordinator")
    )
    assert set(case.subjects.all()) == {case.person, son}
    # One entry for each person added (this factory-made case had none yet: both).
    entries = AuditEntry.objects.filter(action="case.subjects_changed")
    assert sorted(e.person_id for e in entries) == sorted([str(case.person_id), str(son.pk)])
    assert all(e.details["after"] == sorted([case.person_id, son.pk]) for e in entries)
    assert all(e.basis_ref == f"case:{case.pk}" and e.details["before"] == [] for e in entries)
    services.set_subjects(viewer(w, "coordinator"), case, [son.pk], actor=actor(w, "coordinator"))
    removed = AuditEntry.objects.filter(action="case.subjects_changed").order_by("-pk").first()
    assert removed is not None and removed.person_id == str(case.person_id)  # only the one taken off
    assert AuditEntry.objects.filter(action="case.subjects_changed").count() == 3


def test_only_the_hub_names_them(w: dict[str, Any]) -> None:
    case = a_case(w, CaseStatus.SUPPORT)
    with pytest.raises(services.WorkflowError, match="多機関協働事業者"):
        services.set_subjects(viewer(w, "soudanin"), case, [case.person_id], actor=actor(w, "soudanin"))


def test_someone_outside_the_household_is_refused(w: dict[str, Any]) -> None:
    case = a_case(w, CaseStatus.SUPPORT)
    stranger = factories.person(w["agencies"]["shakyo"], "佐藤 一", "さとう はじめ")
    with pytest.raises(services.WorkflowError, match="この世帯の方"):
        services.set_subjects(
            viewer(w, "coordinator"), case, [case.person_id, stranger.pk], actor=actor(w, "coordinator")
        )
    with pytest.raises(services.WorkflowError, match="1人以上"):
        services.set_subjects(viewer(w, "coordinator"), case, [], actor=actor(w, "coordinator"))
    assert (
        not case.subjects.exists() and not AuditEntry.objects.filter(action="case.subjects_changed").exists()
    )


def test_after_withdrawal_the_subjects_stay_as_they_were(w: dict[str, Any]) -> None:
    case = a_case(w, CaseStatus.SUPPORT)
    Consent.objects.filter(pk=case.consent_id).update(withdrawn_at=timezone.now(), withdrawn_on=DAY)
    case.refresh_from_db()
    with pytest.raises(services.WorkflowError, match="撤回"):
        services.set_subjects(viewer(w, "coordinator"), case, [case.person_id], actor=actor(w, "coordinator"))


def test_a_closed_cases_subjects_stay_as_they_were(w: dict[str, Any]) -> None:
    case = a_case(w, CaseStatus.CLOSED)
    with pytest.raises(services.WorkflowError, match="終結"):
        services.set_subjects(viewer(w, "coordinator"), case, [case.person_id], actor=actor(w, "coordinator"))
