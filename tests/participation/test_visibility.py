"""Who sees a 参加支援, and on which basis (kasane.participation.visibility and access), one basis at a time.

An engagement belongs to the agency that runs it: here the 社協. Another agency sees it only with a basis: the
team of the 多機関協働 case it hangs from (while the case's consent stands), or an active consent, obtained by
the 社協, that names it (or covers 多機関協働, for the 多機関協働事業者). Each test gives the one basis it is about
to a viewer who has no other, checks that it opens the engagement, and that it closes again when what it
stands on goes. Lists and single records agree; every read and every refusal is in the audit trail.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.http import Http404
from django.test import RequestFactory
from django.utils import timezone

from kasane.accounts.models import User
from kasane.audit.models import AuditEntry, Basis
from kasane.casework.models import Consent
from kasane.casework.visibility import Viewer
from kasane.participation.access import access_engagement, access_placement
from kasane.participation.models import Engagement, Origin
from kasane.participation.visibility import engagement_basis, own_engagements, visible_engagements
from tests import factories

from .helpers import days_ago, engagement, from_referral, placement

pytestmark = pytest.mark.django_db

# Staff of the municipality with sight of personal data but no basis for the 社協's 参加支援 of the son:
# 南部包括's 相談員s (one of them pledged to the 支援会議) and the city's programme staff.
OUTSIDERS = ("other_agency", "pledged", "unpledged", "city")


def fresh(w: dict[str, Any], key: str) -> Viewer:
    """A viewer built from the database as a request would build it (memberships are cached per user object)."""
    seen = Viewer.of(User.objects.get(pk=w["users"][key].pk), w["municipality"])
    assert seen is not None
    return seen


def basis_of(w: dict[str, Any], key: str, e: Engagement) -> Basis | None:
    """The basis by both routes, which must agree: the single record's and the list's."""
    seen = fresh(w, key)
    basis = engagement_basis(seen, e)
    assert visible_engagements(seen).filter(pk=e.pk).exists() == (basis is not None), key
    return basis


def request_of(w: dict[str, Any], key: str) -> Any:
    request = RequestFactory().get("/participation/")
    request.user = User.objects.get(pk=w["users"][key].pk)
    request.municipality = w["municipality"]
    return request


def withdraw(consent: Consent) -> None:
    Consent.objects.filter(pk=consent.pk).update(withdrawn_at=timezone.now())


def of_north(w: dict[str, Any], person: str = "son") -> Engagement:
    """A 参加支援 run by 北部包括 from a つなぎ, hanging from no case."""
    return Engagement.objects.create(
        municipality=w["municipality"],
        owner_agency=w["agencies"]["houkatsu_north"],
        person=w["r"][person],
        origin=Origin.REFERRAL,
        referral=w["r"]["referral"],
        started_on=days_ago(10),
    )


# --- the owner, and everyone else --------------------------------------------------------------------------


def test_the_owner_agency_sees_its_engagements(w: dict[str, Any]) -> None:
    e = engagement(w)
    for key in ("coordinator", "reader"):  # the reader reads, does not write
        assert basis_of(w, key, e) == Basis.OWN, key
        assert own_engagements(fresh(w, key)).filter(pk=e.pk).exists(), key


def test_other_agencies_without_a_basis_get_404_and_the_refusal_is_recorded(
    w: dict[str, Any], client_for: Any
) -> None:
    e = engagement(w, approved=True)
    p = placement(w, e)
    for key in OUTSIDERS:
        assert basis_of(w, key, e) is None, key
        client = client_for(w["users"][key])
        assert client.get(f"/participation/{e.pk}/").status_code == 404, key
        assert client.get(f"/participation/placements/{p.pk}/").status_code == 404, key
    denied = AuditEntry.objects.filter(action="access.denied", object_type="participation.engagement")
    assert denied.count() == 2 * len(OUTSIDERS)  # the placement is refused through its engagement
    assert all(
        entry.object_id == str(e.pk) and entry.details == {"exists": True} and entry.person_id == ""
        for entry in denied
    )
    with pytest.raises(Http404):
        access_engagement(request_of(w, "coordinator"), e.pk + 1000)
    with pytest.raises(Http404):
        access_placement(request_of(w, "coordinator"), p.pk + 1000)
    missing = AuditEntry.objects.filter(action="access.denied", details={"exists": False})
    assert sorted(missing.values_list("object_type", flat=True)) == [
        "participation.engagement",
        "participation.placement",
    ]


def test_another_municipality_never_sees_an_engagement(w: dict[str, Any], client_for: Any) -> None:
    e = engagement(w)
    tonari = Viewer.of(w["users"]["other_city"], w["other_municipality"])
    assert tonari is not None
    assert engagement_basis(tonari, e) is None and not visible_engagements(tonari).exists()
    assert client_for(w["users"]["other_city"]).get(f"/participation/{e.pk}/").status_code == 404


def test_a_read_is_recorded_with_the_person_and_the_basis(w: dict[str, Any]) -> None:
    e = engagement(w)
    found, seen, basis = access_engagement(request_of(w, "coordinator"), e.pk)
    assert found == e and basis == Basis.OWN and seen.user == w["users"]["coordinator"]
    entry = AuditEntry.objects.get(action="participation.viewed")
    assert (entry.person_id, entry.basis, entry.basis_ref, entry.object_id) == (
        str(w["r"]["son"].pk),
        Basis.OWN,
        f"participation:{e.pk}",
        str(e.pk),
    )
    assert entry.agency == w["agencies"]["shakyo"]


def test_a_placement_is_read_through_its_engagement(w: dict[str, Any]) -> None:
    e = engagement(w, approved=True)
    p = placement(w, e)
    found, through, _seen, basis = access_placement(
        request_of(w, "soudanin"), p.pk, action="participation.referral_sheet"
    )
    assert (found, through, basis) == (p, e, Basis.CASE_TEAM)
    entry = AuditEntry.objects.get(action="participation.referral_sheet")
    assert (entry.person_id, entry.basis, entry.basis_ref) == (
        str(w["r"]["son"].pk),
        Basis.CASE_TEAM,
        f"participation:{e.pk}",
    )


# --- the case team -----------------------------------------------------------------------------------------


def test_the_case_team_sees_while_the_cases_consent_stands(w: dict[str, Any], client_for: Any) -> None:
    e = engagement(w)
    assert basis_of(w, "soudanin", e) == Basis.CASE_TEAM  # 北部包括, on the team of the household's case
    assert client_for(w["users"]["soudanin"]).get(f"/participation/{e.pk}/").status_code == 200
    entry = AuditEntry.objects.get(action="participation.viewed")
    assert (entry.basis, entry.person_id) == (Basis.CASE_TEAM, str(w["r"]["son"].pk))
    withdraw(w["r"]["consent"])
    assert basis_of(w, "soudanin", e) is None
    assert client_for(w["users"]["soudanin"]).get(f"/participation/{e.pk}/").status_code == 404
    assert basis_of(w, "coordinator", e) == Basis.OWN  # the 社協 keeps its own records


def test_an_engagement_hanging_from_no_case_opens_nothing_to_the_team(w: dict[str, Any]) -> None:
    e = from_referral(w)
    assert e.case is None
    assert basis_of(w, "soudanin", e) is None


def test_leaving_the_team_closes_the_engagement(w: dict[str, Any]) -> None:
    e = engagement(w)
    w["r"]["case"].team.filter(agency=w["agencies"]["houkatsu_north"]).update(left_on=days_ago(1))
    assert basis_of(w, "soudanin", e) is None


# --- consent -----------------------------------------------------------------------------------------------


def test_a_consent_from_the_owner_naming_the_agency_lets_it_see(w: dict[str, Any]) -> None:
    e = engagement(w)
    south = w["agencies"]["houkatsu_south"]
    assert basis_of(w, "other_agency", e) is None
    consent = factories.consent(w["r"]["son"], w["agencies"]["shakyo"], collaboration=False, shared=[south])
    assert basis_of(w, "other_agency", e) == Basis.CONSENT
    assert basis_of(w, "city", e) is None  # a consent names agencies, one by one
    withdraw(consent)
    assert basis_of(w, "other_agency", e) is None


def test_a_consent_obtained_by_another_agency_opens_nothing(w: dict[str, Any]) -> None:
    e = engagement(w)
    south = w["agencies"]["houkatsu_south"]
    factories.consent(w["r"]["son"], w["agencies"]["houkatsu_north"], collaboration=False, shared=[south])
    factories.consent(w["r"]["mother"], w["agencies"]["shakyo"], collaboration=False, shared=[south])
    assert basis_of(w, "other_agency", e) is None


def test_a_consent_covering_collaboration_lets_the_collaboration_agency_in(w: dict[str, Any]) -> None:
    e = of_north(w)
    assert basis_of(w, "coordinator", e) is None  # the 社協 runs 多機関協働, but nothing points it here
    consent = factories.consent(w["r"]["son"], w["agencies"]["houkatsu_north"], collaboration=True)
    assert basis_of(w, "coordinator", e) == Basis.CONSENT
    assert basis_of(w, "other_agency", e) is None  # only the 多機関協働事業者 is let in that way
    withdraw(consent)
    assert basis_of(w, "coordinator", e) is None


def test_the_owner_basis_comes_before_the_others(w: dict[str, Any]) -> None:
    e = engagement(w)
    factories.consent(w["r"]["son"], w["agencies"]["shakyo"], collaboration=True)
    assert basis_of(w, "coordinator", e) == Basis.OWN
    factories.consent(
        w["r"]["son"], w["agencies"]["shakyo"], collaboration=False, shared=[w["agencies"]["houkatsu_north"]]
    )
    assert basis_of(w, "soudanin", e) == Basis.CASE_TEAM  # the team is named before the consent


def test_lists_show_exactly_what_each_viewer_may_see(w: dict[str, Any]) -> None:
    theirs = of_north(w, "mother")  # the mother's consent to 北部包括 covers 多機関協働: the 社協 is let in
    mine = engagement(w)
    expected = {
        "coordinator": {theirs.pk, mine.pk},
        "reader": {theirs.pk, mine.pk},
        "soudanin": {theirs.pk, mine.pk},
        "other_agency": set(),
        "city": set(),
    }
    for key, pks in expected.items():
        assert set(visible_engagements(fresh(w, key)).values_list("pk", flat=True)) == pks, key
