"""The access matrix's rows for the JSON API (kasane.api): every OpenAPI operation, for every kind of user.
Anonymous calls get 401; operation → (path builder, {role: status}). An operation is named by its path when it
is a GET, by its method and path otherwise ("POST /api/v1/…"), since one path may take both."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from kasane.lib.dates import today
from tests.access.outcomes import Build, casework, directory, record

API_EXPECTED: dict[str, tuple[Build, dict[str, int]]] = {
    "/api/v1/agencies": (lambda w: "/api/v1/agencies", directory()),
    "/api/v1/agencies/{agency_id}": (
        lambda w: f"/api/v1/agencies/{w['agencies']['shakyo'].pk}",
        {**directory(), "other_city": 404},
    ),
    "/api/v1/topics": (lambda w: "/api/v1/topics", directory()),
    "/api/v1/areas": (lambda w: "/api/v1/areas", directory()),
    "/api/v1/navi": (lambda w: "/api/v1/navi", directory()),
    "/api/v1/persons": (lambda w: "/api/v1/persons?name=高橋", casework()),
    "/api/v1/persons/{person_id}": (
        lambda w: f"/api/v1/persons/{w['r']['mother'].pk}",
        record(soudanin=200, coordinator=200),
    ),
    "/api/v1/households/{household_id}": (
        lambda w: f"/api/v1/households/{w['r']['household'].pk}",
        record(soudanin=200, coordinator=200),
    ),
    "/api/v1/consultations/{consultation_id}": (
        lambda w: f"/api/v1/consultations/{w['r']['consultation'].pk}",
        record(soudanin=200, coordinator=200),
    ),
    "/api/v1/referrals": (lambda w: "/api/v1/referrals", casework()),
    "/api/v1/referrals/{referral_id}": (
        lambda w: f"/api/v1/referrals/{w['r']['referral'].pk}",
        record(soudanin=200, coordinator=200),
    ),
    "/api/v1/cases": (lambda w: "/api/v1/cases", casework()),
    "/api/v1/cases/{case_id}": (
        lambda w: f"/api/v1/cases/{w['r']['case'].pk}",
        record(soudanin=200, coordinator=200),
    ),
    "POST /api/v1/cases/{case_id}/notes": (
        lambda w: f"/api/v1/cases/{w['r']['case'].pk}/notes",
        record(soudanin=201, coordinator=201),
    ),
    # アウトリーチ: the 社協's target (the coordinator's agency); nobody else has a basis on it.
    "/api/v1/outreach/targets": (lambda w: "/api/v1/outreach/targets", casework()),
    "/api/v1/outreach/targets/{target_id}": (
        lambda w: f"/api/v1/outreach/targets/{w['o']['target'].pk}",
        record(coordinator=200),
    ),
    "/api/v1/outreach/targets/{target_id}/contacts": (
        lambda w: f"/api/v1/outreach/targets/{w['o']['target'].pk}/contacts",
        record(coordinator=200),
    ),
    "POST /api/v1/outreach/targets/{target_id}/contacts": (
        lambda w: f"/api/v1/outreach/targets/{w['o']['target'].pk}/contacts",
        record(coordinator=201),
    ),
}
# Operations called with POST in the matrix, and the body they send.
# A body, or a function of the matrix world that builds one.
API_POST: dict[str, dict[str, Any] | Callable[[dict[str, Any]], dict[str, Any]]] = {
    "POST /api/v1/cases/{case_id}/notes": {
        "kind": "phone",
        "on": "2026-11-22",
        "text": "電話で近況を確認した。",
    },
    # Today: never in the future, and never before the target's 把握日 (it was raised today).
    "POST /api/v1/outreach/targets/{target_id}/contacts": lambda w: {
        "on": today().isoformat(),
        "outcome": "away",
    },
}
