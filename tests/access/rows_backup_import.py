"""The access matrix's rows for 市町村一覧の取り込み (kasane.readiness.import_views): the prefecture's support staff
only; the upload itself is the ``readiness:import`` row in rows_readiness.py."""

from __future__ import annotations

import datetime as dt
from typing import Any

from tests.access.outcomes import LOGIN, Rows, support_staff


def _batch(w: dict[str, Any]) -> Any:
    """A pending import of the world's prefecture (made once per world)."""
    from kasane.readiness.models import ImportBatch

    prefecture = w["municipality"].prefecture
    found = ImportBatch.objects.filter(prefecture=prefecture).first()
    return found or ImportBatch.objects.create(
        prefecture=prefecture,
        filename="一覧.csv",
        uploaded_by=w["users"]["prefecture"],
        uploaded_at=dt.datetime(2026, 4, 1, 1, 0, tzinfo=dt.UTC),
    )


EXPECTED: Rows = {
    "readiness:import_history": (lambda w: "/prefecture/import/history/", LOGIN, support_staff()),
    "readiness:import_batch": (lambda w: f"/prefecture/import/{_batch(w).pk}/", LOGIN, support_staff()),
    "readiness:import_apply": (
        lambda w: f"/prefecture/import/{_batch(w).pk}/apply/",
        LOGIN,
        support_staff(405),
    ),
    "readiness:import_undo": (
        lambda w: f"/prefecture/import/{_batch(w).pk}/undo/",
        LOGIN,
        support_staff(405),
    ),
}
