"""The access matrix's rows for the directory of agencies, 相談先ナビ and the brochure (kasane.agencies)."""

from __future__ import annotations

from tests.access.outcomes import LOGIN, Rows, directory, everyone

EXPECTED: Rows = {
    "agencies:list": (lambda w: "/agencies/", LOGIN, directory()),
    "agencies:new": (lambda w: "/agencies/new/", LOGIN, {**everyone(403), "city": 200, "other_city": 200}),
    "agencies:navi": (lambda w: "/agencies/navi/", LOGIN, directory()),
    "agencies:brochure": (lambda w: "/agencies/brochure.pdf", LOGIN, directory()),
    "agencies:detail": (
        lambda w: f"/agencies/{w['agencies']['shakyo'].pk}/",
        LOGIN,
        {**directory(), "other_city": 404},
    ),
    "agencies:edit": (
        lambda w: f"/agencies/{w['agencies']['houkatsu_north'].pk}/edit/",
        LOGIN,
        {**everyone(403), "city": 200, "agency_admin": 200, "other_city": 404},
    ),
}
