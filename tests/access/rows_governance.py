"""The access matrix's rows for information governance (kasane.governance): 開示 and retention, for the
municipality's programme staff (市の事業担当) only, here or in their own municipality."""

from __future__ import annotations

import datetime as dt
from typing import Any

from tests.access.outcomes import LOGIN, Rows, everyone, post_only


def _governance() -> dict[str, int]:
    """開示 and retention: the municipality's programme staff (市の事業担当), here or in their own municipality."""
    return {**everyone(403), "city": 200, "other_city": 200}


def _disclosure_request(world: dict[str, Any]) -> Any:
    """A 開示 request about the test household's mother, registered by the city (made once per world)."""
    from kasane.governance.models import DisclosureRequest

    return DisclosureRequest.objects.get_or_create(
        municipality=world["municipality"],
        number="R8-001",
        defaults={
            "received_on": dt.date(2026, 11, 20),
            "requester_name": "髙橋 ミツ",
            "person": world["r"]["mother"],
            "registered_by_name": "市 職員",
        },
    )[0]


EXPECTED: Rows = {
    "governance:index": (lambda w: "/governance/", LOGIN, _governance()),
    "governance:requests": (lambda w: "/governance/disclosures/", LOGIN, _governance()),
    "governance:request_new": (lambda w: "/governance/disclosures/new/", LOGIN, _governance()),
    "governance:request": (
        lambda w: f"/governance/disclosures/{_disclosure_request(w).pk}/",
        LOGIN,
        {**_governance(), "other_city": 404},
    ),
    # The person of this request is already known: the search page sends staff back to the request.
    "governance:request_person": (
        lambda w: f"/governance/disclosures/{_disclosure_request(w).pk}/person/",
        LOGIN,
        {**everyone(403), "city": 302, "other_city": 404},
    ),
    "governance:request_pdf": (
        lambda w: f"/governance/disclosures/{_disclosure_request(w).pk}/report.pdf",
        LOGIN,
        post_only(),
    ),
    "governance:request_json": (
        lambda w: f"/governance/disclosures/{_disclosure_request(w).pk}/report.json",
        LOGIN,
        post_only(),
    ),
    "governance:retention": (lambda w: "/governance/retention/", LOGIN, _governance()),
    "governance:retention_policy": (lambda w: "/governance/retention/policy/", LOGIN, post_only()),
    "governance:retention_apply": (lambda w: "/governance/retention/apply/", LOGIN, post_only()),
}
