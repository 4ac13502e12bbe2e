"""Every URL pattern, for every kind of user: the expected outcome, asserted.

The list of patterns comes from the URL configuration, so a new page that is not listed here fails the
test until someone decides who may open it.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from tests import (
    access_annual_report,
    access_dispatch,
    access_events,
    access_questionnaires,
    access_readiness,
)

pytestmark = pytest.mark.django_db

ANON = "anonymous"
LOGIN = "login"  # redirect to the login page
# Users from the `world` fixture: soudanin (相談員, 北部包括), coordinator (多機関協働, 社協), city (市の事業担当),
# agency_admin (機関管理者, 北部包括), prefecture (都道府県担当), viewer (閲覧のみ), other_city (another municipality).
# other_agency: a 相談員 of 南部包括, same municipality, with no basis for the test household's records.
# For case records soudanin is the owner agency's staff and a case-team member; coordinator runs the case.
# pledged / unpledged: 相談員 of 南部包括 who sit on the 包括的支援会議, one with a 守秘義務の誓約 and one without.
# city and coordinator are pledged members too; soudanin is a member without a pledge.
ROLES = [
    "soudanin",
    "coordinator",
    "city",
    "agency_admin",
    "prefecture",
    "viewer",
    "other_city",
    "other_agency",
    "pledged",
    "unpledged",
]

# url name → (path builder, anonymous outcome, {role: status})
Build = Any


def _all(status: int) -> dict[str, int]:
    return dict.fromkeys(ROLES, status)


def _directory() -> dict[str, int]:
    return {**_all(200), "prefecture": 403}


def _casework(status: int = 200) -> dict[str, int]:
    """Pages of case work that hold no one record: every role that sees personal data may open them."""
    return {**_all(status), "agency_admin": 403, "prefecture": 403, "viewer": 403}


def _record(**allowed: int) -> dict[str, int]:
    """One person's record: 404 to every viewer without a basis, 403 to roles without personal data."""
    return {**_casework(404), **allowed}


def _post_only() -> dict[str, int]:
    return _all(405)


def _municipal_staff(status: int = 200) -> dict[str, int]:
    """Meeting pages without personal data: every staff member of the municipality (not the prefecture)."""
    return {**_all(status), "prefecture": 404}


def _meeting_hosts(status: int = 200) -> dict[str, int]:
    return {**_all(404), "city": status, "coordinator": status, "other_city": status}


def _meeting_members() -> dict[str, int]:
    """The body's members and the municipality's hosts; nobody else learns the meeting exists."""
    return {**_all(404), **dict.fromkeys(["city", "coordinator", "soudanin", "pledged", "unpledged"], 200)}


def _governance() -> dict[str, int]:
    """開示 and retention: the municipality's programme staff (市の事業担当), here or in their own municipality."""
    return {**_all(403), "city": 200, "other_city": 200}


def _disclosure_request(world: dict[str, Any]) -> Any:
    """A 開示 request about the test household's mother, registered by the city (made once per world)."""
    import datetime as dt

    from kasane.governance.models import DisclosureRequest

    return DisclosureRequest.objects.get_or_create(
        municipality=world["municipality"],
        number="R8-001",
        defaults={
            "received_on": dt.date(2026, 11, 20),
            "requester_name": "髙橋 ミツ",
            "person": world["r"]["mother"],
            "registered_by_name": "市 職員",
        },
    )[0]


