"""Every change to 参加支援 records: one function per action, one transaction, one audit entry.

Only staff of the agency that runs the engagement who may record (``case.edit``) change it; the case team
and agencies a consent names read it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from kasane import audit
from kasane.audit.actor import Actor
from kasane.casework.models import RECEIVED_STATUSES, Case, CaseStatus, Person, Referral, ReferralBasis
from kasane.casework.visibility import Viewer, reaching_cases
from kasane.lib.dates import today
from kasane.participation import rules
from kasane.participation.guards import log, not_future, require_open, require_owner
from kasane.participation.models import (
    OPEN_STAGES,
    Assessment,
    Engagement,
    EngagementStatus,
    FollowUp,
    Origin,
    Placement,
    Review,
    Stage,
    StageChange,
)
from kasane.participation.queries import approved_on
from kasane.participation.rules import ParticipationError
from kasane.resources.models import Service, Status

__all__ = ["ParticipationError"]


def _check_case(viewer: Viewer, person: Person, case: Case) -> None:
    if not reaching_cases(viewer).filter(pk=case.pk).exists():
        raise ParticipationError(
            "このケースは選べません。担当しているか、支援チームに入っているケースを選んでください。"
        )
    if case.household_id != person.household_id:
        raise ParticipationError("本人の世帯のケースを選んでください。")
    if case.status == CaseStatus.CLOSED:
        raise ParticipationError("終結したケースからは始められません。")


def start_engagement(
    viewer: Viewer,
    person: Person,
    *,
    case: Case | None,
    referral: Referral | None,
    started_on: dt.date,
    lead_user: Any = None,
    actor: Actor,
) -> Engagement:
    """参加支援 begins from the person's 多機関協働 case, or from a つなぎ the agency accepted."""
    not_future(started_on, "受付日")
    if (case is None) == (referral is None):
        raise ParticipationError("多機関協働のケースか、受けたつなぎのどちらかを選んでください。")
    if case is not None:
        _check_case(viewer, person, case)
        # Filed under the agency through which the viewer reaches the case (its owner or a team member),
        # not merely the first agency the viewer acts for.
        team = list(case.team.filter(left_on__isnull=True).values_list("agency_id", flat=True))
        agency_id = next(
            (a for a in [case.owner_agency_id, *team] if viewer.can_edit(a)), viewer.primary_agency_id
        )
    else:
        assert referral is not None
        if referral.person_id != person.pk or referral.to_agency_id not in viewer.edit_agency_ids:
            raise ParticipationError("自機関が受けた、この方のつなぎを選んでください。")
        if referral.status not in RECEIVED_STATUSES:
            raise ParticipationError("受け入れたつなぎから始めます。先につなぎを受け入れてください。")
        if referral.basis == ReferralBasis.CONSENT and (
            referral.consent is None or referral.consent.withdrawn_at is not None
        ):
            raise ParticipationError("このつなぎの根拠だった本人の同意が撤回されているため、始められません。")
        agency_id = referral.to_agency_id
    if not viewer.can_edit(agency_id):
        raise ParticipationError("参加支援の記録は、担当する機関の職員が行います。")
    with transaction.atomic():
        Person.objects.select_for_update().get(pk=person.pk)
        if Engagement.objects.filter(
            person=person, owner_agency_id=agency_id, status=EngagementStatus.OPEN
        ).exists():
            raise ParticipationError("この方の参加支援はすでに始まっています。")
        engagement = Engagement.objects.create(
            municipality=viewer.municipality,
            owner_agency_id=agency_id,
            person=person,
            origin=Origin.CASE if case is not None else Origin.REFERRAL,
            case=case,
            referral=referral,
            started_on=started_on,
            lead_user=lead_user or viewer.user,
        )
        log(viewer, "participation.started", engagement, actor=actor, origin=engagement.origin)
    return engagement


def link_case(viewer: Viewer, engagement: Engagement, case: Case, *, actor: Actor) -> Engagement:
    """A 参加支援 begun from a つなぎ is decided at the 重層的支援会議 of the person's household's case."""
    require_owner(viewer, engagement)
    require_open(engagement)
    _check_case(viewer, engagement.person, case)
    with transaction.atomic():
        engagement.case = case
        engagement.save(update_fields=["case", "updated_at"])
        log(viewer, "participation.case_linked", engagement, actor=actor, case=case.pk)
    return engagement


