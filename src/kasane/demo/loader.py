"""The demo municipality: かさね市 (fictional) with its 圏域, agencies, topics and staff, plus a small
neighbour (さくら町) so that isolation between municipalities can be seen. The data is in ``city.data``."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.db.models import Prefetch

from kasane.accounts.models import Membership, Role, User
from kasane.agencies.models import Agency, AgencyTopic, SupportField, Topic
from kasane.demo.city import data
from kasane.demo.city.cases import load_cases
from kasane.demo.city.data import AgencySpec
from kasane.demo.city.meetings import load_meetings
from kasane.demo.prefecture import load_backup_support
from kasane.lib.dates import today
from kasane.tenancy.models import Area, Municipality, Prefecture

DEMO_PASSWORD = "kasane-demo-2026"  # noqa: S105 - published on purpose; demo data only
DEMO_MUNICIPALITY_CODE = data.DEMO_CODE
SECOND_MUNICIPALITY_CODE = data.SECOND_CODE

_KATA_TO_HIRA = str.maketrans({chr(c): chr(c - 0x60) for c in range(ord("ァ"), ord("ヶ") + 1)})
_NOT_USERNAME = re.compile(r"[^a-z0-9]")


@dataclass(frozen=True)
class DemoAccount:
    username: str
    full_name: str
    role_name: str
    agency_name: str


def demo_loaded() -> bool:
    return Municipality.objects.filter(code=DEMO_MUNICIPALITY_CODE).exists()


def load_demo(*, seed: int = 2026) -> list[DemoAccount]:
    """Create the demo municipalities in one transaction and return the one-per-role login accounts.

    かさね市 also gets its residents: households, consultations, referrals and 多機関協働 cases
    (``city.cases``); their counts are kept in ``last_case_counts`` for whoever prints a summary.
    """
    with transaction.atomic():
        existing = Municipality.objects.filter(code__in=[data.DEMO_CODE, data.SECOND_CODE])
        if existing.exists():
            names = "、".join(m.name for m in existing)
            raise RuntimeError(f"デモ用の市町村（{names}）はすでに作成されています。")
        prefecture, _ = Prefecture.objects.get_or_create(
            code=data.PREFECTURE_CODE, defaults={"name": data.PREFECTURE_NAME}
        )
        city = Municipality.objects.create(
            prefecture=prefecture, code=data.DEMO_CODE, name=data.DEMO_NAME, population=data.DEMO_POPULATION
        )
        town = Municipality.objects.create(
            prefecture=prefecture,
            code=data.SECOND_CODE,
            name=data.SECOND_NAME,
            population=data.SECOND_POPULATION,
        )
        areas = _create_areas(city)
        municipalities = {city.code: city, town.code: town}
        specs = [*data.CITY_AGENCIES, data.PREFECTURE_AGENCY, data.CONTRACTOR_AGENCY, *data.SECOND_AGENCIES]
        agencies = _create_agencies(specs, prefecture, municipalities, areas)
        users = _create_staff(agencies, seed)
        meetings = load_meetings(city, agencies, users, today())
        last_case_counts.clear()
        last_case_counts.update(load_cases(city, agencies, users, today(), meetings))
        load_backup_support(prefecture, users, today())
    return demo_accounts()


# What the last load_demo() created for かさね市's residents (世帯, 相談, つなぎ, ケース …), by kind.
last_case_counts: dict[str, int] = {}


def demo_accounts() -> list[DemoAccount]:
    """The one-per-role login accounts as they are in the database, in role order."""
    usernames = [login[0] for login in data.DEMO_LOGINS]
    memberships = Membership.objects.select_related("agency", "role").order_by("pk")
    users = {
        user.username: user
        for user in User.objects.filter(username__in=usernames).prefetch_related(
            Prefetch("memberships", queryset=memberships)
        )
    }
    accounts: list[DemoAccount] = []
    for username, _name, _kana, _agency, role_code in data.DEMO_LOGINS:
        user = users.get(username)
        if user is None:
            continue
        links = list(user.memberships.all())
        link = next((m for m in links if m.role.code == role_code), links[0] if links else None)
        accounts.append(
            DemoAccount(
                username=user.username,
                full_name=user.full_name,
                role_name=link.role.name if link else "",
                agency_name=link.agency.name if link else "",
            )
        )
    return accounts


def _create_areas(city: Municipality) -> dict[str, Area]:
    areas = Area.objects.bulk_create(
        Area(municipality=city, name=name, towns="\n".join(towns), sort_order=order)
        for order, (name, towns) in enumerate(data.AREAS, start=1)
    )
    return {area.name: area for area in areas}


def _create_agencies(
    specs: list[AgencySpec],
    prefecture: Prefecture,
    municipalities: dict[str, Municipality],
    areas: dict[str, Area],
) -> dict[str, Agency]:
    fields = {f.code: f for f in SupportField.objects.all()}
    topics = {t.name: t for t in Topic.objects.all()}
    built: list[Agency] = []
    for spec in specs:
        agency = Agency(
            prefecture=prefecture,
            municipality=municipalities[spec.municipality] if spec.municipality else None,
            name=spec.name,
            name_kana=spec.name_kana,
            kind=spec.kind,
            operation_form=spec.operation_form,
            contractor=spec.contractor,
            department=spec.department,
            area=areas[spec.area] if spec.area else None,
            postal_code=spec.postal_code,
            address=spec.address,
            phone=spec.phone,
            fax=spec.fax,
            email=spec.email,
            hours=spec.hours,
            contact_person=spec.contact_person,
            handles_text=spec.handles_text,
            referral_howto=spec.referral_howto,
            runs_collaboration=spec.runs_collaboration,
            is_listed=spec.is_listed,
        )
        agency.refresh_search_text()
        built.append(agency)
    created = Agency.objects.bulk_create(built)
    by_key = {spec.key: agency for spec, agency in zip(specs, created, strict=True)}

    field_links = []
    topic_links = []
    for spec in specs:
        agency = by_key[spec.key]
        field_links += [
            Agency.support_fields.through(agency=agency, supportfield=fields[c]) for c in spec.fields
        ]
        missing = set(spec.topics) - set(topics)
        if missing:
            raise LookupError(f"Unknown topics for {spec.key}: {sorted(missing)}")
        topic_links += [
            AgencyTopic(agency=agency, topic=topics[name], level=level) for name, level in spec.topics.items()
        ]
    Agency.support_fields.through.objects.bulk_create(field_links)
    AgencyTopic.objects.bulk_create(topic_links)
    return by_key


class _Namer:
    """Unique staff names from Faker's ja_JP person provider, with hiragana furigana and romaji logins."""

    def __init__(self, seed: int, taken_names: set[str], taken_usernames: set[str]) -> None:
        try:
            from faker import Faker  # noqa: PLC0415 - faker is the demo's own dependency group
        except ImportError as exc:
            raise RuntimeError("デモの職員名を作るには faker が必要です（uv sync --group demo）。") from exc
        self.fake = Faker("ja_JP")
        self.fake.seed_instance(seed)
        self.names = taken_names
        self.usernames = taken_usernames

    def next(self) -> tuple[str, str, str]:
        while True:
            last = self.fake.last_name_pair()
            female = self.fake.boolean()
            first = self.fake.first_name_female_pair() if female else self.fake.first_name_male_pair()
            full_name = f"{last[0]} {first[0]}"
            if full_name not in self.names:
                break
        self.names.add(full_name)
        kana = f"{last[1]} {first[1]}".translate(_KATA_TO_HIRA)
        base = ".".join(_NOT_USERNAME.sub("", part.lower()) for part in (last[2], first[2]))
        username, n = base, 1
        while username in self.usernames:
            n += 1
            username = f"{base}{n}"
        self.usernames.add(username)
        return username, full_name, kana


