"""The access matrix's rows for case work (kasane.casework): people and households, consents, consultations,
referrals and cases, with their sheets. The records are the 8050 household of tests/factories.py ``journey``."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from kasane.casework.models import Merge
from tests import factories
from tests.access.outcomes import LOGIN, Rows, casework, post_only, record


def _merge(w: dict[str, Any]) -> Any:
    """A record merged (名寄せ) into the 8050 household's mother by 北部包括: a person of its own household
    who points at her, and the merge that says so."""

    mother = w["r"]["mother"]
    found = Merge.objects.filter(survivor=mother).first()
    if found is not None:
        return found
    merged = factories.person(
        w["agencies"]["houkatsu_north"], "高橋 ミツ", "たかはし みつ", merged_into=mother
    )
    return Merge.objects.create(
        municipality=w["municipality"],
        merged=merged,
        survivor=mother,
        probability=0.99,
        evidence={"name": "一致（異体字・表記の違い）"},
        note="本人に確認",
        merged_by=w["users"]["soudanin"],
        merged_at=timezone.now(),
    )


def _pair(action: str = "") -> Any:
    """The mother and her son: a pair whose two persons 北部包括 and the hub both see."""
    return lambda w: f"/people/duplicates/{w['r']['mother'].pk}-{w['r']['son'].pk}/{action}"


EXPECTED: Rows = {
    "households:search": (lambda w: "/people/", LOGIN, casework()),
    "households:person_new": (lambda w: "/people/new/", LOGIN, casework()),
    "households:person": (
        lambda w: f"/people/{w['r']['mother'].pk}/",
        LOGIN,
        record(soudanin=200, coordinator=200),
    ),
    "households:person_edit": (
        lambda w: f"/people/{w['r']['mother'].pk}/edit/",
        LOGIN,
        record(soudanin=200, coordinator=403),
    ),
    "duplicates:list": (lambda w: "/people/duplicates/", LOGIN, casework()),
    "duplicates:pair": (_pair(), LOGIN, record(soudanin=200, coordinator=200)),
    "duplicates:merge_pair": (_pair("merge/"), LOGIN, post_only()),
    "duplicates:different": (_pair("different/"), LOGIN, post_only()),
    "duplicates:same_again": (_pair("same-again/"), LOGIN, post_only()),
    "duplicates:merge": (
        lambda w: f"/people/merges/{_merge(w).pk}/",
        LOGIN,
        record(soudanin=200, coordinator=200),
    ),
    "duplicates:undo": (lambda w: f"/people/merges/{_merge(w).pk}/undo/", LOGIN, post_only()),
    "households:household": (
        lambda w: f"/households/{w['r']['household'].pk}/",
        LOGIN,
        record(soudanin=200, coordinator=200),
    ),
    "households:member_new": (
        lambda w: f"/households/{w['r']['household'].pk}/members/new/",
        LOGIN,
        record(soudanin=200, coordinator=403),
    ),
    "consents:new": (
        lambda w: f"/people/{w['r']['mother'].pk}/consents/new/",
        LOGIN,
        record(soudanin=200, coordinator=200),
    ),
    "consents:withdraw": (
        lambda w: f"/consents/{w['r']['consent'].pk}/withdraw/",
        LOGIN,
        record(soudanin=200),
    ),
    "consents:document": (lambda w: f"/consents/{w['r']['consent'].pk}/document/", LOGIN, record()),
    "consultations:list": (lambda w: "/consultations/", LOGIN, casework()),
    "consultations:new": (lambda w: "/consultations/new/", LOGIN, casework()),
    "consultations:detail": (
        lambda w: f"/consultations/{w['r']['consultation'].pk}/",
        LOGIN,
        record(soudanin=200, coordinator=200),
    ),
    "consultations:progress_pdf": (
        lambda w: f"/consultations/{w['r']['consultation'].pk}/progress.pdf",
        LOGIN,
        record(soudanin=200, coordinator=200),
    ),
    "consultations:note_new": (
        lambda w: f"/consultations/{w['r']['consultation'].pk}/notes/",
        LOGIN,
        post_only(),
    ),
    "consultations:close": (
        lambda w: f"/consultations/{w['r']['consultation'].pk}/close/",
        LOGIN,
        post_only(),
    ),
    "consultations:reopen": (
        lambda w: f"/consultations/{w['r']['consultation'].pk}/reopen/",
        LOGIN,
        post_only(),
    ),
    "referrals:list": (lambda w: "/referrals/", LOGIN, casework()),
    "referrals:new": (
        lambda w: f"/referrals/new/?consultation={w['r']['consultation'].pk}",
        LOGIN,
        record(soudanin=200),
    ),
    "referrals:detail": (
        lambda w: f"/referrals/{w['r']['referral'].pk}/",
        LOGIN,
        record(soudanin=200, coordinator=200),
    ),
    "referrals:action": (lambda w: f"/referrals/{w['r']['referral'].pk}/accept/", LOGIN, post_only()),
    "cases:list": (lambda w: "/cases/", LOGIN, casework()),
    "cases:export": (lambda w: "/cases/export.xlsx", LOGIN, casework()),
    "cases:new": (lambda w: f"/cases/new/?referral={w['r']['referral'].pk}", LOGIN, record(coordinator=200)),
    "cases:detail": (lambda w: f"/cases/{w['r']['case'].pk}/", LOGIN, record(soudanin=200, coordinator=200)),
    "cases:action": (lambda w: f"/cases/{w['r']['case'].pk}/reopen/", LOGIN, post_only()),
    "cases:team_add": (lambda w: f"/cases/{w['r']['case'].pk}/team/", LOGIN, post_only()),
    "cases:subjects": (lambda w: f"/cases/{w['r']['case'].pk}/subjects/", LOGIN, post_only()),
    "cases:team_remove": (
        lambda w: f"/cases/{w['r']['case'].pk}/team/{w['r']['case'].team.last().pk}/remove/",
        LOGIN,
        post_only(),
    ),
    "cases:note_new": (lambda w: f"/cases/{w['r']['case'].pk}/notes/", LOGIN, post_only()),
    "cases:plan_activate": (lambda w: f"/cases/plans/{w['r']['plan'].pk}/activate/", LOGIN, post_only()),
    "cases:assessment_new": (
        lambda w: f"/cases/{w['r']['case'].pk}/assessments/new/",
        LOGIN,
        record(soudanin=403, coordinator=200),
    ),
    "cases:plan_new": (
        lambda w: f"/cases/{w['r']['case'].pk}/plans/new/",
        LOGIN,
        record(soudanin=403, coordinator=200),
    ),
    "cases:plan_edit": (
        # The plan is 実施中, so its owner is sent back to the case page rather than shown an editor.
        lambda w: f"/cases/plans/{w['r']['plan'].pk}/edit/",
        LOGIN,
        record(soudanin=403, coordinator=302),
    ),
    "cases:evaluation_new": (
        lambda w: f"/cases/{w['r']['case'].pk}/evaluations/new/",
        LOGIN,
        record(soudanin=403, coordinator=200),
    ),
    "cases:sheet_consultation": (
        lambda w: f"/cases/consultations/{w['r']['consultation'].pk}/sheet.pdf",
        LOGIN,
        record(soudanin=200, coordinator=200),
    ),
    "cases:sheet_assessment": (
        lambda w: f"/cases/{w['r']['case'].pk}/assessment.pdf",
        LOGIN,
        record(soudanin=200, coordinator=200),
    ),
    "cases:sheet_plan": (
        lambda w: f"/cases/plans/{w['r']['plan'].pk}/plan.pdf",
        LOGIN,
        record(soudanin=200, coordinator=200),
    ),
    # No evaluation has been recorded for the test case yet: nobody gets a sheet.
    "cases:sheet_evaluation": (lambda w: f"/cases/{w['r']['case'].pk}/evaluation.pdf", LOGIN, record()),
    "cases:sheet_progress": (
        lambda w: f"/cases/{w['r']['case'].pk}/progress.pdf",
        LOGIN,
        record(soudanin=200, coordinator=200),
    ),
}