EXPECTED: dict[str, tuple[Build, Any, dict[str, int]]] = {
    "home:home": (lambda w: "/", LOGIN, _all(200)),
    "core:healthz": (lambda w: "/healthz", 200, _all(200)),
    "accounts:login": (lambda w: "/accounts/login/", 200, _all(302)),
    "accounts:login_code": (lambda w: "/accounts/login/code/", 302, _all(302)),
    "accounts:logout": (lambda w: "/accounts/logout/", 405, _all(405)),
    "accounts:profile": (lambda w: "/accounts/me/", LOGIN, _all(200)),
    "accounts:password_change": (lambda w: "/accounts/me/password/", LOGIN, _all(200)),
    "accounts:two_factor_setup": (lambda w: "/accounts/me/two-factor/", LOGIN, _all(200)),
    "staff:list": (
        lambda w: "/accounts/staff/",
        LOGIN,
        {**_all(403), "city": 200, "agency_admin": 200, "other_city": 200},
    ),
    "staff:new": (
        lambda w: "/accounts/staff/new/",
        LOGIN,
        {**_all(403), "city": 200, "agency_admin": 200, "other_city": 200},
    ),
    "staff:detail": (
        lambda w: f"/accounts/staff/{w['users']['soudanin'].pk}/",
        LOGIN,
        {**_all(403), "city": 200, "agency_admin": 200, "other_city": 404},
    ),
    "staff:add_membership": (
        lambda w: f"/accounts/staff/{w['users']['soudanin'].pk}/memberships/",
        LOGIN,
        {**_all(403), "city": 405, "agency_admin": 405, "other_city": 405},
    ),
    "staff:remove_membership": (
        lambda w: f"/accounts/memberships/{w['users']['soudanin'].memberships.get().pk}/remove/",
        LOGIN,
        {**_all(403), "city": 405, "agency_admin": 405, "other_city": 405},
    ),
    "staff:reset_password": (
        lambda w: f"/accounts/staff/{w['users']['soudanin'].pk}/password/",
        LOGIN,
        {**_all(403), "city": 200, "agency_admin": 200, "other_city": 404},
    ),
    "staff:reset_two_factor": (
        lambda w: f"/accounts/staff/{w['users']['soudanin'].pk}/two-factor/reset/",
        LOGIN,
        {**_all(403), "city": 405, "agency_admin": 405, "other_city": 405},
    ),
    "staff:unlock": (
        lambda w: f"/accounts/staff/{w['users']['soudanin'].pk}/unlock/",
        LOGIN,
        {**_all(403), "city": 405, "agency_admin": 405, "other_city": 405},
    ),
    "staff:roles": (lambda w: "/accounts/roles/", LOGIN, {**_all(403), "city": 200, "other_city": 200}),
    "agencies:list": (lambda w: "/agencies/", LOGIN, _directory()),
    "agencies:new": (lambda w: "/agencies/new/", LOGIN, {**_all(403), "city": 200, "other_city": 200}),
    "agencies:navi": (lambda w: "/agencies/navi/", LOGIN, _directory()),
    "agencies:brochure": (lambda w: "/agencies/brochure.pdf", LOGIN, _directory()),
    "agencies:detail": (
        lambda w: f"/agencies/{w['agencies']['shakyo'].pk}/",
        LOGIN,
        {**_directory(), "other_city": 404},
    ),
    "agencies:edit": (
        lambda w: f"/agencies/{w['agencies']['houkatsu_north'].pk}/edit/",
        LOGIN,
        {**_all(403), "city": 200, "agency_admin": 200, "other_city": 404},
    ),
    "households:search": (lambda w: "/people/", LOGIN, _casework()),
    "households:person_new": (lambda w: "/people/new/", LOGIN, _casework()),
    "households:person": (
        lambda w: f"/people/{w['r']['mother'].pk}/",
        LOGIN,
        _record(soudanin=200, coordinator=200),
    ),
    "households:person_edit": (
        lambda w: f"/people/{w['r']['mother'].pk}/edit/",
        LOGIN,
        _record(soudanin=200, coordinator=403),
    ),
    "households:household": (
        lambda w: f"/households/{w['r']['household'].pk}/",
        LOGIN,
        _record(soudanin=200, coordinator=200),
    ),
    "households:member_new": (
        lambda w: f"/households/{w['r']['household'].pk}/members/new/",
        LOGIN,
        _record(soudanin=200, coordinator=403),
    ),
    "consents:new": (
        lambda w: f"/people/{w['r']['mother'].pk}/consents/new/",
        LOGIN,
        _record(soudanin=200, coordinator=200),
    ),
    "consents:withdraw": (
        lambda w: f"/consents/{w['r']['consent'].pk}/withdraw/",
        LOGIN,
        _record(soudanin=200),
    ),
    "consents:document": (lambda w: f"/consents/{w['r']['consent'].pk}/document/", LOGIN, _record()),
    "consultations:new": (lambda w: "/consultations/new/", LOGIN, _casework()),
    "consultations:detail": (
        lambda w: f"/consultations/{w['r']['consultation'].pk}/",
        LOGIN,
        _record(soudanin=200, coordinator=200),
    ),
    "referrals:list": (lambda w: "/referrals/", LOGIN, _casework()),
    "referrals:new": (
        lambda w: f"/referrals/new/?consultation={w['r']['consultation'].pk}",
        LOGIN,
        _record(soudanin=200),
    ),
    "referrals:detail": (
        lambda w: f"/referrals/{w['r']['referral'].pk}/",
        LOGIN,
        _record(soudanin=200, coordinator=200),
    ),
    "referrals:action": (lambda w: f"/referrals/{w['r']['referral'].pk}/accept/", LOGIN, _post_only()),
    "cases:list": (lambda w: "/cases/", LOGIN, _casework()),
    "cases:export": (lambda w: "/cases/export.xlsx", LOGIN, _casework()),
    "cases:new": (lambda w: f"/cases/new/?referral={w['r']['referral'].pk}", LOGIN, _record(coordinator=200)),
    "cases:detail": (lambda w: f"/cases/{w['r']['case'].pk}/", LOGIN, _record(soudanin=200, coordinator=200)),
    "cases:action": (lambda w: f"/cases/{w['r']['case'].pk}/reopen/", LOGIN, _post_only()),
    "cases:team_add": (lambda w: f"/cases/{w['r']['case'].pk}/team/", LOGIN, _post_only()),
    "cases:team_remove": (
        lambda w: f"/cases/{w['r']['case'].pk}/team/{w['r']['case'].team.last().pk}/remove/",
        LOGIN,
        _post_only(),
    ),
    "cases:note_new": (lambda w: f"/cases/{w['r']['case'].pk}/notes/", LOGIN, _post_only()),
    "cases:plan_activate": (lambda w: f"/cases/plans/{w['r']['plan'].pk}/activate/", LOGIN, _post_only()),
    "cases:assessment_new": (
        lambda w: f"/cases/{w['r']['case'].pk}/assessments/new/",
        LOGIN,
        _record(soudanin=403, coordinator=200),
    ),
    "cases:plan_new": (
        lambda w: f"/cases/{w['r']['case'].pk}/plans/new/",
        LOGIN,
        _record(soudanin=403, coordinator=200),
    ),
    "cases:plan_edit": (
        # The plan is 実施中, so its owner is sent back to the case page rather than shown an editor.
        lambda w: f"/cases/plans/{w['r']['plan'].pk}/edit/",
        LOGIN,
        _record(soudanin=403, coordinator=302),
    ),
    "cases:evaluation_new": (
        lambda w: f"/cases/{w['r']['case'].pk}/evaluations/new/",
        LOGIN,
        _record(soudanin=403, coordinator=200),
    ),
    "cases:sheet_consultation": (
        lambda w: f"/cases/consultations/{w['r']['consultation'].pk}/sheet.pdf",
        LOGIN,
        _record(soudanin=200, coordinator=200),
    ),
    "cases:sheet_assessment": (
        lambda w: f"/cases/{w['r']['case'].pk}/assessment.pdf",
        LOGIN,
        _record(soudanin=200, coordinator=200),
    ),
    "cases:sheet_plan": (
        lambda w: f"/cases/plans/{w['r']['plan'].pk}/plan.pdf",
        LOGIN,
        _record(soudanin=200, coordinator=200),
    ),
    # No evaluation has been recorded for the test case yet: nobody gets a sheet.
    "cases:sheet_evaluation": (lambda w: f"/cases/{w['r']['case'].pk}/evaluation.pdf", LOGIN, _record()),
    "cases:sheet_progress": (
        lambda w: f"/cases/{w['r']['case'].pk}/progress.pdf",
        LOGIN,
        _record(soudanin=200, coordinator=200),
    ),
    # --- meetings -----------------------------------------------------------------------------------------
    "meetings:list": (lambda w: "/meetings/", LOGIN, _municipal_staff()),
    "meetings:new": (lambda w: "/meetings/new/", LOGIN, _meeting_hosts()),
    "meetings:detail": (lambda w: f"/meetings/{w['m']['meeting'].pk}/", LOGIN, _meeting_members()),
    "meetings:invite": (lambda w: f"/meetings/{w['m']['meeting'].pk}/invite/", LOGIN, _post_only()),
    "meetings:minutes_pdf": (
        lambda w: f"/meetings/{w['m']['meeting'].pk}/minutes.pdf",
        LOGIN,
        _meeting_members(),
    ),
    "meetings:support_item_new": (
        lambda w: f"/meetings/{w['m']['meeting'].pk}/items/support/",
        LOGIN,
        {**_meeting_hosts(), "other_city": 404},
    ),
    "meetings:promotion_item_new": (
        lambda w: f"/meetings/{w['m']['meeting'].pk}/items/promotion/",
        LOGIN,
        {**_meeting_hosts(), "other_city": 404},
    ),
    # The §106-6 item: only members invited to it who hold a pledge. The person's own agency, the other
    # members and the municipal administrators of other towns never learn it exists.
    "meetings:item": (
        lambda w: f"/meetings/items/{w['m']['support_item'].pk}/",
        LOGIN,
        {**_all(404), "city": 200, "coordinator": 200, "pledged": 200},
    ),
    "meetings:case_item_new": (
        lambda w: f"/meetings/cases/{w['r']['case'].pk}/submit/",
        LOGIN,
        {**_record(soudanin=403, coordinator=200), "pledged": 404, "unpledged": 404},
    ),
    "meetings:bodies": (lambda w: "/meetings/bodies/", LOGIN, _municipal_staff()),
    "meetings:body_new": (lambda w: "/meetings/bodies/new/", LOGIN, _meeting_hosts()),
    "meetings:body": (lambda w: f"/meetings/bodies/{w['m']['body'].pk}/", LOGIN, _meeting_members()),
    "meetings:pledge": (lambda w: f"/meetings/bodies/{w['m']['body'].pk}/pledge/", LOGIN, _meeting_members()),
    "meetings:series_new": (
        lambda w: f"/meetings/bodies/{w['m']['body'].pk}/series/",
        LOGIN,
        _post_only(),
    ),
    "meetings:member_remove": (
        lambda w: f"/meetings/bodies/{w['m']['body'].pk}/members/{w['m']['body'].members.first().pk}/remove/",
        LOGIN,
        _post_only(),
    ),
    "meetings:actions": (lambda w: "/meetings/actions/", LOGIN, _municipal_staff()),
    "meetings:action_done": (
        lambda w: f"/meetings/actions/{w['m']['action'].pk}/done/",
        LOGIN,
        _post_only(),
    ),
    "meetings:gaps": (lambda w: "/meetings/gaps/", LOGIN, _municipal_staff()),
    "meetings:gap_new": (lambda w: "/meetings/gaps/new/", LOGIN, _municipal_staff()),
    "meetings:gap_edit": (
        lambda w: f"/meetings/gaps/{w['m']['gap'].pk}/",
        LOGIN,
        {**_municipal_staff(), "other_city": 404},
    ),
    "audit:list": (lambda w: "/audit/", LOGIN, {**_all(403), "city": 200, "other_city": 200}),
    "audit:export_csv": (lambda w: "/audit/export.csv", LOGIN, {**_all(403), "city": 200, "other_city": 200}),
    "audit:export_xlsx": (
        lambda w: "/audit/export.xlsx",
        LOGIN,
        {**_all(403), "city": 200, "other_city": 200},
    ),
    # --- Information governance (kasane.governance): 開示 and retention, for 市の事業担当 only. ---
    "governance:index": (lambda w: "/governance/", LOGIN, _governance()),
    "governance:requests": (lambda w: "/governance/disclosures/", LOGIN, _governance()),
    "governance:request_new": (lambda w: "/governance/disclosures/new/", LOGIN, _governance()),
    "governance:request": (
        lambda w: f"/governance/disclosures/{_disclosure_request(w).pk}/",
        LOGIN,
        {**_governance(), "other_city": 404},
    ),
    "governance:request_pdf": (
        lambda w: f"/governance/disclosures/{_disclosure_request(w).pk}/report.pdf",
        LOGIN,
        _post_only(),
    ),
    "governance:request_json": (
        lambda w: f"/governance/disclosures/{_disclosure_request(w).pk}/report.json",
        LOGIN,
        _post_only(),
    ),
    "governance:retention": (lambda w: "/governance/retention/", LOGIN, _governance()),
    "governance:retention_policy": (lambda w: "/governance/retention/policy/", LOGIN, _post_only()),
    "governance:retention_apply": (lambda w: "/governance/retention/apply/", LOGIN, _post_only()),
    # --- end of information governance ---
}

