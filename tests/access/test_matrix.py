"""Every URL pattern, for every kind of user: the expected outcome, asserted.

The list of patterns comes from the URL configuration, so a new page that is not listed in the matrix fails the
test until someone decides who may open it: add its row to tests/access/rows_<app>.py.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import get_resolver

from tests.access.matrix import API_EXPECTED, API_POST, EXPECTED, url_names
from tests.access.outcomes import ANON, LOGIN, ROLES

pytestmark = pytest.mark.django_db


def test_every_url_is_in_the_matrix() -> None:
    page_names = {n for n in url_names(get_resolver()) if not n.startswith("api:")}
    assert page_names == set(EXPECTED), (
        "a URL was added or removed: decide who may open it in tests/access/rows_<app>.py"
    )


def test_every_api_operation_is_in_the_matrix(client: Any) -> None:
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    operations = {
        path if method == "get" else f"{method.upper()} {path}"
        for path, methods in paths.items()
        for method in methods
    }
    assert operations == set(API_EXPECTED)
    assert all(operation.startswith(("POST ", "PUT ")) for operation in API_POST)


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
        if callable(body):
            body = body(world)

        def call(user: Any, path: str = path, body: Any = body, method: str = operation.split(" ")[0]) -> int:
            client = client_for(user)
            if body is None:
                return int(client.get(path).status_code)
            send = client.put if method == "PUT" else client.post
            return int(send(path, body, content_type="application/json").status_code)

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
