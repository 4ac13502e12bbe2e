"""Who sees an outreach target, and on which basis (kasane.outreach.visibility and access), one basis at a time.

A target belongs to the agency that took it up: here the 社協. Another agency sees it only with a basis, and
only once the target is linked to a person: a consent from the 社協 naming it (or covering 多機関協働, for the
多機関協働事業者), the case team of a case opened from the 相談受付 it was handed over through (while the case's
consent stands), or a つなぎ it accepted (while its basis stands). The §106-6 item a target was raised at grants
nothing to anyone. Each test gives the one basis it is about to a viewer who has no other, checks that it
opens the target, and that it closes again when what it stands on goes. Lists and single records agree.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.http import Http404
from django.test import RequestFactory
from django.utils import timezone

from kasane.accounts.models import User
from kasane.audit.models import AuditEntry, Basis
from kasane.casework.models import Consent, Referral, Status
from kasane.casework.visibility import Viewer
from kasane.outreach import services
from kasane.outreach.access import access_agency_visit, access_target
from kasane.outreach.models import AgencyVisit, Route, Stage, Target
from kasane.outreach.queries import timeline_entries
from kasane.outreach.visibility import own_agency_visits, target_basis, target_q, visible_targets
from tests import factories

from .helpers import DAY, actor, target, viewer

pytestmark = pytest.mark.django_db

OUTSIDERS = ("soudanin", "other_agency", "pledged", "unpledged", "city")


def fresh(w: dict[str, Any], key: str) -> Viewer:
    """A viewer built from the database as a request would build it (memberships are cached per user object)."""
    seen = Viewer.of(User.objects.get(pk=w["users"][key].pk), w["municipality"])
    assert seen is not None
    return seen


def basis_of(w: dict[str, Any], key: str, t: Target) -> Basis | None:
    """The basis by both routes, which must agree: the single record's and the list's."""
    seen = fresh(w, key)
    basis = target_basis(seen, t)
    assert visible_targets(seen).filter(pk=t.pk).exists() == (basis is not None), key
    # The list reads the bases' side (compiled once per viewer shape); the rule asks each row.
    ruled = Target.objects.filter(municipality=w["municipality"]).filter(target_q(seen))
    assert set(visible_targets(seen)) == set(ruled), key
    return basis


def withdraw(consent: Consent) -> None:
    Consent.objects.filter(pk=consent.pk).update(withdrawn_at=timezone.now())


def request_of(w: dict[str, Any], key: str) -> Any:
    request = RequestFactory().get("/outreach/")
    request.user = User.objects.get(pk=w["users"][key].pk)
    request.municipality = w["municipality"]
    return request


def son_target(w: dict[str, Any], **extra: Any) -> Target:
    return target(w, person=w["r"]["son"], **extra)


# --- the owner, and everyone else --------------------------------------------------------------------------


def test_the_owner_agency_sees_its_targets_linked_or_not(w: dict[str, Any]) -> None:
    for t in (w["o"]["target"], target(w)):
        assert basis_of(w, "coordinator", t) == Basis.OWN
        assert basis_of(w, "reader", t) == Basis.OWN  # reads, does not write


def test_other_agencies_without_a_basis_get_404_and_the_refusal_is_recorded(
    w: dict[str, Any], client_for: Any
) -> None:
    t = w["o"]["target"]
    for key in OUTSIDERS:
        assert basis_of(w, key, t) is None, key
        assert client_for(w["users"][key]).get(f"/outreach/targets/{t.pk}/").status_code == 404, key
    denied = AuditEntry.objects.filter(action="access.denied", object_type="outreach.target")
    assert denied.count() == len(OUTSIDERS)
    assert all(
        e.object_id == str(t.pk) and e.details == {"exists": True} and e.person_id == "" for e in denied
    )
    with pytest.raises(Http404):
        access_target(request_of(w, "coordinator"), t.pk + 1000)
    assert AuditEntry.objects.filter(action="access.denied", details={"exists": False}).count() == 1


def test_another_municipality_never_sees_a_target(w: dict[str, Any], client_for: Any) -> None:
    t = w["o"]["target"]
    tonari = Viewer.of(w["users"]["other_city"], w["other_municipality"])
    assert tonari is not None
    assert target_basis(tonari, t) is None and not visible_targets(tonari).exists()
    assert client_for(w["users"]["other_city"]).get(f"/outreach/targets/{t.pk}/").status_code == 404


def test_a_read_is_recorded_with_the_person_and_the_basis(w: dict[str, Any]) -> None:
    t = w["o"]["target"]
    found, seen, basis = access_target(request_of(w, "coordinator"), t.pk)
    assert found == t and basis == Basis.OWN and seen.user == w["users"]["coordinator"]
    entry = AuditEntry.objects.get(action="outreach_target.viewed")
    assert (entry.person_id, entry.basis, entry.basis_ref) == (
        str(w["r"]["son"].pk),
        Basis.OWN,
        f"target:{t.pk}",
    )
    assert entry.object_id == str(t.pk)


# --- consent -----------------------------------------------------------------------------------------------


def test_a_consent_from_the_owner_naming_the_agency_lets_it_see(w: dict[str, Any], client_for: Any) -> None:
    t = w["o"]["target"]
    consent = factories.consent(w["r"]["son"], w["agencies"]["shakyo"], collaboration=False, shared=[])
    assert basis_of(w, "soudanin", t) is None  # a consent naming no one
    consent.shared_agencies.set([w["agencies"]["houkatsu_north"]])
    assert basis_of(w, "soudanin", t) == Basis.CONSENT
    assert basis_of(w, "other_agency", t) is None  # named agencies only
    page = client_for(w["users"]["soudanin"]).get(f"/outreach/targets/{t.pk}/")
    assert page.status_code == 200 and "閲覧の根拠：本人同意" in page.content.decode()
    assert "接触を記録する" not in page.content.decode()  # it reads; the owner records
    assert AuditEntry.objects.get(action="outreach_target.viewed").basis == Basis.CONSENT
    withdraw(consent)
    assert basis_of(w, "soudanin", t) is None


def test_a_consent_obtained_by_another_agency_opens_nothing(w: dict[str, Any]) -> None:
    """北部包括 recorded the son and may share its own records; the 社協's target is not among them."""
    north = w["agencies"]["houkatsu_north"]
    factories.consent(w["r"]["son"], north, collaboration=True, shared=[w["agencies"]["houkatsu_south"]])
    assert basis_of(w, "other_agency", w["o"]["target"]) is None


