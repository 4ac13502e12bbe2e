"""The findings of the outside review of issue 15, each held by a test that fails without its fix."""

from __future__ import annotations

from typing import Any

import pytest

from kasane.casework.models import PlanKind, PlanStatus, ReferralBasis
from kasane.participation import hosts, services
from kasane.participation.models import Stage
from kasane.participation.queries import approved_on, engagement_list
from kasane.participation.rules import ParticipationError
from kasane.participation.sheet import _values
from kasane.participation.sources import start_sources
from tests.clock import morning_of

from .helpers import DAY, actor, assessment, days_ago, engagement, host, placement, viewer

pytestmark = pytest.mark.django_db


def _built(placement: Any, items: list[str], *, author: str) -> bytes:
    return b"%PDF"


def test_a_referral_whose_consent_was_withdrawn_starts_nothing(w: dict[str, Any]) -> None:
    referral = w["r"]["referral"]
    assert referral.basis == ReferralBasis.CONSENT
    assert any(s.record == referral for s in start_sources(viewer(w)))
    consent = referral.consent
    consent.withdrawn_at, consent.withdrawn_on = morning_of(DAY), DAY
    consent.save(update_fields=["withdrawn_at", "withdrawn_on"])
    referral.refresh_from_db()
    assert not any(s.record == referral for s in start_sources(viewer(w)))
    with pytest.raises(ParticipationError, match="同意が撤回"):
        services.start_engagement(
            viewer(w), w["r"]["mother"], case=None, referral=referral, started_on=days_ago(1), actor=actor(w)
        )


def test_no_sheet_for_an_ended_placement(w: dict[str, Any]) -> None:
    p = placement(w, engagement(w, approved=True), stage=Stage.VISIT)
    hosts.record_host_consent(viewer(w), p, ["wishes"], days_ago(10), "written", actor=actor(w))
    assert hosts.referral_sheet(viewer(w), p, ["wishes"], _built, actor=actor(w)) == b"%PDF"
    p = services.move_stage(viewer(w), p, Stage.ENDED, days_ago(1), "本人の希望で終える", actor=actor(w))
    with pytest.raises(ParticipationError, match="紹介票を作れません"):
        hosts.referral_sheet(viewer(w), p, ["wishes"], _built, actor=actor(w))


def test_a_follow_up_submitted_twice_is_recorded_once(w: dict[str, Any]) -> None:
    p = placement(w, engagement(w, approved=True), stage=Stage.TRIAL)
    first = p.follow_ups.get()
    stale = type(first).objects.get(pk=first.pk)  # the second tab's copy, loaded before the first save
    services.record_follow_up(viewer(w), first, days_ago(1), "元気に通っている", None, actor=actor(w))
    with pytest.raises(ParticipationError, match="記録済み"):
        services.record_follow_up(viewer(w), stale, days_ago(1), "元気に通っている", None, actor=actor(w))
    assert p.follow_ups.filter(done_on__isnull=True).count() == 1


def test_a_proposal_on_a_stale_copy_of_an_ended_engagement_is_refused(w: dict[str, Any]) -> None:
    e = engagement(w, approved=True)
    stale = type(e).objects.get(pk=e.pk)
    services.end_engagement(viewer(w), e, days_ago(1), "withdrew", "", actor=actor(w))
    with pytest.raises(ParticipationError, match="終了した参加支援"):
        services.propose(viewer(w), stale, host(w), days_ago(1), "", actor=actor(w))
    assert not e.placements.exists()


def test_a_new_consent_cannot_be_dated_before_the_standing_one(w: dict[str, Any]) -> None:
    p = placement(w, engagement(w, approved=True), stage=Stage.VISIT)
    hosts.record_host_consent(viewer(w), p, ["wishes"], days_ago(5), "written", actor=actor(w))
    with pytest.raises(ParticipationError, match="今の同意より前"):
        hosts.record_host_consent(viewer(w), p, ["wishes", "name"], days_ago(8), "oral", actor=actor(w))
    assert p.consents.count() == 1


def test_health_is_its_own_item_on_the_sheet(w: dict[str, Any]) -> None:
    e = engagement(w, approved=True)
    assessment(e, limits_time="午前は難しい", limits_health="通院が月2回ある")
    p = placement(w, e, stage=Stage.VISIT)
    values = _values(p, "担当")
    assert "通院" not in values["limits"] and "午前" in values["limits"]
    assert values["health"] == "通院が月2回ある"


def test_an_approval_of_a_plan_that_ended_with_the_case_approves_no_new_use(w: dict[str, Any]) -> None:
    e = engagement(w, approved=True)
    assert approved_on(e) == days_ago(40)
    w["r"]["case"].plans.filter(kind=PlanKind.PARTICIPATION).update(status=PlanStatus.ENDED)
    assert approved_on(e) is None
    [row] = engagement_list(viewer(w), "open")
    assert row.approved_on is None
    with pytest.raises(ParticipationError, match="決定されるまで"):
        services.propose(viewer(w), e, host(w), days_ago(1), "", actor=actor(w))
    services.end_engagement(viewer(w), e, days_ago(1), "withdrew", "", actor=actor(w))
    e.refresh_from_db()
    # An ended 参加支援 keeps the day it was decided.
    assert approved_on(e) == days_ago(40)
    assert engagement_list(viewer(w), "ended")[0].approved_on == days_ago(40)


def test_a_stage_cannot_be_dated_before_the_one_before(w: dict[str, Any]) -> None:
    p = placement(w, engagement(w, approved=True), stage=Stage.TRIAL)  # 見学 30, 体験 25 days ago
    with pytest.raises(ParticipationError, match="前の段階の日付"):
        services.move_stage(viewer(w), p, Stage.SETTLED, days_ago(27), "", actor=actor(w))


def test_a_suspended_host_is_resumed_not_proposed_again(w: dict[str, Any]) -> None:
    e = engagement(w, approved=True)
    p = placement(w, e, stage=Stage.SUSPENDED)
    with pytest.raises(ParticipationError, match="中断中"):
        services.propose(viewer(w), e, p.service, days_ago(1), "", actor=actor(w))
    assert e.placements.count() == 1
    services.move_stage(viewer(w), p, Stage.TRIAL, days_ago(1), "", actor=actor(w))