API_EXPECTED: dict[str, tuple[Build, dict[str, int]]] = {
    "/api/v1/agencies": (lambda w: "/api/v1/agencies", _directory()),
    "/api/v1/agencies/{agency_id}": (
        lambda w: f"/api/v1/agencies/{w['agencies']['shakyo'].pk}",
        {**_directory(), "other_city": 404},
    ),
    "/api/v1/topics": (lambda w: "/api/v1/topics", _directory()),
    "/api/v1/areas": (lambda w: "/api/v1/areas", _directory()),
    "/api/v1/navi": (lambda w: "/api/v1/navi", _directory()),
    "/api/v1/persons": (lambda w: "/api/v1/persons?name=高橋", _casework()),
    "/api/v1/persons/{person_id}": (
        lambda w: f"/api/v1/persons/{w['r']['mother'].pk}",
        _record(soudanin=200, coordinator=200),
    ),
    "/api/v1/households/{household_id}": (
        lambda w: f"/api/v1/households/{w['r']['household'].pk}",
        _record(soudanin=200, coordinator=200),
    ),
    "/api/v1/consultations/{consultation_id}": (
        lambda w: f"/api/v1/consultations/{w['r']['consultation'].pk}",
        _record(soudanin=200, coordinator=200),
    ),
    "/api/v1/referrals": (lambda w: "/api/v1/referrals", _casework()),
    "/api/v1/referrals/{referral_id}": (
        lambda w: f"/api/v1/referrals/{w['r']['referral'].pk}",
        _record(soudanin=200, coordinator=200),
    ),
    "/api/v1/cases": (lambda w: "/api/v1/cases", _casework()),
    "/api/v1/cases/{case_id}": (
        lambda w: f"/api/v1/cases/{w['r']['case'].pk}",
        _record(soudanin=200, coordinator=200),
    ),
    "/api/v1/cases/{case_id}/notes": (
        lambda w: f"/api/v1/cases/{w['r']['case'].pk}/notes",
        _record(soudanin=201, coordinator=201),
    ),
}
# Operations called with POST in the matrix, and the body they send.
API_POST: dict[str, dict[str, Any]] = {
    "/api/v1/cases/{case_id}/notes": {"kind": "phone", "on": "2026-11-22", "text": "電話で近況を確認した。"},
}


