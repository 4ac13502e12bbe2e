"""Every change to events: one transaction, one audit entry. No names or free text go into the audit details."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction

from kasane import audit
from kasane.accounts import permissions
from kasane.accounts.models import User
from kasane.agencies.models import Agency, AgencyKind
from kasane.audit.actor import Actor
from kasane.events import signup
from kasane.events.forms import EventForm, MaterialForm, RegistrationForm
from kasane.events.models import (
    Event,
    EventGroup,
    EventMaterial,
    ParticipantCategory,
    Registration,
)
from kasane.lib.dates import fiscal_year, today


class EventError(Exception):
    """A rule of events was broken; the message is shown to the user as it is."""


def _log(action: str, obj: Any, *, actor: Actor, **details: Any) -> None:
    audit.log(action, actor=actor, obj=obj, details=details)


# --- events and their programme -----------------------------------------------------------------------------


def create_event(form: EventForm, *, actor: Actor) -> Event:
    event: Event = form.save(commit=False)
    event.prefecture = actor.in_prefecture
    event.fiscal_year = fiscal_year(event.starts_on)
    event.created_by = actor.staff
    with transaction.atomic():
        event.save()
        _log("events.created", event, kind=event.kind, fiscal_year=event.fiscal_year, actor=actor)
    return event


def update_event(form: EventForm, *, actor: Actor) -> Event:
    event: Event = form.save(commit=False)
    event.fiscal_year = fiscal_year(event.starts_on)
    with transaction.atomic():
        event.save()
        _log("events.updated", event, fields=sorted(form.changed_data), actor=actor)
    return event


def save_programme(event: Event, formset: Any, *, actor: Actor) -> None:
    with transaction.atomic():
        formset.save()
        _log(
            "events.programme_saved",
            event,
            added=len(formset.new_objects),
            changed=len(formset.changed_objects),
            removed=len(formset.deleted_objects),
            actor=actor,
        )


# --- materials and recordings --------------------------------------------------------------------------------


def add_material(event: Event, form: MaterialForm, *, actor: Actor) -> EventMaterial:
    material: EventMaterial = form.save(commit=False)
    material.event = event
    material.uploaded_by = actor.staff
    if material.file:
        material.original_name = material.file.name[-200:]
        material.size = material.file.size
    with transaction.atomic():
        material.save()
        _log(
            "events.material_added",
            event,
            material=material.pk,
            kind=material.kind,
            file_type=material.suffix if material.file else "link",
            actor=actor,
        )
    return material


def remove_material(material: EventMaterial, *, actor: Actor) -> None:
    storage, name = material.file.storage, material.file.name
    with transaction.atomic():
        _log("events.material_removed", material.event, material=material.pk, kind=material.kind, actor=actor)
        material.delete()
        if name:
            # Only once the deletion has committed: a rollback must not lose the file.
            transaction.on_commit(lambda: storage.delete(name))


# --- registrations and attendance ----------------------------------------------------------------------------


def add_registration(event: Event, form: RegistrationForm, *, actor: Actor) -> Registration:
    registration: Registration = form.save(commit=False)
    registration.event = event
    with transaction.atomic():
        registration.save()
        _log("events.registration_added", event, registration=registration.pk, actor=actor)
    return registration


def update_registration(form: RegistrationForm, *, actor: Actor) -> Registration:
    registration: Registration = form.save(commit=False)
    with transaction.atomic():
        registration.save()
        _log(
            "events.registration_updated",
            registration.event,
            registration=registration.pk,
            fields=sorted(form.changed_data),
            actor=actor,
        )
    return registration


def remove_registration(registration: Registration, *, actor: Actor) -> None:
    with transaction.atomic():
        _log("events.registration_removed", registration.event, registration=registration.pk, actor=actor)
        registration.delete()


def record_attendance(event: Event, present_ids: set[int], *, actor: Actor) -> int:
    """The day's tick list: everyone ticked attended, everyone else not. Returns how many changed."""
    with transaction.atomic():
        registrations = list(event.registrations.select_for_update().only("pk", "attended"))
        changed = [r for r in registrations if r.attended != (r.pk in present_ids)]
        for registration in changed:
            registration.attended = registration.pk in present_ids
        Registration.objects.bulk_update(changed, ["attended"])
        _log(
            "events.attendance_recorded",
            event,
            attended=sum(1 for r in registrations if r.pk in present_ids),
            registered=len(registrations),
            changed=len(changed),
            actor=actor,
        )
    return len(changed)


