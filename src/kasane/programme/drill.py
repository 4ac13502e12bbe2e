"""The records behind a figure of the 成果指標 (the drill-down): for each measure, the records it counts that
the reader may open by the rules of the app that keeps them — outreach contacts by ``outreach.visibility``,
sittings and their items by ``meetings.access``, consultations and cases by ``casework.visibility``.

A row shows a date, a kind and an agency, never a name or what was said, and links to the record's own page,
which checks access again and writes the audit entry of the read. So listing writes none. What the reader may
not open is counted (``hidden``) but not listed: the figure itself is not personal.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.http import Http404, HttpRequest
from django.urls import reverse

from kasane.casework.models import Case
from kasane.casework.visibility import Viewer, team_cases, visible_consultations
from kasane.community.models import Place
from kasane.lib.dates import localtime
from kasane.meetings.access import MeetingViewer, visible_items, visible_meetings
from kasane.meetings.models import AgendaItem, Meeting
from kasane.meetings.vocabulary import ItemKind, ItemStatus, MeetingKind, MeetingStatus
from kasane.outreach.models import AgencyVisit, Contact
from kasane.outreach.visibility import visible_targets
from kasane.programme.national_records import Period, Scope, cases, has, new_consultations, plans_made

LIMIT = 500  # rows listed at most; the count above the list is always whole


@dataclass(frozen=True)
class DrillRow:
    on: dt.date
    kind: str
    agency: str
    url: str = ""


@dataclass(frozen=True)
class Listing:
    rows: list[DrillRow]
    hidden: int  # counted but not open to this reader


def _case_viewer(request: HttpRequest) -> Viewer | None:
    return Viewer.of(request.user, getattr(request, "municipality", None))  # type: ignore[arg-type]


def _meeting_viewer(request: HttpRequest) -> MeetingViewer | None:
    try:
        return MeetingViewer.of(request)
    except Http404:  # staff of no agency of the municipality: no sitting opens to them
        return None


def _held(scope: Scope, period: Period):  # type: ignore[no-untyped-def]
    held = Meeting.objects.filter(
        municipality=scope.municipality, status=MeetingStatus.HELD, held_on__range=(period.start, period.end)
    )
    return scope.own(held, "body__host_agency_id", "body__collaboration_host_id")


def _outreach(request: HttpRequest, scope: Scope, period: Period) -> Listing:
    viewer = _case_viewer(request)
    contacts = scope.own(
        Contact.objects.filter(agency__municipality=scope.municipality, on__range=(period.start, period.end)),
        "agency_id",
    ).select_related("agency")
    visits = scope.own(
        AgencyVisit.objects.filter(municipality=scope.municipality, on__range=(period.start, period.end)),
        "agency_id",
    ).select_related("agency")
    open_targets = set(visible_targets(viewer).values_list("pk", flat=True)) if viewer else set()
    rows, hidden = [], 0
    for contact in contacts.order_by("on", "pk")[:LIMIT]:
        if contact.target_id in open_targets:
            url = reverse("outreach:target", args=[contact.target_id])
            rows.append(
                DrillRow(contact.on, f"働きかけ（{contact.get_method_display()}）", contact.agency.name, url)
            )
        else:
            hidden += 1
    # A visit to an agency names no person: every one counted is listed.
    rows += [DrillRow(v.on, "関係機関への訪問", v.agency.name) for v in visits.order_by("on", "pk")[:LIMIT]]
    return Listing(sorted(rows, key=lambda r: r.on), hidden)


def _sittings(request: HttpRequest, scope: Scope, period: Period) -> Listing:
    held = _held(scope, period).filter(has("kinds", MeetingKind.SUPPORT)).select_related("body")
    viewer = _meeting_viewer(request)
    visible = set(visible_meetings(viewer).values_list("pk", flat=True)) if viewer else set()
    return _meeting_rows(list(held.order_by("held_on", "pk")[:LIMIT]), visible, "支援会議")


def _meeting_rows(meetings: list[Meeting], visible: set[int], kind: str) -> Listing:
    rows = [
        DrillRow(m.held_on, kind, m.body.name, reverse("meetings:detail", args=[m.pk]))
        for m in meetings
        if m.pk in visible
    ]
    return Listing(rows, len(meetings) - len(rows))


def _items(request: HttpRequest, scope: Scope, period: Period) -> Listing:
    items = AgendaItem.objects.filter(
        meeting__in=_held(scope, period), kind=ItemKind.PLAN_APPROVAL, status=ItemStatus.DISCUSSED
    ).select_related("meeting__body")
    viewer = _meeting_viewer(request)
    visible = set(visible_items(viewer).values_list("pk", flat=True)) if viewer else set()
    shown = list(items.order_by("meeting__held_on", "pk")[:LIMIT])
    rows = [
        DrillRow(
            i.meeting.held_on,
            "プランの適切性の協議",
            i.meeting.body.name,
            reverse("meetings:item", args=[i.pk]),
        )
        for i in shown
        if i.pk in visible
    ]
    return Listing(rows, len(shown) - len(rows))


def _decisions(request: HttpRequest, scope: Scope, period: Period) -> Listing:
    viewer = _case_viewer(request)
    open_cases = set(team_cases(viewer).values_list("pk", flat=True)) if viewer else set()
    decided = list(
        plans_made(scope, period).select_related("case__owner_agency").order_by("decided_on", "pk")[:LIMIT]
    )
    rows = [
        DrillRow(
            d.decided_on, "プランの決定", d.case.owner_agency.name, reverse("cases:detail", args=[d.case_id])
        )
        for d in decided
        if d.case_id in open_cases
    ]
    return Listing(rows, len(decided) - len(rows))


def _consultations(request: HttpRequest, scope: Scope, period: Period) -> Listing:
    viewer = _case_viewer(request)
    found = list(
        new_consultations(scope, period).select_related("owner_agency").order_by("received_at", "pk")[:LIMIT]
    )
    visible = (
        set(visible_consultations(viewer).filter(pk__in=[c.pk for c in found]).values_list("pk", flat=True))
        if viewer
        else set()
    )
    rows = [
        DrillRow(
            localtime(c.received_at).date(),
            f"相談受付（{c.get_channel_display()}）",
            c.owner_agency.name,
            reverse("consultations:detail", args=[c.pk]),
        )
        for c in found
        if c.pk in visible
    ]
    return Listing(rows, len(found) - len(rows))


def _cases(request: HttpRequest, scope: Scope, period: Period) -> Listing:
    viewer = _case_viewer(request)
    open_cases = set(team_cases(viewer).values_list("pk", flat=True)) if viewer else set()
    found: list[Case] = list(
        cases(scope)
        .filter(period.dates("opened_on"))
        .select_related("owner_agency")
        .order_by("opened_on", "pk")[:LIMIT]
    )
    rows = [
        DrillRow(
            c.opened_on,
            f"多機関協働ケースの受付（{c.number}）",
            c.owner_agency.name,
            reverse("cases:detail", args=[c.pk]),
        )
        for c in found
        if c.pk in open_cases
    ]
    return Listing(rows, len(found) - len(rows))


def _places(request: HttpRequest, scope: Scope, period: Period) -> Listing:
    # Places of 地域づくり are not personal: every member of staff who reads the programme sees them.
    places = (
        Place.objects.filter(
            municipality=scope.municipality, gatherings__held_on__range=(period.start, period.end)
        )
        .distinct()
        .select_related("service")
        .order_by("service__name")
    )
    return Listing(
        [
            DrillRow(
                p.started_on or period.start,
                "地域の居場所",
                p.service.name,
                reverse("community:place", args=[p.pk]),
            )
            for p in places[:LIMIT]
        ],
        0,
    )


LISTINGS: dict[str, Callable[[HttpRequest, Scope, Period], Listing]] = {
    "outreach_contacts": _outreach,
    "support_meetings_held": _sittings,
    "plans_considered": _items,
    "plans_decided": _decisions,
    "new_consultations": _consultations,
    "cases_opened": _cases,
    "places_held": _places,
}


def listing(request: HttpRequest, key: str, scope: Scope, year: int) -> Listing:
    return LISTINGS[key](request, scope, Period.fiscal(year))
