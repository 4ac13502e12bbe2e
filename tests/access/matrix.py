"""The access matrix: every page (by URL name) and every JSON API operation, for every kind of user, with the
outcome each gets. Each app's rows live beside this module in rows_<app>.py; test_matrix.py asserts them all
against the matrix world, and other tests walk the same pages (tests/meetings/test_compartment.py,
tests/casework/test_queries.py).
"""

from __future__ import annotations

from django.urls import URLPattern, URLResolver

from tests.access import (
    rows_accounts,
    rows_agencies,
    rows_annual_report,
    rows_api,
    rows_audit,
    rows_backup_hub_exports,
    rows_backup_import,
    rows_backup_ratings,
    rows_backup_regions,
    rows_casework,
    rows_community,
    rows_dispatch,
    rows_events,
    rows_events_roster,
    rows_events_signup,
    rows_governance,
    rows_imports,
    rows_meetings,
    rows_outreach,
    rows_participation,
    rows_programme,
    rows_programme_surveys,
    rows_questionnaires,
    rows_readiness,
    rows_resources,
    rows_staff_import,
)
from tests.access.outcomes import Build, Rows
from tests.access.rows_api import API_POST

__all__ = ["API_EXPECTED", "API_POST", "EXPECTED", "url_names"]

EXPECTED: Rows = {}
for _rows in (
    rows_accounts,
    rows_staff_import,
    rows_imports,
    rows_agencies,
    rows_casework,
    rows_meetings,
    rows_audit,
    rows_governance,
    rows_programme,
    rows_programme_surveys,
    rows_outreach,
    rows_resources,
    rows_participation,
    rows_community,
    # Backup support (後方支援)
    rows_readiness,
    rows_events,
    rows_questionnaires,
    rows_dispatch,
    rows_annual_report,
    rows_backup_import,
    rows_backup_regions,
    rows_backup_ratings,
    rows_backup_hub_exports,
    rows_events_signup,
    rows_events_roster,
):
    assert not set(_rows.EXPECTED) & set(EXPECTED), f"{_rows.__name__} repeats a row"
    EXPECTED.update(_rows.EXPECTED)

API_EXPECTED: dict[str, tuple[Build, dict[str, int]]] = {}
# rows_api.py holds the first apps' operations; later apps keep theirs beside their pages' rows.
for _api_rows in (rows_api.API_EXPECTED, rows_resources.API_EXPECTED, rows_participation.API_EXPECTED):
    assert not set(_api_rows) & set(API_EXPECTED), "an API operation's row is repeated"
    API_EXPECTED.update(_api_rows)


def url_names(resolver: URLResolver, prefix: str = "") -> set[str]:
    """Every named URL pattern under ``resolver``, as ``namespace:name``."""
    names: set[str] = set()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            namespace = f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix
            names |= url_names(pattern, namespace)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(f"{prefix}{pattern.name}")
    return names
