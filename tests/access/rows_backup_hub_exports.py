"""The access matrix's rows for backup_hub_exports: the export of the dispatches (support staff only).
The hub's own row is in rows_dispatch.py; a municipality asking for another's need (404) is tested in
tests/dispatch/test_hub.py."""

from __future__ import annotations

from tests.access.outcomes import LOGIN, Rows, support_staff

EXPECTED: Rows = {
    "dispatch:export": (lambda w: "/dispatch/export.csv?year=2026", LOGIN, support_staff()),
}