# Backup support (後方支援): each app keeps its rows beside its tests.
for _module in (
    access_readiness,
    access_events,
    access_questionnaires,
    access_dispatch,
    access_annual_report,
):
    EXPECTED.update(_module.EXPECTED)


def _names(resolver: URLResolver, prefix: str = "") -> set[str]:
    names: set[str] = set()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            namespace = f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix
            names |= _names(pattern, namespace)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(f"{prefix}{pattern.name}")
    return names


def test_every_url_is_in_the_matrix() -> None:
    page_names = {n for n in _names(get_resolver()) if not n.startswith("api:")}
    assert page_names == set(EXPECTED), "a URL was added or removed: decide who may open it here"


def test_every_api_operation_is_in_the_matrix(client: Any) -> None:
    paths = set(client.get("/api/v1/openapi.json").json()["paths"])
    assert paths == set(API_EXPECTED)


@pytest.fixture
def matrix_world(world: dict[str, Any], make_user: Any) -> dict[str, Any]:
    from tests.factories import journey

    world["users"]["other_agency"] = make_user("south", world["agencies"]["houkatsu_south"], "soudanin")
    world["r"] = journey(world)
    world["m"] = _meetings(world, make_user)
    return world


def _meetings(world: dict[str, Any], make_user: Any) -> dict[str, Any]:
    """The 包括的支援会議 with a §106-6 item, a task from its minutes and a resource gap."""
    import datetime as dt

    from kasane.meetings.models import (
        PLEDGE_WORDING,
        ActionItem,
        AgendaItem,
        BodyMember,
        ItemKind,
        Pledge,
        ResourceGap,
    )
    from tests.factories import meeting_body

    users, agencies = world["users"], world["agencies"]
    users["pledged"] = make_user("kiyaku", agencies["houkatsu_south"], "soudanin")
    users["unpledged"] = make_user("mikiyaku", agencies["houkatsu_south"], "soudanin")
    m = meeting_body(world)
    body, meeting = m["body"], m["meeting"]
    for key in ("pledged", "unpledged"):
        BodyMember.objects.create(
            body=body, user=users[key], agency=agencies["houkatsu_south"], joined_on=meeting.held_on
        )
    Pledge.objects.create(
        body=body,
        user=users["pledged"],
        user_name="誓約 済",
        agency_name="南部包括",
        pledged_on=meeting.held_on,
        valid_until=Pledge.valid_until_for(meeting.held_on),
        wording=PLEDGE_WORDING,
    )
    item = AgendaItem.objects.create(
        meeting=meeting,
        kind=ItemKind.SUPPORT_CASE,
        title="ごみ屋敷の高齢男性",
        subject_name="佐藤 一",
        situation="近所から、ごみが溜まり異臭がすると相談があった。",
    )
    item.invited.set([users["city"], users["coordinator"], users["pledged"]])
    action = ActionItem.objects.create(
        item=item, assignee=users["pledged"], task="民生委員と訪問する", due_on=dt.date(2026, 12, 1)
    )
    gap = ResourceGap.objects.create(
        municipality=world["municipality"],
        title="夜間の居場所",
        description="夜間に通える居場所がない。",
        raised_on=meeting.held_on,
        raised_by_agency=agencies["shakyo"],
    )
    return {**m, "support_item": item, "action": action, "gap": gap}


