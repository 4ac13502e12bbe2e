"""Between the database and grouping.py: registrations as the people grouping works on, saved groups as
its groups, so that the same explanations and warnings serve a proposal and what was saved."""

from __future__ import annotations

from collections.abc import Iterable

from kasane.accounts.models import User
from kasane.events import grouping
from kasane.events.models import EventGroup, Registration


def as_person(registration: Registration) -> grouping.Person:
    municipality = registration.municipality
    if municipality is None:
        return grouping.Person(key=registration.pk)
    return grouping.Person(
        key=registration.pk,
        municipality_id=municipality.pk,
        municipality_name=municipality.name,
        population=municipality.population,
    )


def as_people(registrations: Iterable[Registration]) -> list[grouping.Person]:
    return [as_person(r) for r in registrations]


def as_facilitator(user: User) -> grouping.Facilitator:
    return grouping.Facilitator(key=user.pk, name=user.full_name)


def saved_groups(groups: Iterable[EventGroup], registrations: list[Registration]) -> list[grouping.Group]:
    """Needs each group's facilitator and each registration's municipality loaded."""
    result = []
    for group in groups:
        members = [as_person(r) for r in registrations if r.group_id == group.pk]
        facilitator = as_facilitator(group.facilitator) if group.facilitator else None
        result.append(grouping.Group(number=group.number, members=members, facilitator=facilitator))
    return result
