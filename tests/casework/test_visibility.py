"""Who sees which person, consultation, referral and case, and on which basis: ``kasane.casework.visibility``
asked directly, one basis at a time (issue 12, point 19).

The world: 北部包括 records the 8050 household (mother and son) with a consent that covers the application to
多機関協働 and names no other agency; it refers the mother to the hub (社協), which runs the case with 北部包括 on
the team. Each test adds the one basis it is about, for a viewer who has no other, and checks that the basis
opens the record, and that it closes again when what it stands on goes (a withdrawal, leaving the team, a
referral not yet accepted). Lists and single records must agree: ``visible_persons`` is checked against
``person_basis`` for every viewer.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import pytest
import time_machine
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.test import RequestFactory
from django.utils import timezone

from kasane.accounts import permissions
from kasane.accounts.models import Membership, Role
from kasane.audit.models import AuditEntry, Basis
from kasane.casework import visibility as v
from kasane.casework.models import Case, Consent, Consultation, Person, Referral, Status, TeamMember, TeamPart
from kasane.casework.queries.search import PersonQuery, search_persons
from kasane.outreach.visibility import shared_target_ids
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def w(world: dict[str, Any], make_user: Any) -> dict[str, Any]:
    world["r"] = factories.journey(world)
    world["users"]["south"] = make_user("minami", world["agencies"]["houkatsu_south"], "soudanin")
    return world


def seen_by(w: dict[str, Any], key: str) -> v.Viewer:
    viewer = v.Viewer.of(w["users"][key], w["municipality"])
    assert viewer is not None
    return viewer


def withdraw(consent: Consent) -> None:
    Consent.objects.filter(pk=consent.pk).update(withdrawn_at=timezone.now())


def request_of(w: dict[str, Any], key: str) -> Any:
    request = RequestFactory().get("/")
    request.user = w["users"][key]
    request.municipality = w["municipality"]
    return request


def check_lists_agree(w: dict[str, Any]) -> None:
    """The lists filter in the database by the same rules the single-record helpers apply."""
    for key in ("soudanin", "coordinator", "south", "city"):
        viewer = seen_by(w, key)
        listed = set(v.visible_persons(viewer))
        allowed = {p for p in Person.objects.all() if v.person_basis(viewer, p) is not None}
        assert listed == allowed, key
        # The list reads the bases' side (compiled once per viewer shape); the rule asks each row.
        assert listed == set(Person.objects.filter(municipality=w["municipality"]).filter(v.person_q(viewer)))
        consultations = set(v.visible_consultations(viewer))
        assert consultations == set(Consultation.objects.filter(v.consultation_q(viewer))), key
        assert consultations == {
            c for c in Consultation.objects.all() if v.consultation_basis(viewer, c) is not None
        }, key
        # Search starts from the viewer's agencies and the persons seen on another basis: the same set.
        own = set(Person.objects.filter(municipality=w["municipality"], owner_agency__in=viewer.agency_ids))
        assert own | set(Person.objects.filter(pk__in=v.shared_person_ids(viewer))) == listed, key
        for person in Person.objects.all():
            found = person in search_persons(viewer, PersonQuery(name=person.name))
            assert found == (person in listed), (key, person.name)
        households = set(v.visible_households(viewer))
        assert households == {p.household for p in allowed} | set(
            w["r"]["household"].__class__.objects.filter(owner_agency__in=viewer.agency_ids)
        ), key


# --- who is a viewer ---------------------------------------------------------------------------------------


def test_only_staff_whose_role_sees_personal_data_are_viewers(w: dict[str, Any], make_user: Any) -> None:
    coordinator = seen_by(w, "coordinator")
    assert coordinator.agency_ids == coordinator.edit_agency_ids == {w["agencies"]["shakyo"].pk}
    # 機関管理者 manages staff but sees no case; a neighbour's staff have no agency in this city.
    assert v.Viewer.of(w["users"]["agency_admin"], w["municipality"]) is None
    assert v.Viewer.of(w["users"]["other_city"], w["municipality"]) is None
    assert v.Viewer.of(w["users"]["coordinator"], None) is None
    anonymous = RequestFactory().get("/")
    anonymous.user = AnonymousUser()
    with pytest.raises(Http404):
        v.require_viewer(anonymous)
    request = request_of(w, "agency_admin")
    with pytest.raises(PermissionDenied):
        v.require_viewer(request)
    assert v.require_viewer(request_of(w, "coordinator")) == coordinator


def test_a_reader_sees_but_does_not_edit_and_files_under_the_agency_that_may_write(
    w: dict[str, Any], make_user: Any
) -> None:
    reader_role = Role.objects.create(code="case_reader", name="ケース閲覧", permissions=["case.view"])
    user = make_user("futari", w["agencies"]["houkatsu_south"], "soudanin")
    Membership.objects.create(user=user, agency=w["agencies"]["houkatsu_north"], role=reader_role)
    w["users"]["two"] = user
    viewer = seen_by(w, "two")
    south, north = w["agencies"]["houkatsu_south"], w["agencies"]["houkatsu_north"]
    assert viewer.agency_ids == {south.pk, north.pk} and viewer.edit_agency_ids == {south.pk}
    assert viewer.primary_agency == south and viewer.can_edit(south.pk) and not viewer.can_edit(north.pk)
    Membership.objects.filter(user=user, agency=south).delete()
    permissions.forget_memberships(user)
    reader = v.Viewer.of(user, w["municipality"])
    assert reader is not None and reader.edit_agency_ids == frozenset() and reader.primary_agency == north


def test_a_viewer_cannot_be_changed_once_built(w: dict[str, Any]) -> None:
    """The viewer is built once per request from the user's memberships: an agency added to it later in the
    request would open that agency's records without a membership to stand on."""
    viewer = seen_by(w, "south")
    north = w["agencies"]["houkatsu_north"].pk
    with pytest.raises(dataclasses.FrozenInstanceError):
        viewer.agency_ids = viewer.agency_ids | {north}  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        viewer.edit_agency_ids = frozenset({north})  # type: ignore[misc]
    assert north not in viewer.agency_ids and north not in viewer.edit_agency_ids
    assert v.person_basis(viewer, w["r"]["mother"]) is None


