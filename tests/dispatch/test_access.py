"""専門家派遣's rows of the access matrix (tests/access/rows_dispatch.py), checked on their own against the
matrix world: every dispatch URL is listed, and every user gets the outcome written down."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import get_resolver

from tests.access import rows_backup_hub_exports
from tests.access.matrix import url_names
from tests.access.outcomes import ANON, LOGIN, ROLES
from tests.access.rows_dispatch import EXPECTED

pytestmark = pytest.mark.django_db


def test_every_dispatch_url_is_listed() -> None:
    names = {n for n in url_names(get_resolver()) if n.startswith("dispatch:")}
    # The export's row lives with the other issue-19 exports (tests/access/rows_backup_hub_exports.py).
    assert names == set(EXPECTED) | {n for n in rows_backup_hub_exports.EXPECTED if n.startswith("dispatch:")}


def test_dispatch_access_matrix(client_for: Any, matrix_world: dict[str, Any]) -> None:
    failures = []
    for name, (build, anon_expected, by_role) in EXPECTED.items():
        path = build(matrix_world)
        response = client_for(None).get(path)
        got: Any = response.status_code
        if got == 302 and response.url.startswith("/accounts/login/") and anon_expected == LOGIN:
            got = LOGIN
        if got != anon_expected:
            failures.append(f"{name} {ANON}: expected {anon_expected}, got {got}")
        for role in ROLES:
            status = client_for(matrix_world["users"][role]).get(path).status_code
            if status != by_role[role]:
                failures.append(f"{name} {role}: expected {by_role[role]}, got {status}")
    assert not failures, "\n".join(failures)