def test_a_consent_covering_collaboration_lets_the_collaboration_agency_see(w: dict[str, Any]) -> None:
    division = w["agencies"]["division"]
    division.runs_collaboration = True
    division.save(update_fields=["runs_collaboration"])
    t = w["o"]["target"]
    consent = factories.consent(w["r"]["son"], w["agencies"]["shakyo"], collaboration=False)
    assert basis_of(w, "city", t) is None
    Consent.objects.filter(pk=consent.pk).update(covers_collaboration=True)
    assert basis_of(w, "city", t) == Basis.CONSENT
    assert basis_of(w, "soudanin", t) is None  # 北部包括 does not run 多機関協働
    withdraw(consent)
    assert basis_of(w, "city", t) is None


# --- case team ---------------------------------------------------------------------------------------------


def handed_over_to_the_case(w: dict[str, Any]) -> Target:
    """The 社協's target for the mother, handed over to 多機関協働 through her 相談受付."""
    t = target(w, person=w["r"]["mother"], stage=Stage.TRUST)
    services.hand_over(
        viewer(w), t, route=Route.COLLABORATION, on=DAY, consultation=w["r"]["consultation"], actor=actor(w)
    )
    return t


def test_the_team_of_a_case_opened_from_the_hand_over_consultation_sees(w: dict[str, Any]) -> None:
    t = handed_over_to_the_case(w)
    case = w["r"]["case"]
    assert (
        basis_of(w, "soudanin", t) is None
    )  # 北部包括 is on a case of the household, not one opened from it
    case.consultation = w["r"]["consultation"]
    case.save(update_fields=["consultation"])
    assert basis_of(w, "soudanin", t) == Basis.CASE_TEAM
    assert basis_of(w, "other_agency", t) is None  # not on the team
    withdraw(w["r"]["consent"])  # the case's consent: everything it opened closes
    assert basis_of(w, "soudanin", t) is None


# --- referral ----------------------------------------------------------------------------------------------