def record_urgent_start(
    viewer: Viewer, engagement: Engagement, on: dt.date, reason: str, *, actor: Actor
) -> Engagement:
    """004 §4 (2): support may begin before the meeting's decision when it cannot wait; the reason is kept
    and the engagement stays flagged until the meeting decides."""
    require_owner(viewer, engagement)
    require_open(engagement)
    rules.check_urgent_start(approved_on(engagement), engagement.started_on, on, reason, today())
    with transaction.atomic():
        engagement.urgent_started_on, engagement.urgent_reason = on, reason.strip()
        engagement.save(update_fields=["urgent_started_on", "urgent_reason", "updated_at"])
        log(viewer, "participation.urgent_start", engagement, actor=actor)
    return engagement


def save_assessment(
    viewer: Viewer, engagement: Engagement, assessment: Assessment, *, actor: Actor
) -> Assessment:
    require_owner(viewer, engagement)
    require_open(engagement)
    not_future(assessment.assessed_on, "アセスメント日")
    with transaction.atomic():
        last = (
            Engagement.objects.select_for_update()
            .get(pk=engagement.pk)
            .assessments.order_by("-version")
            .first()
        )
        assessment.engagement = engagement
        assessment.version = (last.version if last else 0) + 1
        assessment.author, assessment.author_name = viewer.user, viewer.user.full_name
        assessment.save()
        log(viewer, "participation.assessed", engagement, assessment, actor=actor, version=assessment.version)
    return assessment


def propose(
    viewer: Viewer, engagement: Engagement, service: Service, on: dt.date, reasons: str, *, actor: Actor
) -> Placement:
    """Staff choose a host from the ranked candidates (never automatic): the placement starts at 提案."""
    require_owner(viewer, engagement)
    require_open(engagement)
    not_future(on, "提案日")
    rules.may_place(approved_on(engagement), engagement.urgent_started_on)
    if service.municipality_id != engagement.municipality_id:
        raise ParticipationError("この市町村の社会資源から選んでください。")
    if service.status != Status.ACTIVE:
        raise ParticipationError("休止中・終了した社会資源は選べません。")
    if not service.hosts_participants:
        raise ParticipationError(
            "参加支援の受け入れ先として登録されていない社会資源です。先に社会資源の登録を確かめてください。"
        )
    with transaction.atomic():
        require_open(Engagement.objects.select_for_update().get(pk=engagement.pk))
        if engagement.placements.filter(service=service, stage__in=OPEN_STAGES).exists():
            raise ParticipationError("この受け入れ先での受け入れは、すでに進んでいます。")
        if engagement.placements.filter(service=service, stage=Stage.SUSPENDED).exists():
            raise ParticipationError(
                "この受け入れ先での受け入れは中断中です。受け入れのページから再開してください。"
            )
        placement = Placement(engagement=engagement, service=service, proposed_on=on, reasons=reasons)
        placement.save()
        StageChange.objects.create(
            placement=placement,
            to_stage=Stage.PROPOSED,
            on=on,
            note=reasons[:500],
            author=viewer.user,
            author_name=viewer.user.full_name,
        )
        log(viewer, "participation.proposed", engagement, placement, actor=actor, service=service.pk)
    return placement


def move_stage(
    viewer: Viewer, placement: Placement, to: str, on: dt.date, note: str, *, actor: Actor
) -> Placement:
    engagement = placement.engagement
    require_owner(viewer, engagement)
    require_open(engagement)
    not_future(on, "日付")
    if on < placement.proposed_on:
        raise ParticipationError("提案日より前の日付にはできません。")
    if to in rules.NEEDS_REASON and not note.strip():
        raise ParticipationError("終了・中断の理由を書いてください。")
    with transaction.atomic():
        # The engagement first, as propose and end_engagement take it: an ended one takes no more.
        require_open(Engagement.objects.select_for_update().get(pk=engagement.pk))
        locked = Placement.objects.select_for_update().get(pk=placement.pk)
        rules.check_stage(locked.stage, to)
        source = locked.stage
        last = locked.changes.order_by("-on", "-pk").values_list("on", flat=True).first()
        if last is not None and on < last:
            raise ParticipationError("前の段階の日付より前にはできません。")
        StageChange.objects.create(
            placement=locked,
            from_stage=locked.stage,
            to_stage=to,
            on=on,
            note=note,
            author=viewer.user,
            author_name=viewer.user.full_name,
        )
        locked.stage = to
        if to in rules.NEEDS_REASON:
            locked.ended_on, locked.end_reason = on, note.strip()
        else:
            locked.ended_on, locked.end_reason = None, ""
        locked.save(update_fields=["stage", "ended_on", "end_reason", "updated_at"])
        if to in rules.FOLLOWED_STAGES:
            # One follow-up is pending at a time; one left from before a 中断 is moved to follow the resumption.
            due = on + dt.timedelta(days=locked.follow_up_days)
            pending = locked.follow_ups.filter(done_on__isnull=True).order_by("due_on", "pk").first()
            if pending is None:
                _schedule(viewer, locked, due)
            elif source == Stage.SUSPENDED:
                pending.due_on = due
                pending.save(update_fields=["due_on"])
        if to == Stage.SETTLED and not locked.service.hosted_before:
            # The register learns that this host has now taken someone: what matching ranks on.
            Service.objects.filter(pk=locked.service_id).update(hosted_before=True, updated_at=timezone.now())
            audit.log(
                "resource.updated", actor=actor, obj=locked.service, details={"changed": ["hosted_before"]}
            )
        log(viewer, "participation.stage_changed", engagement, locked, actor=actor, stage=to)
    placement.refresh_from_db()
    return placement


