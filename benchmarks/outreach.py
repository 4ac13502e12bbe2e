"""Speed of logging an outreach contact and of the outreach start page, printed as figures (not asserted).

    uv run python benchmarks/outreach.py                   # 10x and 100x the demo, SQLite in a temporary directory
    uv run python benchmarks/outreach.py --scales 10       # 10x only

On PostgreSQL (an empty, throwaway database):

    psql -h 127.0.0.1 -U postgres -c "CREATE DATABASE kasane_b5 TEMPLATE template0 ENCODING 'UTF8' \\
        LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'"
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kasane_b5 uv run python benchmarks/outreach.py
    psql -h 127.0.0.1 -U postgres -c "DROP DATABASE kasane_b5"

The demo's outreach year is about 40 agency visits and 15 targets with ~100 contacts for one agency. For each
scale S (--scales, default 10 and 100) this builds one municipality of --agencies agencies (default 10), each
with S times that year: 40 S 関係機関等への訪問, 15 S targets (a third linked to a person, spread over the
stages, some gone quiet) with their stage changes, ~100 S contacts (next steps set on the latest), home visits
for a third of the visits with a companion for half (two of them not yet back), so that filtering by agency
matters. Rows are written with COPY on PostgreSQL and executemany on SQLite, ids given.

Then, logged in through the Django test client as the outreach worker (a 相談員 of the first agency, who leads
a third of its targets), it times median and p95 over --repeat runs after a warm-up, and counts each request's
queries (every run; a count that moved between runs is shown as min-max):
- GET /outreach/ (the start page: my list, funnel, this week, 帰所確認) and its stale and open lists;
- GET a target page (an open target linked to a person, the one with the most contacts);
- POST a contact to it (form, service, audit entry, redirect: the full save path);
- GET /outreach/indicator/ (indicator ① for the worker's agency).
Then ``queries.funnel`` and ``queries.indicator`` alone (the agency, and the whole municipality), with the
plan of each (EXPLAIN ANALYZE on PostgreSQL, EXPLAIN QUERY PLAN on SQLite), at each scale: that they stay flat
from 10x to 100x is what the indexes buy. Results: benchmarks/results/outreach.txt.

Each scale gets its own municipality; a database that already holds it is reused (the load is skipped and
``migrate`` applies any new migration), so a fix can be timed before and after on the same rows
(KASANE_DATA_DIR=… keeps a SQLite database between runs). The POSTs add --repeat + 1 contacts a run.
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
from collections import Counter
from collections.abc import Callable, Sequence
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
from django.db.models import Count, Max  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from django.utils import timezone  # noqa: E402

# The demo's outreach year for one agency.
DEMO_VISITS = 40
DEMO_TARGETS = 15
DEMO_CONTACTS = 100
STAFF_PER_AGENCY = 3
YEAR_DAYS = 365
SEED = 20261214

SURNAMES = ["佐藤", "鈴木", "高橋", "田中", "伊藤", "渡辺", "山本", "中村", "小林", "加藤", "吉田", "山田"]
GIVEN = ["一郎", "花子", "健一", "幸子", "翔太", "美咲", "誠", "陽菜", "和夫", "恵子", "大輔", "結衣"]
TOWNS = ["本町", "北町", "南町", "港町", "山田", "中央", "駅前", "緑が丘", "桜台", "川端"]
# (stage, weight among targets, weight of contacts per target): later stages took more contacts to reach.
STAGES = [
    ("information", 10, 0.3),
    ("attempting", 25, 1.0),
    ("family", 10, 1.2),
    ("person", 10, 1.5),
    ("trust", 10, 2.0),
    ("handed_over", 10, 1.5),
    ("watching", 10, 1.0),
    ("closed", 15, 0.8),
]
PATH = ["information", "attempting", "family", "person", "trust", "handed_over"]
METHODS = [("visit", 50), ("phone", 25), ("letter", 8), ("note", 5), ("accompany", 5), ("via_others", 7)]
OUTCOMES = [
    ("away", 30),
    ("no_answer", 15),
    ("refused", 10),
    ("family_talked", 20),
    ("met", 10),
    ("talked", 15),
]


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


# --- writing rows fast (as benchmarks/programme.py) ----------------------------------------------------------


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
    return timezone.make_aware(dt.datetime.combine(day, dt.time(rng.randint(9, 15), rng.randint(0, 59))))


def pick(rng: random.Random, weighted: list[tuple[str, int]]) -> str:
    return rng.choices([v for v, _ in weighted], [w for _, w in weighted])[0]


def city_code(scale: int) -> str:
    return f"039{scale:03d}"


# --- the municipality ----------------------------------------------------------------------------------------


def load(scale: int, n_agencies: int, day: dt.date, rng: random.Random) -> dict[str, int]:
    from kasane.accounts.models import Membership, Role, User
    from kasane.agencies.models import Agency, AgencyKind, OperationForm
    from kasane.casework.models import Household, Person
    from kasane.outreach.models import AgencyVisit, Contact, HomeVisit, StageChange, Target
    from kasane.tenancy.models import Municipality, Prefecture

    prefecture = Prefecture.objects.get_or_create(code="03", defaults={"name": "岩手県"})[0]
    city = Municipality.objects.create(
        prefecture=prefecture, code=city_code(scale), name=f"ベンチ市{scale}", population=1000 * scale
    )
    kinds = [AgencyKind.SHAKYO, AgencyKind.HOUKATSU, AgencyKind.SHOGAI_SODAN, AgencyKind.JIRITSU_SODAN]
    agencies = []
    for i in range(n_agencies):
        agency = Agency(
            prefecture=prefecture,
            municipality=city,
            name=f"ベンチ{scale}相談機関{i + 1:02d}",
            kind=kinds[i % len(kinds)],
            operation_form=OperationForm.DIRECT,
            runs_collaboration=i == 0,
        )
        agency.refresh_search_text()
        agencies.append(agency)
    agencies = Agency.objects.bulk_create(agencies)
    soudanin = Role.objects.get(code="soudanin")
    staff = User.objects.bulk_create(
        [
            User(
                username=f"bench{scale}-{i}-{k}" if (i, k) != (0, 0) else f"bench{scale}-csw",
                full_name=f"{SURNAMES[(i + k) % 12]} 職員{k + 1}",
            )
            for i in range(n_agencies)
            for k in range(STAFF_PER_AGENCY)
        ]
    )
    for user in staff:
        user.set_unusable_password()
    User.objects.bulk_update(staff, ["password"])
    User.objects.filter(pk=staff[0].pk).update(
        totp_secret=pyotp.random_base32(), totp_confirmed_at=timezone.now()
    )
    Membership.objects.bulk_create(
        [
            Membership(user=u, agency=agencies[i // STAFF_PER_AGENCY], role=soudanin)
            for i, u in enumerate(staff)
        ]
    )

    ids = Ids()
    now = timezone.now()
    rows: dict[type[models.Model], list[models.Model]] = {
        m: [] for m in (Household, Person, Target, StageChange, Contact, HomeVisit, AgencyVisit)
    }
    companions = []
    through = HomeVisit.companions.through
    for i, agency in enumerate(agencies):
        team = staff[i * STAFF_PER_AGENCY : (i + 1) * STAFF_PER_AGENCY]
        for _ in range(DEMO_VISITS * scale):
            on = day - dt.timedelta(days=rng.randrange(YEAR_DAYS))
            follow = rng.random() < 0.3
            rows[AgencyVisit].append(
                AgencyVisit(
                    id=ids.take(AgencyVisit),
                    municipality_id=city.pk,
                    agency_id=agency.pk,
                    on=on,
                    counterpart_kind=rng.choice(["agency", "minsei", "jichikai", "shop", "medical"]),
                    counterpart=f"{rng.choice(TOWNS)}の訪問先",
                    purpose=rng.choice(["information", "network", "explain", "follow_up"]),
                    minutes=rng.choice([15, 30, 45, 60]),
                    result="地域の様子を聞いた。",
                    follow_up="もう一度訪ねる" if follow else "",
                    follow_up_on=on + dt.timedelta(days=rng.randint(7, 30)) if follow else None,
                    author_id=rng.choice(team).pk,
                    author_name="ベンチ 職員",
                )
            )
        targets = []
        for _ in range(DEMO_TARGETS * scale):
            stage = rng.choices([s for s, _, _ in STAGES], [w for _, w, _ in STAGES])[0]
            raised_on = day - dt.timedelta(days=rng.randrange(YEAR_DAYS))
            person_id = household_id = None
            if rng.random() < 0.35 or stage == "handed_over":
                household = Household(
                    id=ids.take(Household), municipality_id=city.pk, owner_agency_id=agency.pk
                )
                person = Person(
                    id=ids.take(Person),
                    municipality_id=city.pk,
                    owner_agency_id=agency.pk,
                    household_id=household.pk,
                    name=f"{rng.choice(SURNAMES)} {rng.choice(GIVEN)}",
                    is_main=True,
                )
                rows[Household].append(household)
                rows[Person].append(person)
                person_id, household_id = person.pk, household.pk
            path = PATH[: PATH.index(stage) + 1] if stage in PATH else ["information", "attempting", stage]
            span = (day - raised_on).days
            changes = sorted(raised_on + dt.timedelta(days=rng.randint(0, span)) for _ in path[1:])
            target = Target(
                id=ids.take(Target),
                municipality_id=city.pk,
                owner_agency_id=agency.pk,
                lead_user_id=rng.choice(team).pk if rng.random() < 0.9 else None,
                label=f"{rng.choice(TOWNS)}の{rng.choice(['70', '80', '50', '40'])}代の世帯",
                description="外出していない様子。家族は支援を断っている。",
                area=rng.choice(TOWNS),
                source=rng.choice(["own_work", "agency_visit", "neighbours", "referral"]),
                raised_on=raised_on,
                person_id=person_id,
                household_id=household_id,
                stage=stage,
                stage_changed_on=changes[-1] if changes else raised_on,
                route="agency" if stage == "handed_over" else "",
                close_reason="settled" if stage == "closed" else "",
                closed_on=changes[-1] if stage == "closed" else None,
                created_by_name="ベンチ 職員",
                created_at=at(raised_on, rng),
            )
            targets.append(target)
            previous = ""
            for to_stage, on in zip(path, [raised_on, *changes], strict=True):
                rows[StageChange].append(
                    StageChange(
                        id=ids.take(StageChange),
                        target_id=target.pk,
                        from_stage=previous,
                        to_stage=to_stage,
                        on=on,
                        author_name="ベンチ 職員",
                        created_at=at(on, rng),
                    )
                )
                previous = to_stage
        weights = {s: w for s, _, w in STAGES}
        per_target = Counter(
            rng.choices(range(len(targets)), [weights[t.stage] for t in targets], k=DEMO_CONTACTS * scale)
        )
        for k, target in enumerate(targets):
            end = target.closed_on or day
            span = (end - target.raised_on).days
            days = sorted(
                target.raised_on + dt.timedelta(days=rng.randint(0, span)) for _ in range(per_target[k])
            )
            for j, on in enumerate(days):
                latest = j == len(days) - 1 and target.stage != "closed"
                method = pick(rng, METHODS)
                author = rng.choice(team)
                contact = Contact(
                    id=ids.take(Contact),
                    target_id=target.pk,
                    agency_id=agency.pk,
                    on=on,
                    method=method,
                    with_whom=rng.choice(["person", "family", "others"]),
                    outcome=pick(rng, OUTCOMES),
                    minutes=rng.choice([None, 10, 20, 30, 60]),
                    text="訪問した。玄関先で少し話せた。",
                    next_step="もう一度訪ねる" if latest else "",
                    next_on=on + dt.timedelta(days=rng.randint(2, 21)) if latest else None,
                    author_id=author.pk,
                    author_name=author.full_name,
                    created_at=at(on, rng),
                )
                rows[Contact].append(contact)
                target.last_contact_on = on
                if method in ("visit", "accompany") and rng.random() < 0.33:
                    leaves = at(on, rng)
                    visit = HomeVisit(
                        id=ids.take(HomeVisit),
                        target_id=target.pk,
                        agency_id=agency.pk,
                        visitor_id=author.pk,
                        visitor_name=author.full_name,
                        leaves_at=leaves,
                        expected_back_at=leaves + dt.timedelta(minutes=90),
                        returned_at=leaves + dt.timedelta(minutes=80),
                        returned_confirmed_by="ベンチ 職員",
                        created_at=leaves,
                    )
                    rows[HomeVisit].append(visit)
                    if rng.random() < 0.5:
                        other = rng.choice([u for u in team if u.pk != author.pk])
                        companions.append(
                            through(id=ids.take(through), homevisit_id=visit.pk, user_id=other.pk)
                        )
        # Two visits out now, one of them past its expected return: the start page's 帰所確認.
        open_targets = [t for t in targets if t.stage != "closed"]
        for late in (True, False):
            target = rng.choice(open_targets)
            leaves = now - dt.timedelta(hours=2 if late else 1)
            visit = HomeVisit(
                id=ids.take(HomeVisit),
                target_id=target.pk,
                agency_id=agency.pk,
                visitor_id=team[0].pk,
                visitor_name=team[0].full_name,
                leaves_at=leaves,
                expected_back_at=leaves + dt.timedelta(minutes=90),
                created_at=leaves,
            )
            rows[HomeVisit].append(visit)
            companions.append(through(id=ids.take(through), homevisit_id=visit.pk, user_id=team[1].pk))
        rows[Target].extend(targets)
    for model in (Household, Person, AgencyVisit, Target, StageChange, Contact, HomeVisit):
        insert(model, rows[model])
    insert(through, companions)
    ids.reset_sequences()
    return {m._meta.model_name or "": len(objs) for m, objs in rows.items()} | {"companions": len(companions)}


# --- timing --------------------------------------------------------------------------------------------------

TRANSACTION = re.compile(r"^\s*(BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE)", re.IGNORECASE)


class QueryLog:
    """Each statement's SQL and parameters, through ``connection.execute_wrapper``."""

    def __init__(self) -> None:
        self.entries: list[tuple[str, Any]] = []

    def __call__(self, execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any) -> Any:
        self.entries.append((sql, params))
        return execute(sql, params, many, context)

    @property
    def queries(self) -> int:
        return sum(1 for sql, _ in self.entries if not TRANSACTION.match(sql))

    @property
    def transaction(self) -> int:
        return len(self.entries) - self.queries


