"""Every change to a 多機関協働 case: one transaction, one CaseEvent where the state moves, one audit entry."""

from __future__ import annotations

import datetime as dt
from typing import Any, Protocol

from django.db import IntegrityError, transaction

from kasane import audit
from kasane.audit.actor import Actor
from kasane.audit.models import Basis
from kasane.casework.models import (
    Assessment,
    AssessmentMember,
    Case,
    CaseEvent,
    CaseStatus,
    Consent,
    Consultation,
    DecisionKind,
    Evaluation,
    Outcome,
    Person,
    Plan,
    PlanRole,
    PlanStatus,
    ProgressNote,
    Referral,
    ReferralEvent,
    TeamMember,
    TeamPart,
)
from kasane.casework.models import Status as ReferralStatus
from kasane.casework.visibility import Viewer
from kasane.casework.workflow import cases as workflow
from kasane.lib.dates import today

WorkflowError = workflow.WorkflowError


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


class EditConflict(Exception):
    """Someone else saved the plan after this editor loaded it."""


def _log(viewer: Viewer, action: str, case: Case, obj: Any = None, *, actor: Actor, **details: Any) -> None:
    audit.log(
        action,
        actor=actor,
        agency=viewer.primary_agency,
        obj=obj if obj is not None else case,
        person_id=case.person_id,
        basis=Basis.OWN if case.owner_agency_id in viewer.agency_ids else Basis.CASE_TEAM,
        basis_ref=f"case:{case.pk}",
        details=details,
    )


def _event(
    viewer: Viewer, case: Case, action: str, source: str, on: dt.date | None = None, note: str = ""
) -> None:
    CaseEvent.objects.create(
        case=case,
        action=action,
        from_status=source,
        to_status=case.status,
        actor=viewer.user,
        actor_name=viewer.user.full_name,
        on=on or today(),
        note=note,
    )


def collaboration_consent(person: Person) -> Consent | None:
    return (
        Consent.objects.active()
        .filter(person=person, covers_collaboration=True)
        .order_by("-obtained_on")
        .first()
    )


def open_case(
    viewer: Viewer,
    person: Person,
    *,
    title: str,
    opened_on: dt.date,
    consultation: Consultation | None = None,
    referral: Referral | None = None,
    actor: Actor,
) -> Case:
    hub = viewer.primary_agency
    if not hub.runs_collaboration or not viewer.can_edit(hub.pk):
        raise WorkflowError("多機関協働ケースは、多機関協働事業者の職員が受け付けます。")
    consent = collaboration_consent(person)
    if consent is None:
        raise WorkflowError(
            "本人の多機関協働事業の利用申込み（同意）が記録されていません。先に同意を記録してください。"
        )
    try:
        with transaction.atomic():
            case = Case.objects.create(
                municipality=viewer.municipality,
                owner_agency=hub,
                household_id=person.household_id,
                person=person,
                consent=consent,
                consultation=consultation,
                referral=referral,
                title=title,
                opened_on=opened_on,
                lead_user=viewer.user,
            )
            TeamMember.objects.create(
                case=case, agency=hub, user=viewer.user, part=TeamPart.LEAD, joined_on=opened_on
            )
            if referral is not None and referral.from_agency_id != hub.pk:
                TeamMember.objects.create(
                    case=case, agency_id=referral.from_agency_id, part=TeamPart.SUPPORT, joined_on=opened_on
                )
            _event(viewer, case, "受付", "", opened_on)
            _log(viewer, "case.opened", case, consent=consent.pk, actor=actor)
            if referral is not None and referral.status == ReferralStatus.ACCEPTED:
                # The sender sees the loop close: the referral moves to 対応中 as the case opens.
                referral.status = ReferralStatus.IN_PROGRESS
                referral.save(update_fields=["status", "updated_at"])
                ReferralEvent.objects.create(
                    referral=referral,
                    status=ReferralStatus.IN_PROGRESS,
                    actor=viewer.user,
                    actor_name=viewer.user.full_name,
                    agency=hub,
                    note=f"多機関協働ケースとして受け付けました（{title}）。",
                )
    except IntegrityError:
        raise WorkflowError(
            "この世帯には終結していない多機関協働ケースがあります。そのケースを使ってください。"
        ) from None
    return case


