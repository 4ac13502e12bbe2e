"""What outreach forms offer: the staff of an agency (leads and companions) and the 支援会議 items a user may
point a target at (only those they may see)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest

from kasane.accounts.models import User
from kasane.meetings.access import MeetingViewer, visible_items
from kasane.meetings.models import AgendaItem, ItemKind


def agency_staff(agency_id: int) -> QuerySet[User]:
    return (
        User.objects.filter(is_active=True, memberships__agency_id=agency_id, memberships__is_active=True)
        .distinct()
        .order_by("full_name", "pk")
    )


def support_items(request: HttpRequest) -> QuerySet[AgendaItem]:
    """支援会議 items this user may see (invited, pledged, a member): the only ones a target may point at."""
    return (
        visible_items(MeetingViewer.of(request))
        .filter(kind=ItemKind.SUPPORT_CASE)
        .select_related("meeting")
        .order_by("-meeting__held_on", "pk")
    )


def source_shown(request: HttpRequest, target: Any) -> bool:
    """Whether this reader may be told that the target was raised at a 支援会議 (§106-6): only those who may see
    the item itself. Everyone else with a basis reads the target without its origin, as 開示 does."""
    if target.source != "support_meeting":
        return True
    return (
        target.meeting_item_id is not None
        and support_items(request).filter(pk=target.meeting_item_id).exists()
    )
