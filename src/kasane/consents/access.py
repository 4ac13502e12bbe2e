"""Consents are managed by the agency that obtained them; others learn of them only through their effects."""

from __future__ import annotations

from django.http import Http404, HttpRequest

from kasane.audit.models import Basis
from kasane.consents.models import Consent
from kasane.households.visibility import Viewer, record_read, require_viewer


def access_consent(
    request: HttpRequest, consent_id: int, *, action: str = "consent.viewed"
) -> tuple[Consent, Viewer]:
    viewer = require_viewer(request)
    consent = (
        Consent.objects.filter(
            pk=consent_id, municipality=viewer.municipality, owner_agency__in=viewer.agency_ids
        )
        .select_related("person", "owner_agency")
        .first()
    )
    if consent is None:
        raise Http404
    record_read(request, viewer, consent, Basis.OWN, action=action, person_id=consent.person_id)
    return consent, viewer