# --- persons -----------------------------------------------------------------------------------------------


def test_the_owner_sees_its_own_and_the_team_sees_the_whole_household(w: dict[str, Any]) -> None:
    mother, son = w["r"]["mother"], w["r"]["son"]
    assert v.person_basis(seen_by(w, "soudanin"), son) == Basis.OWN
    assert v.person_basis(seen_by(w, "coordinator"), son) == Basis.CASE_TEAM
    assert v.person_basis(seen_by(w, "south"), mother) is None
    check_lists_agree(w)


def test_the_team_loses_the_household_when_the_cases_consent_is_withdrawn(w: dict[str, Any]) -> None:
    Referral.objects.all().delete()  # the referral would keep the hub in: tested on its own below
    withdraw(w["r"]["consent"])
    assert v.person_basis(seen_by(w, "coordinator"), w["r"]["son"]) is None
    assert v.person_basis(seen_by(w, "soudanin"), w["r"]["son"]) == Basis.OWN
    check_lists_agree(w)


def test_a_team_member_sees_the_household_until_it_leaves(w: dict[str, Any]) -> None:
    division = w["agencies"]["division"]
    member = TeamMember.objects.create(
        case=w["r"]["case"], agency=division, part=TeamPart.SUPPORT, joined_on=w["r"]["case"].opened_on
    )
    assert v.person_basis(seen_by(w, "city"), w["r"]["son"]) == Basis.CASE_TEAM
    check_lists_agree(w)
    TeamMember.objects.filter(pk=member.pk).update(left_on=w["r"]["case"].opened_on)
    assert v.person_basis(seen_by(w, "city"), w["r"]["son"]) is None
    check_lists_agree(w)


@pytest.mark.parametrize(
    ("status", "sees"),
    [
        (Status.REQUESTED, False),
        (Status.ACCEPTED, True),
        (Status.IN_PROGRESS, True),
        (Status.COMPLETED, True),
        (Status.DECLINED, False),
        (Status.CANCELLED, False),
    ],
)
def test_a_referral_opens_the_person_once_received(w: dict[str, Any], status: str, sees: bool) -> None:
    south, north = w["agencies"]["houkatsu_south"], w["agencies"]["houkatsu_north"]
    factories.referral(w["r"]["consultation"], south, None, status=status)  # on a law, not a consent
    viewer = seen_by(w, "south")
    assert v.person_basis(viewer, w["r"]["mother"]) == (Basis.REFERRAL if sees else None)
    # The referral is about the mother: the son is not opened by it.
    assert v.person_basis(viewer, w["r"]["son"]) is None
    assert set(v.visible_referrals(viewer)) == set(Referral.objects.filter(to_agency=south))
    assert north.pk not in viewer.agency_ids
    check_lists_agree(w)


