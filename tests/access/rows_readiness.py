"""The access matrix's rows for 市町村の体制整備状況 (kasane.readiness)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from tests.access.outcomes import LOGIN, Rows, everyone, support_staff


def _sheet(w: dict[str, Any]) -> Any:
    """テスト市's sheet, not shared with peers (made once per world)."""
    from kasane.readiness.models import ReadinessSheet
    from kasane.readiness.services import new_sheet

    found = ReadinessSheet.objects.filter(municipality=w["municipality"]).first()
    return found or new_sheet(w["municipality"], w["users"]["city"], dt.date(2026, 6, 1))


def _own_municipality(status: int = 200) -> dict[str, int]:
    """Staff of テスト市 and the prefecture's support staff; となり町's staff get 404."""
    return {**everyone(status), "other_city": 404}


EXPECTED: Rows = {
    "readiness:index": (lambda w: "/prefecture/", LOGIN, everyone(200)),
    "readiness:import": (lambda w: "/prefecture/import/", LOGIN, support_staff()),
    "readiness:sheet_compare": (lambda w: "/prefecture/sheets/compare/", LOGIN, everyone(200)),
    "readiness:sheet": (lambda w: f"/prefecture/sheets/{_sheet(w).pk}/", LOGIN, _own_municipality()),
    "readiness:sheet_edit": (
        lambda w: f"/prefecture/sheets/{_sheet(w).pk}/edit/",
        LOGIN,
        {**everyone(404), "city": 200, "prefecture": 200},
    ),
    "readiness:sheet_submit": (lambda w: f"/prefecture/sheets/{_sheet(w).pk}/submit/", LOGIN, everyone(405)),
    "readiness:municipality": (
        lambda w: f"/prefecture/municipalities/{w['municipality'].pk}/",
        LOGIN,
        _own_municipality(),
    ),
    "readiness:profile_edit": (
        lambda w: f"/prefecture/municipalities/{w['municipality'].pk}/edit/",
        LOGIN,
        support_staff(),
    ),
    "readiness:sheet_history": (
        lambda w: f"/prefecture/municipalities/{w['municipality'].pk}/sheets/",
        LOGIN,
        _own_municipality(),
    ),
    "readiness:sheet_new": (
        lambda w: f"/prefecture/municipalities/{w['municipality'].pk}/sheets/new/",
        LOGIN,
        everyone(405),
    ),
    "readiness:rate": (
        lambda w: f"/prefecture/municipalities/{w['municipality'].pk}/rate/",
        LOGIN,
        everyone(405),
    ),
    "readiness:publish": (
        lambda w: f"/prefecture/municipalities/{w['municipality'].pk}/publish/",
        LOGIN,
        everyone(405),
    ),
}
