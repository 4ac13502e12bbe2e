"""The access matrix's rows for 地域づくり (kasane.community): the matrix world's サロン kept as a place, its day of
attendance, the 社協's coordination record and today's ハブラボ (tests/conftest.py ``matrix_community``). Nothing
here is personal: every member of the municipality's staff who reads the directory reads it (not the
prefecture); only those who record it (``community.edit``: the city's programme staff and the 社協's 地域づくり担当)
open its forms. Another municipality's staff keep their own and get 404 for this one's records."""

from __future__ import annotations

from tests.access.outcomes import LOGIN, Build, Rows, directory, everyone


def _c(key: str, path: str = "") -> Build:
    prefix = {
        "place": "places",
        "gathering": "gatherings",
        "coordination": "coordination",
        "session": "sessions",
        "result": "results",
        "material": "materials",
    }[key]
    return lambda w: f"/community/{prefix}/{w['c'][key].pk}/{path}"


def _record() -> dict[str, int]:
    return {**directory(), "other_city": 404}


def _editors(other_city: int = 200) -> dict[str, int]:
    """Forms of those who record 地域づくり (community.edit); 403 for everyone else."""
    return {**everyone(403), "city": 200, "other_city": other_city}


def _post() -> dict[str, int]:
    """A POST-only action asked for by GET: refused to those who may not record (403), 405 to those who may
    (another municipality's recorder too: the method is refused before the record is looked up)."""
    return {**everyone(403), "city": 405, "other_city": 405}


EXPECTED: Rows = {
    "community:index": (lambda w: "/community/?year=2026", LOGIN, directory()),
    "community:year_export": (lambda w: "/community/year.xlsx", LOGIN, directory()),
    "community:map": (lambda w: "/community/map.pdf", LOGIN, directory()),
    "community:hsds": (lambda w: "/community/hsds.zip", LOGIN, directory()),
    "community:places": (lambda w: "/community/places/", LOGIN, directory()),
    "community:place_new": (lambda w: "/community/places/new/", LOGIN, _editors()),
    "community:place": (_c("place"), LOGIN, _record()),
    "community:place_edit": (_c("place", "edit/"), LOGIN, _editors(404)),
    "community:place_remove": (_c("place", "remove/"), LOGIN, _post()),
    "community:gathering_new": (_c("place", "gatherings/new/"), LOGIN, _editors(404)),
    "community:gathering_edit": (_c("gathering", "edit/"), LOGIN, _editors(404)),
    "community:gathering_delete": (_c("gathering", "delete/"), LOGIN, _post()),
    "community:coordinations": (lambda w: "/community/coordination/", LOGIN, directory()),
    "community:coordination_new": (lambda w: "/community/coordination/new/", LOGIN, _editors()),
    "community:coordination": (_c("coordination"), LOGIN, _record()),
    "community:coordination_edit": (_c("coordination", "edit/"), LOGIN, _editors(404)),
    "community:coordination_delete": (_c("coordination", "delete/"), LOGIN, _post()),
    "community:sessions": (lambda w: "/community/sessions/", LOGIN, directory()),
    "community:session_new": (lambda w: "/community/sessions/new/", LOGIN, _editors()),
    "community:session": (_c("session"), LOGIN, _record()),
    "community:session_edit": (_c("session", "edit/"), LOGIN, _editors(404)),
    "community:session_delete": (_c("session", "delete/"), LOGIN, _post()),
    "community:organisations": (_c("session", "organisations/"), LOGIN, _editors(404)),
    "community:result_new": (_c("session", "results/new/"), LOGIN, _post()),
    "community:result_delete": (_c("result", "delete/"), LOGIN, _post()),
    "community:material_new": (_c("session", "materials/new/"), LOGIN, _editors(404)),
    "community:material": (_c("material"), LOGIN, _record()),
    "community:material_delete": (_c("material", "delete/"), LOGIN, _post()),
    "community:questionnaire_create": (_c("session", "questionnaire/"), LOGIN, _post()),
    "community:questionnaire_status": (_c("session", "questionnaire/status/"), LOGIN, _post()),
    "community:questionnaire_handout": (_c("session", "questionnaire/handout/"), LOGIN, _record()),
    "community:questionnaire_results": (_c("session", "questionnaire/results/"), LOGIN, _record()),
}
