"""アセスメント and プラン of a case: each saved as a new version, plans edited under optimistic locking."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from kasane.audit.actor import Actor
from kasane.casework.models import Assessment, AssessmentMember, Case, CaseStatus, Plan, PlanRole, PlanStatus
from kasane.casework.services.case_common import WorkflowError, _event, _log, _require_owner
from kasane.casework.visibility import Viewer
from kasane.casework.workflow import cases as workflow


class EditConflict(Exception):
    """Someone else saved the plan after this editor loaded it."""


def _current_plan(case: Case, *statuses: str) -> Plan | None:
    return case.plans.filter(status__in=statuses).order_by("-version").first()


def _start_new_version(viewer: Viewer, case: Case) -> Plan:
    """The next version starts as a copy of the one in force, roles included. Its プラン期間 and review date
    are left for the revision to set: the new version runs from its own approval. Needs not yet written
    start from the latest assessment's 世帯全体の課題."""
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
        needs=old.needs or _assessed_issues(case),
        policy=old.policy,
        person_tasks=old.person_tasks,
        programmes=list(old.programmes),
        employment_support=old.employment_support,
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


def _assessed_issues(case: Case) -> str:
    latest = case.assessments.order_by("-version").values_list("household_issues", flat=True).first()
    return latest or ""


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
