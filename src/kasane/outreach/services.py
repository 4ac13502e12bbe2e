"""Every change to outreach records: one function per action, one transaction, one audit entry.

Only staff of the owner agency who may record (``case.edit``) change a target; the others with a basis read.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone

from kasane import audit
from kasane.accounts.models import User
from kasane.audit.actor import Actor
from kasane.audit.models import Basis
from kasane.casework.models import Consultation, Referral, Status
from kasane.casework.visibility import Viewer
from kasane.lib.dates import today
from kasane.outreach import rules
from kasane.outreach.models import (
    AgencyVisit,
    CloseReason,
    Contact,
    HomeVisit,
    OutreachSettings,
    Route,
    Source,
    Stage,
    StageChange,
    Target,
)


class OutreachError(Exception):
    """A change refused, with the reason in Japanese."""


def _log(
    viewer: Viewer, action: str, target: Target, obj: Any = None, *, actor: Actor, **details: Any
) -> None:
    audit.log(
        action,
        actor=actor,
        agency=viewer.primary_agency,
        obj=obj if obj is not None else target,
        person_id=target.person_id or "",
        basis=Basis.OWN,
        basis_ref=f"target:{target.pk}",
        details=details,
    )


def _require_owner(viewer: Viewer, target: Target) -> None:
    if not viewer.can_edit(target.owner_agency_id):
        raise OutreachError("アウトリーチの記録は担当機関の職員が行います。")


def _require_open(target: Target) -> None:
    if not target.is_open:
        raise OutreachError("終了した対象です。続ける場合は先に再開してください。")


def _move(viewer: Viewer, target: Target, stage: str, on: dt.date, note: str = "") -> None:
    StageChange.objects.create(
        target=target,
        from_stage=target.stage,
        to_stage=stage,
        on=on,
        note=note[:200],
        author_name=viewer.user.full_name,
    )
    target.stage, target.stage_changed_on = stage, on


def _check_links(target: Target) -> None:
    if target.source == Source.SUPPORT_MEETING and target.meeting_item_id is None:
        raise OutreachError("支援会議の議題から把握した場合は、その議題を選んでください。")
    if target.source != Source.SUPPORT_MEETING:
        target.meeting_item = None
    if target.person is not None:
        target.household_id = target.person.household_id


def create_target(viewer: Viewer, target: Target, *, actor: Actor) -> Target:
    """A target known by a description at first; the person is linked when identified, never forced in.
    The form offers only persons and 支援会議 items the user may see."""
    agency_id = viewer.primary_agency_id
    if not viewer.can_edit(agency_id):
        raise OutreachError("アウトリーチの対象を登録できるのは、記録の権限がある職員です。")
    with transaction.atomic():
        target.municipality = viewer.municipality
        target.owner_agency_id = agency_id
        target.created_by_name = viewer.user.full_name
        target.stage, target.stage_changed_on = Stage.INFORMATION, target.raised_on
        _check_links(target)
        target.save()
        StageChange.objects.create(
            target=target, to_stage=Stage.INFORMATION, on=target.raised_on, author_name=viewer.user.full_name
        )
        _log(viewer, "outreach_target.created", target, actor=actor, source=target.source)
    return target


def update_target(viewer: Viewer, target: Target, *, actor: Actor) -> Target:
    """The description, the lead, the area, and the person once identified."""
    _require_owner(viewer, target)
    before = Target.objects.filter(pk=target.pk).values_list("person_id", flat=True).first()
    with transaction.atomic():
        _check_links(target)
        target.save()
        _log(
            viewer,
            "outreach_target.updated",
            target,
            actor=actor,
            person_linked=target.person_id is not None and before != target.person_id,
        )
    return target


def log_contact(
    viewer: Viewer, target: Target, contact: Contact, *, stage: str = "", actor: Actor
) -> Contact:
    """One contact attempt; the stage moves with it when staff choose one."""
    _require_owner(viewer, target)
    _require_open(target)
    if contact.on > today():
        raise OutreachError("接触の日付に未来の日は入力できません。予定は「次の予定日」に入れてください。")
    if contact.on < target.raised_on:
        raise OutreachError("接触の日付が把握日より前です。把握日を直すか、日付を確かめてください。")
    moves = bool(stage) and stage != target.stage
    if moves:
        problem = rules.stage_problem(stage, _outcomes(target) | {contact.outcome})
        if problem:
            raise OutreachError(problem)
    with transaction.atomic():
        contact.target = target
        contact.agency_id = target.owner_agency_id
        contact.author = viewer.user
        contact.author_name = viewer.user.full_name
        contact.save()
        # Read under the row's lock: two contacts saved at once must not leave the older date behind.
        latest = (
            Target.objects.select_for_update()
            .filter(pk=target.pk)
            .values_list("last_contact_on", flat=True)
            .get()
        )
        target.last_contact_on = max(d for d in (latest, contact.on) if d is not None)
        if moves:
            _move(viewer, target, stage, contact.on)
        target.save(update_fields=["last_contact_on", "stage", "stage_changed_on"])
        _log(
            viewer,
            "outreach_contact.recorded",
            target,
            obj=contact,
            actor=actor,
            method=contact.method,
            outcome=contact.outcome,
        )
    return contact


def _outcomes(target: Target) -> set[str]:
    return set(target.contacts.values_list("outcome", flat=True).distinct())


def set_stage(
    viewer: Viewer, target: Target, stage: str, *, on: dt.date, note: str = "", actor: Actor
) -> None:
    _require_owner(viewer, target)
    _require_open(target)
    if stage == target.stage:
        raise OutreachError("すでにその段階です。")
    problem = rules.stage_problem(stage, _outcomes(target))
    if problem:
        raise OutreachError(problem)
    with transaction.atomic():
        before = target.stage
        _move(viewer, target, stage, on, note)
        target.save(update_fields=["stage", "stage_changed_on"])
        _log(viewer, "outreach_target.stage_changed", target, actor=actor, stage_from=before, stage_to=stage)


def hand_over(
    viewer: Viewer,
    target: Target,
    *,
    route: str,
    on: dt.date,
    consultation: Consultation | None = None,
    referral: Referral | None = None,
    actor: Actor,
) -> None:
    """支援につなぐ, through the case journey: a 相談受付 of the person for 多機関協働 or 参加支援 (where the 利用申込み
    and consent are taken), a つなぎ for another agency. The form offers only records the user may see."""
    _require_owner(viewer, target)
    _require_open(target)
    if target.person_id is None:
        raise OutreachError("支援につなぐ前に、対象者を本人・世帯の記録と結び付けてください。")
    if route in rules.ROUTE_NEEDS_CONSULTATION:
        if consultation is None or consultation.person_id != target.person_id:
            raise OutreachError(
                "この方の相談受付を選んでください（多機関協働・参加支援は相談受付から始まります）。"
            )
        referral = None
    elif route == Route.AGENCY:
        if referral is None or referral.person_id != target.person_id:
            raise OutreachError("この方のつなぎを選んでください（他の機関へは、つなぎで引き継ぎます）。")
        if referral.status in (Status.DECLINED, Status.CANCELLED):
            # A つなぎ declined or withdrawn hands no one over: the person would drop out of every list.
            raise OutreachError(
                "辞退・取消になったつなぎでは、支援につないだことになりません。別のつなぎを選んでください。"
            )
        consultation = referral.consultation
    else:
        raise OutreachError("つなぎ先を選んでください。")
    with transaction.atomic():
        target.route, target.consultation, target.referral = route, consultation, referral
        _move(viewer, target, Stage.HANDED_OVER, on, Route(route).label)
        target.save(update_fields=["route", "consultation", "referral", "stage", "stage_changed_on"])
        _log(viewer, "outreach_target.handed_over", target, actor=actor, route=route)


def close(viewer: Viewer, target: Target, *, reason: str, on: dt.date, note: str = "", actor: Actor) -> None:
    _require_owner(viewer, target)
    _require_open(target)
    if reason not in CloseReason.values:
        raise OutreachError("終了の理由を選んでください。")
    with transaction.atomic():
        _move(viewer, target, Stage.CLOSED, on, note or CloseReason(reason).label)
        target.close_reason, target.closed_on = reason, on
        target.save(update_fields=["stage", "stage_changed_on", "close_reason", "closed_on"])
        _log(viewer, "outreach_target.closed", target, actor=actor, reason=reason)


def reopen(viewer: Viewer, target: Target, *, reason: str, actor: Actor) -> None:
    _require_owner(viewer, target)
    if target.is_open:
        raise OutreachError("この対象は終了していません。")
    if not reason.strip():
        raise OutreachError("再開の理由を入力してください。")
    with transaction.atomic():
        _move(viewer, target, Stage.WATCHING, today(), f"再開：{reason}")
        target.close_reason, target.closed_on = "", None
        target.save(update_fields=["stage", "stage_changed_on", "close_reason", "closed_on"])
        _log(viewer, "outreach_target.reopened", target, actor=actor)


def record_agency_visit(viewer: Viewer, visit: AgencyVisit, *, actor: Actor) -> AgencyVisit:
    agency_id = viewer.primary_agency_id
    if not viewer.can_edit(agency_id):
        raise OutreachError("訪問を記録できるのは、記録の権限がある職員です。")
    if visit.on > today():
        raise OutreachError("訪問日に未来の日は入力できません。予定は「次の予定日」に入れてください。")
    with transaction.atomic():
        visit.municipality = viewer.municipality
        visit.agency_id = agency_id
        visit.author = viewer.user
        visit.author_name = viewer.user.full_name
        visit.save()
        audit.log(
            "agency_visit.recorded",
            actor=actor,
            agency=viewer.primary_agency,
            obj=visit,
            details={"counterpart_kind": visit.counterpart_kind},
        )
    return visit


def plan_home_visit(
    viewer: Viewer, target: Target, visit: HomeVisit, companions: Iterable[User], *, actor: Actor
) -> HomeVisit:
    """A home visit the office can watch: companions (staff of the owner agency) and the expected return."""
    _require_owner(viewer, target)
    _require_open(target)
    if visit.expected_back_at <= visit.leaves_at:
        raise OutreachError("帰所予定は出発より後の時刻にしてください。")
    with transaction.atomic():
        visit.target, visit.agency_id = target, target.owner_agency_id
        visit.visitor, visit.visitor_name = viewer.user, viewer.user.full_name
        visit.save()
        visit.companions.set(list(companions))
        _log(viewer, "home_visit.planned", target, obj=visit, actor=actor)
    return visit


def confirm_return(viewer: Viewer, visit: HomeVisit, *, actor: Actor) -> None:
    """帰所確認: anyone of the owner agency who may record confirms that the visitor is back."""
    if not viewer.can_edit(visit.agency_id):
        raise OutreachError("帰所確認は訪問した機関の職員が行います。")
    if visit.returned_at is not None:
        raise OutreachError("すでに帰所を確認しています。")
    with transaction.atomic():
        visit.returned_at = timezone.now()
        visit.returned_confirmed_by = viewer.user.full_name
        visit.save(update_fields=["returned_at", "returned_confirmed_by"])
        _log(viewer, "home_visit.returned", visit.target, obj=visit, actor=actor)


def settings_for(municipality_id: int) -> OutreachSettings:
    found = OutreachSettings.objects.filter(municipality_id=municipality_id).first()
    return found or OutreachSettings(municipality_id=municipality_id)


def update_settings(
    settings: OutreachSettings, *, stale_days: int, user: User | None, actor: Actor
) -> OutreachSettings:
    if not 1 <= stale_days <= 365:
        raise OutreachError("日数は1から365までで入力してください。")
    with transaction.atomic():
        settings.stale_days = stale_days
        settings.save()
        audit.log("outreach.settings_updated", actor=actor, user=user, details={"stale_days": stale_days})
    return settings
