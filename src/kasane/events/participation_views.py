"""Participants: signing oneself up, and for support staff the list, the sign-up sheet and the day's tick list."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from kasane.audit.actor import actor_of
from kasane.events.access import access_event, support_event
from kasane.events.forms import RegistrationForm
from kasane.events.models import ParticipantCategory, Registration
from kasane.events.services import (
    EventError,
    add_registration,
    cancel_self,
    record_attendance,
    register_self,
    remove_registration,
    update_registration,
)
from kasane.readiness.access import participant_required, support_staff_required


@participant_required
@require_POST
def register(request: HttpRequest, event_id: int) -> HttpResponse:
    event = access_event(request, event_id)
    try:
        register_self(event, actor=actor_of(request))
    except EventError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"「{event.title}」に申し込みました。")
    return redirect("events:detail", event.pk)


@participant_required
@require_POST
def cancel(request: HttpRequest, event_id: int) -> HttpResponse:
    event = access_event(request, event_id)
    try:
        cancel_self(event, actor=actor_of(request))
    except EventError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"「{event.title}」の申込みを取り消しました。")
    return redirect("events:detail", event.pk)


@support_staff_required
@require_http_methods(["GET", "POST"])
def registrations(request: HttpRequest, event_id: int) -> HttpResponse:
    """Everyone signed up, and the tick list of who came: one form, one save."""
    event = support_event(request, event_id)
    if request.method == "POST":
        present = {int(pk) for pk in request.POST.getlist("attended") if pk.isdigit()}
        changed = record_attendance(event, present, actor=actor_of(request))
        messages.success(request, f"出席を記録しました（{len(present)}人出席、変更{changed}件）。")
        return redirect("events:registrations", event.pk)
    rows = list(
        event.registrations.select_related("municipality", "group").order_by(
            "municipality__code", "name_kana", "pk"
        )
    )
    counts = [
        (label, sum(1 for r in rows if r.category == value))
        for value, label in ParticipantCategory.choices
        if any(r.category == value for r in rows)
    ]
    return render(
        request,
        "events/registrations.html",
        {
            "event": event,
            "rows": rows,
            "counts": counts,
            "n_attended": sum(1 for r in rows if r.attended),
            "nav": "events",
        },
    )


@support_staff_required
@require_http_methods(["GET", "POST"])
def registration_new(request: HttpRequest, event_id: int) -> HttpResponse:
    event = support_event(request, event_id)
    form = RegistrationForm(
        request.POST or None,
        prefecture=request.prefecture,  # type: ignore[attr-defined]
        initial={"category": ParticipantCategory.MUNICIPAL},
    )
    if request.method == "POST" and form.is_valid():
        registration = add_registration(event, form, actor=actor_of(request))
        messages.success(request, f"{registration.name}さんを参加者に加えました。")
        if "another" in request.POST:
            return redirect("events:registration_new", event.pk)
        return redirect("events:registrations", event.pk)
    return render(request, "events/registration_form.html", {"event": event, "form": form, "nav": "events"})


def _registration(request: HttpRequest, registration_id: int) -> Registration:
    registration = (
        Registration.objects.filter(pk=registration_id, event__prefecture=request.prefecture)  # type: ignore[attr-defined]
        .select_related("event")
        .first()
    )
    if registration is None:
        raise Http404
    return registration


@support_staff_required
@require_http_methods(["GET", "POST"])
def registration_edit(request: HttpRequest, registration_id: int) -> HttpResponse:
    registration = _registration(request, registration_id)
    form = RegistrationForm(request.POST or None, instance=registration, prefecture=request.prefecture)  # type: ignore[attr-defined]
    if request.method == "POST" and form.is_valid():
        update_registration(form, actor=actor_of(request))
        messages.success(request, f"{registration.name}さんの登録内容を保存しました。")
        return redirect("events:registrations", registration.event_id)
    return render(
        request,
        "events/registration_form.html",
        {"event": registration.event, "form": form, "registration": registration, "nav": "events"},
    )


@support_staff_required
@require_POST
def registration_delete(request: HttpRequest, registration_id: int) -> HttpResponse:
    registration = _registration(request, registration_id)
    remove_registration(registration, actor=actor_of(request))
    messages.success(request, f"{registration.name}さんを参加者から外しました。")
    return redirect("events:registrations", registration.event_id)
