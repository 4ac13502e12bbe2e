"""The host's side of a placement: its contact person, the person's consent naming the host and the items,
the 紹介票 that carries only those (an audited disclosure to someone outside kasane), and the host support
log. One function per action, one transaction, one audit entry."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.db import transaction

from kasane import audit
from kasane.audit.actor import Actor
from kasane.audit.models import Basis
from kasane.casework.visibility import Viewer
from kasane.participation import rules
from kasane.participation.guards import log, not_future, require_open, require_owner
from kasane.participation.models import SHAREABLE_FIELDS, HostConsent, HostNote, Placement
from kasane.participation.rules import ParticipationError

__all__ = ["ParticipationError"]


def update_host_contact(
    viewer: Viewer, placement: Placement, contact: str, phone: str, follow_up_days: int, *, actor: Actor
) -> Placement:
    require_owner(viewer, placement.engagement)
    require_open(placement.engagement)
    if not 1 <= follow_up_days <= 180:
        raise ParticipationError("フォローアップの間隔は1〜180日で入力してください。")
    with transaction.atomic():
        placement.host_contact, placement.host_phone = contact.strip(), phone.strip()
        placement.follow_up_days = follow_up_days
        placement.save(update_fields=["host_contact", "host_phone", "follow_up_days", "updated_at"])
        log(viewer, "participation.host_updated", placement.engagement, placement, actor=actor)
    return placement


def record_host_consent(
    viewer: Viewer,
    placement: Placement,
    fields: list[str],
    obtained_on: dt.date,
    method: str,
    *,
    actor: Actor,
) -> HostConsent:
    """The person's consent that these items go to this host. A new consent replaces the standing one."""
    require_owner(viewer, placement.engagement)
    require_open(placement.engagement)
    not_future(obtained_on, "同意日")
    chosen = [f for f in SHAREABLE_FIELDS if f in fields]
    if not chosen:
        raise ParticipationError("同意を得た項目を1つ以上選んでください。")
    with transaction.atomic():
        # Under the placement's lock, so two submits leave one standing consent.
        Placement.objects.select_for_update().get(pk=placement.pk)
        standing = standing_consent(placement)
        if standing is not None and obtained_on < standing.obtained_on:
            raise ParticipationError("今の同意より前の日付では、新しい同意を記録できません。")
        placement.consents.filter(withdrawn_on__isnull=True).update(withdrawn_on=obtained_on)
        consent = HostConsent.objects.create(
            placement=placement,
            fields=chosen,
            obtained_on=obtained_on,
            method=method,
            obtained_by=viewer.user,
            obtained_by_name=viewer.user.full_name,
        )
        log(viewer, "participation.host_consent", placement.engagement, consent, actor=actor, fields=chosen)
    return consent


def withdraw_host_consent(viewer: Viewer, consent: HostConsent, on: dt.date, *, actor: Actor) -> HostConsent:
    engagement = consent.placement.engagement
    require_owner(viewer, engagement)
    not_future(on, "撤回日")
    if consent.withdrawn_on is not None:
        raise ParticipationError("この同意はすでに撤回されています。")
    with transaction.atomic():
        consent.withdrawn_on = on
        consent.save(update_fields=["withdrawn_on"])
        log(viewer, "participation.host_consent_withdrawn", engagement, consent, actor=actor)
    return consent


def standing_consent(placement: Placement) -> HostConsent | None:
    return placement.consents.filter(withdrawn_on__isnull=True).order_by("-obtained_on", "-pk").first()


def add_host_note(viewer: Viewer, placement: Placement, note: HostNote, *, actor: Actor) -> HostNote:
    require_owner(viewer, placement.engagement)
    require_open(placement.engagement)
    not_future(note.on, "日付")
    with transaction.atomic():
        note.placement = placement
        note.author, note.author_name = viewer.user, viewer.user.full_name
        note.save()
        log(viewer, "participation.host_note", placement.engagement, note, actor=actor, kind=note.kind)
    return note


def referral_sheet(
    viewer: Viewer,
    placement: Placement,
    items: list[str],
    build: Callable[..., bytes],
    *,
    actor: Actor,
) -> bytes:
    """The 紹介票 handed to the host: only the items the standing consent covers, and an audit entry that says
    what went to which host on which consent (情報の提供先 lists it)."""
    engagement = placement.engagement
    require_owner(viewer, engagement)
    require_open(engagement)
    if not placement.is_open:
        raise ParticipationError("終了・中断した受け入れ先には、紹介票を作れません。")
    consent = standing_consent(placement)
    allowed = rules.shareable(items, consent.fields if consent else None)
    assert consent is not None
    body = build(placement, allowed, author=viewer.user.full_name)
    service = placement.service
    with transaction.atomic():
        audit.log(
            "participation.referral_sheet",
            actor=actor,
            agency=engagement.owner_agency,
            obj=placement,
            person_id=engagement.person_id,
            basis=Basis.CONSENT,
            basis_ref=f"host_consent:{consent.pk}",
            details={"host": f"{service.organization.name}（{service.name}）", "items": allowed},
        )
    return body
