"""The access matrix's rows for 記録の取り込み (kasane.imports): staff who record cases (``case.edit``) in the
municipality; a pending upload holds the file's rows and is its uploader's alone, so everyone else, colleagues
included, gets 404 for it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from tests.access.outcomes import LOGIN, Rows, everyone


def _batch(w: dict[str, Any]) -> Any:
    """A pending import by the world's 相談員 (made once per world)."""
    from kasane.imports.models import RecordImport

    found = RecordImport.objects.filter(municipality=w["municipality"]).first()
    return found or RecordImport.objects.create(
        municipality=w["municipality"],
        owner_agency=w["agencies"]["houkatsu_north"],
        filename="一覧.csv",
        table=[["氏名"], ["佐藤 一"]],
        headings=["氏名"],
        mapping={"0": "name"},
        uploaded_by=w["users"]["soudanin"],
        uploaded_at=dt.datetime(2026, 4, 1, 1, 0, tzinfo=dt.UTC),
    )


EDITORS = dict.fromkeys(
    ["soudanin", "coordinator", "city", "other_city", "other_agency", "pledged", "unpledged"], 200
)

EXPECTED: Rows = {
    "imports:upload": (lambda w: "/imports/", LOGIN, {**everyone(403), **EDITORS}),
    "imports:mapping": (
        lambda w: f"/imports/{_batch(w).pk}/mapping/",
        LOGIN,
        {**everyone(403), **{k: 404 for k in EDITORS}, "soudanin": 200},
    ),
    "imports:batch": (
        lambda w: f"/imports/{_batch(w).pk}/",
        LOGIN,
        {**everyone(403), **{k: 404 for k in EDITORS}, "soudanin": 302},
    ),
    "imports:apply": (
        lambda w: f"/imports/{_batch(w).pk}/apply/",
        LOGIN,
        everyone(405),
    ),
    "imports:undo": (
        lambda w: f"/imports/{_batch(w).pk}/undo/",
        LOGIN,
        everyone(405),
    ),
}
