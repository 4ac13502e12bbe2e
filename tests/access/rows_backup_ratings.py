"""The access matrix's rows for backup_ratings: the five items rated at once, the 年度 table of municipalities ×
items with its export, and a municipality's trend (kasane.readiness.rating_views)."""

from __future__ import annotations

from tests.access.outcomes import LOGIN, Rows, everyone, support_staff

EXPECTED: Rows = {
    # Who may rate: as the single-item form (readiness:rate) and the sheet's edit page, the prefecture's
    # support staff and テスト市's own programme staff; every other member of staff, 404.
    "readiness:rate_all": (
        lambda w: f"/prefecture/municipalities/{w['municipality'].pk}/rate-all/",
        LOGIN,
        {**everyone(404), "city": 200, "prefecture": 200},
    ),
    # The prefecture's table of every municipality's ratings, and its export: support staff only, as the
    # ratings columns of readiness:index.
    "readiness:ratings": (lambda w: "/prefecture/ratings/", LOGIN, support_staff()),
    "readiness:ratings_export": (lambda w: "/prefecture/ratings/export/xlsx/", LOGIN, support_staff()),
    # The trend: whoever may open the municipality's page (and so its ratings): テスト市's staff and support
    # staff; となり町's staff, 404.
    "readiness:trend": (
        lambda w: f"/prefecture/municipalities/{w['municipality'].pk}/trend/",
        LOGIN,
        {**everyone(200), "other_city": 404},
    ),
}
