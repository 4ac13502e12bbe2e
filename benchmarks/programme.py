"""Speed of 事業の実施状況 (/programme/) for a whole municipality, printed as figures (not asserted: see README).

    uv run python benchmarks/programme.py                  # 100,000 consultations, SQLite in a temporary data directory
    uv run python benchmarks/programme.py 1000000          # a million: the load alone takes about 20 minutes

The run at a million, on PostgreSQL (an empty, throwaway database; the load takes about 9 minutes):

    createdb -h 127.0.0.1 -U postgres -T template0 -E UTF8 --lc-collate=C.UTF-8 --lc-ctype=C.UTF-8 kasane_bench_p
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kasane_bench_p uv run python benchmarks/programme.py 1000000
    dropdb -h 127.0.0.1 -U postgres kasane_bench_p         # when done: about 1 GB

Builds one municipality (ベンチ市) of 40 agencies, four of them 多機関協働事業者, with N 相談受付 (the argument)
received over six years, more of them lately: ~0.75 N persons in households, ~30 % of the consultations sent on
as つなぎ (most long answered, a few forgotten), 経過 on the 相談記録 that stay open for follow-up (most are
closed, some forgotten open), N/50 多機関協働 cases with their consent, team and plan versions (active plans
due for review around today), and N/200 sittings of four meeting bodies with items and tasks. Rows are written
with COPY on PostgreSQL and executemany on SQLite, with ids given (then the sequences reset), so a million
consultations load in minutes; persons get no PersonKey rows (the page never searches).

Then, as a 市の事業担当 (city_program, the whole municipality), it times ``compute()`` of
``kasane.programme.figures`` and the page through Django's test client (middleware, template), median and p95
over --repeat runs after a warm-up, and the same ``compute()`` for one agency's 機関管理者; prints every query of
``compute()`` with its median and p95, and the plan of the slowest (EXPLAIN ANALYZE on PostgreSQL, EXPLAIN
QUERY PLAN on SQLite).

A database that already holds ベンチ市 with the same N is reused: the load is skipped and ``migrate`` applies
any new migration, so a fix can be timed before and after on the same rows (KASANE_DATA_DIR=… keeps a SQLite
database between runs). Results: benchmarks/results/programme.txt.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import re
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import pyotp

_TEMP_DIR = None
if "KASANE_DATA_DIR" not in os.environ:
    _TEMP_DIR = tempfile.mkdtemp(prefix="kasane-bench-")
    os.environ["KASANE_DATA_DIR"] = _TEMP_DIR
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kasane.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.core.management.color import no_style  # noqa: E402
from django.db import connection, models  # noqa: E402
from django.db.models import Max  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from django.utils import timezone  # noqa: E402

CITY_CODE = "039998"
AGENCIES = 40
HUBS = 4  # of the agencies, the 多機関協働事業者 (each hosts a meeting body)
STAFF_PER_AGENCY = 3
HISTORY_DAYS = 6 * 365
CHUNK = 50_000
SEED = 20261207
REFERRAL_SHARE = 0.30

SURNAMES = ["佐藤", "鈴木", "高橋", "田中", "伊藤", "渡辺", "山本", "中村", "小林", "加藤", "吉田", "山田"]
GIVEN = ["一郎", "花子", "健一", "幸子", "翔太", "美咲", "誠", "陽菜", "和夫", "恵子", "大輔", "結衣"]
TOPICS = ["health", "housing", "income", "debt", "job_search", "family", "childcare", "care", "withdrawal"]


def timed(fn: Callable[[], object], repeat: int) -> list[float]:
    fn()  # warm up
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def med_p95(samples: Sequence[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[max(int(len(ordered) * 0.95) - 1, 0)]


# --- writing rows fast ---------------------------------------------------------------------------------------


def _db_value(field: models.Field, obj: models.Model, now: dt.datetime) -> Any:
    value = getattr(obj, field.attname)
    if value is None and (getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)):
        value = now
    return field.get_db_prep_save(value, connection)


def insert(model: type[models.Model], objs: Sequence[models.Model]) -> None:
    """Write model instances whose pk is already set, every concrete column, without the ORM's INSERT."""
    if not objs:
        return
    fields = list(model._meta.local_concrete_fields)
    now = timezone.now()
    qn = connection.ops.quote_name
    table = qn(model._meta.db_table)
    columns = ", ".join(qn(f.column) for f in fields)
    rows = [[_db_value(f, o, now) for f in fields] for o in objs]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(fields))
            cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", rows)


