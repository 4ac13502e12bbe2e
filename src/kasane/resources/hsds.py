"""The register as Open Referral's Human Services Data Specification (HSDS 3.1) compiled ``service`` objects.

The document is a list of compiled ``service`` objects, the shape of HSDS's API ``/services/{id}``: each holds
its ``organization``, ``service_at_locations`` → ``location`` (``addresses``, ``accessibility``), ``schedules``,
``contacts`` (with ``phones``), ``capacities`` and ``languages`` (ja). What HSDS has no field for travels as
``attributes`` whose ``taxonomy_term`` comes from kasane's own taxonomies (``kasane:category``,
``kasane:funding``, ``kasane:physical_load``, ``kasane:participation``, ``kasane:organization_kind``,
``kasane:area``), so nothing is lost on the way out and back. Ids are the records' ``hsds_id``; an object
kasane has no row for (an address, a contact, an attribute) gets a UUID derived from its owner's id, the
same at every export.

The same objects are flattened into HSDS's tabular form by ``hsds_tabular.py`` and read back into the register
by ``hsds_import.py``; the vocabulary here (``FLAGS``, ``TAXONOMIES``) is what both directions agree on.

``public=True`` writes the dataset a municipality publishes as open data (地域づくり's residents' list): what a
resident reads of an activity, without what staff keep for 参加支援 (``STAFF_ONLY``: whether the host takes
participants or has before, the staff's judgement that it suits the shy, what a participant does there, the
physical load, how many participants it takes) and without a contact person's name and e-mail (the phone
number stays: it is what the residents' list prints).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any

from django.db.models import QuerySet

from kasane.resources.models import (
    Category,
    Funding,
    Load,
    Location,
    Organization,
    OrganizationKind,
    Schedule,
    Service,
)
from kasane.resources.queries import services_in, with_details
from kasane.tenancy.models import Municipality

NAMESPACE = uuid.UUID("9b0fffe8-c952-40a4-9ff7-f7f00d8d950c")
FLAGS = {
    "suits_shy": "人と話すのが苦手でも参加しやすい",
    "transport_provided": "送迎あり",
    "hosts_participants": "参加支援の受け入れ先になれる",
    "hosted_before": "受け入れ経験あり",
}
PARTICIPATION = {**FLAGS, "activities": "参加する人ができること"}
# Kept for 参加支援 staff, left out of the public dataset: of FLAGS only 送迎あり is for residents.
STAFF_ONLY = ("suits_shy", "hosts_participants", "hosted_before", "activities", "physical_load", "capacity")
# prefix → (taxonomy name, its description, the terms as code → label)
TAXONOMIES: dict[str, tuple[str, str, dict[str, str]]] = {
    "category": ("kasane:category", "社会資源の種類", dict(Category.choices)),
    "funding": ("kasane:funding", "事業の財源", dict(Funding.choices)),
    "physical_load": ("kasane:physical_load", "体への負担", dict(Load.choices)),
    "participation": ("kasane:participation", "参加支援のための情報", PARTICIPATION),
    "organization_kind": ("kasane:organization_kind", "団体の種類", dict(OrganizationKind.choices)),
    "area": ("kasane:area", "日常生活圏域", {"area": "圏域"}),
}


def _id(*parts: object) -> str:
    return str(uuid.uuid5(NAMESPACE, "/".join(str(p) for p in parts)))


def _term(prefix: str, code: str) -> dict[str, Any]:
    taxonomy, description, terms = TAXONOMIES[prefix]
    return {
        "id": _id("term", prefix, code),
        "code": f"{prefix}:{code}",
        "name": terms[code],
        "description": f"{description}：{terms[code]}",
        "taxonomy": taxonomy,
        "taxonomy_id": _id("taxonomy", prefix),
        "language": "ja",
        "taxonomy_detail": {"id": _id("taxonomy", prefix), "name": taxonomy, "description": description},
    }


def _attribute(link_id: object, entity: str, prefix: str, code: str, value: str = "") -> dict[str, Any]:
    term = _term(prefix, code)
    attribute = {
        "id": _id(link_id, term["code"]),
        "link_id": str(link_id),
        "link_entity": entity,
        "taxonomy_term_id": term["id"],
        "label": term["name"],
        "taxonomy_term": term,
    }
    return attribute | ({"value": value} if value else {})


def _present(obj: dict[str, Any]) -> dict[str, Any]:
    """HSDS fields are strings and numbers, never null: an empty one is left out."""
    return {k: v for k, v in obj.items() if v not in (None, "", [])}


def _phone(owner: str, owner_id: object, number: str) -> dict[str, Any]:
    return {"id": _id(owner_id, "phone"), f"{owner}_id": str(owner_id), "number": number}


def _organization(org: Organization) -> dict[str, Any]:
    phones = [_phone("organization", org.hsds_id, org.phone)] if org.phone else []
    return _present(
        {
            "id": str(org.hsds_id),
            "name": org.name,
            "alternate_name": org.name_kana,
            "email": org.email,
            "website": org.website,
            "phones": phones,
            "attributes": [_attribute(org.hsds_id, "organization", "organization_kind", org.kind)],
        }
    ) | {"description": org.description}


def _location(loc: Location, municipality: Municipality) -> dict[str, Any]:
    address = {
        "id": _id(loc.hsds_id, "address"),
        "location_id": str(loc.hsds_id),
        "address_1": loc.address,
        "city": municipality.name,
        "state_province": municipality.prefecture.name,
        "postal_code": loc.postal_code,
        "country": "JP",
        "address_type": "physical",
    }
    access = {
        "id": _id(loc.hsds_id, "accessibility"),
        "location_id": str(loc.hsds_id),
        "description": loc.accessibility,
    }
    area = [_attribute(loc.hsds_id, "location", "area", "area", loc.area.name)] if loc.area else []
    return _present(
        {
            "id": str(loc.hsds_id),
            "location_type": "physical",
            "organization_id": str(loc.organization.hsds_id) if loc.organization else "",
            "name": loc.name,
            "transportation": loc.transportation,
            "latitude": float(loc.latitude) if loc.latitude is not None else None,
            "longitude": float(loc.longitude) if loc.longitude is not None else None,
            "addresses": [address] if loc.address else [],
            "accessibility": [access] if loc.accessibility else [],
            "attributes": area,
        }
    )


def _schedule(schedule: Schedule, service_id: str) -> dict[str, Any]:
    return _present(
        {
            "id": str(schedule.hsds_id),
            "service_id": service_id,
            "freq": schedule.freq,
            "wkst": "MO",
            "byday": schedule.byday,
            "opens_at": f"{schedule.opens_at:%H:%M:%S}" if schedule.opens_at else "",
            "closes_at": f"{schedule.closes_at:%H:%M:%S}" if schedule.closes_at else "",
            "description": schedule.description,
        }
    )


def _attributes(s: Service, *, public: bool = False) -> list[dict[str, Any]]:
    withheld = STAFF_ONLY if public else ()
    attributes = [
        _attribute(s.hsds_id, "service", "category", c) for c in s.categories if c in Category.values
    ]
    attributes.append(_attribute(s.hsds_id, "service", "funding", s.funding))
    if "physical_load" not in withheld:
        attributes.append(_attribute(s.hsds_id, "service", "physical_load", s.physical_load))
    attributes += [
        _attribute(s.hsds_id, "service", "participation", f, "true" if getattr(s, f) else "false")
        for f in FLAGS
        if f not in withheld
    ]
    if s.activities and "activities" not in withheld:
        attributes.append(_attribute(s.hsds_id, "service", "participation", "activities", s.activities))
    return attributes


def service_object(s: Service, municipality: Municipality, *, public: bool = False) -> dict[str, Any]:
    """One service as HSDS's compiled object (``public``: as open data, see the module's note)."""
    sid = str(s.hsds_id)
    contact = _present(
        {
            "id": _id(sid, "contact"),
            "service_id": sid,
            "name": "" if public else s.contact_name,
            "email": "" if public else s.contact_email,
            "phones": [_phone("contact", _id(sid, "contact"), s.contact_phone)] if s.contact_phone else [],
        }
    )
    at = []
    if s.location is not None:
        at = [
            {
                "id": _id(sid, "at", s.location.hsds_id),
                "service_id": sid,
                "location_id": str(s.location.hsds_id),
                "location": _location(s.location, municipality),
            }
        ]
    capacity = {
        "id": _id(sid, "capacity"),
        "service_id": sid,
        "unit_id": _id("unit", "person"),
        "unit": {"id": _id("unit", "person"), "name": "人"},
        "available": s.capacity,
        "maximum": s.capacity,
        "description": "受け入れ可能な人数",
        "updated": s.updated_at.isoformat(),
    }
    return _present(
        {
            "id": sid,
            "organization_id": str(s.organization.hsds_id),
            "name": s.name,
            "alternate_name": s.name_kana,
            "description": s.description,
            "status": s.status,
            "application_process": s.application,
            "fees_description": s.cost,
            "eligibility_description": s.eligibility,
            "minimum_age": s.minimum_age,
            "maximum_age": s.maximum_age,
            "last_modified": s.updated_at.isoformat(),
            "organization": _organization(s.organization),
            "service_at_locations": at,
            "schedules": [_schedule(schedule, sid) for schedule in s.schedules.all()],
            "contacts": [contact] if len(contact) > 2 else [],
            "phones": [_phone("service", sid, s.contact_phone)] if s.contact_phone else [],
            "capacities": [capacity] if s.capacity is not None and not public else [],
            "languages": [{"id": _id(sid, "language"), "service_id": sid, "name": "日本語", "code": "ja"}],
            "attributes": _attributes(s, public=public),
        }
    )


def _services(municipality: Municipality, services: QuerySet[Service] | None) -> Iterable[Service]:
    chosen = services_in(municipality) if services is None else services.filter(municipality=municipality)
    found = with_details(chosen).select_related("organization", "location__organization", "location__area")
    return found.order_by("pk")


def export_document(
    municipality: Municipality, *, services: QuerySet[Service] | None = None, public: bool = False
) -> list[dict[str, Any]]:
    """The register (or ``services`` of it) as a list of HSDS compiled service objects; ``public`` leaves out
    what only staff should read (the module's note)."""
    return [service_object(s, municipality, public=public) for s in _services(municipality, services)]
