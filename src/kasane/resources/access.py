"""Loading one register record for a request: inside the caller's municipality, or 404.

The register holds no personal data, so reading it leaves no audit entry; changing it does (services)."""

from __future__ import annotations

from django.http import Http404, HttpRequest

from kasane.accounts import permissions
from kasane.resources.models import Service
from kasane.resources.queries import with_details


def access_service(request: HttpRequest, service_id: int) -> Service:
    municipality = getattr(request, "municipality", None)
    service = (
        with_details(Service.objects.filter(pk=service_id, municipality=municipality)).first()
        if municipality is not None
        else None
    )
    if service is None:
        raise Http404
    return service


def can_edit_register(request: HttpRequest) -> bool:
    municipality = getattr(request, "municipality", None)
    return municipality is not None and permissions.has_perm(
        request.user,  # type: ignore[arg-type]
        "resource.edit",
        municipality=municipality,
    )
