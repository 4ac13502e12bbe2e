"""Who sees which 参加支援 record, and on which basis: the casework rule book applied to participation.

An engagement (and its assessments, placements, host notes, follow-ups, reviews) belongs to the agency that
runs it. Another agency sees it only with a basis:
- ``case_team``: it hangs from a 多機関協働 case the viewer runs or is on the team of, while the case's
  consent stands;
- ``consent``: an active consent, obtained by the owning agency from the person, names the viewer's agency
  (or covers 多機関協働 and the viewer runs it).
資源開拓 holds no personal data and is every staff member's to read, like the register.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet

from kasane.audit.models import Basis
from kasane.casework.models import Consent
from kasane.casework.visibility import Viewer, collaboration_agency_ids, reaching_cases
from kasane.participation.models import Engagement


def _consent_q(viewer: Viewer) -> Q:
    active = Consent.objects.active().filter(person=OuterRef("person"), owner_agency=OuterRef("owner_agency"))
    q = Q(Exists(active.filter(shared_agencies__in=viewer.agency_ids)))
    if collaboration_agency_ids(viewer):
        q |= Q(Exists(active.filter(covers_collaboration=True)))
    return q


def _case_team_q(viewer: Viewer) -> Q:
    return Q(case__in=reaching_cases(viewer).values("pk"))


def own_engagements(viewer: Viewer) -> QuerySet[Engagement]:
    return Engagement.objects.filter(municipality=viewer.municipality, owner_agency__in=viewer.agency_ids)


def visible_engagements(viewer: Viewer) -> QuerySet[Engagement]:
    return Engagement.objects.filter(municipality=viewer.municipality).filter(
        Q(owner_agency__in=viewer.agency_ids) | _case_team_q(viewer) | _consent_q(viewer)
    )


def engagement_basis(viewer: Viewer, engagement: Engagement) -> Basis | None:
    """The strongest basis on which the viewer sees this engagement, or None."""
    if engagement.municipality_id != viewer.municipality.pk:
        return None
    if engagement.owner_agency_id in viewer.agency_ids:
        return Basis.OWN
    one = Engagement.objects.filter(pk=engagement.pk)
    for basis, q in ((Basis.CASE_TEAM, _case_team_q(viewer)), (Basis.CONSENT, _consent_q(viewer))):
        if one.filter(q).exists():
            return basis
    return None