def move_case(viewer: Viewer, case: Case, code: str, note: str = "", *, actor: Actor) -> Case:
    _require_owner(viewer, case)
    with transaction.atomic():
        locked = Case.objects.select_for_update().get(pk=case.pk)
        action = workflow.check_case(code, locked.status)
        source = locked.status
        if code == "start_planning":
            reopened = (
                locked.events.filter(action="再開する").order_by("-at").values_list("at", flat=True).first()
            )
            assessments = locked.assessments.all()
            if reopened is not None:
                assessments = assessments.filter(created_at__gte=reopened)
            if not assessments.exists():
                raise WorkflowError(
                    "アセスメントを記録してから、プラン作成に進んでください。"
                    + ("再開したケースは、再開後の状況でアセスメントを更新します。" if reopened else "")
                )
        if code == "submit_plan":
            plan = _current_plan(locked, PlanStatus.DRAFT, PlanStatus.REVISION)
            if plan is None:
                raise WorkflowError("提出するプランがありません。先にプランを作成してください。")
            if not plan.person_agreed:
                raise WorkflowError("本人の同意が記録されていないプランは、会議に提出できません。")
            if not plan.roles.exists():
                raise WorkflowError("役割分担が1つもないプランは提出できません。")
            plan.status = workflow.check_plan("submit", plan.status)
            plan.lock_version += 1
            plan.save(update_fields=["status", "lock_version", "updated_at"])
        if code == "review_plan":
            _start_new_version(viewer, locked)
        if code == "reopen":
            consent = collaboration_consent(locked.person)
            if consent is None:
                raise WorkflowError(
                    "再開するには、本人の多機関協働事業の利用申込み（同意）が有効である必要があります。"
                )
            locked.consent = consent
            locked.closed_on = None
            locked.closure_reason = ""
        locked.status = action.target
        try:
            with transaction.atomic():
                locked.save()
        except IntegrityError:
            raise WorkflowError("この世帯には別の進行中のケースがあるため、再開できません。") from None
        _event(viewer, locked, action.label, source, note=note)
        _log(viewer, f"case.{code}", locked, status=locked.status, actor=actor)
    return locked


def _require_owner(viewer: Viewer, case: Case) -> None:
    if not viewer.can_edit(case.owner_agency_id):
        raise WorkflowError("この操作は多機関協働事業者の担当者が行います。")


def _current_plan(case: Case, *statuses: str) -> Plan | None:
    return case.plans.filter(status__in=statuses).order_by("-version").first()


def _start_new_version(viewer: Viewer, case: Case) -> Plan:
    old = _current_plan(case, PlanStatus.ACTIVE, PlanStatus.APPROVED)
    if old is None:
        raise WorkflowError("見直す実施中のプランがありません。")
    old.status = workflow.check_plan("supersede", old.status)
    old.lock_version += 1
    old.save(update_fields=["status", "lock_version", "updated_at"])
    roles = list(old.roles.all())
    new = Plan.objects.create(
        case=case,
        kind=old.kind,
        version=old.version + 1,
        previous=old,
        long_term_goal=old.long_term_goal,
        short_term_goals=old.short_term_goals,
        next_review_on=None,
        author=viewer.user,
        author_name=viewer.user.full_name,
    )
    PlanRole.objects.bulk_create(
        [
            PlanRole(
                plan=new,
                agency_id=r.agency_id,
                who=r.who,
                actions=r.actions,
                frequency=r.frequency,
                until=r.until,
            )
            for r in roles
        ]
    )
    return new


def add_team_member(viewer: Viewer, case: Case, member: TeamMember, *, actor: Actor) -> TeamMember:
    _require_owner(viewer, case)
    if case.status == CaseStatus.CLOSED:
        raise WorkflowError("終結したケースの支援チームは変更できません。")
    member.case = case
    try:
        with transaction.atomic():
            member.save()
            _log(viewer, "case.team_added", case, agency=member.agency_id, part=member.part, actor=actor)
    except IntegrityError:
        raise WorkflowError("この機関はすでに支援チームに入っています。") from None
    return member


def remove_team_member(viewer: Viewer, case: Case, member: TeamMember, *, actor: Actor) -> None:
    _require_owner(viewer, case)
    if member.agency_id == case.owner_agency_id:
        raise WorkflowError("多機関協働事業者はチームから外せません。")
    with transaction.atomic():
        member.left_on = today()
        member.save(update_fields=["left_on"])
        _log(viewer, "case.team_removed", case, agency=member.agency_id, actor=actor)


