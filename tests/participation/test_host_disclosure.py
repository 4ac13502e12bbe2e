"""A 紹介票 is a disclosure to someone outside kasane: it goes only on the person's consent naming the host,
carries only the items chosen that the consent covers, and the person's 情報の提供先 lists the host."""

from __future__ import annotations

from typing import Any

import pytest

from kasane.audit.models import AuditEntry, Basis
from kasane.governance.trail import recipients
from kasane.participation import hosts, services
from kasane.participation.models import Stage
from kasane.participation.rules import ParticipationError

from .helpers import actor, approve_participation_plan, days_ago, host, viewer

pytestmark = pytest.mark.django_db


def _built(placement: Any, items: list[str], *, author: str) -> bytes:
    return ("|".join(items)).encode()


def _placement(w: dict[str, Any]) -> Any:
    v, a = viewer(w), actor(w)
    approve_participation_plan(w["r"]["case"], days_ago(40))
    e = services.start_engagement(
        v, w["r"]["son"], case=w["r"]["case"], referral=None, started_on=days_ago(45), actor=a
    )
    p = services.propose(v, e, host(w), days_ago(30), "", actor=a)
    services.move_stage(v, p, Stage.VISIT, days_ago(20), "", actor=a)
    return p


def test_no_sheet_without_a_standing_consent(matrix_world: dict[str, Any]) -> None:
    w = matrix_world
    p = _placement(w)
    with pytest.raises(ParticipationError, match="同意"):
        hosts.referral_sheet(viewer(w), p, ["name"], _built, actor=actor(w))
    consent = hosts.record_host_consent(
        viewer(w), p, ["age", "wishes"], days_ago(10), "written", actor=actor(w)
    )
    hosts.withdraw_host_consent(viewer(w), consent, days_ago(5), actor=actor(w))
    with pytest.raises(ParticipationError, match="同意"):
        hosts.referral_sheet(viewer(w), p, ["age"], _built, actor=actor(w))


def test_the_sheet_carries_only_what_the_consent_covers_and_the_host_is_a_recipient(
    matrix_world: dict[str, Any],
) -> None:
    w = matrix_world
    p = _placement(w)
    consent = hosts.record_host_consent(
        viewer(w), p, ["age", "wishes"], days_ago(10), "written", actor=actor(w)
    )
    body = hosts.referral_sheet(viewer(w), p, ["name", "age", "wishes"], _built, actor=actor(w))
    assert body == b"age|wishes"  # 氏名 was asked for but not consented to
    entry = AuditEntry.objects.get(action="participation.referral_sheet")
    assert entry.person_id == str(w["r"]["son"].pk) and entry.basis == Basis.CONSENT
    assert entry.basis_ref == f"host_consent:{consent.pk}" and entry.details["items"] == ["age", "wishes"]
    shown = [r.agency for r in recipients(w["r"]["son"])]
    assert "みどり農園（みどり農園 就労体験）（参加支援の受け入れ先・紹介票）" in shown


def test_only_the_owner_agency_makes_a_sheet(matrix_world: dict[str, Any]) -> None:
    w = matrix_world
    p = _placement(w)
    hosts.record_host_consent(viewer(w), p, ["age"], days_ago(10), "written", actor=actor(w))
    with pytest.raises(ParticipationError, match="担当する機関"):
        hosts.referral_sheet(viewer(w, "soudanin"), p, ["age"], _built, actor=actor(w, "soudanin"))
