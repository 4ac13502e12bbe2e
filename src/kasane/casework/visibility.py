"""Who may see which personal record, and on which basis: the one place that answers it.

A record belongs to the agency that created it. Another agency sees it only with a basis:
- ``consent``: an active consent, obtained by the owner agency, naming the viewer's agency; or one covering
  the application to 多機関協働, which lets the 多機関協働事業者 in;
- ``referral``: a referral the viewer's agency accepted, while its basis stands (a consent-based referral
  falls with its consent);
- ``case_team``: running, or being on the team of, a 多機関協働 case of the person's household, while the
  case's consent stands (a withdrawal closes it for the 多機関協働事業者 too; it keeps its own case records).
(``meetings.access`` adds ``sw106_6`` for 支援会議 agenda items, on top of this.)

Municipal administrators get no blanket view: they see what their own agency's records and bases allow.
Everything here works on querysets, so lists and search are filtered in the database by the same rules the
single-record helpers apply.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, Model, OuterRef, Q, QuerySet
from django.http import Http404, HttpRequest

from kasane import audit
from kasane.accounts import permissions
from kasane.accounts.models import User
from kasane.audit.actor import actor_of
from kasane.audit.models import Basis
from kasane.audit.trail import Item, log_many
from kasane.casework.models import (
    RECEIVED_STATUSES,
    Case,
    Consent,
    Consultation,
    Household,
    Person,
    Referral,
    ReferralBasis,
    TeamMember,
)
from kasane.lib import idsets
from kasane.tenancy.models import Municipality

if TYPE_CHECKING:
    from kasane.agencies.models import Agency

# The bases on which a person is seen, strongest first: the order in which ``person_basis`` tries them.
BASIS_STRENGTH = (Basis.OWN, Basis.CASE_TEAM, Basis.REFERRAL, Basis.CONSENT)

# A list's audit entry names at most this many persons (its count says how many were shown): a search that
# shows thousands of names must not write an entry the trail cannot hold.
LISTED_PERSONS_LIMIT = 500


@dataclass(frozen=True)
class Viewer:
    """A user acting for the agencies in which their role lets them see personal data."""

    user: User
    municipality: Municipality
    agency_ids: frozenset[int]
    edit_agency_ids: frozenset[int]

    @classmethod
    def of(cls, user: User, municipality: Municipality | None) -> Viewer | None:
        if municipality is None or not user.is_authenticated:
            return None
        view = frozenset(
            a.pk
            for a in permissions.agencies_with_perm(user, "case.view")
            if a.municipality_id == municipality.pk
        )
        if not view:
            return None
        edit = frozenset(
            a.pk
            for a in permissions.agencies_with_perm(user, "case.edit")
            if a.municipality_id == municipality.pk
        )
        return cls(user=user, municipality=municipality, agency_ids=view, edit_agency_ids=edit & view)

    @property
    def primary_agency_id(self) -> int:
        """The agency a new record is filed under when the user acts for several: the first that may write."""
        return min(self.edit_agency_ids or self.agency_ids)

    @property
    def primary_agency(self) -> Agency:
        return next(
            m.agency for m in permissions.memberships_of(self.user) if m.agency_id == self.primary_agency_id
        )

    def can_edit(self, agency_id: int) -> bool:
        return agency_id in self.edit_agency_ids


def collaboration_agency_ids(viewer: Viewer) -> list[int]:
    # The memberships are loaded once per request with their agencies; no query here.
    return sorted(
        {
            m.agency_id
            for m in permissions.memberships_of(viewer.user)
            if m.agency_id in viewer.agency_ids and m.agency.runs_collaboration
        }
    )


Builder = Callable[["Viewer"], QuerySet[Any]]


def viewer_shape(viewer: Viewer) -> tuple[object, ...]:
    """Everything the viewer-wide id sets below depend on: the municipality, the agencies, and whether one of
    them runs 多機関協働. Never the rows, the user or the date: a set's statement is the same for every viewer
    of one shape, and the database answers it afresh each time (a test holds every builder to this)."""
    return (viewer.municipality.pk, viewer.agency_ids, bool(collaboration_agency_ids(viewer)))


def compiled(viewer: Viewer, build: Builder) -> tuple[str, tuple[Any, ...]]:
    """``build(viewer)``'s SQL and parameters, compiled once per builder, engine and viewer shape: building and
    compiling the sets through the ORM costs milliseconds a page, their text nothing."""
    return idsets.compiled(
        (build.__module__, build.__qualname__, *viewer_shape(viewer)), lambda: build(viewer)
    )


def in_set(viewer: Viewer, build: Builder, column: str) -> idsets.InSet:
    """This row's id is among ``build(viewer)``'s ``column`` (see ``lib.idsets.InSet``)."""
    return idsets.InSet(lambda: compiled(viewer, build), column)


def consent_q(viewer: Viewer, person_ref: str = "pk") -> Q:
    """Persons with an active consent that lets one of the viewer's agencies in."""

    active = Consent.objects.active().filter(person=OuterRef(person_ref))
    named = active.filter(shared_agencies__in=viewer.agency_ids)
    q = Q(Exists(named))
    if collaboration_agency_ids(viewer):
        q |= Q(Exists(active.filter(covers_collaboration=True)))
    return q