def save_assessment(
    viewer: Viewer, case: Case, assessment: Assessment, members: list[AssessmentMember], *, actor: Actor
) -> Assessment:
    """A new version every time: earlier assessments are kept as they were."""
    _require_owner(viewer, case)
    if case.status in (CaseStatus.INTAKE, CaseStatus.CLOSED):
        raise WorkflowError("アセスメントは「アセスメント中」以降、終結前のケースで記録できます。")
    with transaction.atomic():
        last = Case.objects.select_for_update().get(pk=case.pk).assessments.order_by("-version").first()
        assessment.case = case
        assessment.version = (last.version if last else 0) + 1
        assessment.author = viewer.user
        assessment.author_name = viewer.user.full_name
        assessment.save()
        for m in members:
            m.assessment = assessment
        AssessmentMember.objects.bulk_create(members)
        _log(viewer, "assessment.recorded", case, obj=assessment, version=assessment.version, actor=actor)
    return assessment


def create_plan(viewer: Viewer, case: Case, plan: Plan, roles: list[PlanRole], *, actor: Actor) -> Plan:
    _require_owner(viewer, case)
    if case.status != CaseStatus.PLANNING:
        raise WorkflowError("プランは「プラン作成中」のケースで作成します。")
    with transaction.atomic():
        Case.objects.select_for_update().get(pk=case.pk)
        if case.plans.filter(kind=plan.kind, status__in=workflow.PLAN_EDITABLE).exists():
            raise WorkflowError("作成中の同じ種類のプランがあります。そのプランを編集してください。")
        last = case.plans.filter(kind=plan.kind).order_by("-version").first()
        plan.case = case
        plan.version = (last.version if last else 0) + 1
        plan.previous = last
        plan.author = viewer.user
        plan.author_name = viewer.user.full_name
        plan.save()
        for role in roles:
            role.plan = plan
        PlanRole.objects.bulk_create(roles)
        _log(viewer, "plan.created", case, obj=plan, version=plan.version, actor=actor)
    return plan


def update_plan(
    viewer: Viewer, plan: Plan, fields: dict[str, Any], roles: list[PlanRole], based_on: int, *, actor: Actor
) -> Plan:
    """Save an edit made on version ``based_on`` of the plan; refuse it if someone saved in between."""
    case = plan.case
    _require_owner(viewer, case)
    with transaction.atomic():
        updated = Plan.objects.filter(
            pk=plan.pk, lock_version=based_on, status__in=workflow.PLAN_EDITABLE
        ).update(lock_version=based_on + 1, **fields)
        if not updated:
            current = Plan.objects.get(pk=plan.pk)
            if current.status not in workflow.PLAN_EDITABLE:
                raise WorkflowError(f"プランが「{current.get_status_display()}」のため、編集できません。")
            raise EditConflict
        plan.roles.all().delete()
        for role in roles:
            role.plan = plan
        PlanRole.objects.bulk_create(roles)
        plan.refresh_from_db()
        _log(viewer, "plan.updated", case, obj=plan, version=plan.version, fields=sorted(fields), actor=actor)
    return plan


def activate_plan(viewer: Viewer, plan: Plan, *, actor: Actor) -> Plan:
    _require_owner(viewer, plan.case)
    with transaction.atomic():
        locked = Plan.objects.select_for_update().get(pk=plan.pk)
        locked.status = workflow.check_plan("activate", locked.status)
        locked.lock_version += 1
        locked.save(update_fields=["status", "lock_version", "updated_at"])
        case = plan.case
        _event(viewer, case, f"{locked}の実施開始", case.status)
        _log(viewer, "plan.activated", case, obj=locked, actor=actor)
    return locked


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
                if not evaluations.exists():
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


def add_note(viewer: Viewer, case: Case, note: ProgressNote, *, actor: Actor) -> ProgressNote:
    """Any team member records progress, under their own agency."""
    team_agencies = set(case.team.filter(left_on__isnull=True).values_list("agency_id", flat=True))
    writable = sorted(a for a in viewer.edit_agency_ids if a in team_agencies)
    if not writable:
        raise WorkflowError("支援経過は支援チームの機関の職員が記録します。")
    with transaction.atomic():
        note.case = case
        note.agency_id = writable[0]
        note.author = viewer.user
        note.author_name = viewer.user.full_name
        note.save()
        _log(viewer, "note.recorded", case, obj=note, actor=actor)
    return note


def record_evaluation(viewer: Viewer, case: Case, evaluation: Evaluation, *, actor: Actor) -> Evaluation:
    _require_owner(viewer, case)
    if case.status != CaseStatus.SUPPORT:
        raise WorkflowError("終結時の評価は「支援中」のケースで記録します。")
    with transaction.atomic():
        evaluation.case = case
        evaluation.author = viewer.user
        evaluation.author_name = viewer.user.full_name
        evaluation.save()
        _log(viewer, "evaluation.recorded", case, obj=evaluation, actor=actor)
    return evaluation
