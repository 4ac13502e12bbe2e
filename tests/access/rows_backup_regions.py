"""The access matrix's rows for the regions page (振興局 and the like, kasane.readiness.region_views) and the
officer's home: only the prefecture's support staff keep the regions; the changes are POST only."""

from __future__ import annotations

from typing import Any

from tests.access.outcomes import LOGIN, Rows, support_staff


def _region(w: dict[str, Any]) -> Any:
    """A region of テスト市's prefecture (made once per world)."""
    from kasane.readiness.models import Region

    prefecture = w["municipality"].prefecture
    return Region.objects.get_or_create(prefecture=prefecture, name="県北地域")[0]


EXPECTED: Rows = {
    "readiness:regions": (lambda w: "/prefecture/regions/", LOGIN, support_staff()),
    "readiness:region_label": (lambda w: "/prefecture/regions/label/", LOGIN, support_staff(405)),
    "readiness:region_rename": (
        lambda w: f"/prefecture/regions/{_region(w).pk}/rename/",
        LOGIN,
        support_staff(405),
    ),
    "readiness:region_move": (
        lambda w: f"/prefecture/regions/{_region(w).pk}/move/",
        LOGIN,
        support_staff(405),
    ),
    "readiness:region_delete": (
        lambda w: f"/prefecture/regions/{_region(w).pk}/delete/",
        LOGIN,
        support_staff(405),
    ),
}
