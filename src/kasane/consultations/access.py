from __future__ import annotations

from django.http import Http404, HttpRequest

from kasane.audit.models import Basis
from kasane.consultations.models import Consultation
from kasane.households.visibility import Viewer, consultation_basis, record_read, require_viewer


def access_consultation(
    request: HttpRequest, consultation_id: int, *, action: str = "consultation.viewed"
) -> tuple[Consultation, Viewer, Basis]:
    viewer = require_viewer(request)
    consultation = (
        Consultation.objects.filter(pk=consultation_id, municipality=viewer.municipality)
        .select_related("person", "household", "owner_agency", "consent")
        .first()
    )
    basis = consultation_basis(viewer, consultation) if consultation is not None else None
    if consultation is None or basis is None:
        raise Http404
    record_read(request, viewer, consultation, basis, action=action, person_id=consultation.person_id)
    return consultation, viewer, basis
