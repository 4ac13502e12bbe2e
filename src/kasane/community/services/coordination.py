"""The coordination log: recording and removing a contact of the 地域づくり work, and the counts the list and
the indicators read. Every change checks the actor here, so the page, the API and the demo meet the same rules."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.db.models import BooleanField, Count, ExpressionWrapper, Min, Q, QuerySet

from kasane import audit
from kasane.accounts import permissions
from kasane.agencies.models import Agency
from kasane.audit.actor import Actor
from kasane.community.models import Connection, Coordination, CoordinationOutcome
from kasane.community.rules import CommunityError, require_editor, require_own
from kasane.lib.dates import fiscal_year, fiscal_year_bounds, today
from kasane.tenancy.models import Municipality

FUTURE = "未来の日付の記録はできません。"
NEXT_BEFORE = "次の予定日は、日付より後の日にしてください。"


def recording_agency(actor: Actor, municipality: Municipality) -> Agency:
    """The agency a record is filed under: the actor's, else the first of their agencies in the municipality
    whose role records 地域づくり."""
    if actor.agency is not None and actor.agency.municipality_id == municipality.pk:
        return actor.agency
    for agency in permissions.agencies_with_perm(actor.staff, "community.edit"):
        if agency.municipality_id == municipality.pk:
            return agency
    raise CommunityError("記録する機関が見つかりません。所属機関の設定を確かめてください。")


def _check(record: Coordination, municipality: Municipality) -> None:
    if record.contacted_on > today():
        raise CommunityError(FUTURE)
    if record.next_on is not None and record.next_on < record.contacted_on:
        raise CommunityError(NEXT_BEFORE)
    if record.service is not None and record.service.municipality_id != municipality.pk:
        raise CommunityError("他の市町村の社会資源は選べません。")
    if record.area is not None and record.area.municipality_id != municipality.pk:
        raise CommunityError("他の市町村の圏域は選べません。")


@transaction.atomic
def save_coordination(record: Coordination, *, changed: Iterable[str] = (), actor: Actor) -> Coordination:
    """Record a new contact (filed under the recorder's agency) or save the changes to one."""
    municipality = require_editor(actor)
    created = record.pk is None
    if created:
        record.municipality = municipality
        record.agency = recording_agency(actor, municipality)
        record.recorded_by = actor.staff
    else:
        require_own(record.municipality_id, municipality)
    _check(record, municipality)
    record.save()
    audit.log(
        "community.coordination_saved",
        actor=actor,
        obj=record,
        details={
            "created": created,
            "fields": sorted(changed),
            "connection": record.connection,
            "outcome": record.outcome,
        },
    )
    return record


@transaction.atomic
def delete_coordination(record: Coordination, *, actor: Actor) -> None:
    municipality = require_editor(actor)
    require_own(record.municipality_id, municipality)
    audit.log(
        "community.coordination_deleted",
        actor=actor,
        obj=record,
        details={"connection": record.connection, "outcome": record.outcome},
    )
    record.delete()


# --- reading -------------------------------------------------------------------------------------------------


def _overdue(on: dt.date) -> Q:
    """The next date has passed while the matter is still open (not 見送り)."""
    return Q(next_on__lt=on) & ~Q(outcome=CoordinationOutcome.NOT_NOW)


def coordinations_in(municipality: Municipality, year: int, *, on: dt.date) -> QuerySet[Coordination]:
    """The year's records, newest first, each marked ``overdue`` when its next date has passed."""
    first, last = fiscal_year_bounds(year)
    return (
        Coordination.objects.filter(municipality=municipality, contacted_on__range=(first, last))
        .select_related("agency", "area", "service")
        .annotate(overdue=ExpressionWrapper(_overdue(on), output_field=BooleanField()))
        .order_by("-contacted_on", "-pk")
    )


def overdue_count(records: QuerySet[Coordination], *, on: dt.date) -> int:
    return records.filter(_overdue(on)).count()


@dataclass(frozen=True)
class Tally:
    code: str
    label: str
    count: int


def _tally(records: QuerySet[Coordination], field: str, choices: Iterable[tuple[str, str]]) -> list[Tally]:
    counts = dict(records.order_by().values_list(field).annotate(n=Count("pk")))
    return [Tally(code, label, counts.get(code, 0)) for code, label in choices]


def outcome_counts(records: QuerySet[Coordination]) -> list[Tally]:
    return _tally(records, "outcome", CoordinationOutcome.choices)


def connection_counts(records: QuerySet[Coordination]) -> list[Tally]:
    return _tally(records, "connection", Connection.choices)


def years_of(municipality: Municipality, *, on: dt.date) -> list[int]:
    """The 年度 with records, newest first, from the first record's to this one's."""
    first = Coordination.objects.filter(municipality=municipality).aggregate(first=Min("contacted_on"))[
        "first"
    ]
    current = fiscal_year(on)
    start = min(fiscal_year(first), current) if first else current
    return list(range(current, start - 1, -1))
