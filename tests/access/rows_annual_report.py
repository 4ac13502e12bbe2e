"""The access matrix's rows for 事業報告書 (kasane.annual_report): the prefecture's support staff only."""

from __future__ import annotations

from kasane.lib.dates import fiscal_year, today
from tests.access.outcomes import LOGIN, Rows, support_staff

EXPECTED: Rows = {
    "annual_report:index": (lambda w: "/report/", LOGIN, support_staff()),
    "annual_report:download": (
        lambda w: f"/report/{fiscal_year(today())}/report.pdf",
        LOGIN,
        support_staff(),
    ),
    "annual_report:review": (
        lambda w: f"/report/{fiscal_year(today())}/review/",
        LOGIN,
        support_staff(),
    ),
}