def test_a_referral_on_a_consent_falls_with_the_consent_and_one_on_a_law_does_not(w: dict[str, Any]) -> None:
    south = w["agencies"]["houkatsu_south"]
    named = factories.consent(w["r"]["mother"], w["agencies"]["houkatsu_north"], collaboration=False)
    on_consent = factories.referral(w["r"]["consultation"], south, named, status=Status.ACCEPTED)
    viewer = seen_by(w, "south")
    assert v.person_basis(viewer, w["r"]["mother"]) == Basis.REFERRAL
    withdraw(named)
    assert v.person_basis(viewer, w["r"]["mother"]) is None
    Referral.objects.filter(pk=on_consent.pk).update(basis="law_other", consent=None)
    assert v.person_basis(viewer, w["r"]["mother"]) == Basis.REFERRAL
    check_lists_agree(w)


def test_a_consent_naming_an_agency_lets_it_in_until_withdrawn(w: dict[str, Any]) -> None:
    south = w["agencies"]["houkatsu_south"]
    named = factories.consent(
        w["r"]["son"], w["agencies"]["houkatsu_north"], collaboration=False, shared=[south]
    )
    viewer = seen_by(w, "south")
    assert v.person_basis(viewer, w["r"]["son"]) == Basis.CONSENT
    assert v.person_basis(viewer, w["r"]["mother"]) is None  # the consent is the son's
    check_lists_agree(w)
    withdraw(named)
    assert v.person_basis(viewer, w["r"]["son"]) is None
    check_lists_agree(w)


def test_the_application_to_collaboration_lets_in_the_hub_only(w: dict[str, Any]) -> None:
    Case.objects.all().delete()
    Referral.objects.all().delete()
    assert v.person_basis(seen_by(w, "coordinator"), w["r"]["mother"]) == Basis.CONSENT
    # The son has no consent of his own: the mother's does not cover him.
    assert v.person_basis(seen_by(w, "coordinator"), w["r"]["son"]) is None
    assert v.person_basis(seen_by(w, "south"), w["r"]["mother"]) is None
    check_lists_agree(w)
    Consent.objects.filter(pk=w["r"]["consent"].pk).update(covers_collaboration=False)
    assert v.person_basis(seen_by(w, "coordinator"), w["r"]["mother"]) is None
    check_lists_agree(w)


def test_nobody_sees_across_the_municipal_border(w: dict[str, Any], make_user: Any) -> None:
    other = w["agencies"]["other"]
    stranger = factories.person(other, "佐藤 花子", "さとう はなこ")
    viewer = seen_by(w, "soudanin")
    assert v.person_basis(viewer, stranger) is None
    assert stranger not in set(v.visible_persons(viewer))


# --- consultations, referrals, cases -----------------------------------------------------------------------


def test_consultations_by_owner_consent_and_case(w: dict[str, Any]) -> None:
    intake = w["r"]["consultation"]
    assert v.consultation_basis(seen_by(w, "soudanin"), intake) == Basis.OWN
    # The hub: through the application to 多機関協働 (the case here has no source consultation).
    assert v.consultation_basis(seen_by(w, "coordinator"), intake) == Basis.CONSENT
    assert v.consultation_basis(seen_by(w, "south"), intake) is None
    assert v.consultation_basis(seen_by(w, "city"), intake) is None
    check_lists_agree(w)
    Case.objects.filter(pk=w["r"]["case"].pk).update(consultation=intake)
    TeamMember.objects.create(
        case=w["r"]["case"],
        agency=w["agencies"]["division"],
        part=TeamPart.SUPPORT,
        joined_on=intake.received_at,
    )
    assert v.consultation_basis(seen_by(w, "city"), intake) == Basis.CASE_TEAM
    assert v.consultation_basis(seen_by(w, "coordinator"), intake) == Basis.CASE_TEAM
    check_lists_agree(w)
    withdraw(w["r"]["consent"])
    for key in ("city", "coordinator"):
        assert v.consultation_basis(seen_by(w, key), intake) is None, key
        assert intake not in set(v.visible_consultations(seen_by(w, key))), key
    assert v.consultation_basis(seen_by(w, "soudanin"), intake) == Basis.OWN
    check_lists_agree(w)