def test_access_matrix(client_for: Any, matrix_world: dict[str, Any]) -> None:
    world = matrix_world
    checked = 0
    failures = []
    for name, (build, anon_expected, by_role) in EXPECTED.items():
        path = build(world)
        response = client_for(None).get(path)
        got: Any = response.status_code
        if got == 302 and response.url.startswith("/accounts/login/") and anon_expected == LOGIN:
            got = LOGIN
        if got != anon_expected:
            failures.append(f"{name} {ANON}: expected {anon_expected}, got {got}")
        checked += 1
        for role in ROLES:
            status = client_for(world["users"][role]).get(path).status_code
            if status != by_role[role]:
                failures.append(f"{name} {role}: expected {by_role[role]}, got {status}")
            checked += 1
    for operation, (build, by_role) in API_EXPECTED.items():
        path = build(world)
        body = API_POST.get(operation)

        def call(user: Any, path: str = path, body: Any = body) -> int:
            client = client_for(user)
            if body is None:
                return int(client.get(path).status_code)
            return int(client.post(path, body, content_type="application/json").status_code)

        if call(None) != 401:
            failures.append(f"{operation} anonymous: expected 401")
        checked += 1
        for role in ROLES:
            status = call(world["users"][role])
            if status != by_role[role]:
                failures.append(f"{operation} {role}: expected {by_role[role]}, got {status}")
            checked += 1
    print(
        f"\naccess matrix: {len(EXPECTED)} pages + {len(API_EXPECTED)} API operations × {len(ROLES) + 1} users = {checked} checks"
    )
    assert not failures, "\n".join(failures)
