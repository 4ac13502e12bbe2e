"""The events list, one event's page, and what support staff write on it: the event and its programme."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Count, Exists, OuterRef, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from kasane.audit.actor import actor_of
from kasane.events import minimums
from kasane.events.access import (
    access_event,
    may_use_materials,
    own_registration,
    support_event,
    visible_events,
)
from kasane.events.forms import EventForm, SlotFormSet
from kasane.events.grouping import describe
from kasane.events.groups import as_people
from kasane.events.models import Event, EventKind, ParticipantCategory, Registration
from kasane.events.services import create_event, save_programme, update_event
from kasane.events.signup_staff_views import signup_panel
from kasane.lib.dates import fiscal_year, fiscal_year_label, today
from kasane.readiness.access import participant_required, support_staff_required


@participant_required
@require_GET
def event_list(request: HttpRequest) -> HttpResponse:
    if request.support_staff:  # type: ignore[attr-defined]
        return _support_list(request)
    return _participant_list(request)


def _support_list(request: HttpRequest) -> HttpResponse:
    prefecture = request.prefecture  # type: ignore[attr-defined]
    current = fiscal_year(today())
    years = set(Event.objects.filter(prefecture=prefecture).values_list("fiscal_year", flat=True).distinct())
    years.add(current)
    try:
        year = int(request.GET.get("year", current))
    except ValueError:
        year = current
    if year not in years:
        year = current
    events = list(
        visible_events(request)
        .filter(fiscal_year=year)
        .select_related("block")
        .annotate(
            n_registered=Count("registrations"),
            n_attended=Count("registrations", filter=Q(registrations__attended=True)),
        )
        .order_by("starts_on", "start_time", "pk")
    )
    checks = minimums.check_minimums(prefecture, year, minimums.dispatch_count(prefecture, year))
    return render(
        request,
        "events/event_list.html",
        {
            "events": events,
            "year": year,
            "year_label": fiscal_year_label(year),
            "years": [(y, fiscal_year_label(y)) for y in sorted(years, reverse=True)],
            "checks": checks,
            "today": today(),
            "nav": "events",
        },
    )


def _participant_list(request: HttpRequest) -> HttpResponse:
    day = today()
    mine = Registration.objects.filter(event=OuterRef("pk"), user=request.user.pk)
    events = list(
        visible_events(request)
        .select_related("block")
        .annotate(registered=Exists(mine))
        .order_by("starts_on", "start_time", "pk")
    )
    upcoming = [e for e in events if e.is_upcoming(day)]
    attended = [e for e in reversed(events) if not e.is_upcoming(day)]
    return render(
        request,
        "events/participant_list.html",
        {"upcoming": upcoming, "attended": attended, "prefecture": request.prefecture, "nav": "events"},  # type: ignore[attr-defined]
    )


@participant_required
@require_GET
def event_detail(request: HttpRequest, event_id: int) -> HttpResponse:
    event = access_event(request, event_id)
    support = request.support_staff  # type: ignore[attr-defined]
    registration = None if support else own_registration(request, event)
    context = {
        "event": event,
        "slots": list(event.slots.all()),
        "support": support,
        "registration": registration,
        "upcoming": event.is_upcoming(today()),
        "nav": "events",
    }
    context["may_use_materials"] = may_use_materials(request, registration)
    if context["may_use_materials"]:
        context["materials"] = list(event.materials.all())
    if support:
        context.update(_participation_summary(event))
        context.update(signup_panel(request, event))
    elif registration is not None and registration.group is not None:
        # One's own group: its number, its facilitator and its make-up, never who else is in it by name.
        context["group_summary"] = describe(
            as_people(registration.group.members.select_related("municipality"))
        )
    return render(request, "events/event_detail.html", context)


def _participation_summary(event: Event) -> dict[str, object]:
    registrations = list(event.registrations.select_related("municipality", "group"))
    by_category = []
    for value, label in ParticipantCategory.choices:
        n = sum(1 for r in registrations if r.category == value)
        if n:
            by_category.append(
                (label, n, sum(1 for r in registrations if r.category == value and r.attended))
            )
    groups = list(event.groups.select_related("facilitator"))
    for group in groups:
        members = [r for r in registrations if r.group_id == group.pk]
        group.size = len(members)  # type: ignore[attr-defined]
        group.summary = describe(as_people(members))  # type: ignore[attr-defined]
    return {
        "n_registered": len(registrations),
        "n_attended": sum(1 for r in registrations if r.attended),
        "n_municipalities": len({r.municipality_id for r in registrations if r.municipality_id}),
        "by_category": by_category,
        "groups": groups,
    }


@support_staff_required
@require_http_methods(["GET", "POST"])
def event_new(request: HttpRequest) -> HttpResponse:
    prefecture = request.prefecture  # type: ignore[attr-defined]
    initial = {"kind": request.GET.get("kind", "")} if request.GET.get("kind") in EventKind.values else {}
    form = EventForm(request.POST or None, prefecture=prefecture, initial=initial)
    if request.method == "POST" and form.is_valid():
        event = create_event(form, actor=actor_of(request))
        messages.success(request, f"「{event.title}」を登録しました。プログラムを入力してください。")
        return redirect("events:programme", event.pk)
    return render(request, "events/event_form.html", {"form": form, "nav": "events"})


@support_staff_required
@require_http_methods(["GET", "POST"])
def event_edit(request: HttpRequest, event_id: int) -> HttpResponse:
    event = support_event(request, event_id)
    form = EventForm(request.POST or None, instance=event, prefecture=request.prefecture)  # type: ignore[attr-defined]
    if request.method == "POST" and form.is_valid():
        update_event(form, actor=actor_of(request))
        messages.success(request, "開催の内容を保存しました。")
        return redirect("events:detail", event.pk)
    return render(request, "events/event_form.html", {"form": form, "event": event, "nav": "events"})


@support_staff_required
@require_http_methods(["GET", "POST"])
def programme_edit(request: HttpRequest, event_id: int) -> HttpResponse:
    event = support_event(request, event_id)
    formset = SlotFormSet(request.POST or None, instance=event, prefix="slots")
    if request.method == "POST" and formset.is_valid():
        save_programme(event, formset, actor=actor_of(request))
        messages.success(request, "プログラムを保存しました。")
        return redirect("events:detail", event.pk)
    return render(
        request, "events/programme_form.html", {"event": event, "formset": formset, "nav": "events"}
    )
