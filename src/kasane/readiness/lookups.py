"""The municipality or sheet a readiness page is about, as far as the user may look into it (else 404),
and whether the user may edit it."""

from __future__ import annotations

from django.http import Http404, HttpRequest

from kasane.readiness.access import can_edit_readiness, own_municipalities
from kasane.readiness.models import ReadinessSheet
from kasane.tenancy.models import Municipality


def municipality_for(request: HttpRequest, municipality_id: int) -> Municipality:
    """A municipality of the user's prefecture that the user may look into: support staff any, municipal
    staff their own. Anyone else: 404."""
    municipality = (
        Municipality.objects.select_related("prefecture", "profile", "profile__block")
        .filter(pk=municipality_id, prefecture=request.prefecture)  # type: ignore[attr-defined]
        .first()
    )
    if municipality is None:
        raise Http404
    if request.support_staff or municipality in own_municipalities(request):  # type: ignore[attr-defined]
        return municipality
    raise Http404


def may_edit(request: HttpRequest, municipality: Municipality) -> bool:
    """The municipality's programme staff, or support staff entering a sheet the municipality sent in."""
    return bool(request.support_staff) or can_edit_readiness(request, municipality)  # type: ignore[attr-defined]


def sheet_for(request: HttpRequest, sheet_id: int, *, editing: bool = False) -> ReadinessSheet:
    sheet = (
        ReadinessSheet.objects.select_related(
            "municipality", "municipality__prefecture", "municipality__profile"
        )
        .filter(pk=sheet_id, municipality__prefecture=request.prefecture)  # type: ignore[attr-defined]
        .first()
    )
    if sheet is None:
        raise Http404
    own = sheet.municipality in own_municipalities(request)
    if editing:
        if not ((own or request.support_staff) and may_edit(request, sheet.municipality)):  # type: ignore[attr-defined]
            raise Http404
        return sheet
    if request.support_staff or own or (sheet.shared_with_peers and sheet.submitted_at):  # type: ignore[attr-defined]
        return sheet
    raise Http404
