"""グループ分け: kasane proposes, staff move people and facilitators by hand, and save it all at once."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from kasane.accounts.models import User
from kasane.audit.actor import actor_of
from kasane.events import grouping, grouping_reasons
from kasane.events.access import support_event, support_users
from kasane.events.forms import GroupingForm, ProposeForm
from kasane.events.groups import as_facilitator, as_people, as_person, saved_groups
from kasane.events.models import Event, Registration
from kasane.events.services import save_groups
from kasane.readiness.access import support_staff_required


@support_staff_required
@require_http_methods(["GET", "POST"])
def event_groups(request: HttpRequest, event_id: int) -> HttpResponse:
    event = support_event(request, event_id)
    registrations = list(event.registrations.select_related("municipality").order_by("pk"))
    staff = support_users(request.prefecture)  # type: ignore[attr-defined]
    choices = _facilitator_choices(staff)
    propose_form = ProposeForm(
        request.GET if "propose" in request.GET else None,
        facilitator_choices=choices,
        initial={"facilitators": [user.pk for user, contractor in staff if contractor]},
    )
    proposal = _proposal(propose_form, registrations, staff, choices) if request.method == "GET" else None
    current = proposal if proposal is not None else _saved(event, registrations)
    shown = _shown(request, current, len(registrations))
    form = GroupingForm(
        request.POST or None,
        registrations=registrations,
        group_numbers=shown,
        facilitator_choices=choices,
        initial=_initial(current),
    )
    if request.method == "POST" and form.is_valid():
        save_groups(event, form.assignment(), form.facilitators(), actor=actor_of(request))
        messages.success(request, "グループ分けを保存しました。")
        return redirect("events:groups", event.pk)
    context = {"event": event, "propose_form": propose_form, "proposal": proposal, "form": form}
    context.update(_board(form, registrations, shown, current))
    return render(request, "events/groups.html", {**context, "nav": "events"})


def _facilitator_choices(staff: list[tuple[User, bool]]) -> list[tuple[int, str]]:
    return [
        (user.pk, user.full_name if contractor else f"{user.full_name}（都道府県）")
        for user, contractor in staff
    ]


def _saved(event: Event, registrations: list[Registration]) -> list[grouping.Group]:
    return saved_groups(event.groups.select_related("facilitator"), registrations)


def _shown(request: HttpRequest, current: list[grouping.Group], registrations: int) -> list[int]:
    """The group numbers the board shows: as posted, else the current groups and an empty one after them."""
    if request.method == "POST":
        return list(range(1, _posted_total(request, registrations) + 1))
    shown = sorted(g.number for g in current)
    shown.append((shown[-1] if shown else 0) + 1)  # an empty group to move people into
    return shown


def _board(
    form: GroupingForm,
    registrations: list[Registration],
    shown: list[int],
    current: list[grouping.Group],
) -> dict[str, Any]:
    grouped = {p.key for g in current for p in g.members}
    return {
        "cards": _cards(form, registrations, shown, current),
        "unassigned": [(r, form[f"r{r.pk}"]) for r in registrations if _placed(form, r) is None],
        "warnings": grouping_reasons.warnings(
            current, ungrouped=sum(1 for r in registrations if r.pk not in grouped)
        ),
        "group_total": len(shown),
    }


def _proposal(
    form: ProposeForm,
    registrations: list[Registration],
    staff: list[tuple[User, bool]],
    choices: list[tuple[int, str]],
) -> list[grouping.Group] | None:
    if not form.is_bound or not form.is_valid():
        return None
    users = {user.pk: user for user, _contractor in staff}
    chosen = {int(pk) for pk in form.cleaned_data["facilitators"]}
    facilitators = [as_facilitator(users[pk]) for pk, _label in choices if pk in chosen]
    return grouping.propose(
        as_people(registrations),
        group_size=form.cleaned_data["group_size"],
        group_count=form.cleaned_data["group_count"],
        facilitators=facilitators,
    )


def _posted_total(request: HttpRequest, registrations: int) -> int:
    try:
        total = int(request.POST.get("group_total", "1"))
    except ValueError:
        total = 1
    return max(1, min(total, registrations + 1))


def _initial(groups: list[grouping.Group]) -> dict[str, Any]:
    initial: dict[str, Any] = {}
    for group in groups:
        for person in group.members:
            initial[f"r{person.key}"] = group.number
        if group.facilitator is not None:
            initial[f"f{group.number}"] = group.facilitator.key
    return initial


def _placed(form: GroupingForm, registration: Registration) -> int | None:
    """The group a person is shown in: as posted when the form came back, else as proposed or saved."""
    name = f"r{registration.pk}"
    value = form.data.get(name) if form.is_bound else form.initial.get(name)
    if value is None or value == "":
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _cards(
    form: GroupingForm,
    registrations: list[Registration],
    numbers: list[int],
    current: list[grouping.Group],
) -> list[dict[str, Any]]:
    """One card per group as shown: its members, its make-up and why they sit together."""
    by_number = {g.number: g for g in current}
    shown = [
        grouping.Group(number, [as_person(r) for r in registrations if _placed(form, r) == number])
        for number in numbers
    ]
    members = {r.pk: r for r in registrations}
    return [
        {
            "number": group.number,
            "facilitator_field": form[f"f{group.number}"],
            "members": [(members[p.key], form[f"r{p.key}"]) for p in group.members],
            "summary": group.describe() if group.members else "",
            "reason": grouping_reasons.reason(group, shown),
            "facilitator": by_number[group.number].facilitator if group.number in by_number else None,
            "no_facilitator": bool(group.members) and not _chosen(form, f"f{group.number}"),
        }
        for group in shown
    ]


def _chosen(form: GroupingForm, name: str) -> Any:
    return form.data.get(name) if form.is_bound else form.initial.get(name)
