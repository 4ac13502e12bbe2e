from __future__ import annotations

from django.http import Http404, HttpRequest

from kasane.audit.models import Basis
from kasane.households.visibility import Viewer, record_read, require_viewer, visible_referrals
from kasane.referrals.models import Referral


def access_referral(
    request: HttpRequest, referral_id: int, *, action: str = "referral.viewed"
) -> tuple[Referral, Viewer, Basis]:
    """Sender and receiver only. The receiver's basis is the referral itself; its content stays hidden
    once a consent it relied on is withdrawn (see ``Referral.basis_valid``)."""
    viewer = require_viewer(request)
    referral = (
        visible_referrals(viewer)
        .filter(pk=referral_id)
        .select_related("from_agency", "to_agency", "consent", "person", "consultation", "resent_from")
        .first()
    )
    if referral is None:
        raise Http404
    basis = Basis.OWN if referral.from_agency_id in viewer.agency_ids else Basis.REFERRAL
    record_read(request, viewer, referral, basis, action=action, person_id=referral.person_id)
    return referral, viewer, basis