def _create_staff(agencies: dict[str, Agency], seed: int) -> dict[str, User]:
    roles = {role.code: role for role in Role.objects.all()}
    memberships: list[Membership] = []

    # Login accounts go through create_user; a handful of Argon2 hashes is affordable.
    for username, full_name, kana, agency_key, role_code in data.DEMO_LOGINS:
        user = User.objects.create_user(
            username=username, password=DEMO_PASSWORD, full_name=full_name, full_name_kana=kana
        )
        memberships.append(Membership(user=user, agency=agencies[agency_key], role=roles[role_code]))

    # Everyone else shares one hash of the same password and is bulk-created.
    password = make_password(DEMO_PASSWORD)
    rows: list[tuple[str, str, str, str, str]] = list(data.NAMED_STAFF)
    taken_names = {row[1] for row in [*data.DEMO_LOGINS, *rows]}
    taken_usernames = {row[0] for row in [*data.DEMO_LOGINS, *rows]}
    namer = _Namer(seed, taken_names, taken_usernames)
    for agency_key, role_code, count in data.STAFFING:
        for _ in range(count):
            rows.append((*namer.next(), agency_key, role_code))
    users = User.objects.bulk_create(
        User(username=username, password=password, full_name=full_name, full_name_kana=kana)
        for username, full_name, kana, _agency, _role in rows
    )
    first_of: dict[tuple[str, str], User] = {}
    for user, (*_, agency_key, role_code) in zip(users, rows, strict=True):
        memberships.append(Membership(user=user, agency=agencies[agency_key], role=roles[role_code]))
        first_of.setdefault((agency_key, role_code), user)

    # A few people hold two roles (a centre's manager who also takes consultations, …).
    seconds: defaultdict[User, list[tuple[str, str]]] = defaultdict(list)
    for holder, (agency_key, role_code) in data.SECOND_MEMBERSHIPS:
        seconds[first_of[holder]].append((agency_key, role_code))
    for user, extra in seconds.items():
        memberships += [Membership(user=user, agency=agencies[a], role=roles[r]) for a, r in extra]
    Membership.objects.bulk_create(memberships)
    return {m.user.username: m.user for m in memberships}
