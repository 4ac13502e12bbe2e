"""Loading one 参加支援 record for a request: the access check, and the audit entry of the read."""

from __future__ import annotations

from django.http import Http404, HttpRequest

from kasane.audit.models import Basis
from kasane.casework.visibility import Viewer, record_denied, record_read, require_viewer
from kasane.participation.models import Engagement, Placement
from kasane.participation.visibility import engagement_basis


def access_engagement(
    request: HttpRequest, engagement_id: int, *, action: str = "participation.viewed"
) -> tuple[Engagement, Viewer, Basis]:
    """The engagement for its owner agency and those with a basis; 404 (recorded) for anyone else."""
    viewer = require_viewer(request)
    engagement = (
        Engagement.objects.filter(pk=engagement_id, municipality=viewer.municipality)
        .select_related("owner_agency", "person", "case", "referral", "lead_user")
        .first()
    )
    basis = engagement_basis(viewer, engagement) if engagement is not None else None
    if engagement is None or basis is None:
        record_denied(request, viewer, Engagement, engagement_id, exists=engagement is not None)
        raise Http404
    record_read(
        request,
        viewer,
        engagement,
        basis,
        action=action,
        person_id=engagement.person_id,
        basis_ref=f"participation:{engagement.pk}",
    )
    return engagement, viewer, basis


def access_placement(
    request: HttpRequest, placement_id: int, *, action: str = "participation.viewed"
) -> tuple[Placement, Engagement, Viewer, Basis]:
    """A placement through its engagement: the same check, the same audit entry."""
    viewer = require_viewer(request)
    engagement_id = (
        Placement.objects.filter(pk=placement_id, engagement__municipality=viewer.municipality)
        .values_list("engagement_id", flat=True)
        .first()
    )
    if engagement_id is None:
        record_denied(request, viewer, Placement, placement_id, exists=False)
        raise Http404
    engagement, viewer, basis = access_engagement(request, engagement_id, action=action)
    placement = Placement.objects.select_related("service", "service__organization").get(pk=placement_id)
    placement.engagement = engagement  # the one just checked, with its person: not loaded a second time
    return placement, engagement, viewer, basis
