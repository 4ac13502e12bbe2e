"""かさね市's 地域づくり (issue 16), as the 社協's 生活支援コーディネーター (``chiiki``) has kept it for a year: about
40 places of the register across the four 圏域 — 東部 visibly thin — each with the days it met over the last twelve
months and who came, as counts; the coordination that connected groups, places and people; and ハブラボかさね, the
platform that meets every two months (``community_platform``).

Five activities came into the register from this work; they are registered through
``kasane.resources.services.save_service``. The records of 地域づくり are written in bulk (a year of days is a
few thousand rows) with the audit entries the services write, by ``chiiki``: one per record, and for the days
one per place (its year, typed in).

Runs after 参加支援 (``cases.load_cases``). Dated relative to the load day, and drawn from streams of their own
(one per place, per session), so that which places, records and sessions exist, and in which state, is the same
whatever the day.
"""

from __future__ import annotations

import datetime as dt
import random
import re
from collections import Counter
from decimal import Decimal
from typing import Any

from django.db.models import Model
from django.utils import timezone

from kasane.audit.actor import Actor
from kasane.audit.trail import Item, log_many
from kasane.community.models import AGE_BANDS, ATTENDEE_CATEGORIES, Coordination, Gathering, Place
from kasane.demo.city.build import Builder
from kasane.demo.city.community_platform import load_platform
from kasane.demo.city.data.city import AREAS
from kasane.demo.city.data.community_coordination import COORDINATIONS
from kasane.demo.city.data.community_places import (
    CANCEL_NOTES,
    CANCELLED,
    EVENTS,
    NEW,
    NEW_ORGS,
    PLACES,
    PROFILES,
    TOWN_POINTS,
    PlaceSpec,
    Profile,
)
from kasane.demo.city.data.resources_shape import Res
from kasane.demo.city.resources import ORGS_BY_KEY, REGISTER, schedule
from kasane.lib.dates import TOKYO, months_before
from kasane.resources.models import WEEKDAYS, Frequency, Location, Organization, Schedule, Service
from kasane.resources.services import save_service
from kasane.tenancy.models import Area

WORKER = "chiiki"
HUB = "shakyo"
_SEASON = re.compile(r"(\d{1,2})月〜(\d{1,2})月")
_CLOSED_MONTH = re.compile(r"(\d{1,2})月は休み")
# 北海道's school holidays, as (month, day) spans: summer, winter, spring.
SCHOOL_HOLIDAYS = (((7, 24), (8, 17)), ((12, 24), (12, 31)), ((1, 1), (1, 16)), ((3, 25), (4, 5)))
_FILLED = ("name", "name_kana", "description", "categories", "funding", "activities", "eligibility", "cost")


def load_community(b: Builder) -> dict[str, int]:
    """地域づくり on top of the register; the counts of what it wrote."""
    return _Community(b).write()