class Ids:
    """The next free id of each model: rows are written with their ids so children can point at them."""

    def __init__(self) -> None:
        self.next: dict[type[models.Model], int] = {}

    def take(self, model: type[models.Model]) -> int:
        if model not in self.next:
            self.next[model] = (model._default_manager.aggregate(m=Max("pk"))["m"] or 0) + 1
        value = self.next[model]
        self.next[model] = value + 1
        return value

    def reset_sequences(self) -> None:
        if connection.vendor != "postgresql":
            return  # SQLite's AUTOINCREMENT follows the largest id written
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), list(self.next)):
                cursor.execute(sql)


def at(day: dt.date, rng: random.Random) -> dt.datetime:
    """A moment in office hours of a day, Tokyo time."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time(rng.randint(9, 16), rng.randint(0, 59))))


def recent_age(rng: random.Random) -> int:
    """Days ago, within the history, more of them lately (the service grew)."""
    return int(rng.triangular(0, HISTORY_DAYS, 0))


# --- the municipality ----------------------------------------------------------------------------------------


def load(n: int, n_cases: int, day: dt.date, rng: random.Random) -> dict[str, Any]:
    from kasane.accounts.models import Membership, Role, User
    from kasane.agencies.models import Agency, AgencyKind, OperationForm
    from kasane.casework.models import (
        CLOSED_AT_INTAKE,
        Case,
        CaseStatus,
        CloseReason,
        Consent,
        Consultation,
        ConsultationNote,
        Household,
        Person,
        Plan,
        PlanStatus,
        Referral,
        ReferralBasis,
        Response,
        Status,
        TeamMember,
    )
    from kasane.meetings.models import ActionItem, AgendaItem, Meeting, MeetingBody
    from kasane.meetings.vocabulary import ItemKind, ItemStatus, MeetingKind, MeetingStatus
    from kasane.tenancy.models import Municipality, Prefecture

    prefecture = Prefecture.objects.get_or_create(code="03", defaults={"name": "岩手県"})[0]
    city = Municipality.objects.create(prefecture=prefecture, code=CITY_CODE, name="ベンチ市", population=n)
    kinds = [AgencyKind.HOUKATSU, AgencyKind.SHOGAI_SODAN, AgencyKind.JIRITSU_SODAN, AgencyKind.NPO]
    agencies = []
    for i in range(AGENCIES):
        agency = Agency(
            prefecture=prefecture,
            municipality=city,
            name=f"ベンチ相談機関{i + 1:02d}",
            kind=AgencyKind.SHAKYO if i < HUBS else kinds[i % len(kinds)],
            operation_form=OperationForm.DIRECT,
            runs_collaboration=i < HUBS,
        )
        agency.refresh_search_text()
        agencies.append(agency)
    division = Agency(
        prefecture=prefecture,
        municipality=city,
        name="ベンチ市地域福祉課",
        kind=AgencyKind.CITY_DIVISION,
        operation_form=OperationForm.DIRECT,
    )
    division.refresh_search_text()
    agencies = Agency.objects.bulk_create([*agencies, division])
    division = agencies.pop()
    agency_ids = [a.pk for a in agencies]
    hub_ids = agency_ids[:HUBS]

    soudanin = Role.objects.get(code="soudanin")
    staff = User.objects.bulk_create(
        [
            User(username=f"bench-{a.pk}-{k}", full_name=f"{SURNAMES[(a.pk + k) % 12]} 職員{k + 1}")
            for a in agencies
            for k in range(STAFF_PER_AGENCY)
        ]
    )
    for user in staff:
        user.set_unusable_password()
    User.objects.bulk_update(staff, ["password"])
    Membership.objects.bulk_create(
        [
            Membership(user=u, agency_id=agency_ids[i // STAFF_PER_AGENCY], role=soudanin)
            for i, u in enumerate(staff)
        ]
    )
    staff_of = {
        a: [u.pk for u in staff[i * STAFF_PER_AGENCY : (i + 1) * STAFF_PER_AGENCY]]
        for i, a in enumerate(agency_ids)
    }
    # Both with 2FA set up, as their roles require before any page.
    city_user = User.objects.create_user(username="bench-shi", password=None, full_name="ベンチ 事業担当")
    Membership.objects.create(user=city_user, agency=division, role=Role.objects.get(code="city_program"))
    manager = User.objects.create_user(username="bench-kikan", password=None, full_name="ベンチ 管理者")
    User.objects.filter(pk__in=[city_user.pk, manager.pk]).update(
        totp_secret=pyotp.random_base32(), totp_confirmed_at=timezone.now()
    )
    Membership.objects.create(user=manager, agency=agencies[HUBS], role=Role.objects.get(code="agency_admin"))

    ids = Ids()
    # Households and persons: ~0.75 persons per consultation, one to three to a household.
    n_persons = max(1, n * 3 // 4)
    person_ids: list[int] = []
    person_agency: list[int] = []
    person_household: list[int] = []
    household_main: list[int] = []  # household index -> its first member's id
    household_ids: list[int] = []
    made = 0
    while made < n_persons:
        households: list[Household] = []
        persons: list[Person] = []
        while len(persons) < CHUNK and made + len(persons) < n_persons:
            agency_id = rng.choice(agency_ids)
            household = Household(id=ids.take(Household), municipality_id=city.pk, owner_agency_id=agency_id)
            households.append(household)
            household_ids.append(household.pk)
            size = min(rng.choice([1, 1, 2, 2, 3]), n_persons - made - len(persons))
            surname = rng.choice(SURNAMES)
            for m in range(size):
                person = Person(
                    id=ids.take(Person),
                    municipality_id=city.pk,
                    owner_agency_id=agency_id,
                    household_id=household.pk,
                    name=f"{surname} {rng.choice(GIVEN)}",
                    is_main=m == 0,
                )
                if m == 0:
                    household_main.append(person.pk)
                persons.append(person)
                person_ids.append(person.pk)
                person_agency.append(agency_id)
                person_household.append(household.pk)
        insert(Household, households)
        insert(Person, persons)
        made += len(persons)

    # 相談受付, their 経過, and the つなぎ sent from them, written oldest first as the service writes them, so
    # that ids and the table's pages follow the 受付日.
    ages = sorted((recent_age(rng) for _ in range(n)), reverse=True)
    counts = {"notes": 0, "referrals": 0}
    intake = [Response.ADVICE, Response.END, Response.CONTINUE]
    for begin in range(0, n, CHUNK):
        consultations, notes, referrals = [], [], []
        for age in ages[begin : begin + CHUNK]:
            p = rng.randrange(n_persons)
            owner = person_agency[p] if rng.random() < 0.8 else rng.choice(agency_ids)
            received_on = day - dt.timedelta(days=age)
            received_at = at(received_on, rng)
            referred = rng.random() < REFERRAL_SHARE
            if referred:
                response = Response.COLLABORATION if rng.random() < 0.15 else Response.REFER
            else:
                response = rng.choices(intake, [55, 10, 35])[0]
            c = Consultation(
                id=ids.take(Consultation),
                municipality_id=city.pk,
                owner_agency_id=owner,
                person_id=person_ids[p],
                household_id=person_household[p],
                received_at=received_at,
                topics=rng.sample(TOPICS, rng.randint(1, 3)),
                complaint="相談の主訴。",
                response=response,
                recorded_by_name="ベンチ 職員",
                created_at=received_at,
            )
            if response in CLOSED_AT_INTAKE:
                c.closed_on, c.close_reason = received_on, CLOSED_AT_INTAKE[response]
            else:
                still_open = 0.6 if age < 90 else 0.15 if age < 365 else 0.03
                if rng.random() >= still_open:
                    c.closed_on = received_on + dt.timedelta(days=rng.randint(0, min(age, 200)))
                    c.close_reason = rng.choice(
                        [CloseReason.RESOLVED, CloseReason.HANDED_OVER, CloseReason.DECLINED]
                    )
                last = c.closed_on or day
                span = (last - received_on).days
                for _ in range(rng.choice([0, 1, 1, 2, 3, 4]) if span else 0):
                    on = received_on + dt.timedelta(days=rng.randint(1, span))
                    notes.append(
                        ConsultationNote(
                            id=ids.take(ConsultationNote),
                            consultation_id=c.pk,
                            agency_id=owner,
                            on=on,
                            text="経過の記録。",
                            author_name="ベンチ 職員",
                            created_at=at(on, rng),
                        )
                    )
            consultations.append(c)
            if referred:
                created_at = min(received_at + dt.timedelta(hours=rng.randint(0, 48)), timezone.now())
                weights: list[float]
                if age < 30:
                    weights = [30, 25, 5, 25, 15, 0]
                elif age < 180:
                    weights = [3, 7, 5, 15, 65, 5]
                else:
                    weights = [0.3, 0.7, 5, 2, 87, 5]
                referral_status = rng.choices(list(Status), weights)[0]
                referrals.append(
                    Referral(
                        id=ids.take(Referral),
                        municipality_id=city.pk,
                        person_id=c.person_id,
                        household_id=c.household_id,
                        consultation_id=c.pk,
                        from_agency_id=owner,
                        from_user_name="ベンチ 職員",
                        to_agency_id=rng.choice([a for a in agency_ids if a != owner]),
                        to_collaboration=response == Response.COLLABORATION,
                        basis=ReferralBasis.OTHER,
                        message="ベンチマークのつなぎ",
                        reply_by=localtime_date(created_at) + dt.timedelta(days=14)
                        if rng.random() < 0.8
                        else None,
                        status=referral_status,
                        created_at=created_at,
                        updated_at=created_at,
                    )
                )
        insert(Consultation, consultations)
        insert(ConsultationNote, notes)
        insert(Referral, referrals)
        counts["notes"] += len(notes)
        counts["referrals"] += len(referrals)

    # 多機関協働 cases (one household each), their consent, team and plan versions.
    open_states = [
        CaseStatus.INTAKE,
        CaseStatus.ASSESSMENT,
        CaseStatus.PLANNING,
        CaseStatus.AWAITING_MEETING,
        CaseStatus.SUPPORT,
    ]
    consents, cases, team, plans = [], [], [], []
    case_ages = sorted((recent_age(rng) for _ in range(n_cases)), reverse=True)
    for h, age in zip(rng.sample(range(len(household_ids)), len(case_ages)), case_ages, strict=False):
        hub = rng.choice(hub_ids)
        opened_on = day - dt.timedelta(days=age)
        case_status = (
            CaseStatus.CLOSED if rng.random() < 0.65 else rng.choices(open_states, [5, 8, 8, 6, 73])[0]
        )
        closed_on = None
        if case_status == CaseStatus.CLOSED:
            closed_on = min(opened_on + dt.timedelta(days=rng.randint(30, 720)), day)
        consent = Consent(
            id=ids.take(Consent),
            municipality_id=city.pk,
            person_id=household_main[h],
            owner_agency_id=hub,
            covers_collaboration=True,
            covers_meeting=True,
            obtained_on=opened_on,
            obtained_by_name="ベンチ 職員",
        )
        consents.append(consent)
        case = Case(
            id=ids.take(Case),
            municipality_id=city.pk,
            owner_agency_id=hub,
            household_id=household_ids[h],
            person_id=household_main[h],
            consent_id=consent.pk,
            status=case_status,
            title="ベンチマークのケース",
            opened_on=opened_on,
            closed_on=closed_on,
            lead_user_id=rng.choice(staff_of[hub]) if rng.random() < 0.9 else None,
        )
        cases.append(case)
        for agency_id in [hub, *rng.sample([a for a in agency_ids if a != hub], rng.randint(1, 3))]:
            team.append(
                TeamMember(
                    id=ids.take(TeamMember),
                    case_id=case.pk,
                    agency_id=agency_id,
                    joined_on=opened_on,
                    left_on=closed_on,
                )
            )
        if case_status in (CaseStatus.INTAKE, CaseStatus.ASSESSMENT):
            continue
        versions = rng.randint(1, 3)
        for version in range(1, versions + 1):
            latest = version == versions
            plan_status = PlanStatus.ENDED
            review = None
            if latest and case_status == CaseStatus.SUPPORT:
                plan_status = PlanStatus.ACTIVE
                review = day + dt.timedelta(days=rng.randint(-60, 120))
            elif latest and case_status == CaseStatus.AWAITING_MEETING:
                plan_status = PlanStatus.SUBMITTED
            elif latest and case_status == CaseStatus.PLANNING:
                plan_status = PlanStatus.DRAFT
            plans.append(
                Plan(
                    id=ids.take(Plan),
                    case_id=case.pk,
                    version=version,
                    status=plan_status,
                    long_term_goal="安心して暮らしたい",
                    short_term_goals="週に一度外出する",
                    next_review_on=review,
                    author_name="ベンチ 職員",
                )
            )
    insert(Consent, consents)
    insert(Case, cases)
    insert(TeamMember, team)
    insert(Plan, plans)

    # Meeting bodies (one per hub), their sittings over the history and two months ahead, items and tasks.
    bodies = MeetingBody.objects.bulk_create(
        [
            MeetingBody(
                municipality=city,
                name=f"ベンチ包括的支援会議{i + 1}",
                kinds=[MeetingKind.SUPPORT, MeetingKind.LAYERED],
                host_agency_id=hub,
            )
            for i, hub in enumerate(hub_ids)
        ]
    )
    n_sittings = max(200, n // 200)
    span = HISTORY_DAYS + 60
    all_staff = [u.pk for u in staff]
    case_ids = [c.pk for c in cases]
    awaiting = [c.pk for c in cases if c.status == CaseStatus.AWAITING_MEETING]
    meetings, items, actions = [], [], []
    item_kinds = list(ItemKind)
    for k in range(n_sittings):
        held_on = day - dt.timedelta(days=HISTORY_DAYS) + dt.timedelta(days=span * k // n_sittings)
        past = held_on < day
        meeting_status = MeetingStatus.SCHEDULED
        if past:
            meeting_status = rng.choices(
                [MeetingStatus.HELD, MeetingStatus.CANCELLED, MeetingStatus.SCHEDULED], [95, 3, 2]
            )[0]
        meeting = Meeting(
            id=ids.take(Meeting),
            municipality_id=city.pk,
            body_id=bodies[k % len(bodies)].pk,
            title=f"ベンチ会議 {k + 1}",
            kinds=[MeetingKind.SUPPORT, MeetingKind.LAYERED],
            held_on=held_on,
            status=meeting_status,
            attendance_recorded_at=at(held_on, rng)
            if meeting_status == MeetingStatus.HELD and rng.random() < 0.97
            else None,
        )
        meetings.append(meeting)
        for order in range(1, 7):
            kind = rng.choices(item_kinds, [30, 25, 30, 10, 5])[0]
            case_id = None
            if kind in (ItemKind.PLAN_APPROVAL, ItemKind.PROGRESS, ItemKind.CLOSURE):
                case_id = (
                    rng.choice(awaiting)
                    if (not past and awaiting and rng.random() < 0.5)
                    else rng.choice(case_ids)
                )
            discussed = meeting_status == MeetingStatus.HELD and rng.random() < 0.97
            item = AgendaItem(
                id=ids.take(AgendaItem),
                meeting_id=meeting.pk,
                order=order,
                kind=kind,
                title=f"議題 {order}",
                case_id=case_id,
                status=ItemStatus.DISCUSSED if discussed else ItemStatus.PENDING,
            )
            items.append(item)
            if discussed and rng.random() < 0.6:
                due_on = held_on + dt.timedelta(days=rng.randint(14, 60))
                actions.append(
                    ActionItem(
                        id=ids.take(ActionItem),
                        item_id=item.pk,
                        assignee_id=rng.choice(all_staff),
                        task="関係機関に連絡する",
                        due_on=due_on,
                        done_on=due_on - dt.timedelta(days=3)
                        if due_on < day and rng.random() < 0.9
                        else None,
                    )
                )
    insert(Meeting, meetings)
    insert(AgendaItem, items)
    insert(ActionItem, actions)
    ids.reset_sequences()
    return {
        "persons": n_persons,
        "households": len(household_ids),
        "notes": counts["notes"],
        "referrals": counts["referrals"],
        "cases": len(cases),
        "plans": len(plans),
        "team": len(team),
        "sittings": len(meetings),
        "items": len(items),
        "actions": len(actions),
    }


def localtime_date(moment: dt.datetime) -> dt.date:
    return timezone.localtime(moment).date()


# --- timing --------------------------------------------------------------------------------------------------


class QueryLog:
    """Each query's SQL, parameters and start, through ``connection.execute_wrapper``. SQLite computes rows as
    they are fetched, after ``execute`` returns, so a query's time is taken up to the next query's start (or
    the end of the run): execute, fetch and the little Python between."""

    def __init__(self) -> None:
        self.entries: list[tuple[str, Any, float]] = []

    def __call__(self, execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any) -> Any:
        self.entries.append((sql, params, time.perf_counter()))
        return execute(sql, params, many, context)

    def durations(self, end: float) -> list[float]:
        starts = [start for _, _, start in self.entries] + [end]
        return [(starts[i + 1] - starts[i]) * 1000 for i in range(len(self.entries))]


def per_query(fn: Callable[[], object], repeat: int) -> list[tuple[str, Any, list[float]]]:
    """(sql, params, samples) for each query ``fn`` makes, in order; ``fn`` must make the same queries each run."""
    fn()
    runs = []
    for _ in range(repeat):
        log = QueryLog()
        with connection.execute_wrapper(log):
            fn()
        runs.append(log.durations(time.perf_counter()))
    first = QueryLog()
    with connection.execute_wrapper(first):
        fn()
    return [(sql, params, [run[i] for run in runs]) for i, (sql, params, _) in enumerate(first.entries)]


def label(sql: str) -> str:
    """What a query counts, by the table its outer FROM reads (subqueries' tables are aliased U0, U1…)."""
    table = re.search(r'FROM "(\w+)"(?! U\d)', sql)
    name = table.group(1) if table else "?"
    extra = []
    if "GROUP BY" in sql:
        extra.append("grouped")
    if "EXISTS" in sql:
        extra.append("EXISTS")
    return name + (f" ({', '.join(extra)})" if extra else "")


def explain(sql: str, params: Any) -> list[str]:
    postgres = connection.vendor == "postgresql"
    prefix = "EXPLAIN (ANALYZE, BUFFERS) " if postgres else "EXPLAIN QUERY PLAN "
    with connection.cursor() as cursor:
        cursor.execute(prefix + sql, params)
        return [str(r[-1]) for r in cursor.fetchall()]


def table_sizes(tables: Iterable[str]) -> list[tuple[str, int, int]]:
    """(table, rows, bytes of the table with its indexes)."""
    out = []
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f'SELECT COUNT(*) FROM "{table}"')
            rows = cursor.fetchone()[0]
            if connection.vendor == "postgresql":
                cursor.execute("SELECT pg_total_relation_size(%s::regclass)", [table])
                size = int(cursor.fetchone()[0])
            else:
                try:
                    cursor.execute(
                        "SELECT SUM(pgsize) FROM dbstat WHERE name IN "
                        "(SELECT name FROM sqlite_master WHERE tbl_name = %s)",
                        [table],
                    )
                    size = int(cursor.fetchone()[0] or 0)
                except Exception:
                    size = 0
            out.append((table, rows, size))
    return out