def measured(fn: Callable[[], object], repeat: int) -> tuple[list[float], list[QueryLog]]:
    """Times of ``repeat`` runs after a warm-up, and the statements of each run."""
    fn()
    samples, logs = [], []
    for _ in range(repeat):
        log = QueryLog()
        with connection.execute_wrapper(log):
            start = time.perf_counter()
            fn()
            samples.append((time.perf_counter() - start) * 1000)
        logs.append(log)
    return samples, logs


def span(values: list[int]) -> str:
    return str(values[0]) if min(values) == max(values) else f"{min(values)}-{max(values)}"


def label(sql: str) -> str:
    """What a statement reads or writes, by the table of its outer FROM/INTO/UPDATE."""
    if TRANSACTION.match(sql):
        return sql.split()[0].upper()
    if "pg_advisory_xact_lock" in sql:
        return "SELECT pg_advisory_xact_lock (the audit trail's append lock)"
    verb = sql.split()[0].upper()
    table = re.search(r'(?:FROM|INTO|UPDATE) "(\w+)"(?! U\d)', sql)
    return f"{verb} {table.group(1) if table else '?'}"


def explain(sql: str, params: Any) -> list[str]:
    postgres = connection.vendor == "postgresql"
    prefix = "EXPLAIN (ANALYZE, BUFFERS) " if postgres else "EXPLAIN QUERY PLAN "
    with connection.cursor() as cursor:
        cursor.execute(prefix + sql, params)
        return [str(r[-1]) for r in cursor.fetchall()]


