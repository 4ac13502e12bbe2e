"""Who sees which outreach record, and on which basis: the casework rule book applied to outreach.

A target belongs to the agency that took it up. Another agency sees it only with a basis, as a consultation:
- ``consent``: an active consent, obtained by the owner agency from the linked person, names the viewer's
  agency (or covers 多機関協働 and the viewer runs it);
- ``case_team``: the target was handed over through a consultation from which a case opened that the viewer
  runs or is on the team of, while the case's consent stands;
- ``referral``: the target was handed over by a referral the viewer's agency accepted, while its basis stands.
Agency visits (情報把握のネットワーク) hold no personal data and are the owner agency's own work log.
Nothing here looks at 支援会議 items: an item grants no access to an outreach record, nor a target to an item.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from kasane.audit.models import Basis
from kasane.casework.models import RECEIVED_STATUSES, Referral, ReferralBasis
from kasane.casework.visibility import Viewer, in_set, owner_consents, reaching_cases
from kasane.outreach.models import AgencyVisit, Target


def _consent_q(viewer: Viewer) -> Q:
    q, _persons = owner_consents(viewer)
    return q


def _reached_consultations(viewer: Viewer) -> QuerySet[Any]:
    return reaching_cases(viewer).exclude(consultation=None).order_by().values("consultation_id")


def _case_team_q(viewer: Viewer) -> Q:
    return Q(consultation__in=_reached_consultations(viewer))


def _received(viewer: Viewer) -> QuerySet[Referral]:
    return Referral.objects.filter(to_agency__in=viewer.agency_ids, status__in=RECEIVED_STATUSES).filter(
        ~Q(basis=ReferralBasis.CONSENT) | Q(consent__withdrawn_at__isnull=True)
    )


def _referral_q(viewer: Viewer) -> Q:
    return Q(Exists(_received(viewer).filter(pk=OuterRef("referral"))))


def shared_target_ids(viewer: Viewer) -> QuerySet[Any]:
    """The ids of the targets the viewer sees on a basis other than their agency's own, read from the
    consents, cases and referrals that open them: the same targets as the rules above asked of each row (a
    test holds the two together)."""
    linked = Target.objects.filter(municipality=viewer.municipality, person__isnull=False).order_by()
    by_consent, persons = owner_consents(viewer)
    return (
        linked.filter(person_id__in=persons)
        .filter(by_consent)
        .values("pk")
        .union(
            linked.filter(consultation__in=_reached_consultations(viewer)).values("pk"),
            linked.filter(referral__in=_received(viewer).order_by().values("pk")).values("pk"),
        )
    )


def own_targets(viewer: Viewer) -> QuerySet[Target]:
    return Target.objects.filter(municipality=viewer.municipality, owner_agency__in=viewer.agency_ids)


def target_q(viewer: Viewer) -> Q:
    """The rule for one target, asked of each row: its agency's own, or a linked person's target seen on a
    consent, a case or a received referral."""
    shared = _consent_q(viewer) | _case_team_q(viewer) | _referral_q(viewer)
    return Q(owner_agency__in=viewer.agency_ids) | (Q(person__isnull=False) & shared)


def visible_targets(viewer: Viewer) -> QuerySet[Target]:
    """The viewer's agencies' targets and ``shared_target_ids`` (compiled once per viewer shape)."""
    return Target.objects.filter(municipality=viewer.municipality).filter(
        Q(owner_agency__in=viewer.agency_ids) | in_set(viewer, shared_target_ids, "pk")
    )


def target_basis(viewer: Viewer, target: Target) -> Basis | None:
    """The strongest basis on which the viewer sees this target, or None."""
    if target.municipality_id != viewer.municipality.pk:
        return None
    if target.owner_agency_id in viewer.agency_ids:
        return Basis.OWN
    if target.person_id is None:
        return None
    one = Target.objects.filter(pk=target.pk)
    for basis, q in (
        (Basis.CASE_TEAM, _case_team_q(viewer)),
        (Basis.REFERRAL, _referral_q(viewer)),
        (Basis.CONSENT, _consent_q(viewer)),
    ):
        if one.filter(q).exists():
            return basis
    return None


def own_agency_visits(viewer: Viewer) -> QuerySet[AgencyVisit]:
    return AgencyVisit.objects.filter(municipality=viewer.municipality, agency__in=viewer.agency_ids)
