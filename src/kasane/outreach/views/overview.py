"""The outreach worker's start page (my targets, stale ones, the funnel, this week, 帰所確認), the agency
visits, indicator ① and the municipality's setting."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from kasane.accounts import permissions
from kasane.accounts.models import User
from kasane.audit.actor import actor_of
from kasane.casework.visibility import record_list, require_viewer
from kasane.lib.dates import fiscal_year, fiscal_year_label, today
from kasane.outreach import queries, services
from kasane.outreach.forms import AgencyVisitForm, SettingsForm
from kasane.outreach.lists import LISTS, target_rows
from kasane.outreach.visibility import own_agency_visits
from kasane.tenancy.models import Municipality

PAGE_SIZE = 50
# The week's plans on the start page: the nearest first; the rest are counted, not listed.
WEEK_SHOWN = 20


def indicator_reach(user: User | None, municipality: Municipality) -> list[int] | None:
    """Whose outreach the reader counts: None for the whole municipality (the city's programme staff), else the
    agencies where they work with personal data or manage the programme; none at all is refused (403)."""
    if permissions.has_perm(user, "programme.view_all", municipality=municipality):
        return None
    agencies = {
        a.pk
        for code in ("case.view", "programme.view_own")
        for a in (permissions.agencies_with_perm(user, code) if user is not None else [])
        if a.municipality_id == municipality.pk
    }
    if not agencies:
        raise PermissionDenied("アウトリーチ件数は、担当機関の職員と、事業を所管する職員が見られます。")
    return sorted(agencies)


def _user(request: HttpRequest) -> User | None:
    return request.user if isinstance(request.user, User) else None


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    viewer = require_viewer(request)
    shown = request.GET.get("list", "mine")
    if shown not in LISTS:
        shown = "mine"
    day, stale_days = today(), services.settings_for(viewer.municipality.pk).stale_days
    page = Paginator(target_rows(viewer, shown, day, stale_days), PAGE_SIZE).get_page(request.GET.get("page"))
    week = queries.planned_this_week(viewer, day)
    record_list(request, viewer, "outreach_target.listed", [t.person_id for t in page if t.person_id])
    context = {
        "page": page,
        "shown": shown,
        "shown_label": LISTS[shown],
        "lists": LISTS,
        "funnel": queries.funnel(viewer),
        "week": week[:WEEK_SHOWN],
        "week_more": max(len(week) - WEEK_SHOWN, 0),
        "home_visits": list(queries.open_home_visits(viewer)),
        "stale_days": stale_days,
        "nav": "outreach",
    }
    return render(request, "outreach/index.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def agency_visits(request: HttpRequest) -> HttpResponse:
    viewer = require_viewer(request)
    form = AgencyVisitForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_agency_visit(viewer, form.save(commit=False), actor=actor_of(request))
        except services.OutreachError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, "関係機関等への訪問を記録しました。")
            return redirect("outreach:agency_visits")
    visits = own_agency_visits(viewer).select_related("agency").prefetch_related("targets")
    page = Paginator(visits, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"form": form, "page": page, "can_record": bool(viewer.edit_agency_ids), "nav": "outreach"}
    return render(request, "outreach/agency_visits.html", context)


@login_required
@require_GET
def indicator(request: HttpRequest) -> HttpResponse:
    """Indicator ①, live: the viewer's own agencies, or the whole municipality for the city's programme staff."""
    municipality = getattr(request, "municipality", None)
    if municipality is None:
        raise PermissionDenied
    agency_ids = indicator_reach(_user(request), municipality)
    whole = agency_ids is None
    current = fiscal_year(today())
    year = int(request.GET["year"]) if request.GET.get("year", "").isdigit() else current
    year = min(max(year, current - 10), current)
    months = queries.indicator(agency_ids, municipality.pk, year)
    context = {
        "months": months,
        "year": year,
        "year_label": fiscal_year_label(year),
        "years": [(y, fiscal_year_label(y)) for y in range(current, current - 5, -1)],
        "totals": {
            "individual": sum(m.individual for m in months),
            "agencies": sum(m.agencies for m in months),
            "all": sum(m.total for m in months),
        },
        "whole": whole,
        "definition": queries.INDICATOR_DEFINITION,
        "nav": "outreach" if not whole else "programme",
    }
    return render(request, "outreach/indicator.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def settings_page(request: HttpRequest) -> HttpResponse:
    municipality = getattr(request, "municipality", None)
    if municipality is None or not permissions.has_perm(
        _user(request), "programme.view_all", municipality=municipality
    ):
        raise PermissionDenied("アウトリーチの設定は、市の事業担当が行います。")
    current = services.settings_for(municipality.pk)
    form = SettingsForm(request.POST or None, initial={"stale_days": current.stale_days})
    if request.method == "POST" and form.is_valid():
        services.update_settings(
            current, stale_days=form.cleaned_data["stale_days"], user=_user(request), actor=actor_of(request)
        )
        messages.success(request, "設定を保存しました。")
        return redirect("outreach:settings")
    return render(request, "outreach/settings.html", {"form": form, "nav": "programme"})
