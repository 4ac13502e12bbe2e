"""Access matrix entries for 事業報告書 (merged into tests/test_access.py): the prefecture's support staff only."""

from __future__ import annotations

from typing import Any

from kasane.lib.dates import fiscal_year, today
from tests.access_readiness import LOGIN, _all

EXPECTED: dict[str, tuple[Any, Any, dict[str, int]]] = {
    "annual_report:index": (lambda w: "/report/", LOGIN, {**_all(403), "prefecture": 200}),
    "annual_report:download": (
        lambda w: f"/report/{fiscal_year(today())}/report.pdf",
        LOGIN,
        {**_all(403), "prefecture": 200},
    ),
}