def test_a_consultation_shared_by_consent_with_a_named_agency(w: dict[str, Any]) -> None:
    south, north = w["agencies"]["houkatsu_south"], w["agencies"]["houkatsu_north"]
    intake = w["r"]["consultation"]
    factories.consent(w["r"]["mother"], north, collaboration=False, shared=[south])
    assert v.consultation_basis(seen_by(w, "south"), intake) == Basis.CONSENT
    assert set(v.visible_consultations(seen_by(w, "south"))) == {intake}
    check_lists_agree(w)


def test_a_consultation_is_not_shared_by_another_agencys_consent(w: dict[str, Any]) -> None:
    """A consent obtained by 南部包括 opens 南部包括's consultations, not 北部包括's."""
    south = w["agencies"]["houkatsu_south"]
    factories.consent(w["r"]["mother"], south, collaboration=True, shared=[w["agencies"]["division"]])
    Consent.objects.filter(pk=w["r"]["consent"].pk).update(covers_collaboration=False)
    Case.objects.all().delete()
    assert v.consultation_basis(seen_by(w, "city"), w["r"]["consultation"]) is None
    assert v.consultation_basis(seen_by(w, "coordinator"), w["r"]["consultation"]) is None
    assert not Consultation.objects.filter(pk__in=v.visible_consultations(seen_by(w, "city"))).exists()
    check_lists_agree(w)


def test_referrals_are_seen_by_sender_and_receiver_only(w: dict[str, Any]) -> None:
    sent = w["r"]["referral"]
    assert set(v.visible_referrals(seen_by(w, "soudanin"))) == {sent}
    assert set(v.visible_referrals(seen_by(w, "coordinator"))) == {sent}
    assert set(v.visible_referrals(seen_by(w, "south"))) == set()
    assert set(v.visible_referrals(seen_by(w, "city"))) == set()


def test_cases_by_owner_and_standing_team(w: dict[str, Any]) -> None:
    case = w["r"]["case"]
    assert v.case_basis(seen_by(w, "coordinator"), case) == Basis.OWN
    assert v.case_basis(seen_by(w, "soudanin"), case) == Basis.CASE_TEAM
    assert v.case_basis(seen_by(w, "south"), case) is None
    case.team.filter(agency=w["agencies"]["houkatsu_north"]).update(left_on=case.opened_on)
    assert v.case_basis(seen_by(w, "soudanin"), case) is None
    case.team.filter(agency=w["agencies"]["houkatsu_north"]).update(left_on=None)
    withdraw(w["r"]["consent"])
    # The hub keeps its own case record; the team is out, and nobody reaches through the case any more.
    assert v.case_basis(seen_by(w, "coordinator"), case) == Basis.OWN
    assert v.case_basis(seen_by(w, "soudanin"), case) is None
    assert set(v.team_cases(seen_by(w, "coordinator"))) == {case}
    assert set(v.team_cases(seen_by(w, "soudanin"))) == set()
    assert set(v.reaching_cases(seen_by(w, "coordinator"))) == set()


def test_a_case_of_another_municipality_is_nobodys_here(w: dict[str, Any]) -> None:
    case = w["r"]["case"]
    Case.objects.filter(pk=case.pk).update(municipality=w["other_municipality"])
    case.refresh_from_db()
    assert v.case_basis(seen_by(w, "coordinator"), case) is None
    assert v.consultation_basis(seen_by(w, "coordinator"), w["r"]["consultation"]) == Basis.CONSENT
    Consultation.objects.filter(pk=w["r"]["consultation"].pk).update(municipality=w["other_municipality"])
    w["r"]["consultation"].refresh_from_db()
    assert v.consultation_basis(seen_by(w, "soudanin"), w["r"]["consultation"]) is None
    Person.objects.filter(pk=w["r"]["mother"].pk).update(municipality=w["other_municipality"])
    w["r"]["mother"].refresh_from_db()
    assert v.person_basis(seen_by(w, "soudanin"), w["r"]["mother"]) is None


# --- the audit entries of reads ----------------------------------------------------------------------------


def test_member_basis_on_household_and_case_pages(w: dict[str, Any]) -> None:
    son = w["r"]["son"]
    assert v.member_basis(seen_by(w, "soudanin"), son, Basis.CASE_TEAM) == Basis.OWN
    assert v.member_basis(seen_by(w, "south"), son, Basis.CONSENT, via_case=True) == Basis.CASE_TEAM
    assert v.member_basis(seen_by(w, "south"), son, Basis.CASE_TEAM) == Basis.CASE_TEAM
    assert v.member_basis(seen_by(w, "south"), son, Basis.CONSENT) is None
    assert v.member_basis(seen_by(w, "coordinator"), son, Basis.CONSENT) == Basis.CASE_TEAM


