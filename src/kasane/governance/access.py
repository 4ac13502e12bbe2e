"""Who handles 開示 requests and retention, and loading a request: 404 outside the caller's municipality.

開示 is the one place where staff see persons across agencies. They do so only in the name of a registered
request: every read here is audited with the basis その他の法令 (個人情報保護法の開示請求) and the request's
受付番号 as its reference, so it shows in the person's own disclosure record.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest

from kasane import audit
from kasane.accounts import permissions
from kasane.agencies.models import Agency
from kasane.audit.actor import Actor, actor_of
from kasane.audit.models import Basis
from kasane.governance.models import DisclosureRequest

DISCLOSURE = "disclosure.produce"
RETENTION = "retention.manage"
BASIS = Basis.LAW_OTHER


def acting_agency(actor: Actor, code: str = DISCLOSURE) -> Agency | None:
    """The agency through which the user holds the permission here (for the audit entry)."""
    municipality, user = actor.municipality, actor.user
    if user is None:
        return None
    agencies = [
        a
        for a in permissions.agencies_with_perm(user, code)
        if municipality is not None and a.municipality_id == municipality.pk
    ]
    return min(agencies, key=lambda a: a.pk) if agencies else None


def load_request(request: HttpRequest, request_id: int) -> DisclosureRequest:
    found = (
        DisclosureRequest.objects.filter(pk=request_id, municipality=getattr(request, "municipality", None))
        .select_related("person", "person__owner_agency", "person__municipality")
        .first()
    )
    if found is None:
        raise Http404
    return found


def access_request(request: HttpRequest, request_id: int) -> DisclosureRequest:
    """A request of the current municipality, read in its own name (the page shows who it is about)."""
    found = load_request(request, request_id)
    audit.log(
        "disclosure.viewed",
        actor=actor_of(request),
        agency=acting_agency(actor_of(request)),
        obj=found,
        person_id=found.person_id or "",
        basis=BASIS,
        basis_ref=found.number,
    )
    return found
