"""Access helpers for agencies. The directory holds no personal data, but it is still per municipality."""

from __future__ import annotations

from django.http import Http404, HttpRequest

from kasane.accounts import permissions
from kasane.accounts.models import User
from kasane.agencies.models import Agency


def access_agency(request: HttpRequest, agency_id: int) -> Agency:
    municipality = getattr(request, "municipality", None)
    agency = (
        Agency.objects.in_municipality(municipality).for_directory().filter(pk=agency_id).first()
        if municipality is not None
        else None
    )
    if agency is None:
        raise Http404
    return agency


def can_edit_agency(user: User, agency: Agency) -> bool:
    return permissions.has_perm(user, "agency.edit_all", agency=agency) or permissions.has_perm(
        user, "agency.edit_own", agency=agency
    )
