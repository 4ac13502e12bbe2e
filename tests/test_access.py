"""Every URL pattern, for every kind of user: the expected outcome, asserted.

The list of patterns comes from the URL configuration, so a new page that is not listed here fails the
test until someone decides who may open it.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

pytestmark = pytest.mark.django_db

ANON = "anonymous"
LOGIN = "login"  # redirect to the login page
# Users from the `world` fixture: soudanin (相談員, 北部包括), coordinator (多機関協働, 社協), city (市の事業担当),
# agency_admin (機関管理者, 北部包括), prefecture (都道府県担当), viewer (閲覧のみ), other_city (another municipality).
ROLES = ["soudanin", "coordinator", "city", "agency_admin", "prefecture", "viewer", "other_city"]

# url name → (path builder, anonymous outcome, {role: status})
Build = Any


def _all(status: int) -> dict[str, int]:
    return dict.fromkeys(ROLES, status)


def _directory() -> dict[str, int]:
    return {**_all(200), "prefecture": 403}


EXPECTED: dict[str, tuple[Build, Any, dict[str, int]]] = {
    "core:home": (lambda w: "/", LOGIN, _all(200)),
    "core:healthz": (lambda w: "/healthz", 200, _all(200)),
    "accounts:login": (lambda w: "/accounts/login/", 200, _all(302)),
    "accounts:login_code": (lambda w: "/accounts/login/code/", 302, _all(302)),
    "accounts:logout": (lambda w: "/accounts/logout/", 405, _all(405)),
    "accounts:profile": (lambda w: "/accounts/me/", LOGIN, _all(200)),
    "accounts:password_change": (lambda w: "/accounts/me/password/", LOGIN, _all(200)),
    "accounts:two_factor_setup": (lambda w: "/accounts/me/two-factor/", LOGIN, _all(200)),
    "accounts:staff_list": (
        lambda w: "/accounts/staff/",
        LOGIN,
        {**_all(403), "city": 200, "agency_admin": 200, "other_city": 200},
    ),
    "accounts:staff_new": (
        lambda w: "/accounts/staff/new/",
        LOGIN,
        {**_all(403), "city": 200, "agency_admin": 200, "other_city": 200},
    ),
    "accounts:staff_detail": (
        lambda w: f"/accounts/staff/{w['users']['soudanin'].pk}/",
        LOGIN,
        {**_all(403), "city": 200, "agency_admin": 200, "other_city": 404},
    ),
    "accounts:staff_add_membership": (
        lambda w: f"/accounts/staff/{w['users']['soudanin'].pk}/memberships/",
        LOGIN,
        {**_all(403), "city": 405, "agency_admin": 405, "other_city": 405},
    ),
    "accounts:staff_remove_membership": (
        lambda w: f"/accounts/memberships/{w['users']['soudanin'].memberships.get().pk}/remove/",
        LOGIN,
        {**_all(403), "city": 405, "agency_admin": 405, "other_city": 405},
    ),
    "accounts:staff_reset_password": (
        lambda w: f"/accounts/staff/{w['users']['soudanin'].pk}/password/",
        LOGIN,
        {**_all(403), "city": 200, "agency_admin": 200, "other_city": 404},
    ),
    "accounts:staff_reset_two_factor": (
        lambda w: f"/accounts/staff/{w['users']['soudanin'].pk}/two-factor/reset/",
        LOGIN,
        {**_all(403), "city": 405, "agency_admin": 405, "other_city": 405},
    ),
    "accounts:staff_unlock": (
        lambda w: f"/accounts/staff/{w['users']['soudanin'].pk}/unlock/",
        LOGIN,
        {**_all(403), "city": 405, "agency_admin": 405, "other_city": 405},
    ),
    "accounts:roles": (lambda w: "/accounts/roles/", LOGIN, {**_all(403), "city": 200, "other_city": 200}),
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
    "audit:list": (lambda w: "/audit/", LOGIN, {**_all(403), "city": 200, "other_city": 200}),
    "audit:export_csv": (lambda w: "/audit/export.csv", LOGIN, {**_all(403), "city": 200, "other_city": 200}),
    "audit:export_xlsx": (
        lambda w: "/audit/export.xlsx",
        LOGIN,
        {**_all(403), "city": 200, "other_city": 200},
    ),
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
}


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


def test_access_matrix(client_for: Any, world: dict[str, Any]) -> None:
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
        if client_for(None).get(path).status_code != 401:
            failures.append(f"{operation} anonymous: expected 401")
        checked += 1
        for role in ROLES:
            status = client_for(world["users"][role]).get(path).status_code
            if status != by_role[role]:
                failures.append(f"{operation} {role}: expected {by_role[role]}, got {status}")
            checked += 1
    print(
        f"\naccess matrix: {len(EXPECTED)} pages + {len(API_EXPECTED)} API operations × {len(ROLES) + 1} users = {checked} checks"
    )
    assert not failures, "\n".join(failures)
