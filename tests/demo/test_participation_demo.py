"""What a new user sees of 参加支援 in the demo (issue 15): a register of about 80 activities across the four 圏域,
twelve people with the 社協's CSW (kyodo) at every stage of a placement, one begun before the meeting's decision
and flagged with its days, follow-ups overdue and due, the farm that did not get past its first week and the
nursery where the young man settled, an engagement ended, and the 資源開拓 that brought a new host into the
register.

Built on a fixed Wednesday morning; ``test_any_day`` builds the demo on the days where calendars bite and checks
the same promises (``promises_participation``) there.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections import Counter
from collections.abc import Iterator

import pytest
import time_machine
from django.db.models import F
from django.http import Http404
from django.test import Client, RequestFactory
from django.utils import timezone

from kasane.accounts.models import User
from kasane.audit.models import AuditEntry, Basis
from kasane.casework.visibility import Viewer
from kasane.demo import loader as demo
from kasane.meetings.models import ResourceGap
from kasane.participation.access import access_engagement
from kasane.participation.models import (
    Development,
    DevelopmentStatus,
    Engagement,
    EngagementStatus,
    FollowUp,
    HostConsent,
    HostNote,
    Origin,
    Placement,
    Review,
    Stage,
    StageChange,
)
from kasane.participation.queries import approved_on, engagement_list, follow_ups_due, urgent_waiting
from kasane.participation.rules import waiting_days
from kasane.participation.visibility import engagement_basis
from kasane.resources.models import Category, Frequency, Funding, Service
from kasane.resources.queries import Criteria, search
from kasane.tenancy.models import Area, Municipality
from tests.clock import morning_of

from .promises import broken_promises

pytestmark = pytest.mark.django_db

DAY = dt.date(2026, 11, 18)  # a Wednesday, in the middle of a 年度
FARM = "みどり農園 農作業の就労体験（収穫・出荷）"
NURSERY = "たかもり苗園 ハウスでの苗づくり"


@pytest.fixture
def city() -> Iterator[Municipality]:
    with time_machine.travel(morning_of(DAY), tick=False):
        demo.load_demo()
        yield Municipality.objects.get(code=demo.DEMO_MUNICIPALITY_CODE)


def _viewer(username: str, city: Municipality) -> Viewer:
    viewer = Viewer.of(User.objects.get(username=username), city)
    assert viewer is not None
    return viewer


def test_a_register_of_about_80_activities_across_the_city(city: Municipality) -> None:
    assert not [p for p in broken_promises(DAY) if p.startswith(("社会資源", "参加支援", "資源開拓"))]
    # The register 参加支援 built; 地域づくり's five (kasane.demo.city.community) are chiiki's.
    register = Service.objects.filter(municipality=city).exclude(created_by__username="chiiki")
    services = register.select_related("location__area", "organization")
    assert services.count() == 80 == demo.last_case_counts["resources"]
    areas = {a.pk: a for a in Area.objects.filter(municipality=city)}
    for s in services:
        assert s.location is not None and s.location.area_id in areas, s.name
        towns = areas[s.location.area_id].towns.split()
        assert any(s.location.address.startswith(f"かさね市{t}") for t in towns), s.name
        assert s.activities and s.description and s.contact_name, s.name
        assert s.created_at.date() < DAY
    assert {c for s in services for c in s.categories} == set(Category.values)
    assert set(services.values_list("funding", flat=True)) == set(Funding.values)
    assert set(services.values_list("organization__kind", flat=True)) >= {
        "welfare", "npo", "residents", "business", "farm", "education", "public", "medical",
    }  # fmt: skip
    costs = Counter(s.cost for s in services)
    assert costs["無料"] + sum(n for cost, n in costs.items() if "100円" in cost) > 50
    schedules = [sch for s in services for sch in s.schedules.all()]
    assert {Frequency.WEEKLY, Frequency.MONTHLY} == {sch.freq for sch in schedules}
    assert all(sch.opens_at and sch.closes_at and sch.opens_at < sch.closes_at for sch in schedules)
    hosts = services.filter(hosts_participants=True)
    assert 24 <= hosts.count() <= 30 and 10 <= hosts.filter(hosted_before=True).count() <= 16
    # The register is searched as staff type: a 町名 in kana, a category, a weekday.
    farms = search(city, Criteria(text="みどりのうえん", category=Category.WORK_EXPERIENCE))
    assert [s.name for s in farms] == [FARM]
    hidamari = search(city, Criteria(text="ひだまり", weekday="TH"))
    assert {"ひだまりの家 絵の会", "ひだまりの家 学習支援"} <= {s.name for s in hidamari}
    # Registered through the service: the 社協's CSW, and the city for its own facilities and schools.
    made = AuditEntry.objects.filter(action="resource.created").exclude(actor__username="chiiki")
    assert made.count() == 80
    assert set(made.values_list("actor__username", flat=True)) == {"kyodo", "shi"}


def test_twelve_people_at_every_stage(city: Municipality) -> None:
    viewer = _viewer("kyodo", city)
    engagements = Engagement.objects.filter(municipality=city)
    assert engagements.count() == 12 == demo.last_case_counts["engagements"]
    assert {e.owner_agency.kind for e in engagements} == {"shakyo"}
    assert {e.lead_user.username for e in engagements if e.lead_user} == {"kyodo"}
    assert {Origin.CASE, Origin.REFERRAL} == set(engagements.values_list("origin", flat=True))
    # From a case, for its 本人 or another member of the household (a son, a father living apart).
    assert engagements.filter(case__isnull=False).exclude(person=F("case__person")).count() >= 3
    stages = Counter(Placement.objects.filter(engagement__municipality=city).values_list("stage", flat=True))
    assert stages == {
        Stage.PROPOSED: 2, Stage.VISIT: 2, Stage.TRIAL: 2, Stage.SETTLED: 3, Stage.ENDED: 3, Stage.SUSPENDED: 1,
    }  # fmt: skip
    for placement in Placement.objects.filter(engagement__municipality=city).prefetch_related("changes"):
        changes = list(placement.changes.all())
        assert changes[0].to_stage == Stage.PROPOSED and changes[-1].to_stage == placement.stage
        assert all(a.on <= b.on for a, b in itertools.pairwise(changes))
        if placement.stage in (Stage.ENDED, Stage.SUSPENDED):
            assert placement.end_reason and placement.ended_on == changes[-1].on
        # Use began with the meeting's decision, or after an urgent start.
        engagement = placement.engagement
        began = approved_on(engagement) or engagement.urgent_started_on
        assert began is not None and began <= placement.proposed_on
    ended = engagements.get(status=EngagementStatus.ENDED)
    assert (
        ended.end_reason == "settled"
        and ended.ended_on
        and not ended.placements.filter(
            stage__in=[Stage.PROPOSED, Stage.VISIT, Stage.TRIAL, Stage.SETTLED]
        ).exists()
    )
    # Three wait for the meeting with no placement; they show on the list 会議の決定待ち.
    waiting = engagement_list(viewer, "waiting")
    not_urgent = waiting.filter(urgent_started_on__isnull=True)
    assert waiting.count() == 4 and not_urgent.count() == 3
    assert not Placement.objects.filter(engagement__in=not_urgent.values("pk")).exists()
    # The person's own words, and what was worked out with the hosts.
    assert not engagements.filter(assessments__isnull=True).exists()
    assert all(a.person_words for e in engagements for a in e.assessments.all())
    assert Review.objects.filter(engagement__municipality=city).exclude(person_words="").count() >= 4
    notes = HostNote.objects.filter(placement__engagement__municipality=city)
    assert {"tasks", "relating", "problem"} <= set(notes.values_list("kind", flat=True))
    consents = HostConsent.objects.filter(placement__engagement__municipality=city)
    assert consents.filter(withdrawn_on__isnull=False).count() >= 2  # one withdrawn, one replaced
    assert all(c.placement.host_contact for c in consents)
    # Nothing lies ahead, and the clock's timestamps were moved back to the day.
    now = timezone.now()
    for model in (Engagement, Placement, StageChange, HostConsent, HostNote, FollowUp, Review):
        assert not model.objects.filter(created_at__gt=now).exists(), model.__name__


def test_the_urgent_start_and_the_follow_ups_on_the_list(city: Municipality) -> None:
    viewer = _viewer("kyodo", city)
    urgent = list(urgent_waiting(viewer))
    assert len(urgent) == 1
    girl = urgent[0]
    assert girl.person.name.startswith("小笠原") and girl.urgent_reason and approved_on(girl) is None
    days = waiting_days(girl.urgent_started_on, None, DAY)
    assert days is not None and days >= 14
    assert girl.placements.get().stage == Stage.TRIAL
    due = list(follow_ups_due(viewer, DAY))
    overdue = [f for f in due if f.due_on < DAY]
    assert len(overdue) == 2 and len(due) > 2
    assert {f.placement.engagement.person.name.split()[0] for f in overdue} == {"山﨑", "千田"}
    client = Client()
    client.force_login(User.objects.get(username="kyodo"))
    with time_machine.travel(morning_of(DAY), tick=False):
        page = client.get("/participation/").content.decode()
    assert f"{girl.person.name}さん" in page and f"{days}日" in page
    assert page.count("（期限切れ）") == 2


def test_the_farm_that_did_not_work_and_the_nursery_that_did(city: Municipality) -> None:
    engagement = Engagement.objects.select_related("person", "case").get(placements__service__name=FARM)
    son = engagement.person
    assert son.name.startswith("村上") and 25 <= (son.age(DAY) or 0) <= 26
    assert engagement.case is not None and engagement.case.person == son and approved_on(engagement)
    farm = engagement.placements.get(service__name=FARM)
    nursery = engagement.placements.get(service__name=NURSERY)
    trial = farm.changes.get(to_stage=Stage.TRIAL).on
    assert farm.stage == Stage.SUSPENDED and farm.ended_on and (farm.ended_on - trial).days <= 7
    assert "朝" in farm.end_reason and farm.host_contact.startswith("園主")
    assert farm.consents.get().withdrawn_on is not None  # he asked that the farm be told nothing more
    assert nursery.stage == Stage.SETTLED and nursery.proposed_on > farm.ended_on
    assert nursery.service.hosted_before  # the register learnt that the nursery has now taken someone
    first, second = engagement.assessments.order_by("version")
    assert not first.needs_quiet and second.needs_quiet and second.from_time == dt.time(13, 0)
    assert engagement.reviews.get().person_words
    pending = nursery.follow_ups.get(done_on__isnull=True)
    assert DAY <= pending.due_on <= DAY + dt.timedelta(days=7)
    assert nursery.follow_ups.filter(done_on__isnull=False).count() == 2


def test_the_development_that_found_a_host(city: Municipality) -> None:
    found = Development.objects.select_related("gap", "result").get(
        municipality=city, status=DevelopmentStatus.SUCCEEDED
    )
    assert isinstance(found.gap, ResourceGap) and found.gap.title == "ひきこもりの方の就労体験先"
    approaches = list(found.approaches.order_by("on"))
    assert len(approaches) == 3 and found.gap.raised_on <= found.opened_on <= approaches[0].on
    result = found.result
    assert result is not None and result.hosts_participants and result.suits_shy
    assert approaches[-1].on < result.created_at.date() <= found.closed_on  # type: ignore[operator]
    assert [s.pk for s in search(city, Criteria(text="かさね紙工"))] == [result.pk]
    still = Development.objects.get(municipality=city, status=DevelopmentStatus.OPEN)
    assert still.gap is not None and 2 <= still.approaches.count() <= 3 and still.result is None
    kyodo = User.objects.get(username="kyodo")
    trail = AuditEntry.objects.filter(actor=kyodo)
    assert trail.filter(action="development.opened").count() == 2
    assert trail.filter(action="development.approached").count() == 6
    assert trail.filter(action="development.closed").count() == 1


def test_every_engagement_passes_the_access_rules_and_left_its_trail(city: Municipality) -> None:
    kyodo = User.objects.get(username="kyodo")
    viewer = _viewer("kyodo", city)
    engagements = list(Engagement.objects.filter(municipality=city))
    factory = RequestFactory()
    for engagement in engagements:
        assert engagement_basis(viewer, engagement) == Basis.OWN
        request = factory.get(f"/participation/{engagement.pk}/")
        request.user, request.municipality = kyodo, city  # type: ignore[attr-defined]
        assert access_engagement(request, engagement.pk)[0] == engagement
    # A 相談員 of an agency with nothing to do with the household does not see it.
    outsider = factory.get("/participation/")
    outsider.user = User.objects.get(username="soudanin")
    outsider.municipality = city  # type: ignore[attr-defined]
    with pytest.raises(Http404):
        access_engagement(outsider, engagements[0].pk)
    # One audit entry per change, by the CSW, each naming the person.
    trail = AuditEntry.objects.filter(actor=kyodo, action__startswith="participation.")
    count = Counter(trail.values_list("action", flat=True))
    placements = Placement.objects.filter(engagement__municipality=city)
    assert count["participation.started"] == 12 and count["participation.proposed"] == placements.count()
    moved = StageChange.objects.filter(placement__in=placements).exclude(to_stage=Stage.PROPOSED).count()
    assert count["participation.stage_changed"] == moved
    assert count["participation.assessed"] == sum(e.assessments.count() for e in engagements)
    assert count["participation.host_consent"] == HostConsent.objects.filter(placement__in=placements).count()
    assert (
        count["participation.followed_up"]
        == FollowUp.objects.filter(placement__in=placements, done_on__isnull=False).count()
    )
    assert count["participation.urgent_start"] == 1 and count["participation.case_linked"] == 1
    assert count["participation.ended"] == 1 and count["participation.host_consent_withdrawn"] == 1
    assert not trail.filter(person_id__isnull=True).exclude(action="participation.viewed").exists()
