"""The access matrix's rows for the audit log and its exports (kasane.audit): the municipality's programme staff."""

from __future__ import annotations

from tests.access.outcomes import LOGIN, Rows, everyone

EXPECTED: Rows = {
    "audit:list": (lambda w: "/audit/", LOGIN, {**everyone(403), "city": 200, "other_city": 200}),
    "audit:export_csv": (
        lambda w: "/audit/export.csv",
        LOGIN,
        {**everyone(403), "city": 200, "other_city": 200},
    ),
    "audit:export_xlsx": (
        lambda w: "/audit/export.xlsx",
        LOGIN,
        {**everyone(403), "city": 200, "other_city": 200},
    ),
}