def test_an_accepted_referral_lets_its_receiver_see_while_its_basis_stands(w: dict[str, Any]) -> None:
    son, shakyo, south = w["r"]["son"], w["agencies"]["shakyo"], w["agencies"]["houkatsu_south"]
    consent = factories.consent(son, shakyo, collaboration=False)
    referral = factories.referral(factories.consultation(son, shakyo), south, consent, Status.REQUESTED)
    t = son_target(w, stage=Stage.TRUST)
    services.hand_over(viewer(w), t, route=Route.AGENCY, on=DAY, referral=referral, actor=actor(w))
    assert basis_of(w, "other_agency", t) is None  # asked, not yet accepted
    Referral.objects.filter(pk=referral.pk).update(status=Status.ACCEPTED)
    assert basis_of(w, "other_agency", t) == Basis.REFERRAL
    assert basis_of(w, "soudanin", t) is None
    withdraw(consent)
    assert basis_of(w, "other_agency", t) is None
    # A つなぎ on a basis in law stands without a consent.
    Referral.objects.filter(pk=referral.pk).update(basis="law_other", consent=None)
    assert basis_of(w, "other_agency", t) == Basis.REFERRAL


# --- what opens nothing ------------------------------------------------------------------------------------


def test_a_target_linked_to_no_one_is_never_seen_by_another_agency(w: dict[str, Any]) -> None:
    """Even with every basis in place: a basis is about a person, and an unlinked target has none."""
    case = w["r"]["case"]
    case.consultation = w["r"]["consultation"]
    case.save(update_fields=["consultation"])
    factories.consent(w["r"]["mother"], w["agencies"]["shakyo"], shared=[w["agencies"]["houkatsu_north"]])
    t = target(w, stage=Stage.HANDED_OVER, consultation=w["r"]["consultation"], route=Route.COLLABORATION)
    assert basis_of(w, "soudanin", t) is None
    assert basis_of(w, "coordinator", t) == Basis.OWN
    Target.objects.filter(pk=t.pk).update(person=w["r"]["mother"], household=w["r"]["household"])
    t.refresh_from_db()
    assert basis_of(w, "soudanin", t) == Basis.CASE_TEAM


def test_the_support_meeting_item_a_target_points_at_grants_nothing(
    w: dict[str, Any], client_for: Any
) -> None:
    t, item = w["o"]["target"], w["m"]["support_item"]
    assert t.meeting_item == item
    # Invited and pledged members of the item (南部包括's pledged member, the city) do not see the target …
    for key in ("pledged", "city"):
        assert basis_of(w, key, t) is None, key
        assert client_for(w["users"][key]).get(f"/outreach/targets/{t.pk}/").status_code == 404, key
        assert client_for(w["users"][key]).get(f"/meetings/items/{item.pk}/").status_code == 200, key
    # … and the target's own staff who are not invited do not see the item, nor a link to it.
    reader = client_for(w["users"]["reader"])
    page = reader.get(f"/outreach/targets/{t.pk}/").content.decode()
    assert f"/meetings/items/{item.pk}/" not in page and "支援会議の議題 No." not in page
    assert reader.get(f"/meetings/items/{item.pk}/").status_code == 404
    # The invited coordinator gets a pointer, never the content.
    page = client_for(w["users"]["coordinator"]).get(f"/outreach/targets/{t.pk}/").content.decode()
    assert f"/meetings/items/{item.pk}/" in page
    assert item.title not in page and item.subject_name not in page and item.situation not in page


# --- lists and single records agree ------------------------------------------------------------------------


def test_lists_and_single_records_agree_for_every_viewer(w: dict[str, Any]) -> None:
    son, shakyo = w["r"]["son"], w["agencies"]["shakyo"]
    factories.consent(son, shakyo, collaboration=False, shared=[w["agencies"]["houkatsu_north"]])
    referral = factories.referral(
        factories.consultation(son, shakyo), w["agencies"]["houkatsu_south"], None, Status.ACCEPTED
    )
    services.hand_over(
        viewer(w),
        son_target(w, stage=Stage.TRUST),
        route=Route.AGENCY,
        on=DAY,
        referral=referral,
        actor=actor(w),
    )
    handed_over_to_the_case(w)
    case = w["r"]["case"]
    case.consultation = w["r"]["consultation"]
    case.save(update_fields=["consultation"])
    target(w)
    seen_somewhere = set()
    for key in ("coordinator", "reader", *OUTSIDERS):
        seen = fresh(w, key)
        listed = set(visible_targets(seen))
        assert listed == {t for t in Target.objects.all() if target_basis(seen, t) is not None}, key
        seen_somewhere |= {(key, t.pk) for t in listed}
    # 南部包括 accepted the つなぎ: all its staff see that target; the city has no basis for any.
    assert {key for key, _pk in seen_somewhere} == set(OUTSIDERS) - {"city"} | {"coordinator", "reader"}


