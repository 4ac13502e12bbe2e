"""What a new user sees of 地域づくり in the demo (issue 16): about 40 places across かさね市's four 圏域 with 東部
visibly thin, a year of days at each with attendance as counts (more children at the 多世代 places in the school
holidays, a few days cancelled), the 社協's coordination in every outcome with two next dates overdue, and six
ハブラボ — five held, with organisations by sector, results and an anonymous questionnaire each, one planned.

Built on a fixed Wednesday morning; ``test_any_day`` builds the demo on the days where calendars bite and checks
the same promises (``promises_community``) there.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections import Counter
from collections.abc import Iterator
from statistics import mean

import pytest
import time_machine

from kasane.accounts import permissions
from kasane.accounts.models import User
from kasane.audit.models import AuditEntry
from kasane.community.models import (
    AGE_BANDS,
    ATTENDEE_CATEGORIES,
    PLACE_CATEGORIES,
    Audience,
    Coordination,
    CoordinationOutcome,
    Gathering,
    Generation,
    Place,
    PlatformSession,
    ResultKind,
    Sector,
)
from kasane.demo import loader as demo
from kasane.demo.city.community import SCHOOL_HOLIDAYS
from kasane.lib.dates import TOKYO, months_before
from kasane.questionnaires import data as questionnaire_data
from kasane.questionnaires.models import QuestionKind, Questionnaire
from kasane.questionnaires.models import Status as QuestionnaireStatus
from kasane.questionnaires.starters import PLATFORM, PLATFORM_SECTORS
from kasane.resources.models import WEEKDAYS, Service
from kasane.tenancy.models import Municipality
from tests.clock import morning_of

from .promises import broken_promises

pytestmark = pytest.mark.django_db

DAY = dt.date(2026, 11, 18)  # a Wednesday, in the middle of a 年度
NEW = {
    "新町 えんがわハウス（空き家を活かした居場所）",
    "中央小 ふれあいルーム（空き教室のサロン）",
    "桜木町いきいき百歳体操",
    "下河原 ふれあい畑",
    "東山 お茶っこサロン（移動販売の日）",
}


@pytest.fixture
def city() -> Iterator[Municipality]:
    with time_machine.travel(morning_of(DAY), tick=False):
        demo.load_demo()
        yield Municipality.objects.get(code=demo.DEMO_MUNICIPALITY_CODE)


def _holiday(day: dt.date) -> bool:
    return any(start <= (day.month, day.day) <= end for start, end in SCHOOL_HOLIDAYS)


def test_about_40_places_in_four_areas_one_of_them_thin(city: Municipality) -> None:
    assert not [p for p in broken_promises(DAY) if p.startswith("地域づくり")]
    places = list(Place.objects.filter(municipality=city).select_related("service__location__area"))
    assert len(places) == demo.last_case_counts["places"] and 35 <= len(places) <= 45
    by_area = Counter(p.service.location.area.name for p in places)  # type: ignore[union-attr]
    assert set(by_area) == {"中央圏域", "北部圏域", "南部圏域", "東部圏域"}
    assert by_area["東部圏域"] <= 4 and all(n >= 10 for name, n in by_area.items() if name != "東部圏域")
    for place in places:
        service = place.service
        assert set(service.categories) & set(PLACE_CATEGORIES), service.name
        assert place.generations and set(place.generations) <= set(Generation.values), service.name
        assert place.audiences and set(place.audiences) <= set(Audience.values), service.name
        assert place.started_on and place.started_on < DAY and place.created_by.username == "chiiki"  # type: ignore[union-attr]
        location = service.location
        assert location is not None and location.latitude and location.longitude
        assert 42.9 < float(location.latitude) < 43.0 and 141.55 < float(location.longitude) < 141.75
    # Several reach across generations; a サロン only for the elderly; a 子ども食堂 the elders cook for.
    assert sum(p.crosses_generations for p in places) >= 12
    honcho = next(p for p in places if p.service.name == "本町ふれあいサロン")
    assert honcho.generations == ["elderly"] and not honcho.crosses_generations
    ishida = next(p for p in places if p.service.name == "石田こども食堂")
    assert {"children", "elderly"} <= set(ishida.generations) and "調理" in ishida.note
    assert {p.service.name for p in places if not p.on_map} == {
        "介護者のつどい",
        "ひだまりの家 フリースペース",
    }
    # Five activities came into the register from this work, registered by the 地域づくり担当.
    chiiki = User.objects.get(username="chiiki")
    made = Service.objects.filter(municipality=city, created_by=chiiki)
    assert set(made.values_list("name", flat=True)) == NEW
    assert AuditEntry.objects.filter(action="resource.created", actor=chiiki).count() == len(NEW)
    assert all(s.created_at.date() < DAY for s in made)
    assert permissions.has_perm(chiiki, "community.edit", municipality=city)
    assert AuditEntry.objects.filter(action="community.place_saved", actor=chiiki).count() == len(places)


def test_a_year_of_days_with_attendance_as_counts(city: Municipality) -> None:
    gatherings = list(
        Gathering.objects.filter(place__municipality=city)
        .select_related("place__service")
        .order_by("held_on")
    )
    assert len(gatherings) == demo.last_case_counts["gatherings"] and 1500 <= len(gatherings) <= 4000
    assert gatherings[0].held_on == months_before(DAY, 12) + dt.timedelta(days=1)
    assert gatherings[-1].held_on < DAY
    weekdays = {
        s.pk: {part[-2:] for sch in s.schedules.all() for part in sch.byday.split(",")}
        for s in Service.objects.filter(place__municipality=city).prefetch_related("schedules")
    }
    for g in gatherings:
        assert WEEKDAYS[g.held_on.weekday()] in weekdays[g.place.service_id], g
        assert g.attendance == sum(getattr(g, f) for f, _ in AGE_BANDS), g
        assert all(getattr(g, f) <= g.attendance for f, _ in ATTENDEE_CATEGORIES), g
        assert g.place.started_on <= g.held_on and (g.held_on.month, g.held_on.day) not in {(1, 1), (1, 2)}
        assert g.recorded_by is not None and g.created_at.astimezone(TOKYO).date() > g.held_on
    # Every place met this year, about as often as its schedule says.
    per_place = Counter(g.place.service.name for g in gatherings)
    assert per_place["地域活動支援センターそよかぜ"] > 240 and 20 <= per_place["本町ふれあいサロン"] <= 24
    assert len(per_place) == Place.objects.filter(municipality=city).count()
    # The field meets from April to November only.
    assert all(4 <= g.held_on.month <= 11 for g in gatherings if g.place.service.name == "下河原 ふれあい畑")
    # A few days were cancelled, with the reason and nobody counted.
    cancelled = [g for g in gatherings if g.attendance == 0]
    assert len(cancelled) == 6 and all(g.note.endswith("中止") and g.helpers == 0 for g in cancelled)
    # More children at the 多世代 places in the school holidays.
    mixed = [
        g
        for g in gatherings
        if g.attendance and g.place.crosses_generations and "children" in g.place.generations
    ]
    holidays = [g.age_children for g in mixed if _holiday(g.held_on)]
    term = [g.age_children for g in mixed if not _holiday(g.held_on)]
    assert holidays and mean(holidays) > mean(term) * 1.2
    # The 子ども食堂 are 多世代 days; a salon for the elderly hardly sees anyone under 65.
    kodomo = [g for g in gatherings if g.place.service.name == "わかば子ども食堂" and g.attendance]
    assert mean(g.bands_reached for g in kodomo) >= 3.5
    honcho = [g for g in gatherings if g.place.service.name == "本町ふれあいサロン" and g.attendance]
    assert sum(g.age_senior + g.age_elderly for g in honcho) > 0.9 * sum(g.attendance for g in honcho)
    assert sum(1 for g in gatherings if g.note and g.attendance) >= 30  # the month's special days
    # The trail: the year's records of each place, by the 地域づくり担当.
    entries = AuditEntry.objects.filter(action="community.gathering_saved", actor__username="chiiki")
    assert sum(e.details["gatherings"] for e in entries) == len(gatherings)


def test_coordination_in_every_outcome(city: Municipality) -> None:
    records = list(Coordination.objects.filter(municipality=city).select_related("service", "area", "agency"))
    assert len(records) == demo.last_case_counts["coordinations"] and 20 <= len(records) <= 30
    assert Counter(r.outcome for r in records).keys() == set(CoordinationOutcome.values)
    assert {r.agency.kind for r in records} == {"shakyo"} and {r.recorded_by.username for r in records} == {
        "chiiki"
    }  # type: ignore[union-attr]
    assert all(
        DAY - dt.timedelta(days=366) <= r.contacted_on <= DAY and r.contacted_on.weekday() < 5
        for r in records
    )
    assert {r.area.name for r in records} == {"中央圏域", "北部圏域", "南部圏域", "東部圏域"}  # type: ignore[union-attr]
    overdue = [
        r for r in records if r.outcome == CoordinationOutcome.IN_PROGRESS and r.next_on and r.next_on < DAY
    ]
    assert len(overdue) == 2
    assert all(r.next_on is None or r.next_on >= DAY for r in records if r not in overdue)
    # The stories of the issue: a farmer's field to the 就労体験 list, a school's classroom to a サロン.
    field = next(r for r in records if r.service and r.service.name == "下河原 ふれあい畑")
    assert field.counterpart_kind == "farm" and "就労体験" in field.connected_to
    classroom = next(r for r in records if r.service and r.service.name.startswith("中央小"))
    assert "空き教室" in classroom.connected_from and classroom.outcome == CoordinationOutcome.CONNECTED
    assert any("見守り協力店" in r.connected_to for r in records)
    assert {"farm", "school", "business", "jichikai", "minsei", "medical"} <= {
        r.counterpart_kind for r in records
    }


def test_six_platform_sessions_five_held_with_their_questionnaires(city: Municipality) -> None:
    sessions = list(PlatformSession.objects.filter(municipality=city).order_by("held_on"))
    assert len(sessions) == demo.last_case_counts["platform_sessions"] == 6
    *held, planned = sessions
    assert all(s.held_on < DAY for s in held) and planned.held_on > DAY
    assert all(50 <= (b.held_on - a.held_on).days <= 72 for a, b in itertools.pairwise(sessions))
    assert planned.participants is None and not planned.record and not planned.results.exists()
    assert planned.organisations.exists() and not planned.organisations.filter(attended=True).exists()
    assert planned.questionnaire is None
    themes = [s.theme for s in held]
    assert themes[:2] == ["空き家を居場所に", "農と福祉"] and "認知症になっても通える場所" in themes
    for session in held:
        organisations = list(session.organisations.all())
        assert 8 <= len(organisations) <= 15 and session.record
        assert len({o.sector for o in organisations if o.attended}) >= 4
        assert session.participants == sum(o.attendees for o in organisations)
        assert {r.kind for r in session.results.all()} == {
            ResultKind.COLLABORATION, ResultKind.PLACE, ResultKind.QUESTION,
        }  # fmt: skip
        assert session.results.get(kind=ResultKind.PLACE).service is not None
        questionnaire = session.questionnaire
        assert questionnaire is not None and questionnaire.municipality == city
        assert (
            questionnaire.status == QuestionnaireStatus.CLOSED and questionnaire.opens_on == session.held_on
        )
        assert questionnaire.questions.count() == len(PLATFORM.questions)
        responses = list(questionnaire.responses.all())
        assert 10 <= len(responses) <= 25
        assert all(session.held_on <= r.submitted_at.astimezone(TOKYO).date() < DAY for r in responses)
    assert {o.sector for s in held for o in s.organisations.all()} == set(Sector.values)
    # The results read by sector, with free text, as the questionnaire's pages show them.
    loaded = questionnaire_data.load(held[1].questionnaire)  # type: ignore[arg-type]
    sector = next(r for r in loaded.summary if r.question.kind == QuestionKind.CATEGORY)
    assert [c.label for c in sector.counts] == list(PLATFORM_SECTORS)
    texts = [a.text for r in loaded.summary if r.question.kind == QuestionKind.TEXT for a in r.texts]
    assert len(texts) >= 5 and len(set(texts)) == len(texts)
    # かさね市's own: the prefecture's list of questionnaires does not show them. (Its resident surveys, for
    # the 成果指標, are its own questionnaires too, not the ハブラボ's.)
    assert Questionnaire.objects.filter(municipality=city, platform_session__isnull=False).count() == 5
    trail = Counter(AuditEntry.objects.filter(actor__username="chiiki").values_list("action", flat=True))
    assert trail["community.session_saved"] == 6 and trail["community.questionnaire_created"] == 5