class _Community:
    def __init__(self, b: Builder) -> None:
        self.b, self.today = b, b.today
        self.worker = b.users[WORKER]
        self.actor = Actor(user=self.worker, municipality=b.city, agency=b.agency(HUB))
        self.areas = {a.name: a for a in Area.objects.filter(municipality=b.city)}
        self.services: dict[str, Service] = {}
        self.began: dict[str, dt.date] = {}  # the new activities' first day
        self.registered: dict[str, dt.date] = {}  # the day each activity came into the register
        self.stamps: dict[type[Model], list[tuple[Any, dt.datetime, dt.datetime]]] = {}
        self.touched: list[tuple[Model, dt.date]] = []  # records made before, changed on a day

    def write(self) -> dict[str, int]:
        self._register()
        places = self._places()
        gatherings = self._gatherings(places)
        coordinations = self._coordinations()
        sessions = load_platform(self.b, self.actor, self.services)
        self._backdate()
        return {
            "places": len(places),
            "gatherings": gatherings,
            "coordinations": coordinations,
            "platform_sessions": sessions,
        }

    def workday(self, day: dt.date) -> dt.date:
        """The working day on or before ``day`` (and before today): not a weekend, not the new year's holidays."""
        day = min(day, self.b.yesterday)
        while day.weekday() > 4 or _new_year(day):
            day -= dt.timedelta(days=1)
        return day

    def moment(self, day: dt.date, hour: int = 17) -> dt.datetime:
        return min(dt.datetime.combine(day, dt.time(hour, 0), tzinfo=TOKYO), timezone.now())

    def _stamp(self, obj: Model, made: dt.date, touched: dt.date | None = None) -> None:
        made_at = self.moment(made, 10)
        touched_at = self.moment(touched, 16) if touched else made_at
        self.stamps.setdefault(type(obj), []).append((obj, made_at, max(made_at, touched_at)))

    # ── the register ─────────────────────────────────────────────────────
    def _register(self) -> None:
        by_name = {res.name: res.key for res in REGISTER}
        # The newest of a name: the register 参加支援 has just written (a second load writes it again).
        for service in (
            Service.objects.filter(municipality=self.b.city).select_related("location").order_by("pk")
        ):
            if service.name in by_name:
                self.services[by_name[service.name]] = service
                self.registered[by_name[service.name]] = _day_of(service.created_at)
        orgs = {o.key: o for o in NEW_ORGS}
        for res, days in NEW:
            day = self.today - dt.timedelta(days=days)
            self.registered[res.key] = self.workday(day - dt.timedelta(days=10))
            service = self.services[res.key] = self._add(res, orgs, self.registered[res.key])
            # It began on the first day its schedule names.
            self.began[res.key] = next(iter(_days(list(service.schedules.all()), day, self.b.yesterday)), day)

    def _add(self, res: Res, orgs: dict[str, Any], day: dt.date) -> Service:
        """An activity new to the register, as the 生活支援コーディネーター types it in on ``day``."""
        known = ORGS_BY_KEY.get(res.org)
        if known is not None:
            org = Organization.objects.filter(municipality=self.b.city, name=known.name).order_by("pk").last()
            if org is None:
                raise LookupError(f"デモの社会資源の団体が見つかりません: {known.name}")
            self.touched.append((org, day))
        else:
            spec = orgs[res.org]
            org = Organization(name=spec.name, name_kana=spec.kana, kind=spec.kind, phone=spec.phone)
            self._stamp(org, day)
        location = Location(
            name=res.place,
            address=f"かさね市{res.at}",
            area=self._area_of(res.at),
            transportation=res.access,
            accessibility=res.barrier,
        )
        service = Service(
            name=res.name,
            name_kana=res.kana,
            description=res.about,
            categories=[str(c) for c in res.cats],
            funding=res.funding,
            activities=res.does,
            physical_load=res.load,
            suits_shy=res.shy,
            hosts_participants=res.hosts,
            eligibility=res.who,
            cost=res.cost,
            capacity=res.capacity,
            application=res.apply,
            contact_name=res.contact,
            contact_phone=res.tel,
        )
        schedules = [schedule(line) for line in res.when]
        save_service(service, org, location, schedules, changed=[*_FILLED, "schedules"], actor=self.actor)
        self._stamp(service, day)
        return service

    def _area_of(self, address: str) -> Area | None:
        town = _town(address)
        return next((self.areas[name] for name, towns in AREAS if town in towns), None)

    # ── places ───────────────────────────────────────────────────────────
    def _places(self) -> list[tuple[PlaceSpec, Place]]:
        made: list[tuple[PlaceSpec, Place]] = []
        for spec in PLACES:
            service = self.services[spec.key]
            if spec.months:
                started = months_before(self.today, spec.months).replace(day=1)
            else:
                started = self.began[spec.key]
            place = Place(
                municipality=self.b.city,
                service=service,
                generations=list(spec.generations),
                audiences=list(spec.audiences),
                started_on=started,
                on_map=spec.on_map,
                note=spec.note,
                created_by=self.worker,
            )
            made.append((spec, place))
        Place.objects.bulk_create([p for _, p in made])
        log_many(
            "community.place_saved",
            [Item(obj=p, details={"created": True, "on_map": p.on_map}) for _, p in made],
            actor=self.actor,
        )
        for spec, place in made:
            # Kept as a place of 地域づくり on the day its activity came into the register.
            self._stamp(place, self.registered[spec.key])
        self._locate([p.service.location for _, p in made if p.service.location is not None])
        return made

    def _locate(self, locations: list[Location]) -> None:
        """A point for each place on the resident map: its 町, a little apart from its neighbours."""
        seen: dict[int, Location] = {}
        for location in locations:
            rng = random.Random(f"{self.b.seed}:community:point:{location.address}")
            lat, lon = TOWN_POINTS[_town(location.address)]
            location.latitude = Decimal(f"{lat + rng.uniform(-0.002, 0.002):.6f}")
            location.longitude = Decimal(f"{lon + rng.uniform(-0.003, 0.003):.6f}")
            seen[location.pk] = location
        Location.objects.bulk_update(list(seen.values()), ["latitude", "longitude"])

    # ── a year of days ───────────────────────────────────────────────────
    def _gatherings(self, places: list[tuple[PlaceSpec, Place]]) -> int:
        start = months_before(self.today, 12) + dt.timedelta(days=1)
        cancelled = dict(CANCELLED)
        rows: list[Gathering] = []
        schedules = {
            s.pk: list(s.schedules.all())
            for s in Service.objects.filter(pk__in=[p.service_id for _, p in places]).prefetch_related(
                "schedules"
            )
        }
        for spec, place in places:
            assert place.started_on is not None
            days = _days(schedules[place.service_id], max(start, place.started_on), self.b.yesterday)
            rng = random.Random(f"{self.b.seed}:community:gatherings:{spec.key}")
            back = cancelled.get(spec.key, 0)
            skip = days[-back] if 0 < back <= len(days) else None
            months_seen: set[tuple[int, int]] = set()
            for day in days:
                first = (day.year, day.month) not in months_seen
                months_seen.add((day.year, day.month))
                event = EVENTS.get(spec.profile, {}).get(day.month, "") if first else ""
                row = (
                    _cancelled(place, day)
                    if day == skip
                    else _gathering(place, spec, PROFILES[spec.profile], day, event, rng)
                )
                row.recorded_by = self.worker
                rows.append(row)
        Gathering.objects.bulk_create(rows, batch_size=1000)
        by_place = {place.pk: spec.key for spec, place in places}
        # One entry per place for its year of days: the trail says what was typed in, and stays readable.
        held = Counter(row.place_id for row in rows)
        log_many(
            "community.gathering_saved",
            [Item(obj=place, details={"gatherings": held[place.pk]}) for _, place in places],
            actor=self.actor,
        )
        for row in rows:
            # Typed in from the host's sheet on the Monday after the day (or when the place was first kept).
            monday = row.held_on + dt.timedelta(days=7 - row.held_on.weekday())
            self._stamp(row, max(monday, self.registered[by_place[row.place_id]]))
        return len(rows)

    # ── coordination ─────────────────────────────────────────────────────
    def _coordinations(self) -> int:
        rows: list[Coordination] = []
        for c in sorted(COORDINATIONS, key=lambda c: -c.ago):
            day = self.workday(self.today - dt.timedelta(days=c.ago))
            rows.append(
                Coordination(
                    municipality=self.b.city,
                    agency=self.actor.agency,
                    contacted_on=day,
                    method=c.method,
                    counterpart_kind=c.kind,
                    counterpart=c.counterpart,
                    area=self.areas[c.area],
                    connection=c.connection,
                    connected_from=c.what,
                    connected_to=c.to,
                    service=self.services[c.service] if c.service else None,
                    outcome=c.outcome,
                    summary=c.summary,
                    next_on=self.today + dt.timedelta(days=c.next_in) if c.next_in is not None else None,
                    recorded_by=self.worker,
                )
            )
        Coordination.objects.bulk_create(rows)
        log_many(
            "community.coordination_saved",
            [Item(obj=c, details={"created": True, "outcome": c.outcome}) for c in rows],
            actor=self.actor,
        )
        for row in rows:
            self._stamp(row, row.contacted_on)
        return len(rows)

    # ── timestamps ───────────────────────────────────────────────────────
    def _backdate(self) -> None:
        """Move the timestamps Django set on insert back to the day each record was made: one update for the
        records of a day (a year of gatherings is typed in on some fifty Mondays)."""
        for model, stamped in self.stamps.items():
            days: dict[tuple[dt.datetime, dt.datetime], list[Any]] = {}
            for obj, made, touched in stamped:
                days.setdefault((made, touched), []).append(obj.pk)
            rows = model._default_manager.all()
            touches = any(f.attname == "updated_at" for f in model._meta.concrete_fields)
            for (made, touched), pks in days.items():
                stamps = {"created_at": made, "updated_at": touched} if touches else {"created_at": made}
                rows.filter(pk__in=pks).update(**stamps)
        for obj, day in self.touched:
            type(obj)._default_manager.filter(pk=obj.pk).update(updated_at=self.moment(day, 16))


