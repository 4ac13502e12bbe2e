"""かさね市's register of 社会資源 (issue 15): about 80 activities of the city's organisations across the four 圏域,
written through ``kasane.resources.services.save_service`` as the 社協's CSW (kyodo) and the city's 地域福祉課 (shi)
would type them in — both hold ``resource.edit`` — so that each leaves its audit entry. The city registered what
its own facilities and schools offer, the 社協 the rest.

The register was built up over the first months of the previous 年度: each record's ``created_at`` is moved back
to its day, as ``store.Store`` does for the case journey (the audit entries keep the moment of loading). An
activity the 社協's 資源開拓 found later is added by ``participation`` through ``Register.add`` on its own day.
"""

from __future__ import annotations

import datetime as dt
import re

from django.utils import timezone

from kasane.audit.actor import Actor
from kasane.demo.city.build import Builder
from kasane.demo.city.data.city import AREAS
from kasane.demo.city.data.resources_central import CENTRAL
from kasane.demo.city.data.resources_central_more import CENTRAL_MORE
from kasane.demo.city.data.resources_east import EAST
from kasane.demo.city.data.resources_north import NORTH
from kasane.demo.city.data.resources_orgs import ORGS
from kasane.demo.city.data.resources_shape import Res
from kasane.demo.city.data.resources_south import KAMIKO, SOUTH
from kasane.lib.dates import TOKYO, fiscal_year, fiscal_year_bounds
from kasane.resources.models import Location, Organization, OrganizationKind, Schedule, Service
from kasane.resources.schedules import parse_days
from kasane.resources.services import save_service
from kasane.tenancy.models import Area

REGISTER: list[Res] = [*CENTRAL, *CENTRAL_MORE, *NORTH, *SOUTH, *EAST]
ORGS_BY_KEY = {o.key: o for o in [*ORGS, KAMIKO]}
# What the city's own staff register: its facilities and its schools.
CITY_KINDS = (OrganizationKind.PUBLIC, OrganizationKind.EDUCATION)
SPREAD_DAYS = 150  # the register was typed in over the first five months of the previous 年度
_WHEN = re.compile(r"^(\S+)\s+(\d{1,2}):(\d{2})-(\d{1,2}):(\d{2})(?:（(.+)）)?$")
_FILLED = (
    "name",
    "name_kana",
    "description",
    "categories",
    "funding",
    "activities",
    "physical_load",
    "suits_shy",
    "transport_provided",
    "hosts_participants",
    "hosted_before",
    "eligibility",
    "minimum_age",
    "maximum_age",
    "cost",
    "capacity",
    "application",
    "contact_name",
    "contact_phone",
)


class Register:
    """The register as the demo writes it: organisations, places and activities by their keys in ``data``."""

    def __init__(self, b: Builder) -> None:
        self.b = b
        self.areas = {a.name: a for a in Area.objects.filter(municipality=b.city)}
        # Longest first, so that a 町名 is never taken for the start of another.
        self.towns = sorted(((t, area) for area, towns in AREAS for t in towns), key=lambda p: -len(p[0]))
        self.csw = Actor(user=b.users["kyodo"], municipality=b.city, agency=b.agency("shakyo"))
        self.city = Actor(user=b.users["shi"], municipality=b.city, agency=b.agency("chiiki_fukushi"))
        self.orgs: dict[str, Organization] = {}
        self.places: dict[tuple[str, str, str], Location] = {}
        self.services: dict[str, Service] = {}
        self.org_days: list[tuple[Organization, dt.date]] = []
        self.service_days: list[tuple[Service, dt.date]] = []

    def load(self) -> dict[str, Service]:
        start = fiscal_year_bounds(fiscal_year(self.b.today) - 1)[0]
        for i, res in enumerate(REGISTER):
            self.add(res, self.b.workday(start + dt.timedelta(days=i * SPREAD_DAYS // len(REGISTER))))
        return self.services

    def area_of(self, address: str) -> Area | None:
        """The 圏域 of an address in the city (「かさね市北田3-6」 or 「北田3-6」), by its 町名."""
        line = address.removeprefix("かさね市")
        return next((self.areas.get(area) for town, area in self.towns if line.startswith(town)), None)

    def add(self, res: Res, day: dt.date) -> Service:
        spec = ORGS_BY_KEY[res.org]
        org = self.orgs.get(spec.key) or Organization(
            name=spec.name,
            name_kana=spec.kana,
            kind=spec.kind,
            phone=spec.phone,
            email=spec.email,
            description=spec.about,
        )
        place = res.place or spec.name
        location = self.places.get((spec.key, place, res.at)) or Location(
            name=place,
            address=f"かさね市{res.at}",
            area=self.area_of(res.at),
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
            transport_provided=res.lift,
            hosts_participants=res.hosts,
            hosted_before=res.before,
            eligibility=res.who,
            minimum_age=res.ages[0],
            maximum_age=res.ages[1],
            cost=res.cost,
            capacity=res.capacity,
            application=res.apply,
            contact_name=res.contact,
            contact_phone=res.tel,
        )
        changed = [name for name in _FILLED if getattr(service, name) not in (None, "", [], False)]
        schedules = [schedule(line) for line in res.when]
        actor = self.city if spec.kind in CITY_KINDS else self.csw
        save_service(service, org, location, schedules, changed=[*changed, "schedules"], actor=actor)
        if spec.key not in self.orgs:
            self.orgs[spec.key] = org
            self.org_days.append((org, day))
        self.places[(spec.key, place, res.at)] = location
        self.services[res.key] = service
        self.service_days.append((service, day))
        return service

    def backdate(self) -> None:
        """Move ``created_at`` and ``updated_at`` back to the day each record was typed in."""
        now = timezone.now()
        for n, (org, day) in enumerate(self.org_days):
            org.created_at = org.updated_at = min(_moment(day, n), now)
        for n, (service, day) in enumerate(self.service_days):
            service.created_at = service.updated_at = min(_moment(day, n), now)
        Organization.objects.bulk_update([o for o, _ in self.org_days], ["created_at", "updated_at"])
        Service.objects.bulk_update([s for s, _ in self.service_days], ["created_at", "updated_at"])


def _moment(day: dt.date, n: int) -> dt.datetime:
    """A time in the working day, varied from one record to the next."""
    return dt.datetime.combine(day, dt.time(9 + n % 8, (n * 7) % 60), tzinfo=TOKYO)


def schedule(line: str) -> Schedule:
    """「月・水 10:00-15:00（祝日は休み）」 → a Schedule, as the register's form reads it."""
    match = _WHEN.match(line)
    if match is None:
        raise ValueError(f"デモの社会資源の日程が読み取れません：「{line}」")
    days, h1, m1, h2, m2, note = match.groups()
    freq, byday = parse_days(days)
    return Schedule(
        freq=freq,
        byday=byday,
        opens_at=dt.time(int(h1), int(m1)),
        closes_at=dt.time(int(h2), int(m2)),
        description=note or "",
    )