def _self_details(user: User) -> dict[str, Any]:
    """What a sign-up sheet would say about this member of staff, from their account."""
    memberships = permissions.memberships_of(user)
    agencies: list[Agency] = [m.agency for m in memberships]
    agency = next((a for a in agencies if a.municipality_id), agencies[0] if agencies else None)
    if agency is None:
        return {"category": ParticipantCategory.OTHER}
    municipality = agency.municipality
    if agency.kind == AgencyKind.CITY_DIVISION:
        category = ParticipantCategory.MUNICIPAL
    elif agency.kind == AgencyKind.PREFECTURE:
        category = ParticipantCategory.BUREAU if "振興局" in agency.name else ParticipantCategory.PREFECTURAL
    else:
        category = ParticipantCategory.AGENCY
    organisation = agency.name
    if municipality is not None and not organisation.startswith(municipality.name):
        organisation = f"{municipality.name} {organisation}"
    return {"category": category, "municipality": municipality, "organisation": organisation[:120]}


def register_self(event: Event, *, actor: Actor) -> Registration:
    """One click: a participant signs up with what their account says."""
    user = actor.user
    assert isinstance(user, User)
    if not event.is_upcoming(today()):
        raise EventError("終了した開催には申し込めません。")
    if event.registrations.filter(user=user).exists():
        raise EventError("すでに申し込んでいます。")
    try:
        with transaction.atomic():
            # The same 定員 and 締切 as the public form, counted on the locked row (events/signup.py).
            locked = Event.objects.select_for_update().get(pk=event.pk)
            if locked.signup_deadline is not None and today() > locked.signup_deadline:
                raise EventError(signup.closed_after(locked.signup_deadline))
            if signup.remaining_places(locked, locked.registrations.count()) == 0:
                raise EventError(signup.FULL)
            registration = Registration.objects.create(
                event=event,
                name=user.full_name,
                name_kana=user.full_name_kana,
                user=user,
                **_self_details(user),
            )
            _log("events.registered", event, registration=registration.pk, actor=actor)
    except IntegrityError:
        # The same person clicked twice at once: the constraint lets one through.
        raise EventError("すでに申し込んでいます。") from None
    return registration


def cancel_self(event: Event, *, actor: Actor) -> None:
    if not event.is_upcoming(today()):
        raise EventError("終了した開催の申込みは取り消せません。")
    with transaction.atomic():
        registration = event.registrations.select_for_update().filter(user=actor.staff.pk).first()
        if registration is None:
            raise EventError("申込みはありません。")
        _log("events.registration_cancelled", event, registration=registration.pk, actor=actor)
        registration.delete()


# --- groups -------------------------------------------------------------------------------------------------


def save_groups(
    event: Event, assignment: dict[int, int | None], facilitators: dict[int, int | None], *, actor: Actor
) -> None:
    """Put each registration in its group (by number) and each group's facilitator in place, together.
    Groups nobody is in any longer are removed."""
    used = sorted({n for n in assignment.values() if n is not None})
    with transaction.atomic():
        groups = {g.number: g for g in event.groups.select_for_update()}
        for number in used:
            group = groups.get(number)
            facilitator_id = facilitators.get(number)
            if group is None:
                groups[number] = EventGroup.objects.create(
                    event=event, number=number, facilitator_id=facilitator_id
                )
            elif group.facilitator_id != facilitator_id:
                group.facilitator_id = facilitator_id
                group.save(update_fields=["facilitator"])
        registrations = list(event.registrations.select_for_update().filter(pk__in=assignment))
        moved = []
        for registration in registrations:
            chosen = assignment[registration.pk]
            group_id = groups[chosen].pk if chosen is not None else None
            if registration.group_id != group_id:
                registration.group_id = group_id
                moved.append(registration)
        Registration.objects.bulk_update(moved, ["group"])
        EventGroup.objects.filter(event=event).exclude(number__in=used).delete()
        _log(
            "events.groups_saved",
            event,
            groups=len(used),
            moved=len(moved),
            without_facilitator=sum(1 for n in used if facilitators.get(n) is None),
            actor=actor,
        )
