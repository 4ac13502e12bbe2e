"""The minutes PDF: only the items the reader may see, their reading audited on each item's basis."""

from __future__ import annotations

from urllib.parse import quote

from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch, prefetch_related_objects
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from kasane.meetings.access import (
    access_meeting,
    agency_names,
    pledged_members,
    record_items_listed,
    visible_items,
)
from kasane.meetings.models import Attendance


@login_required
@require_GET
def minutes_pdf(request: HttpRequest, meeting_id: int) -> HttpResponse:
    from kasane.meetings import minutes  # noqa: PLC0415 - reportlab loads when a PDF is asked for, not at start-up

    meeting, viewer = access_meeting(request, meeting_id)
    items = list(
        visible_items(viewer)
        .filter(meeting=meeting)
        .select_related("case", "meeting", "meeting__body")
        .prefetch_related("invited")
        .order_by("order", "pk")
    )
    prefetch_related_objects(
        [meeting],
        "municipality",
        Prefetch("attendance", queryset=Attendance.objects.select_related("agency")),
    )
    # One entry per basis naming every item and person printed, whatever the number of items.
    record_items_listed(request, viewer, meeting, items, action="minutes.pdf")
    # A 支援会議 item's distribution list: its invitees who may still receive it (member, current pledge).
    audience = set(pledged_members(meeting.body).values_list("user_id", flat=True))
    invited = {u.pk: u for item in items if item.is_support for u in item.invited.all()}
    agencies = agency_names(meeting, invited.values())
    content = minutes.minutes_pdf(meeting, items, audience=audience, agencies=agencies)
    response = HttpResponse(content, content_type="application/pdf")
    name = f"会議録_{meeting.held_on:%Y%m%d}_{meeting.pk}.pdf"
    response["Content-Disposition"] = f"inline; filename*=UTF-8''{quote(name)}"
    return response