# --- the household timeline --------------------------------------------------------------------------------


def test_the_household_timeline_shows_outreach_to_those_with_a_basis(
    w: dict[str, Any], client_for: Any
) -> None:
    household = w["r"]["household"]
    url = f"/households/{household.pk}/"
    entries = timeline_entries(fresh(w, "coordinator"), household)
    assert {(e.kind, e.title) for e in entries} == {
        ("アウトリーチ", "段階：情報把握"),
        ("アウトリーチ", "訪問（家族・家族と話せた）"),
    }
    assert all(e.url == f"/outreach/targets/{w['o']['target'].pk}/" for e in entries)
    contact_text = w["o"]["contact"].text
    page = client_for(w["users"]["coordinator"]).get(url).content.decode()
    assert "訪問（家族・家族と話せた）" in page and contact_text in page
    # 北部包括 recorded the household and is on its case, but has no basis for the 社協's outreach.
    assert timeline_entries(fresh(w, "soudanin"), household) == []
    page = client_for(w["users"]["soudanin"]).get(url)
    assert page.status_code == 200
    assert (
        "訪問（家族・家族と話せた）" not in page.content.decode()
        and contact_text not in page.content.decode()
    )
    factories.consent(w["r"]["son"], w["agencies"]["shakyo"], shared=[w["agencies"]["houkatsu_north"]])
    assert len(timeline_entries(fresh(w, "soudanin"), household)) == 2
    assert contact_text in client_for(w["users"]["soudanin"]).get(url).content.decode()


# --- agency visits -----------------------------------------------------------------------------------------


def test_agency_visits_are_their_agencys_own(w: dict[str, Any]) -> None:
    visit = w["o"]["agency_visit"]
    found, _seen = access_agency_visit(request_of(w, "reader"), visit.pk)
    assert found == visit
    for key in ("soudanin", "city"):
        assert not own_agency_visits(fresh(w, key)).exists()
        with pytest.raises(Http404):
            access_agency_visit(request_of(w, key), visit.pk)
    assert (
        AuditEntry.objects.filter(
            action="access.denied", object_type="outreach.agencyvisit", details={"exists": True}
        ).count()
        == 2
    )
    assert AgencyVisit.objects.count() == 1


def test_a_reader_not_invited_to_the_item_is_not_told_the_target_came_from_a_support_meeting(
    w: dict[str, Any], client_for: Any
) -> None:
    """§106-6: that someone was discussed at a 支援会議 is itself what was shared there. A reader with a basis on
    the target but not on the item (南部包括 through a consent, the 社協's own unpledged reader) reads the
    target without its origin, on the page, in the API and in 開示."""
    from kasane.governance import registry

    t, son = w["o"]["target"], w["r"]["son"]
    factories.consent(son, w["agencies"]["shakyo"], shared=[w["agencies"]["houkatsu_south"]])
    for key in ("other_agency", "reader"):
        client = client_for(w["users"][key])
        page = client.get(f"/outreach/targets/{t.pk}/").content.decode()
        assert t.label in page and "支援会議" not in page, key
        data = client.get(f"/api/v1/outreach/targets/{t.pk}").json()
        assert (data["source"], data["source_label"], data["raised_by"]) == (None, None, None), key
    owner = client_for(w["users"]["coordinator"]).get(f"/outreach/targets/{t.pk}/").content.decode()
    assert "支援会議の議題" in owner  # the invited, pledged owner is told
    outreach = [s for s in registry.collect(son) if s.key.startswith("outreach")]
    assert outreach and outreach[0].records  # the son's target is in his 開示 …
    assert "支援会議" not in repr(outreach)  # … without its origin
    assert any("支援会議" in note for note in registry.staff_notes(son))
