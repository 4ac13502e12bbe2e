"""The access matrix's rows for the register of 社会資源 (kasane.resources) and its API: the farm the matrix
world's 参加支援 places the son at (tests/conftest.py ``matrix_participation``). The register holds no personal
data: every member of the municipality's staff who reads the directory reads it (not the prefecture); only those
who may keep it (``resource.edit``: the 多機関協働 coordinator and the city's programme staff) open its forms and
the import. Another municipality's staff keep their own register and get 404 for this one's records."""

from __future__ import annotations

from tests.access.outcomes import LOGIN, Build, Rows, directory, everyone


def _service(path: str = "") -> Build:
    return lambda w: f"/resources/{w['p']['service'].pk}/{path}"


def _keepers(other_city: int = 200) -> dict[str, int]:
    """Pages of those who keep the register (resource.edit); 403 for everyone else."""
    return {**everyone(403), "coordinator": 200, "city": 200, "other_city": other_city}


EXPECTED: Rows = {
    "resources:index": (lambda w: "/resources/?q=みどり&weekday=TU&at=10:00", LOGIN, directory()),
    "resources:print": (lambda w: "/resources/list.pdf?category=farm", LOGIN, directory()),
    "resources:detail": (_service(), LOGIN, {**directory(), "other_city": 404}),
    "resources:new": (lambda w: "/resources/new/", LOGIN, _keepers()),
    "resources:edit": (_service("edit/"), LOGIN, _keepers(other_city=404)),
    "resources:export": (lambda w: "/resources/export/json/", LOGIN, directory()),
    "resources:import": (lambda w: "/resources/import/", LOGIN, _keepers()),
    "resources:template": (lambda w: "/resources/import/template.xlsx", LOGIN, _keepers()),
}

# The API: anonymous calls get 401 (tests/access/rows_api.py); operation → (path builder, {role: status}).
API_EXPECTED: dict[str, tuple[Build, dict[str, int]]] = {
    "/api/v1/resources/services": (lambda w: "/api/v1/resources/services?q=みどり", directory()),
    "/api/v1/resources/services/{service_id}": (
        lambda w: f"/api/v1/resources/services/{w['p']['service'].pk}",
        {**directory(), "other_city": 404},
    ),
    "/api/v1/resources/hsds": (lambda w: "/api/v1/resources/hsds", directory()),
}