def _town(address: str) -> str:
    line = address.removeprefix("かさね市")
    return max((t for t in TOWN_POINTS if line.startswith(t)), key=len)


def _day_of(moment: dt.datetime) -> dt.date:
    return moment.astimezone(TOKYO).date()


def _days(schedules: list[Schedule], start: dt.date, end: dt.date) -> list[dt.date]:
    """The days the schedules name between ``start`` and ``end``: weekly, or the nth (-1: last) weekday of the
    month; not in a month the schedule's note leaves out (「4月〜11月」「8月は休み」), nor over the new year."""
    days: set[dt.date] = set()
    for s in schedules:
        parts = [p.strip() for p in s.byday.split(",") if p.strip()]
        wanted = [(int(p[:-2]) if p[:-2] else 0, WEEKDAYS.index(p[-2:])) for p in parts]
        months = _months(s.description)
        day = start
        while day <= end:
            if day.month in months and not _new_year(day):
                for nth, weekday in wanted:
                    if day.weekday() == weekday and (s.freq == Frequency.WEEKLY or _nth(day, nth)):
                        days.add(day)
            day += dt.timedelta(days=1)
    return sorted(days)


def _months(note: str) -> set[int]:
    season = _SEASON.search(note)
    if season:
        first, last = int(season.group(1)), int(season.group(2))
        months = {(first - 1 + i) % 12 + 1 for i in range((last - first) % 12 + 1)}
    else:
        months = set(range(1, 13))
    return months - {int(m) for m in _CLOSED_MONTH.findall(note)}