def referral_q(viewer: Viewer, person_ref: str = "pk") -> Q:

    received = Referral.objects.filter(
        person=OuterRef(person_ref), to_agency__in=viewer.agency_ids, status__in=RECEIVED_STATUSES
    ).filter(~Q(basis=ReferralBasis.CONSENT) | Q(consent__withdrawn_at__isnull=True))
    return Q(Exists(received))


def _on_team(viewer: Viewer, case_ref: str) -> Exists:
    return Exists(
        TeamMember.objects.filter(case=OuterRef(case_ref), agency__in=viewer.agency_ids, left_on__isnull=True)
    )


def team_case_ids(viewer: Viewer) -> QuerySet[Any]:
    """The cases one of the viewer's agencies is on the team of (present members only)."""
    return (
        TeamMember.objects.filter(agency__in=viewer.agency_ids, left_on__isnull=True)
        .order_by()
        .values("case_id")
    )


def team_cases(viewer: Viewer) -> QuerySet[Case]:
    """Cases the viewer sees: its agency runs them (its own records, kept after a withdrawal), or is on their
    team while the case's consent stands."""
    return Case.objects.filter(municipality=viewer.municipality).filter(
        Q(owner_agency__in=viewer.agency_ids)
        | Q(in_set(viewer, team_case_ids, "case_id"), consent__withdrawn_at__isnull=True)
    )


def reaching_cases(viewer: Viewer) -> QuerySet[Case]:
    """Cases through which the viewer reaches other agencies' records (the household's persons, the source
    consultation): only while the case's consent stands, for the 多機関協働事業者 that runs the case as for
    the team. The consent is what let them in; when it is withdrawn, everything it opened closes at once."""
    return Case.objects.filter(municipality=viewer.municipality, consent__withdrawn_at__isnull=True).filter(
        Q(owner_agency__in=viewer.agency_ids) | in_set(viewer, team_case_ids, "case_id")
    )


def case_team_q(viewer: Viewer, household_ref: str = "household") -> Q:
    cases = Case.objects.filter(household=OuterRef(household_ref), consent__withdrawn_at__isnull=True).filter(
        Q(owner_agency__in=viewer.agency_ids) | Q(_on_team(viewer, "pk"))
    )
    return Q(Exists(cases))


def person_q(viewer: Viewer) -> Q:
    """The rule for one person, asked of each row: its own agency's, or seen on a consent, a received
    referral or a case of its household. ``visible_persons`` answers the same from the bases' side."""
    return (
        Q(owner_agency__in=viewer.agency_ids) | consent_q(viewer) | referral_q(viewer) | case_team_q(viewer)
    )


def visible_persons(viewer: Viewer) -> QuerySet[Person]:
    """The viewer's agencies' persons and those seen on another basis (``shared_person_ids``, compiled once
    per viewer shape): the same persons as ``person_q`` (a test holds the two together). A person merged
    into another (名寄せ) is listed no more: the record kept is."""
    return Person.objects.filter(municipality=viewer.municipality, merged_into__isnull=True).filter(
        Q(owner_agency__in=viewer.agency_ids) | in_set(viewer, shared_person_ids, "person_id")
    )


