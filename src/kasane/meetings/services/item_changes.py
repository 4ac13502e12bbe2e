"""An item put on the wrong sitting: withdrawn (取り下げ) or moved to another, before that sitting is held.

Who: whoever submitted it and the municipality's hosts, each of whom must see the item to reach it. When: while
its sitting's day has not come (or the sitting was called off) and nothing of the sitting is written for it.
Where to: a coming sitting that serves the item's kind, under the same rules as a new submission — a 支援会議
item only to a sitting serving 支援会議, moved by someone pledged to that body, and taking with it only the
invitees who are pledged members there; a case's item only while the person's consent stands, with those
called to the new sitting and the case's own agencies taking part.

A withdrawn item is deleted: nothing was discussed, and a row kept only to be skipped would have to be
skipped by every list, PDF, count and retention rule. The audit trail keeps who withdrew which item from
which sitting.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import QuerySet

from kasane.accounts.models import User
from kasane.audit.actor import Actor
from kasane.audit.models import Basis
from kasane.lib.dates import today
from kasane.meetings.access import MeetingViewer, pledged_members, visible_meetings
from kasane.meetings.models import (
    ITEM_MEETING_KIND,
    AgendaItem,
    ItemKind,
    Meeting,
    MeetingKind,
    MeetingStatus,
)
from kasane.meetings.services._common import MeetingError, _log, _person_of
from kasane.meetings.services.items import (
    _case_item_invitees,
    _check_case_may_go,
    _check_meeting_serves,
    _next_order,
)


def may_change(viewer: MeetingViewer, item: AgendaItem) -> bool:
    """The submitter and the hosts; the caller has already reached the item through ``access_item``."""
    return viewer.can_host or item.created_by_id == viewer.user.pk


def change_problem(item: AgendaItem) -> str:
    """Why the item can no longer be withdrawn or moved, or "" while it can."""
    if not item.meeting.is_ahead(today()):
        return (
            "会議の当日以降は、議題の取り下げ・移動はできません。"
            "会議の中で扱いを決め、次回に協議する場合は議事録にその旨を記録してください。"
        )
    if item.has_minutes():
        return "議事録が記録されている議題は、取り下げ・移動できません。"
    return ""


def move_targets(viewer: MeetingViewer, item: AgendaItem) -> QuerySet[Meeting]:
    """Coming sittings the viewer sees that serve the item's kind (the rules are checked again on moving)."""
    needed = ITEM_MEETING_KIND[ItemKind(item.kind)]
    coming = (
        visible_meetings(viewer)
        .filter(held_on__gte=today(), status=MeetingStatus.SCHEDULED)
        .exclude(pk=item.meeting_id)
        .select_related("body")
    )
    # JSON containment is not portable to SQLite; coming sittings are few, so filter them here.
    ids = [
        m.pk for m in coming if m.serves(needed) and (needed != MeetingKind.SUPPORT or m.body.serves_support)
    ]
    return Meeting.objects.filter(pk__in=ids).select_related("body").order_by("held_on", "starts_at", "pk")


def _check_may_change(viewer: MeetingViewer, item: AgendaItem) -> None:
    if not may_change(viewer, item):
        raise MeetingError("議題の取り下げ・移動は、提出した方か会議の主催者が行います。")
    problem = change_problem(item)
    if problem:
        raise MeetingError(problem)


def _locked(item: AgendaItem) -> AgendaItem:
    # Minutes saved meanwhile (services.record_minutes) must stop the change: read them under the row lock.
    fresh = AgendaItem.objects.select_for_update().select_related("meeting", "meeting__body").get(pk=item.pk)
    problem = change_problem(fresh)
    if problem:
        raise MeetingError(problem)
    return fresh


def _basis(item: AgendaItem) -> Basis:
    if item.is_support:
        return Basis.SW106_6
    return Basis.CONSENT if item.is_layered else Basis.NONE


def withdraw_item(viewer: MeetingViewer, item: AgendaItem, *, actor: Actor) -> Meeting:
    """Take the item off its sitting's agenda; returns the sitting it was on."""
    _check_may_change(viewer, item)
    with transaction.atomic():
        fresh = _locked(item)
        meeting = fresh.meeting
        _log(
            viewer,
            "agenda_item.withdrawn",
            fresh,
            person_id=_person_of(fresh),
            basis=_basis(fresh),
            meeting_id=meeting.pk,
            kind=fresh.kind,
            held_on=meeting.held_on.isoformat(),
            actor=actor,
        )
        fresh.delete()
    return meeting


def move_item(viewer: MeetingViewer, item: AgendaItem, target: Meeting, *, actor: Actor) -> list[User]:
    """Put the item on another coming sitting. Returns the invitees of a 支援会議 item who could not follow it
    (not pledged members of the new sitting's body): they no longer take part."""
    _check_may_change(viewer, item)
    if target.pk == item.meeting_id:
        raise MeetingError("移動先には、いまと別の会議を選んでください。")
    if target.status != MeetingStatus.SCHEDULED or target.held_on < today():
        raise MeetingError("移動先には、これから開催される会議を選んでください。")
    if not visible_meetings(viewer).filter(pk=target.pk).exists():
        raise MeetingError("選んだ会議は使えません。")
    _check_meeting_serves(target, item.kind)
    if item.is_support and not _pledged_ids(target).issuperset({viewer.user.pk}):
        raise MeetingError("移動先の会議体で守秘義務の誓約をしていないため、支援会議の議題を移せません。")
    if item.case is not None:
        _check_case_may_go(item.case, item.kind)
    with transaction.atomic():
        fresh = _locked(item)
        source = fresh.meeting
        fresh.meeting, fresh.order = target, _next_order(target)
        fresh.save(update_fields=["meeting", "order", "updated_at"])
        dropped = _reinvite(viewer, fresh, target)
        _log(
            viewer,
            "agenda_item.moved",
            fresh,
            person_id=_person_of(fresh),
            basis=_basis(fresh),
            meeting_id=target.pk,
            moved_from=source.pk,
            dropped=[u.pk for u in dropped],
            actor=actor,
        )
    return dropped


def _pledged_ids(meeting: Meeting) -> set[int]:
    return set(pledged_members(meeting.body).values_list("user_id", flat=True))


def _reinvite(viewer: MeetingViewer, item: AgendaItem, target: Meeting) -> list[User]:
    """Who takes part on the new sitting, on the same rules as a new item there."""
    if item.is_support:
        # §106-6: only members of the new body with a current pledge; the mover (pledged, checked) stays in.
        pledged = _pledged_ids(target)
        invited = list(item.invited.all())
        dropped = [u for u in invited if u.pk not in pledged]
        item.invited.set([u for u in invited if u.pk in pledged] + [viewer.user])
        return dropped
    if item.case is not None:
        submitter = [item.created_by] if item.created_by is not None else []
        item.invited.set(_case_item_invitees(target, item.case, [*submitter, viewer.user]))
    return []