def _server_version() -> str:
    if connection.vendor == "sqlite":
        return connection.Database.sqlite_version  # type: ignore[attr-defined]
    version: int = connection.pg_version  # type: ignore[attr-defined]
    return f"{version // 10000}.{version % 10000}"


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("consultations", nargs="?", type=int, default=100_000, help="N (default 100,000)")
    parser.add_argument("--cases", type=int, help="多機関協働 cases (default N/50)")
    parser.add_argument("--repeat", type=int, default=20, help="timed runs of each (default 20)")
    args = parser.parse_args(argv)
    n = args.consultations
    n_cases = args.cases if args.cases is not None else max(100, n // 50)

    setup_test_environment()  # the test client's ALLOWED_HOSTS
    from kasane.accounts.models import User
    from kasane.casework.models import Consultation
    from kasane.lib.dates import today
    from kasane.programme.figures import compute, reach_of
    from kasane.tenancy.models import Municipality

    if connection.vendor == "postgresql":
        print("PostgreSQL: using the database in DATABASE_URL; it must be a throwaway one.")
    start = time.perf_counter()
    call_command("migrate", verbosity=0)
    print(f"migrate: {time.perf_counter() - start:.1f} s")
    day = today()
    city = Municipality.objects.filter(code=CITY_CODE).first()
    if city is not None:
        found = Consultation.objects.filter(municipality=city).count()
        if found != n:
            print(f"This database holds ベンチ市 with {found:,} consultations, not {n:,}: give an empty one.")
            return 1
        print(f"reusing ベンチ市 ({found:,} consultations) already in this database")
    else:
        rng = random.Random(SEED)
        start = time.perf_counter()
        loaded = load(n, n_cases, day, rng)
        seconds = time.perf_counter() - start
        print(
            f"loaded {n:,} consultations, {loaded['persons']:,} persons in {loaded['households']:,} households, "
            f"{loaded['notes']:,} 経過, {loaded['referrals']:,} つなぎ ({loaded['referrals'] / n:.0%}), "
            f"{loaded['cases']:,} cases with {loaded['team']:,} team rows and {loaded['plans']:,} plans, "
            f"{loaded['sittings']:,} sittings with {loaded['items']:,} items and {loaded['actions']:,} tasks "
            f"in {seconds:.0f} s"
        )
        city = Municipality.objects.get(code=CITY_CODE)
    start = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    print(
        f"{'VACUUM ANALYZE' if connection.vendor == 'postgresql' else 'ANALYZE'}: {time.perf_counter() - start:.1f} s"
    )

    print(f"engine: {connection.vendor} {_server_version()}")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT name, setting, COALESCE(unit, '') FROM pg_settings WHERE name IN ('jit', 'work_mem', "
                "'shared_buffers', 'max_parallel_workers_per_gather', 'random_page_cost') ORDER BY name"
            )
            print("settings: " + ", ".join(f"{k}={v}{u}" for k, v, u in cursor.fetchall()))
    for table, rows, size in table_sizes(
        [
            "casework_consultation",
            "casework_consultationnote",
            "casework_referral",
            "casework_case",
            "casework_plan",
        ]
    ):
        print(f"  {table:28} {rows:>10,} rows {size / 1024 / 1024:9.1f} MiB with indexes")

    city_user = User.objects.get(username="bench-shi")
    manager = User.objects.get(username="bench-kikan")
    reach = reach_of(city_user, city)
    own = reach_of(manager, city)
    assert reach is not None and reach.whole and own is not None and not own.whole
    f = compute(reach, day)
    t = f.totals
    print(
        f"\nday {day}; the city's figures: つなぎ waiting {t.waiting:,} (overdue {t.overdue:,}, longest "
        f"{t.longest_wait} days), in progress {t.in_progress:,}, sent overdue {t.sent_overdue:,}; 相談記録 open "
        f"{t.records_open:,} (quiet {t.records_quiet:,}), received this 年度 {t.received_this_year:,}, closed "
        f"{t.closed_this_year:,}; open cases {f.open_cases:,}, reviews overdue {f.reviews_overdue:,} in "
        f"{len(f.reviews)} rows, awaiting a meeting {f.awaiting_meeting:,} (unscheduled "
        f"{f.awaiting_unscheduled:,}); unminuted items {sum(f.unminuted.values()):,}, open tasks "
        f"{f.actions_open:,}"
    )

    client = Client()
    client.force_login(city_user)
    response = client.get("/programme/")
    assert response.status_code == 200, response.status_code
    load1, load5, _ = os.getloadavg()
    print(
        f"\n{args.repeat} timed runs after one warm-up, ms (load average {load1:.2f}, {load5:.2f} on {os.cpu_count()} cores)"
    )
    timings = [
        ("compute(), whole municipality", lambda: compute(reach, day)),
        ("GET /programme/ (city_program)", lambda: client.get("/programme/")),
        ("compute(), one agency's manager", lambda: compute(own, day)),
    ]
    for name, fn in timings:
        median, p95 = med_p95(timed(fn, args.repeat))
        print(f"{name:34s} median {median:8.1f}   p95 {p95:8.1f}")

    queries = per_query(lambda: compute(reach, day), args.repeat)
    print(f"\nthe {len(queries)} queries of compute() for the whole municipality (median, p95 ms):")
    for i, (sql, _params, samples) in enumerate(queries, 1):
        median, p95 = med_p95(samples)
        print(f"  {i:2d}. {median:8.2f} {p95:8.2f}  {label(sql)}")
    sql, params, samples = max(queries, key=lambda q: statistics.median(q[2]))
    print(f"\nslowest ({statistics.median(samples):.1f} ms): {label(sql)}\n{sql % tuple(_quoted(params))}\n")
    for line in explain(sql, params):
        print(f"  {line}")
    return 0


def _quoted(params: Any) -> list[str]:
    return [repr(str(p)) if not isinstance(p, int | float) else str(p) for p in (params or ())]


if __name__ == "__main__":
    try:
        code = main(sys.argv[1:])
    finally:
        connection.close()
        if _TEMP_DIR is not None:
            shutil.rmtree(_TEMP_DIR, ignore_errors=True)
    sys.exit(code)
