"""What the demo promises of 地域づくり (kasane.demo.city.community), and how it is fingerprinted so that demos built
on different days can be compared (``promises``)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from django.db.models import Count, Q

from kasane.accounts.models import Membership
from kasane.audit.models import AuditEntry
from kasane.community.models import (
    Coordination,
    CoordinationOutcome,
    Gathering,
    Place,
    PlatformSession,
    SessionOrganisation,
    SessionResult,
)
from kasane.lib.dates import TOKYO, months_before
from kasane.questionnaires.models import Response
from kasane.questionnaires.models import Status as QuestionnaireStatus
from kasane.tenancy.models import Municipality

THIN = "東部圏域"
ACTIONS = (
    "community.place_saved",
    "community.gathering_saved",
    "community.coordination_saved",
    "community.session_saved",
    "community.organisation_saved",
    "community.result_saved",
    "community.questionnaire_created",
)


def community_promises(city: Municipality, today: dt.date) -> dict[str, bool]:
    places = list(Place.objects.filter(municipality=city).select_related("service__location__area"))
    by_area = Counter(
        p.service.location.area.name for p in places if p.service.location and p.service.location.area
    )
    others = [n for name, n in by_area.items() if name != THIN]
    gatherings = Gathering.objects.filter(place__municipality=city)
    first_day = months_before(today, 12) + dt.timedelta(days=1)
    cancelled = gatherings.filter(attendance=0)
    coordinations = Coordination.objects.filter(municipality=city)
    open_ones = coordinations.filter(outcome=CoordinationOutcome.IN_PROGRESS, next_on__isnull=False)
    sessions = PlatformSession.objects.filter(municipality=city)
    return {
        "地域づくり：4つの圏域に約40の居場所、東部圏域は少ない": 35 <= len(places) <= 45
        and len(by_area) == 4
        and by_area[THIN] <= 5
        and min(others) >= 9,
        "地域づくり：多世代の居場所、高齢の方だけのサロン、認知症カフェ、高齢の方も担う子ども食堂": sum(
            p.crosses_generations for p in places
        )
        >= 10
        and any(p.generations == ["elderly"] and "salon" in p.service.categories for p in places)
        and any("dementia_cafe" in p.service.categories for p in places)
        and any("kodomo_shokudo" in p.service.categories and "elderly" in p.generations for p in places),
        "地域づくり：居場所マップに載せない居場所が2か所、どの居場所にも地図の位置": sum(
            not p.on_map for p in places
        )
        == 2
        and all(
            p.service.location and p.service.location.latitude and p.service.location.longitude
            for p in places
        ),
        "地域づくり：過去12か月の開催記録（昨日まで、活動開始日以降）": 1500 <= gatherings.count() <= 4000
        and not gatherings.filter(Q(held_on__lt=first_day) | Q(held_on__gte=today)).exists()
        and not any(
            g.held_on < g.place.started_on
            for g in gatherings.select_related("place").only("held_on", "place__started_on")
        )
        and not Place.objects.filter(municipality=city, gatherings__isnull=True).exists(),
        "地域づくり：中止の日が6日（参加0人、理由つき）": cancelled.count() == 6
        and not cancelled.filter(note="").exists(),
        "地域づくり：コーディネート約25件、すべての結果、次の予定日を過ぎた調整中が2件": 20
        <= coordinations.count()
        <= 30
        and set(coordinations.values_list("outcome", flat=True)) == set(CoordinationOutcome.values)
        and open_ones.filter(next_on__lt=today).count() == 2
        and open_ones.filter(next_on__gte=today).exists()
        and not coordinations.filter(
            Q(contacted_on__gt=today) | Q(contacted_on__lt=today - dt.timedelta(days=366))
        ).exists(),
        "地域づくり：ハブラボ6回（開催済み5回、予定1回）": _sessions(sessions, today),
        "地域づくり：開催したハブラボだけにアンケート（10〜25件の匿名回答、開催日以降）": _questionnaires(
            sessions, today
        ),
        "地域づくり：未来の記録はない（予定のハブラボと次の予定日のほか）": _nothing_ahead(city, today),
        "地域づくり：地域づくり担当（chiiki）が記録し、監査ログに残る": Membership.objects.filter(
            user__username="chiiki", role__code="community", agency__municipality=city
        ).exists()
        and all(
            p.created_by and p.created_by.username == "chiiki"
            for p in Place.objects.filter(municipality=city)
        )
        and set(ACTIONS)
        <= set(AuditEntry.objects.filter(actor__username="chiiki").values_list("action", flat=True)),
    }


def _sessions(sessions: Any, today: dt.date) -> bool:
    held = sessions.filter(held_on__lt=today).annotate(
        invited=Count("organisations", distinct=True),
        came=Count("organisations", filter=Q(organisations__attended=True), distinct=True),
        found=Count("results", distinct=True),
    )
    planned = sessions.filter(held_on__gt=today)
    return (
        sessions.count() == 6
        and held.count() == 5
        and all(8 <= s.invited <= 15 and s.came >= 8 and s.found >= 3 and s.participants for s in held)
        and all(
            s.participants == sum(o.attendees for o in s.organisations.all())
            for s in held.prefetch_related("organisations")
        )
        and planned.count() == 1
        and planned.get().participants is None
        and not SessionResult.objects.filter(session__in=planned).exists()
        and not SessionOrganisation.objects.filter(session__in=planned, attended=True).exists()
        and planned.get().organisations.exists()
        and {k for s in held for k in s.results.values_list("kind", flat=True)}
        >= {"collaboration", "place", "question"}
        and SessionResult.objects.filter(session__in=held, kind="place", service__isnull=False).count() >= 3
    )


def _questionnaires(sessions: Any, today: dt.date) -> bool:
    for session in sessions.select_related("questionnaire"):
        q = session.questionnaire
        if session.held_on >= today:
            if q is not None:
                return False
            continue
        if (
            q is None
            or q.municipality_id != session.municipality_id
            or q.status != QuestionnaireStatus.CLOSED
        ):
            return False
        if q.opens_on != session.held_on or not q.anonymous:
            return False
        moments = [r.submitted_at.astimezone(TOKYO).date() for r in q.responses.all()]
        if not 10 <= len(moments) <= 25 or min(moments) < session.held_on or max(moments) > today:
            return False
        if not q.responses.filter(answers__text__gt="").exists():
            return False
    return True


def _nothing_ahead(city: Municipality, today: dt.date) -> bool:
    tomorrow_starts = dt.datetime.combine(today + dt.timedelta(days=1), dt.time(), tzinfo=TOKYO)
    stamped = (Place, Coordination, PlatformSession)
    return (
        not Place.objects.filter(municipality=city, started_on__gt=today).exists()
        and not Gathering.objects.filter(place__municipality=city, held_on__gt=today).exists()
        and not Gathering.objects.filter(place__municipality=city, created_at__gte=tomorrow_starts).exists()
        and not any(
            m._default_manager.filter(municipality=city, created_at__gte=tomorrow_starts).exists()
            for m in stamped
        )
        and PlatformSession.objects.filter(municipality=city, held_on__gt=today).count() == 1
        and not Response.objects.filter(
            questionnaire__municipality=city, submitted_at__gte=tomorrow_starts
        ).exists()
    )


def community_print(city: Municipality) -> dict[str, Any]:
    """地域づくり without its dates: the places, the cancelled days, the coordination and the sessions."""
    places = Place.objects.filter(municipality=city).select_related("service__location__area")
    sessions = PlatformSession.objects.filter(municipality=city).annotate(
        came=Count("organisations", filter=Q(organisations__attended=True), distinct=True),
        found=Count("results", distinct=True),
    )
    return {
        "places": sorted(
            (p.service.name, p.service.location.area.name, tuple(p.generations), tuple(p.audiences), p.on_map)
            for p in places
            if p.service.location and p.service.location.area
        ),
        "cancelled": Gathering.objects.filter(place__municipality=city, attendance=0).count(),
        "coordination": sorted(
            (c.counterpart, c.connection, c.outcome, c.service.name if c.service else "")
            for c in Coordination.objects.filter(municipality=city).select_related("service")
        ),
        "sessions": sorted(
            (
                s.title,
                s.theme,
                s.participants,
                s.came,
                s.found,
                s.questionnaire.responses.count() if s.questionnaire else None,
            )
            for s in sessions.select_related("questionnaire")
        ),
    }
