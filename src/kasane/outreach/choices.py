"""What outreach forms offer: the staff of an agency (leads and companions) and the 支援会議 items a user may
point a target at (only those they may see)."""

from __future__ import annotations

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
