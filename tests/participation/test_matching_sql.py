"""The database ranks every host by ``score_expression`` and Python explains the few shown by ``judge``: the
two must give the same score to every service, or the list would be ordered by one rule and explained by
another. Checked over random registers and random assessments (every term of the score reached)."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

import pytest

from kasane.participation.matching import candidates_for, hosts, judge, score_expression
from kasane.participation.models import Assessment, Travel
from kasane.resources.models import Category, Load, Location, Organization, Schedule, Service
from kasane.resources.queries import services_in, with_details

pytestmark = pytest.mark.django_db

DAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]


def _register(w: dict[str, Any], rng: random.Random, n: int) -> None:
    m = w["municipality"]
    areas = [*w["areas"].values(), None]
    org = Organization.objects.create(municipality=m, name="ランダム団体")
    for i in range(n):
        location = Location.objects.create(municipality=m, name=f"会場{i}", area=rng.choice(areas))
        service = Service.objects.create(
            municipality=m,
            organization=org,
            location=location if rng.random() < 0.9 else None,
            name=f"活動{i}",
            name_kana=f"かつどう{i:03d}",
            categories=rng.sample(Category.values, rng.randint(1, 3)),
            physical_load=rng.choice(Load.values),
            suits_shy=rng.random() < 0.5,
            transport_provided=rng.random() < 0.3,
            hosted_before=rng.random() < 0.3,
            hosts_participants=rng.random() < 0.8,
        )
        for _ in range(rng.choice([0, 1, 1, 2])):
            start = rng.randint(8, 16)
            monthly = rng.random() < 0.3
            byday = ",".join(
                f"{rng.randint(1, 4)}{d}" if monthly else d for d in rng.sample(DAYS, rng.randint(1, 3))
            )
            Schedule.objects.create(
                service=service,
                freq="MONTHLY" if monthly else "WEEKLY",
                byday=byday,
                opens_at=dt.time(start) if rng.random() < 0.9 else None,
                closes_at=dt.time(start + rng.randint(1, 4)) if rng.random() < 0.9 else None,
            )


def _assessment(w: dict[str, Any], rng: random.Random) -> Assessment:
    start = rng.choice([None, dt.time(rng.randint(8, 14))])
    return Assessment(
        interests=rng.sample(Category.values, rng.randint(0, 3)),
        days=rng.sample(DAYS, rng.randint(0, 3)),
        from_time=start,
        to_time=dt.time(start.hour + rng.randint(1, 5)) if start and rng.random() < 0.8 else None,
        area=rng.choice([*w["areas"].values(), None]),
        travel=rng.choice(Travel.values),
        max_load=rng.choice(Load.values),
        needs_quiet=rng.random() < 0.5,
    )


def test_the_database_scores_every_host_as_judge_explains_it(world: dict[str, Any]) -> None:
    rng = random.Random(15)
    _register(world, rng, 60)
    pool = hosts(services_in(world["municipality"]))
    for _ in range(25):
        assessment = _assessment(world, rng)
        scored = with_details(pool.annotate(score=score_expression(assessment)))
        for service in scored:
            assert service.score == judge(service, assessment).score, (service.name, assessment.__dict__)


def test_candidates_come_best_first_and_only_hosts(world: dict[str, Any]) -> None:
    rng = random.Random(6)
    _register(world, rng, 40)
    assessment = _assessment(world, rng)
    found = candidates_for(services_in(world["municipality"]), assessment, limit=10)
    scores = [c.score for c in found]
    assert scores == sorted(scores, reverse=True) and len(found) == 10
    assert all(c.service.hosts_participants and c.service.status == "active" for c in found)
    best = max(judge(s, assessment).score for s in with_details(hosts(services_in(world["municipality"]))))
    assert scores[0] == best
