"""Access matrix entries for 市町村の体制整備状況 (merged into tests/test_access.py)."""

from __future__ import annotations

import datetime as dt
from typing import Any

ROLES = [
    "soudanin",
    "coordinator",
    "city",
    "agency_admin",
    "prefecture",
    "viewer",
    "other_city",
    "other_agency",
    "pledged",
    "unpledged",
]
LOGIN = "login"


def _all(status: int) -> dict[str, int]:
    return dict.fromkeys(ROLES, status)


def _sheet(w: dict[str, Any]) -> Any:
    """テスト市's sheet, not shared with peers (made once per world)."""
    from kasane.readiness.models import ReadinessSheet
    from kasane.readiness.services import new_sheet

    found = ReadinessSheet.objects.filter(municipality=w["municipality"]).first()
    return found or new_sheet(w["municipality"], w["users"]["city"], dt.date(2026, 6, 1))


def _own_municipality(status: int = 200) -> dict[str, int]:
    """Staff of テスト市 and the prefecture's support staff; となり町's staff get 404."""
    return {**_all(status), "other_city": 404}


EXPECTED: dict[str, tuple[Any, Any, dict[str, int]]] = {
    "readiness:index": (lambda w: "/prefecture/", LOGIN, _all(200)),
    "readiness:import": (lambda w: "/prefecture/import/", LOGIN, {**_all(403), "prefecture": 200}),
    "readiness:sheet_compare": (lambda w: "/prefecture/sheets/compare/", LOGIN, _all(200)),
    "readiness:sheet": (lambda w: f"/prefecture/sheets/{_sheet(w).pk}/", LOGIN, _own_municipality()),
    "readiness:sheet_edit": (
        lambda w: f"/prefecture/sheets/{_sheet(w).pk}/edit/",
        LOGIN,
        {**_all(404), "city": 200, "prefecture": 200},
    ),
    "readiness:sheet_submit": (lambda w: f"/prefecture/sheets/{_sheet(w).pk}/submit/", LOGIN, _all(405)),
    "readiness:municipality": (
        lambda w: f"/prefecture/municipalities/{w['municipality'].pk}/",
        LOGIN,
        _own_municipality(),
    ),
    "readiness:profile_edit": (
        lambda w: f"/prefecture/municipalities/{w['municipality'].pk}/edit/",
        LOGIN,
        {**_all(403), "prefecture": 200},
    ),
    "readiness:sheet_history": (
        lambda w: f"/prefecture/municipalities/{w['municipality'].pk}/sheets/",
        LOGIN,
        _own_municipality(),
    ),
    "readiness:sheet_new": (
        lambda w: f"/prefecture/municipalities/{w['municipality'].pk}/sheets/new/",
        LOGIN,
        _all(405),
    ),
    "readiness:rate": (
        lambda w: f"/prefecture/municipalities/{w['municipality'].pk}/rate/",
        LOGIN,
        _all(405),
    ),
    "readiness:publish": (
        lambda w: f"/prefecture/municipalities/{w['municipality'].pk}/publish/",
        LOGIN,
        _all(405),
    ),
}
