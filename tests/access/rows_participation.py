"""The access matrix's rows for 参加支援 (kasane.participation) and its API: the 社協's engagement for the 8050
household's son, from the case it runs (tests/conftest.py ``matrix_participation``).

The engagement is the 社協's own (the coordinator). 北部包括 recorded the household and sits on the case's team
while the case's consent stands, so its 相談員 (soudanin) reads the engagement, its placement and the candidates
on the basis of the team (participation/visibility.py), but only the 社協 records: the assessment form is the
owner's alone. Every other viewer has no basis (404); roles that see no personal data are refused (403), the
prefecture too. 資源開拓 holds no personal data and is read like the register, by every member of the
municipality's staff."""

from __future__ import annotations

from tests.access.outcomes import LOGIN, Build, Rows, casework, directory, post_only, record


def _engagement(path: str = "") -> Build:
    return lambda w: f"/participation/{w['p']['engagement'].pk}/{path}"


def _placement(path: str = "") -> Build:
    return lambda w: f"/participation/placements/{w['p']['placement'].pk}/{path}"


def _development(path: str = "") -> Build:
    return lambda w: f"/participation/developments/{w['p']['development'].pk}/{path}"


# The engagement's owner and the case team read it.
READERS = record(soudanin=200, coordinator=200)

EXPECTED: Rows = {
    "participation:index": (lambda w: "/participation/?list=all", LOGIN, casework()),
    "participation:start": (lambda w: "/participation/new/", LOGIN, casework()),
    "participation:detail": (_engagement(), LOGIN, READERS),
    "participation:assess": (_engagement("assessment/"), LOGIN, record(coordinator=200)),
    "participation:match": (_engagement("match/"), LOGIN, READERS),
    "participation:urgent": (_engagement("urgent/"), LOGIN, post_only()),
    "participation:link_case": (_engagement("case/"), LOGIN, post_only()),
    "participation:review": (_engagement("review/"), LOGIN, post_only()),
    "participation:end": (_engagement("end/"), LOGIN, post_only()),
    "participation:placement": (_placement(), LOGIN, READERS),
    "participation:stage": (_placement("stage/"), LOGIN, post_only()),
    "participation:host": (_placement("host/"), LOGIN, post_only()),
    "participation:consent": (_placement("consent/"), LOGIN, post_only()),
    "participation:withdraw": (
        lambda w: (
            f"/participation/placements/{w['p']['placement'].pk}/consent/{w['p']['consent'].pk}/withdraw/"
        ),
        LOGIN,
        post_only(),
    ),
    "participation:sheet": (_placement("sheet.pdf"), LOGIN, post_only()),
    "participation:host_note": (_placement("notes/"), LOGIN, post_only()),
    "participation:follow_up": (_placement("follow-up/"), LOGIN, post_only()),
    "participation:developments": (lambda w: "/participation/developments/", LOGIN, directory()),
    "participation:development": (_development(), LOGIN, {**directory(), "other_city": 404}),
    "participation:approach": (_development("approach/"), LOGIN, post_only()),
    "participation:close": (_development("close/"), LOGIN, post_only()),
}

# The API: anonymous calls get 401 (tests/access/rows_api.py); operation → (path builder, {role: status}).
API_EXPECTED: dict[str, tuple[Build, dict[str, int]]] = {
    "/api/v1/participation/placements": (lambda w: "/api/v1/participation/placements", casework()),
    "/api/v1/participation/engagements/{engagement_id}": (
        lambda w: f"/api/v1/participation/engagements/{w['p']['engagement'].pk}",
        READERS,
    ),
}
