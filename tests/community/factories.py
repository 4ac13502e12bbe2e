"""地域づくり's records built in code: a place of the register kept for 地域づくり, and a day's attendance.

Written straight to the tables (not through the services), so a test meets each rule in the state it names;
other community tests may import these."""

from __future__ import annotations

import datetime as dt
from typing import Any

from kasane.community.models import Gathering, Place
from kasane.resources.models import Location, Organization, Schedule, Service
from kasane.tenancy.models import Area, Municipality


def place(
    municipality: Municipality,
    *,
    name: str = "ふれあいサロン中町",
    area: Area | None = None,
    categories: tuple[str, ...] = ("salon",),
    funding: str = "care",
    generations: tuple[str, ...] = ("elderly", "children"),
    audiences: tuple[str, ...] = ("anyone",),
    **fields: Any,
) -> Place:
    """An activity of the register (its organisation, its place and a weekly schedule) kept as a place;
    ``fields`` go to the Place (started_on, on_map, note)."""
    group = Organization.objects.create(municipality=municipality, name=f"{name}運営委員会", kind="residents")
    hall = Location.objects.create(
        municipality=municipality, organization=group, name=f"{name}の会場", area=area
    )
    service = Service.objects.create(
        municipality=municipality,
        organization=group,
        location=hall,
        name=name,
        categories=list(categories),
        funding=funding,
    )
    Schedule.objects.create(service=service, byday="WE", opens_at=dt.time(10), closes_at=dt.time(12))
    return Place.objects.create(
        municipality=municipality,
        service=service,
        generations=list(generations),
        audiences=list(audiences),
        **fields,
    )


def gathering(place: Place, day: dt.date, **counts: int | str) -> Gathering:
    """One day of ``place``: counts by age band and category (``age_senior=6``), helpers, note."""
    return Gathering.objects.create(place=place, held_on=day, **counts)
