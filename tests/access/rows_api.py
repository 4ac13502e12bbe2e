"""The access matrix's rows for the JSON API (kasane.api): every OpenAPI operation, for every kind of user.
Anonymous calls get 401; operation → (path builder, {role: status})."""

from __future__ import annotations

from typing import Any

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
    "/api/v1/cases/{case_id}/notes": (
        lambda w: f"/api/v1/cases/{w['r']['case'].pk}/notes",
        record(soudanin=201, coordinator=201),
    ),
}
# Operations called with POST in the matrix, and the body they send.
API_POST: dict[str, dict[str, Any]] = {
    "/api/v1/cases/{case_id}/notes": {"kind": "phone", "on": "2026-11-22", "text": "電話で近況を確認した。"},
}