def _server_version() -> str:
    if connection.vendor == "sqlite":
        return connection.Database.sqlite_version  # type: ignore[attr-defined]
    version: int = connection.pg_version  # type: ignore[attr-defined]
    return f"{version // 10000}.{version % 10000}"


def run_scale(scale: int, args: argparse.Namespace, day: dt.date) -> dict[str, tuple[float, float, str]]:
    from kasane.accounts.models import User
    from kasane.casework.visibility import Viewer
    from kasane.lib.dates import fiscal_year
    from kasane.outreach import queries
    from kasane.outreach.models import AgencyVisit, Contact, HomeVisit, Target
    from kasane.tenancy.models import Municipality

    print(f"\n==== {scale}x the demo's outreach year, {args.agencies} agencies ====")
    city = Municipality.objects.filter(code=city_code(scale)).first()
    if city is not None:
        print(f"reusing ベンチ市{scale} already in this database")
    else:
        start = time.perf_counter()
        loaded = load(scale, args.agencies, day, random.Random(SEED + scale))
        print(
            "loaded "
            + ", ".join(f"{n:,} {name}" for name, n in loaded.items())
            + f" in {time.perf_counter() - start:.1f} s"
        )
        city = Municipality.objects.get(code=city_code(scale))
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")

    worker = User.objects.get(username=f"bench{scale}-csw")
    viewer = Viewer.of(worker, city)
    assert viewer is not None
    agency_id = viewer.primary_agency_id
    own = Target.objects.filter(owner_agency_id=agency_id)
    target = (
        own.exclude(stage__in=["closed", "handed_over"])
        .exclude(person=None)
        .annotate(n=Count("contacts"))
        .order_by("-n", "pk")
        .first()
    )
    assert target is not None
    print(
        f"the worker's agency: {own.count():,} targets ({own.filter(lead_user=worker).count():,} led by the "
        f"worker), {Contact.objects.filter(agency_id=agency_id).count():,} contacts, "
        f"{AgencyVisit.objects.filter(agency_id=agency_id).count():,} agency visits, "
        f"{HomeVisit.objects.filter(agency_id=agency_id).count():,} home visits; the municipality: "
        f"{Target.objects.filter(municipality=city).count():,} targets, "
        f"{Contact.objects.filter(target__municipality=city).count():,} contacts, "
        f"{AgencyVisit.objects.filter(municipality=city).count():,} agency visits"
    )
    print(f"target page: No.{target.pk}, stage {target.stage}, {target.contacts.count()} contacts")

    client = Client()
    client.force_login(worker)
    contact = {
        "on": day.isoformat(),
        "method": "visit",
        "with_whom": "family",
        "outcome": "family_talked",
        "minutes": "20",
        "text": "母と玄関先で話せた。息子は部屋にいる様子。",
        "next_step": "来週もう一度訪ねる",
        "next_on": (day + dt.timedelta(days=7)).isoformat(),
        "stage": "",
    }
    page = f"/outreach/targets/{target.pk}/"

    def get(url: str) -> Callable[[], object]:
        def call() -> object:
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
            return response

        return call

    def post() -> object:
        response = client.post(f"{page}contacts/new/", contact)
        assert response.status_code == 302 and response["Location"] == page, response.status_code
        return response

    figures: dict[str, tuple[float, float, str]] = {}
    load1, load5, _ = os.getloadavg()
    print(
        f"\n{args.repeat} timed runs after one warm-up, ms; queries per request, and the transaction "
        f"statements (BEGIN/COMMIT/SAVEPOINT…) beside them (load average {load1:.2f}, {load5:.2f} on "
        f"{os.cpu_count()} cores)"
    )
    requests = [
        ("GET /outreach/ (mine)", get("/outreach/")),
        ("GET /outreach/?list=stale", get("/outreach/?list=stale")),
        ("GET /outreach/?list=open", get("/outreach/?list=open")),
        ("GET target page", get(page)),
        ("POST contact (save + redirect)", post),
        ("GET /outreach/indicator/", get("/outreach/indicator/")),
    ]
    statements: dict[str, list[str]] = {}
    for name, fn in requests:
        samples, logs = measured(fn, args.repeat)
        median, p95 = med_p95(samples)
        count = span([log.queries for log in logs])
        figures[name] = (median, p95, count)
        print(
            f"  {name:32s} median {median:7.1f}   p95 {p95:7.1f}   queries {count:>5} "
            f"(+{span([log.transaction for log in logs])} transaction)"
        )
        statements[name] = [label(sql) for sql, _ in logs[-1].entries]
    page_load, save = figures["GET target page"][0], figures["POST contact (save + redirect)"][0]
    print(f"  logging a contact, page load + save: {page_load + save:.1f} ms (medians)")
    if args.statements:
        for name, labels in statements.items():
            print(f"\n  statements of {name}:")
            for text, n in Counter(labels).items():
                print(f"    {n:3d} x {text}")

    year = fiscal_year(day)
    functions: list[tuple[str, Callable[[], object]]] = [
        ("queries.funnel(worker)", lambda: queries.funnel(viewer)),
        ("queries.indicator(agency)", lambda: queries.indicator([agency_id], city.pk, year)),
        ("queries.indicator(municipality)", lambda: queries.indicator(None, city.pk, year)),
        ("queries.planned_this_week", lambda: queries.planned_this_week(viewer, day)),
        ("stale_targets().count()", lambda: queries.stale_targets(viewer, day, 30).count()),
    ]
    print("\nthe queries alone, ms:")
    plans = {}
    for name, fn in functions:
        samples, logs = measured(fn, args.repeat)
        median, p95 = med_p95(samples)
        count = span([log.queries for log in logs])
        figures[name] = (median, p95, count)
        print(f"  {name:32s} median {median:7.2f}   p95 {p95:7.2f}   queries {count:>5}")
        plans[name] = logs[-1].entries
    print(f"  funnel: {queries.funnel(viewer)}")
    print(
        f"  indicator, the agency this 年度: {[m.total for m in queries.indicator([agency_id], city.pk, year)]}"
    )
    if args.plans:
        for name in (
            "queries.funnel(worker)",
            "queries.indicator(agency)",
            "queries.indicator(municipality)",
        ):
            for sql, params in plans[name]:
                print(f"\nplan of {name}: {label(sql)}")
                for line in explain(sql, params):
                    print(f"  {line}")
    return figures


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--scales", default="10,100", help="times the demo's year, comma-separated (10,100)")
    parser.add_argument(
        "--agencies", type=int, default=10, help="agencies per municipality, each at that size"
    )
    parser.add_argument("--repeat", type=int, default=30, help="timed runs of each (default 30)")
    parser.add_argument("--statements", action="store_true", help="list each request's statements by table")
    parser.add_argument("--no-plans", dest="plans", action="store_false", help="skip the query plans")
    args = parser.parse_args(argv)
    scales = [int(s) for s in args.scales.split(",")]

    setup_test_environment()  # the test client's ALLOWED_HOSTS
    from kasane.lib.dates import today

    if connection.vendor == "postgresql":
        print("PostgreSQL: using the database in DATABASE_URL; it must be a throwaway one.")
    start = time.perf_counter()
    call_command("migrate", verbosity=0)
    print(f"migrate: {time.perf_counter() - start:.1f} s")
    print(f"engine: {connection.vendor} {_server_version()}")
    day = today()
    print(f"day: {day}")
    results = {scale: run_scale(scale, args, day) for scale in scales}
    if len(scales) > 1:
        print("\nsummary: median / p95 ms, queries")
        print(f"  {'':32s}" + "".join(f"{f'{s}x':>26s}" for s in scales))
        for name in results[scales[0]]:
            cells = "".join(
                f"{f'{m:.1f} / {p:.1f}, {q}':>26s}" for m, p, q in (results[s][name] for s in scales)
            )
            print(f"  {name:32s}{cells}")
    return 0


if __name__ == "__main__":
    try:
        code = main(sys.argv[1:])
    finally:
        connection.close()
        if _TEMP_DIR is not None:
            shutil.rmtree(_TEMP_DIR, ignore_errors=True)
    sys.exit(code)