def _schedule(viewer: Viewer, placement: Placement, due_on: dt.date) -> FollowUp:
    return FollowUp.objects.create(
        placement=placement, due_on=due_on, author=viewer.user, author_name=viewer.user.full_name
    )


def record_follow_up(
    viewer: Viewer, follow_up: FollowUp, done_on: dt.date, note: str, next_on: dt.date | None, *, actor: Actor
) -> FollowUp:
    """A follow-up done; the next one is scheduled (the placement's interval unless a day is given) while
    the placement is still in 体験 or 定着."""
    placement = follow_up.placement
    require_owner(viewer, placement.engagement)
    require_open(placement.engagement)
    not_future(done_on, "実施日")
    if follow_up.done_on is not None:
        raise ParticipationError("このフォローアップは記録済みです。")
    if not note.strip():
        raise ParticipationError("本人と受け入れ先の様子を書いてください。")
    if next_on is not None and next_on <= done_on:
        raise ParticipationError("次回の予定日は実施日より後にしてください。")
    with transaction.atomic():
        # Under the row lock, so a double submit records it once and schedules one next follow-up.
        locked = FollowUp.objects.select_for_update().get(pk=follow_up.pk)
        if locked.done_on is not None:
            raise ParticipationError("このフォローアップは記録済みです。")
        follow_up.done_on, follow_up.note = done_on, note.strip()
        follow_up.save(update_fields=["done_on", "note"])
        if placement.stage in rules.FOLLOWED_STAGES:
            _schedule(viewer, placement, next_on or done_on + dt.timedelta(days=placement.follow_up_days))
        log(viewer, "participation.followed_up", placement.engagement, follow_up, actor=actor)
    return follow_up


def add_review(viewer: Viewer, engagement: Engagement, review: Review, *, actor: Actor) -> Review:
    require_owner(viewer, engagement)
    require_open(engagement)
    not_future(review.on, "評価日")
    with transaction.atomic():
        review.engagement = engagement
        review.author, review.author_name = viewer.user, viewer.user.full_name
        review.save()
        log(viewer, "participation.reviewed", engagement, review, actor=actor)
    return review


def end_engagement(
    viewer: Viewer, engagement: Engagement, on: dt.date, reason: str, note: str, *, actor: Actor
) -> Engagement:
    require_owner(viewer, engagement)
    require_open(engagement)
    not_future(on, "終了日")
    if on < engagement.started_on:
        raise ParticipationError("終了日は受付日より前にできません。")
    with transaction.atomic():
        locked = Engagement.objects.select_for_update().get(pk=engagement.pk)
        still = locked.placements.filter(stage__in=OPEN_STAGES).select_related("service").first()
        if still is not None:
            raise ParticipationError(
                f"「{still.service.name}」での受け入れが続いています。先に受け入れを終了にしてください。"
            )
        locked.status, locked.ended_on, locked.end_reason, locked.end_note = (
            EngagementStatus.ENDED,
            on,
            reason,
            note,
        )
        locked.save(update_fields=["status", "ended_on", "end_reason", "end_note", "updated_at"])
        log(viewer, "participation.ended", locked, actor=actor, reason=reason)
    engagement.refresh_from_db()
    return engagement
