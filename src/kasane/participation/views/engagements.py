"""参加支援 pages: the list, starting one, the engagement page and the actions on it."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kasane.audit.actor import actor_of
from kasane.casework.models import Case, Referral
from kasane.casework.visibility import Viewer, record_list, require_viewer
from kasane.lib.dates import today
from kasane.lib.forms import form_errors
from kasane.participation import rules, services
from kasane.participation.access import access_engagement
from kasane.participation.forms import EndForm, LinkCaseForm, ReviewForm, StartForm, UrgentForm
from kasane.participation.models import Engagement
from kasane.participation.page import case_choices, engagement_context
from kasane.participation.queries import (
    LISTS,
    engagement_list,
    follow_ups_due,
    placements_by_stage,
    urgent_waiting,
)
from kasane.participation.sources import Source, start_sources

PAGE_SIZE = 50


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    viewer = require_viewer(request)
    asked = request.GET.get("list", "open")
    shown = asked if asked in LISTS else "open"
    page = Paginator(engagement_list(viewer, shown), PAGE_SIZE).get_page(request.GET.get("page"))
    day = today()
    # Each urgent start with the days it has waited for the meeting (the list holds only those not decided).
    urgent = [(e, rules.waiting_days(e.urgent_started_on, None, day)) for e in urgent_waiting(viewer)[:20]]
    due = list(follow_ups_due(viewer, day)[:20])
    shown_people = [e.person_id for e in page] + [e.person_id for e, _days in urgent]
    shown_people += [f.placement.engagement.person_id for f in due]
    record_list(request, viewer, "participation.listed", shown_people)
    context = {
        "page": page,
        "lists": LISTS,
        "shown": shown,
        "shown_label": LISTS[shown],
        "urgent": urgent,
        "due": due,
        "today": day,
        "stages": placements_by_stage(viewer),
        "nav": "participation",
    }
    return render(request, "participation/index.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def start(request: HttpRequest) -> HttpResponse:
    viewer = require_viewer(request)
    sources = start_sources(viewer, request.GET.get("q", ""))
    record_list(request, viewer, "participation.listed", [s.person.pk for s in sources])
    form = StartForm(request.POST or None, sources=[(s.key, s.label) for s in sources])
    if request.method == "POST" and form.is_valid():
        chosen = next(s for s in sources if s.key == form.cleaned_data["source"])
        engagement = _start(request, viewer, chosen, form.cleaned_data["started_on"])
        if engagement is not None:
            return redirect("participation:detail", engagement.pk)
    status = 400 if request.method == "POST" else 200
    context = {
        "form": form,
        "sources": sources,
        "can_start": bool(viewer.edit_agency_ids),
        "q": request.GET.get("q", ""),
        "nav": "participation",
    }
    return render(request, "participation/start.html", context, status=status)


@login_required
@require_GET
def detail(request: HttpRequest, engagement_id: int) -> HttpResponse:
    engagement, viewer, _basis = access_engagement(request, engagement_id)
    return render(request, "participation/detail.html", engagement_context(viewer, engagement))


@login_required
@require_POST
def urgent(request: HttpRequest, engagement_id: int) -> HttpResponse:
    engagement, viewer, _basis = access_engagement(request, engagement_id)
    form = UrgentForm(request.POST)
    if form.is_valid():
        try:
            services.record_urgent_start(
                viewer,
                engagement,
                form.cleaned_data["on"],
                form.cleaned_data["reason"],
                actor=actor_of(request),
            )
        except services.ParticipationError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(
                request,
                "会議の決定前に支援を始めたことを記録しました。会議で決定されるまで一覧に表示されます。",
            )
            return redirect("participation:detail", engagement.pk)
    context = engagement_context(viewer, engagement, urgent_form=form)
    return render(request, "participation/detail.html", context, status=400)


@login_required
@require_POST
def link_case(request: HttpRequest, engagement_id: int) -> HttpResponse:
    engagement, viewer, _basis = access_engagement(request, engagement_id)
    form = LinkCaseForm(request.POST, cases=case_choices(viewer, engagement))
    if form.is_valid():
        case = Case.objects.get(pk=form.cleaned_data["case"])
        try:
            services.link_case(viewer, engagement, case, actor=actor_of(request))
        except services.ParticipationError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(
                request, "ケースと結び付けました。参加支援プランはこのケースの重層的支援会議で決定します。"
            )
            return redirect("participation:detail", engagement.pk)
    form_errors(request, form)
    return redirect("participation:detail", engagement.pk)


@login_required
@require_POST
def review(request: HttpRequest, engagement_id: int) -> HttpResponse:
    engagement, viewer, _basis = access_engagement(request, engagement_id)
    form = ReviewForm(request.POST)
    if form.is_valid():
        try:
            services.add_review(viewer, engagement, form.save(commit=False), actor=actor_of(request))
        except services.ParticipationError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, "評価を記録しました。")
            return redirect("participation:detail", engagement.pk)
    context = engagement_context(viewer, engagement, review_form=form)
    return render(request, "participation/detail.html", context, status=400)


@login_required
@require_POST
def end(request: HttpRequest, engagement_id: int) -> HttpResponse:
    engagement, viewer, _basis = access_engagement(request, engagement_id)
    form = EndForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        try:
            services.end_engagement(
                viewer, engagement, d["on"], d["reason"], d["note"], actor=actor_of(request)
            )
        except services.ParticipationError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, "参加支援を終了しました。")
            return redirect("participation:detail", engagement.pk)
    context = engagement_context(viewer, engagement, end_form=form)
    return render(request, "participation/detail.html", context, status=400)


def _start(request: HttpRequest, viewer: Viewer, chosen: Source, started_on: dt.date) -> Engagement | None:
    record = chosen.record
    try:
        engagement = services.start_engagement(
            viewer,
            chosen.person,
            case=record if isinstance(record, Case) else None,
            referral=record if isinstance(record, Referral) else None,
            started_on=started_on,
            actor=actor_of(request),
        )
    except services.ParticipationError as exc:
        messages.error(request, str(exc))
        return None
    messages.success(
        request, "参加支援を始めました。まず本人の希望を聞き取り、アセスメントを記録してください。"
    )
    return engagement