def _nth(day: dt.date, nth: int) -> bool:
    if nth == -1:
        return (day + dt.timedelta(days=7)).month != day.month
    return (day.day - 1) // 7 + 1 == nth


def _new_year(day: dt.date) -> bool:
    return (day.month == 12 and day.day >= 29) or (day.month == 1 and day.day <= 3)


def _school_holiday(day: dt.date) -> bool:
    return any(start <= (day.month, day.day) <= end for start, end in SCHOOL_HOLIDAYS)


def _draw(rng: random.Random, mean: float) -> int:
    if mean <= 0:
        return 0
    return max(0, round(rng.gauss(mean, max(0.6, mean**0.5 * 0.7))))


def _gathering(
    place: Place, spec: PlaceSpec, profile: Profile, day: dt.date, event: str, rng: random.Random
) -> Gathering:
    """One ordinary day: more children at a 多世代 place in the school holidays, fewer elders in the snow, a
    new place finding its people over its first two months, a crowd on the month's special day."""
    assert place.started_on is not None
    weeks = (day - place.started_on).days / 7
    scale = (min(1.0, 0.5 + weeks / 16) if not spec.months else 1.0) * (1.25 if event else 1.0)
    bands = list(profile.bands)
    if "children" in spec.generations and place.crosses_generations and _school_holiday(day):
        bands[0] *= 1.6
    if day.month in (12, 1, 2):
        bands[3] *= 0.8
        bands[4] *= 0.75
    counts = [_draw(rng, mean * scale) for mean in bands]
    if not sum(counts):
        counts[max(range(len(bands)), key=lambda i: bands[i])] = 1
    row = Gathering(place=place, held_on=day, note=event, helpers=_draw(rng, profile.helpers))
    for (field, _), n in zip(AGE_BANDS, counts, strict=True):
        setattr(row, field, n)
    row.attendance = sum(counts)
    shares = list(profile.shares)
    if weeks < 9 and not spec.months:
        shares[-1] = 0.3  # a new place: many come for the first time
    for (field, _), share in zip(ATTENDEE_CATEGORIES, shares, strict=True):
        n = round(row.attendance * share + rng.gauss(0, 0.5)) if share else 0
        setattr(row, field, min(max(n, 0), row.attendance))
    return row


def _cancelled(place: Place, day: dt.date) -> Gathering:
    season = "winter" if day.month in (12, 1, 2, 3) else "summer" if day.month in (6, 7, 8, 9) else "other"
    return Gathering(place=place, held_on=day, note=CANCEL_NOTES[season], attendance=0)