def shared_person_ids(viewer: Viewer) -> QuerySet[Any]:
    """The ids of the persons the viewer sees on a basis other than their own agency's records: the same
    rules as ``consent_q``, ``referral_q`` and ``case_team_q``, read from the consents, referrals and cases
    that open them rather than asked of each person. ``visible_persons`` is exactly the persons of the
    viewer's agencies and these (a test holds the two together), so search can start from the few rows a
    viewer may see instead of checking every match in the municipality."""
    active = Consent.objects.active().filter(municipality=viewer.municipality)
    # Compound statements take no ORDER BY in their parts: each drops its model's default ordering.
    ids = active.filter(shared_agencies__in=viewer.agency_ids).order_by().values("person_id")
    if collaboration_agency_ids(viewer):
        ids = ids.union(active.filter(covers_collaboration=True).order_by().values("person_id"))
    received = Referral.objects.filter(
        municipality=viewer.municipality, to_agency__in=viewer.agency_ids, status__in=RECEIVED_STATUSES
    ).filter(~Q(basis=ReferralBasis.CONSENT) | Q(consent__withdrawn_at__isnull=True))
    # The households of the cases that reach them, as two plain selects: under an OR of a column and a
    # subquery PostgreSQL misjudges how many cases there are and reads every person (found in review).
    standing = Case.objects.filter(municipality=viewer.municipality, consent__withdrawn_at__isnull=True)
    households = (
        standing.filter(owner_agency__in=viewer.agency_ids)
        .order_by()
        .values("household_id")
        .union(standing.filter(pk__in=team_case_ids(viewer)).order_by().values("household_id"))
    )
    on_cases = Person.objects.filter(municipality=viewer.municipality, household_id__in=households)
    return ids.union(received.order_by().values("person_id"), on_cases.order_by().values("pk"))


def visible_households(viewer: Viewer) -> QuerySet[Household]:

    return Household.objects.filter(municipality=viewer.municipality).filter(
        Q(owner_agency__in=viewer.agency_ids) | Q(pk__in=visible_persons(viewer).values("household_id"))
    )


def person_basis(viewer: Viewer, person: Person) -> Basis | None:
    """The strongest basis on which the viewer sees this person, or None."""
    if person.municipality_id != viewer.municipality.pk:
        return None
    if person.owner_agency_id in viewer.agency_ids:
        return Basis.OWN
    one = Person.objects.filter(pk=person.pk)
    if one.filter(case_team_q(viewer)).exists():
        return Basis.CASE_TEAM
    if one.filter(referral_q(viewer)).exists():
        return Basis.REFERRAL
    if one.filter(consent_q(viewer)).exists():
        return Basis.CONSENT
    return None


def strongest_basis(bases: Iterable[Basis | None]) -> Basis | None:
    """The strongest of these bases (see ``BASIS_STRENGTH``), or None if there is none."""
    return min((b for b in bases if b is not None), key=BASIS_STRENGTH.index, default=None)


def owner_consents(viewer: Viewer) -> tuple[Q, QuerySet[Any]]:
    """A record about a person (a consultation, an outreach target) is shared by an active consent its owner
    agency obtained from that person, naming one of the viewer's agencies (or covering 多機関協働, when the
    viewer runs it): that rule asked of each row (``person`` and ``owner_agency`` of the outer row), and the
    persons such consents are about."""
    active = Consent.objects.active().filter(municipality=viewer.municipality)
    named = active.filter(shared_agencies__in=viewer.agency_ids)
    pair = {"person": OuterRef("person"), "owner_agency": OuterRef("owner_agency")}
    q = Q(Exists(named.filter(**pair)))
    persons = named.order_by().values("person_id")
    if collaboration_agency_ids(viewer):
        collab = active.filter(covers_collaboration=True)
        q |= Q(Exists(collab.filter(**pair)))
        persons = persons.union(collab.order_by().values("person_id"))
    return q, persons


def consultation_q(viewer: Viewer) -> Q:
    """The rule for one consultation, asked of each row: the owner's own, those a consent from the owner
    agency shares with the viewer, and a case's source. ``visible_consultations`` answers the same."""
    by_consent, _persons = owner_consents(viewer)
    source = Q(pk__in=reaching_cases(viewer).exclude(consultation=None).values("consultation_id"))
    return Q(owner_agency__in=viewer.agency_ids) | by_consent | source


def shared_consultation_ids(viewer: Viewer) -> QuerySet[Any]:
    """The ids of the consultations the viewer sees on a basis other than their agency's own: read from the
    consents and cases that open them (a consent's person first), not asked of every consultation."""
    by_consent, persons = owner_consents(viewer)
    shared = Consultation.objects.filter(municipality=viewer.municipality, person_id__in=persons).filter(
        by_consent
    )
    sources = reaching_cases(viewer).exclude(consultation=None).order_by().values("consultation_id")
    return shared.order_by().values("pk").union(sources)


def visible_consultations(viewer: Viewer) -> QuerySet[Consultation]:
    """The viewer's agencies' consultations and ``shared_consultation_ids`` (compiled once per viewer shape):
    the same consultations as ``consultation_q`` (a test holds the two together)."""
    return Consultation.objects.filter(municipality=viewer.municipality).filter(
        Q(owner_agency__in=viewer.agency_ids) | in_set(viewer, shared_consultation_ids, "pk")
    )


