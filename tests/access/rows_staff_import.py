"""The access matrix's rows for 機関・職員の取り込み (kasane.staff.import_views): the municipal administrator's
alone (``staff.manage_all``); another municipality's administrator reaches their own upload page but never this
municipality's imports (404)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from tests.access.outcomes import LOGIN, Rows, everyone


def _batch(w: dict[str, Any]) -> Any:
    """A pending import of the world's municipality (made once per world)."""
    from kasane.staff.models import StaffImport

    found = StaffImport.objects.filter(municipality=w["municipality"]).first()
    return found or StaffImport.objects.create(
        municipality=w["municipality"],
        filename="機関・職員一覧.xlsx",
        uploaded_by=w["users"]["city"],
        uploaded_at=dt.datetime(2026, 4, 1, 1, 0, tzinfo=dt.UTC),
    )


EXPECTED: Rows = {
    "staff:import": (
        lambda w: "/accounts/staff/import/",
        LOGIN,
        {**everyone(403), "city": 200, "other_city": 200},
    ),
    "staff:import_template": (
        lambda w: "/accounts/staff/import/template.xlsx",
        LOGIN,
        {**everyone(403), "city": 200, "other_city": 200},
    ),
    "staff:import_batch": (
        lambda w: f"/accounts/staff/import/{_batch(w).pk}/",
        LOGIN,
        {**everyone(403), "city": 200, "other_city": 404},
    ),
    "staff:import_apply": (
        lambda w: f"/accounts/staff/import/{_batch(w).pk}/apply/",
        LOGIN,
        {**everyone(403), "city": 405, "other_city": 405},
    ),
    "staff:import_undo": (
        lambda w: f"/accounts/staff/import/{_batch(w).pk}/undo/",
        LOGIN,
        {**everyone(403), "city": 405, "other_city": 405},
    ),
}
