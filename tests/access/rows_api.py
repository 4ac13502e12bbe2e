"""The access matrix's rows for the JSON API (kasane.api): every OpenAPI operation, for every kind of user.
Anonymous calls get 401; operation → (path builder, {role: status}). An operation is named by its path when it
is a GET, by its method and path otherwise ("POST /api/v1/…"), since one path may take both."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from kasane.lib.dates import today
from tests import factories
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
    # The journey's writes (kasane.api.journey, journey_cases). The matrix calls them one role after another on
    # one world, so a body either creates anew each time or asks for a step the records' state refuses (409):
    # the status still tells who got past the access check.
    "POST /api/v1/households": (lambda w: "/api/v1/households", casework(201)),
    "POST /api/v1/households/{household_id}/members": (
        lambda w: f"/api/v1/households/{w['r']['household'].pk}/members",
        # The household is 北部包括's: the hub sees it through the case, but only its owner adds to it.
        record(soudanin=201, coordinator=403),
    ),
    "POST /api/v1/consultations": (lambda w: "/api/v1/consultations", record(soudanin=201, coordinator=201)),
    "POST /api/v1/persons/{person_id}/consents": (
        lambda w: f"/api/v1/persons/{w['r']['mother'].pk}/consents",
        record(soudanin=201, coordinator=201),
    ),
    "POST /api/v1/consents/{consent_id}/withdrawal": (
        # A consent of its own, so that withdrawing it leaves the household's records as they are.
        lambda w: f"/api/v1/consents/{withdrawable(w).pk}/withdrawal",
        record(soudanin=200),
    ),
    # Only the agency that took the consultation refers it.
    "POST /api/v1/referrals": (lambda w: "/api/v1/referrals", record(soudanin=201)),
    # Already accepted: accepting again is refused for its state, to the receiver and the sender alike.
    "POST /api/v1/referrals/{referral_id}/transitions": (
        lambda w: f"/api/v1/referrals/{w['r']['referral'].pk}/transitions",
        record(soudanin=409, coordinator=409),
    ),
    # Only the 多機関協働事業者 opens a case (403 to every other agency, before any record is read); the
    # household already has its open case.
    "POST /api/v1/cases": (
        lambda w: "/api/v1/cases",
        {**casework(403), "coordinator": 409},
    ),
    # The case is 支援中: the hub's staff write to it (a step its state refuses is a 409), its team reads only.
    "POST /api/v1/cases/{case_id}/transitions": (
        lambda w: f"/api/v1/cases/{w['r']['case'].pk}/transitions",
        record(soudanin=403, coordinator=409),
    ),
    "POST /api/v1/cases/{case_id}/assessments": (
        lambda w: f"/api/v1/cases/{w['r']['case'].pk}/assessments",
        record(soudanin=403, coordinator=201),
    ),
    "POST /api/v1/cases/{case_id}/plans": (
        lambda w: f"/api/v1/cases/{w['r']['case'].pk}/plans",
        record(soudanin=403, coordinator=409),
    ),
    "PUT /api/v1/plans/{plan_id}": (
        lambda w: f"/api/v1/plans/{w['r']['plan'].pk}",
        record(soudanin=403, coordinator=409),
    ),
    "POST /api/v1/cases/{case_id}/evaluations": (
        lambda w: f"/api/v1/cases/{w['r']['case'].pk}/evaluations",
        record(soudanin=403, coordinator=201),
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


def withdrawable(world: dict[str, Any]) -> Any:
    return factories.consent(world["r"]["mother"], world["agencies"]["houkatsu_north"], collaboration=False)


def yesterday_morning() -> str:
    return f"{today() - dt.timedelta(days=1)}T10:00:00+09:00"


def plan_body(world: dict[str, Any]) -> dict[str, Any]:
    return {
        "long_term_goal": "安心して暮らしたい",
        "short_term_goals": "月に1回、誰かと話す",
        "roles": [{"agency_id": world["agencies"]["shakyo"].pk, "actions": "訪問"}],
    }


# Operations called with POST (or PUT) in the matrix, and the body they send.
# A body, or a function of the matrix world that builds one.
API_POST: dict[str, dict[str, Any] | Callable[[dict[str, Any]], dict[str, Any]]] = {
    # Said to be another person than any look-alike, so that each role's call creates its own.
    "POST /api/v1/households": {
        "person": {"name": "新規 太郎", "kana": "しんき たろう"},
        "confirmed_new": True,
    },
    "POST /api/v1/households/{household_id}/members": {
        "name": "髙橋 二郎",
        "kana": "たかはし じろう",
        "relationship": "second_son",
    },
    "POST /api/v1/consultations": lambda w: {
        "person_id": w["r"]["mother"].pk,
        "received_at": yesterday_morning(),
        "topics": ["care"],
        "complaint": "母の介護について相談したい。",
    },
    "POST /api/v1/persons/{person_id}/consents": lambda w: {
        "covers_collaboration": True,
        "obtained_on": today().isoformat(),
    },
    "POST /api/v1/consents/{consent_id}/withdrawal": lambda w: {
        "withdrawn_on": today().isoformat(),
        "withdrawal_note": "本人から電話で撤回の申出があった。",
    },
    "POST /api/v1/referrals": lambda w: {
        "consultation_id": w["r"]["consultation"].pk,
        "to_agency_id": w["agencies"]["shakyo"].pk,
        "shared_fields": ["name"],
        "basis": "law_other",
        "basis_note": "高齢者虐待防止法",
        "message": "状況の確認をお願いします。",
    },
    "POST /api/v1/referrals/{referral_id}/transitions": {"action": "accept"},
    "POST /api/v1/cases": lambda w: {
        "referral_id": w["r"]["referral"].pk,
        "title": "8050・長期ひきこもり",
        "opened_on": today().isoformat(),
    },
    "POST /api/v1/cases/{case_id}/transitions": {"action": "start_assessment"},
    "POST /api/v1/cases/{case_id}/assessments": lambda w: {
        "assessed_on": today().isoformat(),
        "household_situation": "母と長男の二人暮らし。",
    },
    "POST /api/v1/cases/{case_id}/plans": plan_body,
    "PUT /api/v1/plans/{plan_id}": lambda w: {**plan_body(w), "lock_version": w["r"]["plan"].lock_version},
    # The plan being carried out has one 短期目標.
    "POST /api/v1/cases/{case_id}/evaluations": lambda w: {
        "evaluated_on": today().isoformat(),
        "reasons": "外出の機会が増えた",
        "direction": "replan",
        "goals": [{"result": "met"}],
    },
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
