"""The home page: what needs the user's attention today, as counts across the apps they work in."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Exists, OuterRef, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from kasane.accounts import permissions
from kasane.casework.models import CaseStatus, Consultation, ConsultationNote, Plan, PlanStatus, Status
from kasane.casework.visibility import Viewer, team_cases, visible_referrals
from kasane.home import officer
from kasane.lib.dates import today
from kasane.meetings.models import ActionItem
from kasane.outreach import queries as outreach
from kasane.participation import queries as participation


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    return render(
        request,
        "home/home.html",
        {
            "can_directory": permissions.has_perm(user, "directory.view"),  # type: ignore[arg-type]
            # The prefecture's backup support is the city's programme staff's work (市の事業担当: their
            # readiness sheet, the trainings they sign the city up for), not the front line's.
            "backup_participant": permissions.has_perm(user, "readiness.edit"),  # type: ignore[arg-type]
            "memberships": permissions.memberships_of(user),  # type: ignore[arg-type]
            "queue": _work_queue(request),
            "open_actions": _open_actions(request),
            "outreach": _outreach(request),
            "participation": _participation(request),
            "officer": _officer(request),
        },
    )


QUIET_DAYS = 30


def _work_queue(request: HttpRequest) -> dict[str, int] | None:
    """What needs the user's attention today: counts only, no names, so nothing here needs an audit entry."""
    viewer = Viewer.of(request.user, getattr(request, "municipality", None))  # type: ignore[arg-type]
    if viewer is None:
        return None
    referrals = visible_referrals(viewer)
    cases = team_cases(viewer)
    records = Consultation.objects.filter(
        municipality=viewer.municipality, owner_agency__in=viewer.agency_ids, closed_on=None
    )
    quiet_since = today() - dt.timedelta(days=QUIET_DAYS)
    recent_note = ConsultationNote.objects.filter(consultation=OuterRef("pk"), on__gt=quiet_since)
    # One count per kind of record, each an aggregate with a filter per line of the queue.
    counted = records.aggregate(
        open_records=Count("pk"),
        # Open for a month or more with no 経過 in the last month: someone may have been forgotten.
        quiet_records=Count("pk", filter=Q(received_at__date__lte=quiet_since) & ~Q(Exists(recent_note))),
    )
    counted |= referrals.aggregate(
        to_answer=Count("pk", filter=Q(to_agency__in=viewer.agency_ids, status=Status.REQUESTED)),
        overdue_referrals=Count(
            "pk",
            filter=Q(from_agency__in=viewer.agency_ids, status=Status.REQUESTED, reply_by__lt=today()),
        ),
    )
    overdue_plans = Plan.objects.filter(status=PlanStatus.ACTIVE, next_review_on__lt=today()).values(
        "case_id"
    )
    counted |= cases.aggregate(
        awaiting_meeting=Count("pk", filter=Q(status=CaseStatus.AWAITING_MEETING)),
        review_overdue=Count("pk", filter=Q(pk__in=overdue_plans)),
    )
    return counted


def _open_actions(request: HttpRequest) -> int:
    """Tasks from meeting minutes assigned to this user and not yet done (counts only, no content)."""
    municipality = getattr(request, "municipality", None)
    if municipality is None:
        return 0
    return ActionItem.objects.filter(
        assignee=request.user.pk, done_on__isnull=True, item__meeting__municipality=municipality
    ).count()


def _outreach(request: HttpRequest) -> dict[str, int] | None:
    """The outreach worker's day (counts only): their open targets, those gone quiet, visits not yet back.
    None where the user's agencies do no outreach, so the front line of other agencies is not told about it."""
    viewer = Viewer.of(request.user, getattr(request, "municipality", None))  # type: ignore[arg-type]
    if viewer is None:
        return None
    return outreach.home_counts(viewer, today())


def _participation(request: HttpRequest) -> dict[str, int] | None:
    """The 参加支援 worker's day (counts only): open engagements, urgent starts awaiting the meeting, follow-ups
    past their day. None where the user's agencies run no 参加支援."""
    viewer = Viewer.of(request.user, getattr(request, "municipality", None))  # type: ignore[arg-type]
    if viewer is None:
        return None
    return participation.home_counts(viewer, today())


def _officer(request: HttpRequest) -> officer.Dashboard | None:
    """The prefecture officer's dashboard (support staff with no municipality of their own): this 年度's
    minimums, what is due and what is late. None for everyone else, whose home stays as it was."""
    user = request.user
    if not permissions.supports_prefecture(user) or permissions.municipalities_of(user):  # type: ignore[arg-type]
        return None
    prefecture = permissions.prefecture_of(user)  # type: ignore[arg-type]
    return officer.build(prefecture, today()) if prefecture is not None else None
