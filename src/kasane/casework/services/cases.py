"""Every change to a 多機関協働 case: one transaction, one CaseEvent where the state moves, one audit entry.

Opening, moving and the support team are here; assessments and plans are in ``plans``, the meeting's
decisions in ``decisions``, progress notes and the evaluation in ``notes``. Every one of them is
importable from here as well.
"""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction

from kasane.audit.actor import Actor
from kasane.audit.models import Basis
from kasane.audit.trail import Item, log_many
from kasane.casework.models import (
    Case,
    CaseStatus,
    Consent,
    Consultation,
    Person,
    PlanStatus,
    Referral,
    ReferralEvent,
    TeamMember,
    TeamPart,
)
from kasane.casework.models import Status as ReferralStatus
from kasane.casework.services.case_common import WorkflowError, _event, _log, _require_owner
from kasane.casework.services.consultations import close_for_case
from kasane.casework.services.decisions import MeetingDecision, record_decision
from kasane.casework.services.evaluations import evaluated_plan, record_evaluation
from kasane.casework.services.notes import add_note
from kasane.casework.services.plans import (
    EditConflict,
    _current_plan,
    _start_new_version,
    activate_plan,
    create_plan,
    save_assessment,
    update_plan,
)
from kasane.casework.visibility import Viewer
from kasane.casework.workflow import cases as workflow
from kasane.lib.dates import today


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
            case.subjects.add(person)
            TeamMember.objects.create(
                case=case, agency=hub, user=viewer.user, part=TeamPart.LEAD, joined_on=opened_on
            )
            if referral is not None and referral.from_agency_id != hub.pk:
                TeamMember.objects.create(
                    case=case, agency_id=referral.from_agency_id, part=TeamPart.SUPPORT, joined_on=opened_on
                )
            _event(viewer, case, "受付", "", opened_on)
            carried = False
            if consultation is not None and consultation.owner_agency_id == hub.pk:
                # The 相談記録 goes on as the case, which carries its 経過 (closed 多機関協働へ移行).
                close_for_case(consultation, opened_on)
                carried = True
            closed = {"consultation_closed": True} if carried else {}
            _log(viewer, "case.opened", case, consent=consent.pk, actor=actor, **closed)
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
        action = workflow.check_case(code, locked.status, reason=note)
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
            locked.closure_code = ""
        locked.status = action.target
        try:
            with transaction.atomic():
                locked.save()
        except IntegrityError:
            raise WorkflowError("この世帯には別の進行中のケースがあるため、再開できません。") from None
        event = _event(viewer, locked, action.label, source, note=note.strip())
        # The reason itself stays on the case's history, which retention can scrub; the trail, which
        # keeps everything, points to it.
        details = {"event": event.pk} if action.needs_reason else {}
        _log(viewer, f"case.{code}", locked, status=locked.status, actor=actor, **details)
    return locked


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


def set_subjects(viewer: Viewer, case: Case, person_ids: list[int], *, actor: Actor) -> list[Person]:
    """Who the case is mostly about: one or more members of its household, chosen by the hub."""
    _require_owner(viewer, case)
    if case.status == CaseStatus.CLOSED:
        raise WorkflowError("終結したケースの主たる支援対象者は変更できません。")
    if not case.consent.is_active:
        raise WorkflowError("利用申込み（同意）が撤回されているため、主たる支援対象者は変更できません。")
    chosen = list(Person.objects.filter(household_id=case.household_id, pk__in=person_ids))
    if not chosen or len(chosen) != len(set(person_ids)):
        raise WorkflowError("主たる支援対象者は、この世帯の方から1人以上選んでください。")
    with transaction.atomic():
        Case.objects.select_for_update().get(pk=case.pk)  # one change at a time
        before = set(case.subjects.values_list("pk", flat=True))
        after = {p.pk for p in chosen}
        case.subjects.set(chosen)
        # One entry for each person added or removed, so each one's disclosure record shows it.
        log_many(
            "case.subjects_changed",
            [
                Item(
                    obj=case,
                    person_id=person_id,
                    basis=Basis.OWN,
                    basis_ref=f"case:{case.pk}",
                    details={"before": sorted(before), "after": sorted(after)},
                )
                for person_id in sorted(before ^ after)
            ],
            actor=actor,
            agency=viewer.primary_agency,
        )
    return chosen


def remove_team_member(viewer: Viewer, case: Case, member: TeamMember, *, actor: Actor) -> None:
    _require_owner(viewer, case)
    if member.agency_id == case.owner_agency_id:
        raise WorkflowError("多機関協働事業者はチームから外せません。")
    with transaction.atomic():
        member.left_on = today()
        member.save(update_fields=["left_on"])
        _log(viewer, "case.team_removed", case, agency=member.agency_id, actor=actor)


__all__ = [
    "EditConflict",
    "MeetingDecision",
    "WorkflowError",
    "activate_plan",
    "add_note",
    "add_team_member",
    "collaboration_consent",
    "create_plan",
    "evaluated_plan",
    "move_case",
    "open_case",
    "record_decision",
    "record_evaluation",
    "remove_team_member",
    "save_assessment",
    "set_subjects",
    "update_plan",
]