def consultation_basis(viewer: Viewer, consultation: Consultation) -> Basis | None:
    if consultation.municipality_id != viewer.municipality.pk:
        return None
    if consultation.owner_agency_id in viewer.agency_ids:
        return Basis.OWN
    if not Consultation.objects.filter(pk=consultation.pk).filter(consultation_q(viewer)).exists():
        return None
    if reaching_cases(viewer).filter(consultation=consultation).exists():
        return Basis.CASE_TEAM
    return Basis.CONSENT


def visible_referrals(viewer: Viewer) -> QuerySet[Referral]:
    """Sender and receiver see a referral; the receiver sees its content only while the basis stands."""

    return Referral.objects.filter(municipality=viewer.municipality).filter(
        Q(from_agency__in=viewer.agency_ids) | Q(to_agency__in=viewer.agency_ids)
    )


def case_basis(viewer: Viewer, case: Case) -> Basis | None:
    if case.municipality_id != viewer.municipality.pk:
        return None
    if case.owner_agency_id in viewer.agency_ids:
        return Basis.OWN
    if team_cases(viewer).filter(pk=case.pk).exists():
        return Basis.CASE_TEAM
    return None


def require_viewer(request: HttpRequest) -> Viewer:
    """The viewer for this request. Staff whose roles see no personal data are refused (403)."""
    if not request.user.is_authenticated:
        raise Http404
    viewer = Viewer.of(request.user, getattr(request, "municipality", None))
    if viewer is None:
        raise PermissionDenied
    return viewer


def record_denied(
    request: HttpRequest, viewer: Viewer | None, model: type[Model], object_id: int, *, exists: bool
) -> None:
    """A record asked for and refused with a 404: repeated probing is what an incident review looks for. The
    entry names the kind and number asked for and whether such a record exists, never its content or whose
    it is."""
    audit.log(
        "access.denied",
        actor=actor_of(request),
        agency=viewer.primary_agency if viewer is not None else None,
        object_type=model._meta.label_lower,
        object_id=object_id,
        details={"exists": exists},
    )


def record_read(
    request: HttpRequest,
    viewer: Viewer,
    obj: Model,
    basis: Basis,
    *,
    action: str,
    person_id: int | str = "",
    basis_ref: str = "",
) -> None:
    """The audit entry every read of a personal record leaves: who, what, and on which basis."""
    audit.log(
        action,
        actor=actor_of(request),
        agency=viewer.primary_agency,
        obj=obj,
        person_id=person_id,
        basis=basis,
        basis_ref=basis_ref,
    )


def member_basis(
    viewer: Viewer, member: Person, household_basis: Basis, *, via_case: bool = False
) -> Basis | None:
    """The basis for one member shown on a household or case page. On a case page, and wherever the basis is
    the 支援チーム, the case covers the whole household; otherwise a member recorded by another agency is
    checked on its own (a household page, a few members at most)."""
    if member.owner_agency_id in viewer.agency_ids:
        return Basis.OWN
    if via_case or household_basis == Basis.CASE_TEAM:
        return Basis.CASE_TEAM
    return person_basis(viewer, member)


def record_members(
    request: HttpRequest,
    viewer: Viewer,
    obj: Model,
    members: list[Person],
    household_basis: Basis,
    *,
    action: str,
    via_case: bool = False,
) -> None:
    """A page that shows several members (household, case, assessment) is a read of each: one entry per
    member, each on its own basis, in one insert, so every member's 情報の提供先 and 開示 find it."""

    ref = f"{obj._meta.model_name}:{obj.pk}"
    items = [
        Item(
            obj=obj,
            person_id=m.pk,
            basis=member_basis(viewer, m, household_basis, via_case=via_case) or household_basis,
            basis_ref=ref,
        )
        for m in members
    ] or [Item(obj=obj, basis=household_basis, basis_ref=ref)]
    log_many(action, items, actor=actor_of(request), agency=viewer.primary_agency)


def record_list(request: HttpRequest, viewer: Viewer, action: str, person_ids: list[int]) -> None:
    """A list or search result that shows people's names is a read too: one entry naming who was shown."""
    if not person_ids:
        return
    unique = sorted(set(person_ids))
    audit.log(
        action,
        actor=actor_of(request),
        agency=viewer.primary_agency,
        basis=Basis.OWN,
        details={"persons": unique[:LISTED_PERSONS_LIMIT], "count": len(unique)},
    )
