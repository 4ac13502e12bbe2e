"""What every import of the register shares: the checked record (``Incoming``), the refusal that names each
problem (``ImportRefused``), the result, and the writer ``save_incoming`` that the template import
(``table_import.py``) and the HSDS import (``hsds_import.py``) both end in.

An import is all or nothing: a reader checks every record first and raises ``ImportRefused`` naming each
problem; only then does ``save_incoming`` write every record in one transaction, with one audit entry.

Rules the writer keeps, whatever the file:
- The record's id (the service's HSDS id) decides update or create, and only among this municipality's
  records: an id found here updates that record; an id not found here creates a new record carrying it (so
  importing another town's export twice updates the second time), and the other town's record is never read
  or written. A record without an id is new.
- A field the record does not carry keeps what the register has.
- One organisation per name (width, kana and variant kanji folded): a name the register knows is that
  organisation, and the file only adds to it, never blanks what the register knows.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from kasane import audit
from kasane.audit.actor import Actor
from kasane.lib.text import name_key
from kasane.resources.models import Location, Organization, Schedule, Service
from kasane.resources.services import may_edit
from kasane.tenancy.models import Municipality

# A register is hundreds of rows, a prefecture's a few thousand: anything far beyond is refused before it is
# read whole, so a crafted file (a ZIP that inflates to gigabytes, a sheet of a million rows) cannot exhaust
# the server's memory.
MAX_RECORDS = 10_000
MAX_INFLATED_BYTES = 50 * 1024 * 1024


class ImportRefused(Exception):
    """The whole file is refused; ``errors`` name each problem, in Japanese, by row or record."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("\n".join(errors))
        self.errors = errors


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int
    format: str


@dataclass
class Incoming:
    """One service as a file describes it, checked and ready to write. ``service`` and ``organization`` hold
    only the fields the file carries; ``location`` None means "no place", ``has_location`` False "the file
    says nothing about the place"; ``schedules`` None leaves the schedules as they are."""

    hsds_id: uuid.UUID | None
    service: dict[str, Any]
    organization: dict[str, Any]
    organization_id: uuid.UUID | None = None
    has_location: bool = True
    location: dict[str, Any] | None = None
    location_id: uuid.UUID | None = None
    schedules: list[dict[str, Any]] | None = None


class _Writer:
    def __init__(self, municipality: Municipality, records: list[Incoming], actor: Actor) -> None:
        self.municipality, self.actor = municipality, actor
        ids = [r.hsds_id for r in records if r.hsds_id]
        self.services = {
            s.hsds_id: s
            for s in Service.objects.filter(municipality=municipality, hsds_id__in=ids).select_related(
                "location"
            )
        }
        self.orgs_by_id: dict[uuid.UUID, Organization] = {}
        self.orgs_by_name: dict[str, Organization] = {}
        for org in Organization.objects.filter(municipality=municipality).order_by("-pk"):
            self.orgs_by_id[org.hsds_id] = org
            self.orgs_by_name[name_key(org.name)] = org  # by pk descending: the oldest one wins
        location_ids = [r.location_id for r in records if r.location_id]
        self.locations = {
            loc.hsds_id: loc
            for loc in Location.objects.filter(municipality=municipality, hsds_id__in=location_ids)
        }

    def organization(self, record: Incoming) -> Organization:
        key = name_key(record.organization["name"])
        fields = dict(record.organization)
        org = self.orgs_by_id.get(record.organization_id) if record.organization_id else None
        if org is None and key in self.orgs_by_name:
            # The same organisation, perhaps written another way (髙橋 農園): keep its name, and take only what
            # the file says, never a blank over what the register knows.
            org = self.orgs_by_name[key]
            fields = {k: v for k, v in fields.items() if k != "name" and v not in ("", None)}
        if org is None:
            org = Organization(municipality=self.municipality, hsds_id=record.organization_id or uuid.uuid4())
        if org.pk is None or any(getattr(org, k) != v for k, v in fields.items()):
            for name, value in fields.items():
                setattr(org, name, value)
            org.save()
        self.orgs_by_id[org.hsds_id] = self.orgs_by_name[key] = org
        return org

    def location(self, record: Incoming, service: Service, org: Organization) -> Location | None:
        if record.location is None:
            return None
        if record.location_id:
            loc = self.locations.get(record.location_id) or Location(hsds_id=record.location_id)
        else:
            loc = service.location or Location()
        if loc.pk is None or any(getattr(loc, k) != v for k, v in record.location.items()):
            for name, value in record.location.items():
                setattr(loc, name, value)
            loc.municipality = self.municipality
            loc.organization = loc.organization or org
            loc.save()
        self.locations[loc.hsds_id] = loc
        return loc

    def write(self, record: Incoming) -> bool:
        """Create or update one service; True when it was created."""
        service = self.services.get(record.hsds_id) if record.hsds_id else None
        if service is None:
            service = Service(
                municipality=self.municipality,
                hsds_id=record.hsds_id or uuid.uuid4(),
                created_by=self.actor.user,
            )
        created = service.pk is None
        for name, value in record.service.items():
            setattr(service, name, value)
        service.organization = self.organization(record)
        if record.has_location:
            service.location = self.location(record, service, service.organization)
        service.save()
        if record.schedules is not None:
            service.schedules.all().delete()
            Schedule.objects.bulk_create(Schedule(service=service, **s) for s in record.schedules)
        self.services[service.hsds_id] = service
        return created


@transaction.atomic
def save_incoming(
    municipality: Municipality, records: list[Incoming], *, format: str, actor: Actor
) -> ImportResult:
    """Write checked records into the municipality's register: one transaction, one audit entry."""
    if actor.municipality is not None and actor.municipality.pk != municipality.pk:
        raise ImportRefused(["他の市町村の社会資源には取り込めません。"])
    if not may_edit(actor, municipality):
        raise ImportRefused(["社会資源を取り込む権限がありません。"])
    writer = _Writer(municipality, records, actor)
    created = sum(writer.write(record) for record in records)
    result = ImportResult(created=created, updated=len(records) - created, format=format)
    audit.log(
        "resource.imported",
        actor=actor,
        municipality=municipality,
        details={"created": result.created, "updated": result.updated, "format": format},
    )
    return result
