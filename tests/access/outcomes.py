"""The users of the access matrix, and the outcomes that more than one app's rows share.

A row: url name → (path builder, anonymous outcome, {role: status}). The path builder takes the matrix world
(the ``matrix_world`` fixture of tests/conftest.py) and returns the URL to ask for; the anonymous outcome is a
status code, or LOGIN for a redirect to the login page.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

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

Build = Callable[[dict[str, Any]], str]
Rows = dict[str, tuple[Build, Any, dict[str, int]]]


def everyone(status: int) -> dict[str, int]:
    return dict.fromkeys(ROLES, status)


def directory() -> dict[str, int]:
    """The municipality's directory of agencies: every member of its staff, not the prefecture."""
    return {**everyone(200), "prefecture": 403}


def casework(status: int = 200) -> dict[str, int]:
    """Pages of case work that hold no one record: every role that sees personal data may open them."""
    return {**everyone(status), "agency_admin": 403, "prefecture": 403, "viewer": 403}


def record(**allowed: int) -> dict[str, int]:
    """One person's record: 404 to every viewer without a basis, 403 to roles without personal data."""
    return {**casework(404), **allowed}


def post_only() -> dict[str, int]:
    return everyone(405)


def support_staff(status: int = 200) -> dict[str, int]:
    """Backup support's own pages: the prefecture's support staff (都道府県担当 and the contractor) only;
    every other member of staff is refused (403)."""
    return {**everyone(403), "prefecture": status}
