"""Loading one 地域づくり record for a request: inside the caller's municipality, or 404.

Nothing here is a personal record, so reading leaves no audit entry; every change does (services)."""

from __future__ import annotations

from typing import Any, TypeVar

from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest

from kasane.accounts import permissions
from kasane.community.models import Coordination, Gathering, Place, PlatformSession, SessionMaterial
from kasane.tenancy.models import Municipality

M = TypeVar("M", bound=Model)


def municipality_of(request: HttpRequest) -> Municipality:
    municipality = getattr(request, "municipality", None)
    if municipality is None:
        raise Http404
    return municipality


def can_edit(request: HttpRequest) -> bool:
    municipality = getattr(request, "municipality", None)
    return municipality is not None and permissions.has_perm(
        request.user,  # type: ignore[arg-type]
        "community.edit",
        municipality=municipality,
    )


def _one(queryset: QuerySet[M], pk: Any) -> M:
    record = queryset.filter(pk=pk).first()
    if record is None:
        raise Http404
    return record


def access_place(request: HttpRequest, place_id: int) -> Place:
    places = Place.objects.filter(municipality=municipality_of(request)).select_related(
        "service__organization", "service__location__area"
    )
    return _one(places.prefetch_related("service__schedules"), place_id)


def access_gathering(request: HttpRequest, gathering_id: int) -> Gathering:
    gatherings = Gathering.objects.filter(place__municipality=municipality_of(request)).select_related(
        "place__service"
    )
    return _one(gatherings, gathering_id)


def access_coordination(request: HttpRequest, coordination_id: int) -> Coordination:
    records = Coordination.objects.filter(municipality=municipality_of(request)).select_related(
        "agency", "area", "service", "recorded_by"
    )
    return _one(records, coordination_id)


def access_session(request: HttpRequest, session_id: int) -> PlatformSession:
    sessions = PlatformSession.objects.filter(municipality=municipality_of(request)).select_related(
        "questionnaire"
    )
    return _one(sessions, session_id)


def access_material(request: HttpRequest, material_id: int) -> SessionMaterial:
    materials = SessionMaterial.objects.filter(session__municipality=municipality_of(request)).select_related(
        "session"
    )
    return _one(materials, material_id)
