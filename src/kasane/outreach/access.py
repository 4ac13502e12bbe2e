"""Loading one outreach record for a request: the access check, and the audit entry of the read."""

from __future__ import annotations

from django.http import Http404, HttpRequest

from kasane.audit.models import Basis
from kasane.casework.visibility import Viewer, record_denied, record_read, require_viewer
from kasane.outreach.models import AgencyVisit, Target
from kasane.outreach.visibility import own_agency_visits, target_basis


def access_target(
    request: HttpRequest, target_id: int, *, action: str = "outreach_target.viewed"
) -> tuple[Target, Viewer, Basis]:
    """The target for its owner agency and those with a basis; 404 (recorded) for anyone else."""
    viewer = require_viewer(request)
    target = (
        Target.objects.filter(pk=target_id, municipality=viewer.municipality)
        .select_related("owner_agency", "person", "household", "lead_user", "consultation", "referral")
        .first()
    )
    basis = target_basis(viewer, target) if target is not None else None
    if target is None or basis is None:
        record_denied(request, viewer, Target, target_id, exists=target is not None)
        raise Http404
    record_read(
        request,
        viewer,
        target,
        basis,
        action=action,
        person_id=target.person_id or "",
        basis_ref=f"target:{target.pk}",
    )
    return target, viewer, basis


def access_agency_visit(request: HttpRequest, visit_id: int) -> tuple[AgencyVisit, Viewer]:
    """An agency visit holds no personal data; it is the owner agency's own, and 404 to anyone else."""
    viewer = require_viewer(request)
    visit = own_agency_visits(viewer).filter(pk=visit_id).select_related("agency").first()
    if visit is None:
        exists = AgencyVisit.objects.filter(pk=visit_id, municipality=viewer.municipality).exists()
        record_denied(request, viewer, AgencyVisit, visit_id, exists=exists)
        raise Http404
    return visit, viewer