def test_a_page_of_several_members_is_a_read_of_each(w: dict[str, Any]) -> None:
    mother, son, case = w["r"]["mother"], w["r"]["son"], w["r"]["case"]
    request, viewer = request_of(w, "coordinator"), seen_by(w, "coordinator")
    v.record_members(request, viewer, case, [mother, son], Basis.OWN, action="case.viewed", via_case=True)
    entries = AuditEntry.objects.filter(action="case.viewed").order_by("person_id")
    assert sorted((e.person_id, e.basis, e.basis_ref) for e in entries) == sorted(
        [
            (str(mother.pk), Basis.CASE_TEAM, f"case:{case.pk}"),
            (str(son.pk), Basis.CASE_TEAM, f"case:{case.pk}"),
        ]
    )
    v.record_members(request, viewer, case, [], Basis.OWN, action="household.viewed")
    empty = AuditEntry.objects.get(action="household.viewed")
    assert (empty.person_id, empty.basis) == ("", Basis.OWN)


def test_a_list_is_a_read_of_the_names_shown_and_an_empty_one_is_not(w: dict[str, Any]) -> None:
    request, viewer = request_of(w, "soudanin"), seen_by(w, "soudanin")
    v.record_list(request, viewer, "person.searched", [])
    assert not AuditEntry.objects.filter(action="person.searched").exists()
    v.record_list(request, viewer, "person.searched", [5, 3, 5])
    assert AuditEntry.objects.get(action="person.searched").details == {"persons": [3, 5], "count": 2}


@pytest.mark.parametrize("shown", [499, 500, 501])
def test_a_list_entry_names_the_first_500_persons_and_counts_them_all(w: dict[str, Any], shown: int) -> None:
    # The numbers are written out, not taken from the module: the limit itself is what is tested.
    request, viewer = request_of(w, "soudanin"), seen_by(w, "soudanin")
    v.record_list(request, viewer, "person.searched", list(range(shown, 0, -1)))
    details = AuditEntry.objects.get(action="person.searched").details
    assert details == {"persons": list(range(1, min(shown, 500) + 1)), "count": shown}


def test_a_refused_record_is_logged_without_its_content(w: dict[str, Any]) -> None:
    request, viewer = request_of(w, "south"), seen_by(w, "south")
    v.record_denied(request, viewer, Person, w["r"]["mother"].pk, exists=True)
    entry = AuditEntry.objects.get(action="access.denied")
    assert (entry.object_id, entry.details, entry.person_id) == (
        str(w["r"]["mother"].pk),
        {"exists": True},
        "",
    )
    assert entry.agency == w["agencies"]["houkatsu_south"]


# --- the viewer-wide id sets, compiled once per viewer shape ------------------------------------------------

SETS = (v.shared_person_ids, v.shared_consultation_ids, v.team_case_ids, shared_target_ids)


def test_an_id_set_depends_on_the_viewer_shape_alone(
    w: dict[str, Any], make_user: Any, django_assert_num_queries: Any
) -> None:
    """What ``visibility.compiled`` keeps is valid for every viewer of one shape on every day: two users of
    one agency, a year apart, get the same statement and parameters, no date among them, and building a set
    reads nothing from the database (nothing read could be frozen into the kept text)."""
    hub = w["agencies"]["shakyo"]
    other = make_user("futari.hub", hub, "coordinator")
    first, second = seen_by(w, "coordinator"), v.Viewer.of(other, w["municipality"])
    assert second is not None and v.viewer_shape(first) == v.viewer_shape(second)
    for build in SETS:
        with django_assert_num_queries(0):
            here = build(first).query.sql_with_params()
        with time_machine.travel(dt.datetime(2031, 4, 1, 9, tzinfo=dt.UTC)):
            later = build(second).query.sql_with_params()
        assert here == later, build.__name__
        assert not [p for p in here[1] if isinstance(p, dt.date)], build.__name__


def test_each_set_is_kept_under_its_own_builder(w: dict[str, Any]) -> None:
    viewer = seen_by(w, "coordinator")
    kept = {v.compiled(viewer, build) for build in SETS}
    assert len(kept) == len(SETS)
    assert v.compiled(viewer, v.shared_person_ids) == v.shared_person_ids(viewer).query.sql_with_params()
