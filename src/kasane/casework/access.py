"""Loading one personal record for a request: the access check, and the audit entry of the read.

Each helper finds the record, asks ``visibility`` on which basis the viewer sees it, answers 404 when there
is none, and writes the read to the audit trail with that basis.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest

from kasane.audit.models import Basis
from kasane.casework.models import Case, Consent, Consultation, Household, Merge, Person, Plan, Referral
from kasane.casework.visibility import (
    Viewer,
    case_basis,
    consultation_basis,
    person_basis,
    record_denied,
    record_members,
    record_read,
    require_viewer,
    strongest_basis,
    visible_persons,
    visible_referrals,
)


class MergedAway(Http404):
    """The person was merged into another record (名寄せ), which the viewer sees: pages send them there.
    Anywhere else it is the 404 it derives from: nothing more is recorded on a merged record."""

    def __init__(self, survivor_id: int) -> None:
        super().__init__("merged")
        self.survivor_id = survivor_id


def access_person(
    request: HttpRequest, person_id: int, *, action: str = "person.viewed"
) -> tuple[Person, Viewer, Basis]:
    viewer = require_viewer(request)
    person = (
        Person.objects.filter(pk=person_id, municipality=viewer.municipality)
        .select_related("household", "owner_agency")
        .first()
    )
    basis = person_basis(viewer, person) if person is not None else None
    if person is not None and basis is not None and person.merged_into_id is not None:
        survivor = Person.objects.filter(pk=person.merged_into_id).first()
        if survivor is not None and person_basis(viewer, survivor) is not None:
            raise MergedAway(survivor.pk)
        basis = None
    if person is None or basis is None:
        record_denied(request, viewer, Person, person_id, exists=person is not None)
        raise Http404
    record_read(request, viewer, person, basis, action=action, person_id=person.pk)
    return person, viewer, basis


def access_household(
    request: HttpRequest, household_id: int
) -> tuple[Household, Viewer, Basis, list[Person]]:
    """The household and the members this viewer may see; a household with none of them is a 404."""
    viewer = require_viewer(request)
    household = Household.objects.filter(pk=household_id, municipality=viewer.municipality).first()
    if household is None:
        record_denied(request, viewer, Household, household_id, exists=False)
        raise Http404
    members = list(
        visible_persons(viewer)
        .filter(household=household)
        .select_related("owner_agency")
        .order_by("-is_main", "pk")
    )
    if not members and household.owner_agency_id not in viewer.agency_ids:
        record_denied(request, viewer, Household, household_id, exists=True)
        raise Http404
    main = next((m for m in members if m.is_main), None)
    if main is not None:
        basis = person_basis(viewer, main)
    elif members:
        # The main member is out of sight: the household is read on the strongest basis among the members
        # shown, not on whichever of them happens to come first.
        basis = strongest_basis(person_basis(viewer, m) for m in members)
    else:
        basis = Basis.OWN  # one's own household with no member in sight
    if basis is None:
        raise Http404
    record_members(request, viewer, household, members, basis, action="household.viewed")
    return household, viewer, basis, members


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
        exists = Consent.objects.filter(pk=consent_id, municipality=viewer.municipality).exists()
        record_denied(request, viewer, Consent, consent_id, exists=exists)
        raise Http404
    record_read(request, viewer, consent, Basis.OWN, action=action, person_id=consent.person_id)
    return consent, viewer


def access_consultation(
    request: HttpRequest, consultation_id: int, *, action: str = "consultation.viewed"
) -> tuple[Consultation, Viewer, Basis]:
    viewer = require_viewer(request)
    consultation = (
        Consultation.objects.filter(pk=consultation_id, municipality=viewer.municipality)
        .select_related("person", "household", "owner_agency", "consent", "referrer_agency")
        .first()
    )
    basis = consultation_basis(viewer, consultation) if consultation is not None else None
    if consultation is None or basis is None:
        record_denied(request, viewer, Consultation, consultation_id, exists=consultation is not None)
        raise Http404
    record_read(request, viewer, consultation, basis, action=action, person_id=consultation.person_id)
    return consultation, viewer, basis


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
        exists = Referral.objects.filter(pk=referral_id, municipality=viewer.municipality).exists()
        record_denied(request, viewer, Referral, referral_id, exists=exists)
        raise Http404
    basis = Basis.OWN if referral.from_agency_id in viewer.agency_ids else Basis.REFERRAL
    record_read(request, viewer, referral, basis, action=action, person_id=referral.person_id)
    return referral, viewer, basis


def access_case(
    request: HttpRequest, case_id: int, *, action: str = "case.viewed"
) -> tuple[Case, Viewer, Basis]:
    """The case for its 多機関協働事業者 and its team (while the case's consent stands); 404 for anyone else."""
    viewer = require_viewer(request)
    case = (
        Case.objects.filter(pk=case_id, municipality=viewer.municipality)
        .select_related(
            "person", "household", "owner_agency", "consent", "consent__owner_agency", "lead_user"
        )
        .first()
    )
    basis = case_basis(viewer, case) if case is not None else None
    if case is None or basis is None:
        record_denied(request, viewer, Case, case_id, exists=case is not None)
        raise Http404
    record_read(
        request, viewer, case, basis, action=action, person_id=case.person_id, basis_ref=f"case:{case.pk}"
    )
    return case, viewer, basis


def access_plan(
    request: HttpRequest, plan_id: int, *, action: str = "plan.viewed"
) -> tuple[Plan, Viewer, Basis]:
    viewer = require_viewer(request)
    plan = (
        Plan.objects.filter(pk=plan_id, case__municipality=viewer.municipality)
        .select_related("case", "case__person", "case__owner_agency", "case__consent")
        .first()
    )
    basis = case_basis(viewer, plan.case) if plan is not None else None
    if plan is None or basis is None:
        record_denied(request, viewer, Plan, plan_id, exists=plan is not None)
        raise Http404
    record_read(
        request,
        viewer,
        plan,
        basis,
        action=action,
        person_id=plan.case.person_id,
        basis_ref=f"case:{plan.case_id}",
    )
    return plan, viewer, basis


def access_merge(request: HttpRequest, merge_id: int) -> tuple[Merge, Viewer]:
    """A merge (名寄せ), for those who see the person kept; reading it is a read of that person."""
    viewer = require_viewer(request)
    merge = (
        Merge.objects.filter(pk=merge_id, municipality=viewer.municipality)
        .select_related("merged__owner_agency", "survivor__owner_agency", "merged_by", "undone_by")
        .first()
    )
    basis = person_basis(viewer, merge.survivor) if merge is not None else None
    if merge is None or basis is None or merge.survivor.merged_into_id is not None:
        record_denied(request, viewer, Merge, merge_id, exists=merge is not None)
        raise Http404
    record_read(request, viewer, merge, basis, action="person.merge_viewed", person_id=merge.survivor_id)
    return merge, viewer
