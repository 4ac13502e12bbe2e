"""The access matrix's rows for 事業の実施状況 (kasane.programme): counts for those who run the programme — the
city's programme staff (here, or in their own municipality) and an agency's manager; front-line and outside
roles are refused."""

from __future__ import annotations

from tests.access.outcomes import LOGIN, Rows, everyone

EXPECTED: Rows = {
    "programme:overview": (
        lambda w: "/programme/",
        LOGIN,
        {**everyone(403), "city": 200, "other_city": 200, "agency_admin": 200},
    ),
    "programme:national": (
        lambda w: "/programme/national/",
        LOGIN,
        {**everyone(403), "city": 200, "other_city": 200, "agency_admin": 200},
    ),
}
