"""The whole 参加支援 journey through the services: from the 8050 case to a settled placement and the end."""

from __future__ import annotations

from typing import Any

import pytest

from kasane.participation import services
from kasane.participation.models import EngagementStatus, Stage
from kasane.participation.rules import ParticipationError

from .helpers import actor, approve_participation_plan, days_ago, host, viewer

pytestmark = pytest.mark.django_db


def test_journey_from_case_to_settled_and_end(matrix_world: dict[str, Any]) -> None:
    w = matrix_world
    v, a = viewer(w), actor(w)
    son, case = w["r"]["son"], w["r"]["case"]
    farm = host(w)
    e = services.start_engagement(v, son, case=case, referral=None, started_on=days_ago(60), actor=a)
    with pytest.raises(ParticipationError, match="決定されるまで"):
        services.propose(v, e, farm, days_ago(50), "", actor=a)
    approve_participation_plan(case, days_ago(40))
    p = services.propose(v, e, farm, days_ago(35), "畑に興味", actor=a)
    for stage, ago in ((Stage.VISIT, 30), (Stage.TRIAL, 25), (Stage.SETTLED, 10)):
        services.move_stage(v, p, stage, days_ago(ago), "", actor=a)
    p.refresh_from_db()
    farm.refresh_from_db()
    assert p.stage == Stage.SETTLED and farm.hosted_before
    assert p.follow_ups.filter(done_on__isnull=True).count() == 1
    with pytest.raises(ParticipationError, match="受け入れが続いています"):
        services.end_engagement(v, e, days_ago(1), "settled", "", actor=a)
    services.move_stage(v, p, Stage.ENDED, days_ago(2), "定着したため支援を終える", actor=a)
    services.end_engagement(v, e, days_ago(1), "settled", "", actor=a)
    e.refresh_from_db()
    assert e.status == EngagementStatus.ENDED
