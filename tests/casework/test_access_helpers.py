"""The access helpers of ``kasane.casework.access``, called as the pages call them (issue 12, point 19): the
record for someone allowed, with the basis and the audit entry of the read; a 404 for anyone else, with an
``access.denied`` entry that says whether such a record exists."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.http import Http404
from django.test import RequestFactory

from kasane.audit.models import AuditEntry, Basis
from kasane.casework import access
from kasane.casework.models import Household, Person
from tests import factories

pytestmark = pytest.mark.django_db

MISSING = 999_999


@pytest.fixture
def w(world: dict[str, Any], make_user: Any) -> dict[str, Any]:
    world["r"] = factories.journey(world)
    world["users"]["south"] = make_user("minami", world["agencies"]["houkatsu_south"], "soudanin")
    return world


def request_of(w: dict[str, Any], key: str) -> Any:
    request = RequestFactory().get("/")
    request.user = w["users"][key]
    request.municipality = w["municipality"]
    return request


def denied(w: dict[str, Any], key: str, helper: Callable[..., Any], record_id: int) -> AuditEntry:
    before = AuditEntry.objects.count()
    with pytest.raises(Http404):
        helper(request_of(w, key), record_id)
    assert AuditEntry.objects.count() == before + 1
    entry = AuditEntry.objects.latest("pk")
    assert (entry.action, entry.object_id, entry.person_id) == ("access.denied", str(record_id), "")
    return entry


def read(w: dict[str, Any], key: str, helper: Callable[..., Any], record_id: int) -> tuple[Any, AuditEntry]:
    found = helper(request_of(w, key), record_id)
    return found, AuditEntry.objects.latest("pk")


HELPERS = {
    "person": (access.access_person, lambda r: r["mother"]),
    "consent": (access.access_consent, lambda r: r["consent"]),
    "consultation": (access.access_consultation, lambda r: r["consultation"]),
    "referral": (access.access_referral, lambda r: r["referral"]),
    "case": (access.access_case, lambda r: r["case"]),
    "plan": (access.access_plan, lambda r: r["plan"]),
    "household": (access.access_household, lambda r: r["household"]),
}


@pytest.mark.parametrize("kind", list(HELPERS))
def test_an_outsider_gets_a_404_and_the_refusal_is_logged(w: dict[str, Any], kind: str) -> None:
    helper, record = HELPERS[kind]
    assert denied(w, "south", helper, record(w["r"]).pk).details == {"exists": True}
    assert denied(w, "south", helper, MISSING).details == {"exists": False}


@pytest.mark.parametrize("kind", list(HELPERS))
def test_the_owner_reads_on_its_own_basis(w: dict[str, Any], kind: str) -> None:
    helper, record = HELPERS[kind]
    owner = "coordinator" if kind in ("case", "plan") else "soudanin"
    found, entry = read(w, owner, helper, record(w["r"]).pk)
    assert found[0] == record(w["r"])
    assert entry.basis == Basis.OWN and entry.action == f"{kind}.viewed"
    people = {e.person_id for e in AuditEntry.objects.filter(action=f"{kind}.viewed")}
    # A household page is a read of each member; every other record is the mother's.
    expected = {w["r"]["mother"], w["r"]["son"]} if kind == "household" else {w["r"]["mother"]}
    assert people == {str(p.pk) for p in expected}


def test_the_case_team_reads_the_case_and_the_plan_on_the_cases_basis(w: dict[str, Any]) -> None:
    r = w["r"]
    case, _, basis = access.access_case(request_of(w, "soudanin"), r["case"].pk)
    entry = AuditEntry.objects.latest("pk")
    assert (case, basis, entry.basis, entry.basis_ref) == (
        r["case"],
        Basis.CASE_TEAM,
        Basis.CASE_TEAM,
        f"case:{r['case'].pk}",
    )
    plan, _, basis = access.access_plan(request_of(w, "soudanin"), r["plan"].pk)
    entry = AuditEntry.objects.latest("pk")
    assert (plan, basis, entry.basis_ref, entry.person_id) == (
        r["plan"],
        Basis.CASE_TEAM,
        f"case:{r['case'].pk}",
        str(r["mother"].pk),
    )


def test_the_hub_reads_the_household_through_its_case(w: dict[str, Any]) -> None:
    r = w["r"]
    person, _, basis = access.access_person(request_of(w, "coordinator"), r["son"].pk)
    assert (person, basis, AuditEntry.objects.latest("pk").basis) == (
        r["son"],
        Basis.CASE_TEAM,
        Basis.CASE_TEAM,
    )
    household, _, basis, members = access.access_household(request_of(w, "coordinator"), r["household"].pk)
    assert (household, basis, members) == (r["household"], Basis.CASE_TEAM, [r["mother"], r["son"]])
    entries = AuditEntry.objects.filter(action="household.viewed")
    assert {(e.person_id, e.basis) for e in entries} == {
        (str(r["mother"].pk), Basis.CASE_TEAM),
        (str(r["son"].pk), Basis.CASE_TEAM),
    }


def test_on_a_household_page_a_member_is_read_on_its_own_basis(w: dict[str, Any]) -> None:
    """Outside a case, the household's basis does not carry over to the other members: 南部包括 received a
    referral of the mother, and the son is shared with it by a consent of his own. Each entry names its own."""
    r, south = w["r"], w["agencies"]["houkatsu_south"]
    factories.referral(r["consultation"], south, None)  # the mother's, on a law
    factories.consent(r["son"], w["agencies"]["houkatsu_north"], collaboration=False, shared=[south])
    household, _, basis, members = access.access_household(request_of(w, "south"), r["household"].pk)
    assert (household, basis, members) == (r["household"], Basis.REFERRAL, [r["mother"], r["son"]])
    entries = AuditEntry.objects.filter(action="household.viewed")
    assert {(e.person_id, e.basis, e.basis_ref) for e in entries} == {
        (str(r["mother"].pk), Basis.REFERRAL, f"household:{household.pk}"),
        (str(r["son"].pk), Basis.CONSENT, f"household:{household.pk}"),
    }


@pytest.mark.parametrize("referred", ["son", "daughter"])
def test_a_household_whose_main_member_is_hidden_is_read_on_the_strongest_basis_shown(
    w: dict[str, Any], referred: str
) -> None:
    """The mother (the main member) is hidden from 南部包括; of the two children it sees, one was referred to
    it (つなぎの受理) and the other shared by consent. The household is read on the referral, the stronger,
    whichever child comes first."""
    r, south, north = w["r"], w["agencies"]["houkatsu_south"], w["agencies"]["houkatsu_north"]
    children = {
        "son": r["son"],
        "daughter": factories.person(
            north, "髙橋 二葉", "たかはし ふたば", household=r["household"], birth_date=dt.date(1975, 2, 3)
        ),
    }
    for key, child in children.items():
        if key == referred:
            factories.referral(factories.consultation(child, north), south, None)
        else:
            factories.consent(child, north, collaboration=False, shared=[south])
    household, _, basis, members = access.access_household(request_of(w, "south"), r["household"].pk)
    assert (household, basis, members) == (r["household"], Basis.REFERRAL, [r["son"], children["daughter"]])
    entries = AuditEntry.objects.filter(action="household.viewed")
    assert {(e.person_id, e.basis) for e in entries} == {
        (str(child.pk), Basis.REFERRAL if key == referred else Basis.CONSENT)
        for key, child in children.items()
    }


def test_the_receiver_reads_the_referral_on_the_referrals_basis(w: dict[str, Any]) -> None:
    referral, _, basis = access.access_referral(request_of(w, "coordinator"), w["r"]["referral"].pk)
    assert (referral, basis, AuditEntry.objects.latest("pk").basis) == (
        w["r"]["referral"],
        Basis.REFERRAL,
        Basis.REFERRAL,
    )


def test_a_consent_record_is_its_owner_agencys_alone(w: dict[str, Any]) -> None:
    """The hub works on the strength of the consent, but the signed record stays with the agency that took it."""
    assert denied(w, "coordinator", access.access_consent, w["r"]["consent"].pk).details == {"exists": True}


def test_a_household_with_no_member_in_sight_is_a_404_unless_it_is_ones_own(w: dict[str, Any]) -> None:
    north = w["agencies"]["houkatsu_north"]
    empty = Household.objects.create(
        municipality=w["municipality"], owner_agency=north, address="テスト市東町"
    )
    assert denied(w, "south", access.access_household, empty.pk).details == {"exists": True}
    household, _, basis, members = access.access_household(request_of(w, "soudanin"), empty.pk)
    assert (household, basis, members) == (empty, Basis.OWN, [])
    # A member recorded by 南部包括 in 北部包括's household: 南部包括 sees the household through its own member.
    lodger = factories.person(w["agencies"]["houkatsu_south"], "佐藤 次郎", "さとう じろう", household=empty)
    household, _, basis, members = access.access_household(request_of(w, "south"), empty.pk)
    assert (basis, members) == (Basis.OWN, [lodger])
    assert Person.objects.filter(household=empty).count() == 1


def test_records_of_another_municipality_are_not_found(w: dict[str, Any]) -> None:
    stranger = factories.person(w["agencies"]["other"], "佐藤 花子", "さとう はなこ")
    assert denied(w, "soudanin", access.access_person, stranger.pk).details == {"exists": False}
    assert denied(w, "soudanin", access.access_household, stranger.household_id).details == {"exists": False}
