"""Speed of searching the register of social resources and of matching a person to it, printed as figures.

    uv run python benchmarks/participation.py                  # 1,000 and 10,000 resources, SQLite (temporary)
    uv run python benchmarks/participation.py --sizes 10000

On PostgreSQL (an empty, throwaway database):

    psql -h 127.0.0.1 -U postgres -c "CREATE DATABASE kasane_b6 TEMPLATE template0 ENCODING 'UTF8' \\
        LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'"
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kasane_b6 uv run python benchmarks/participation.py
    psql -h 127.0.0.1 -U postgres -c "DROP DATABASE kasane_b6"

The demo's register is about 80 resources; a prefecture-wide or long-kept register may reach thousands. For
each size N this builds one municipality with N services (N/3 organisations, one location each, one or two
schedules, categories and participation fields drawn at random; a quarter can host), then, logged in through
the Django test client as a 多機関協働担当 of the municipality, times median and p95 over --repeat runs after a
warm-up and counts each request's queries:
- GET /resources/ (first page of 50) with no criteria, by a name (kana typed for a kanji-and-kana name), by
  category, by weekday and time, by area, hosts only;
- ``matching.candidates_for`` for one assessment (every active host judged in Python, the 20 best kept) and
  GET the match page of an engagement with that assessment.
Results: benchmarks/results/participation.txt.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence

import pyotp

_TEMP_DIR = None
if "KASANE_DATA_DIR" not in os.environ:
    _TEMP_DIR = tempfile.mkdtemp(prefix="kasane-bench-")
    os.environ["KASANE_DATA_DIR"] = _TEMP_DIR
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kasane.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from django.utils import timezone  # noqa: E402

SEED = 20261206
NAMES = [
    "ひだまり",
    "さくら",
    "みどり",
    "かがやき",
    "ふれあい",
    "いこい",
    "わかば",
    "あおぞら",
    "なごみ",
    "つばさ",
]
KINDS = ["サロン", "カフェ", "食堂", "農園", "作業所", "教室", "広場", "の家", "クラブ", "工房"]
TOWNS = ["本町", "北町", "南町", "港町", "山田", "中央", "駅前", "緑が丘", "桜台", "川端"]


def timed(fn: Callable[[], object], repeat: int) -> list[float]:
    fn()
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def med_p95(samples: Sequence[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[max(int(len(ordered) * 0.95) - 1, 0)]


def count_queries(fn: Callable[[], object]) -> int:
    """Statements one call runs (transaction control included), through ``connection.execute_wrapper``."""
    seen: list[str] = []

    def log(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        seen.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(log):
        fn()
    return len(seen)


def load(size: int, rng: random.Random):  # type: ignore[no-untyped-def]
    from kasane.accounts.models import Membership, Role, User
    from kasane.agencies.models import Agency, AgencyKind
    from kasane.lib.text import name_key
    from kasane.resources.models import Category, Funding, Load, Location, Organization, Schedule, Service
    from kasane.tenancy.models import Area, Municipality, Prefecture

    prefecture = Prefecture.objects.get_or_create(code="03", defaults={"name": "岩手県"})[0]
    city = Municipality.objects.create(
        prefecture=prefecture, code=f"03{size % 10000:04d}", name=f"資源市{size}"
    )
    areas = [
        Area.objects.create(municipality=city, name=f"{t}圏域", sort_order=i) for i, t in enumerate(TOWNS[:5])
    ]
    hub = Agency.objects.create(
        municipality=city,
        prefecture=prefecture,
        name="資源市社会福祉協議会",
        kind=AgencyKind.SHAKYO,
        runs_collaboration=True,
    )
    role = Role.objects.get(code="coordinator")
    user = User.objects.create_user(
        username=f"csw{size}",
        password=None,
        full_name="参加 支援",
        totp_secret=pyotp.random_base32(),
        totp_confirmed_at=timezone.now(),
    )
    Membership.objects.create(user=user, agency=hub, role=role)
    orgs = []
    for i in range(max(size // 3, 1)):
        name = f"{rng.choice(NAMES)}{rng.choice(KINDS)}{i}"
        orgs.append(
            Organization(municipality=city, name=name, name_kana=name, kind="npo", key=name_key(name))
        )
    Organization.objects.bulk_create(orgs, batch_size=1000)
    orgs = list(Organization.objects.filter(municipality=city))
    locations = [
        Location(municipality=city, name=f"{rng.choice(TOWNS)}会場{i}", area=rng.choice(areas))
        for i in range(size)
    ]
    Location.objects.bulk_create(locations, batch_size=1000)
    locations = list(Location.objects.filter(municipality=city).order_by("pk"))
    services = []
    codes = Category.values
    for i in range(size):
        org = orgs[i % len(orgs)]
        name = f"{org.name}の活動{i}"
        kana = f"{rng.choice(NAMES)}{i}"
        cats = rng.sample(codes, rng.randint(1, 2))
        services.append(
            Service(
                municipality=city,
                organization=org,
                location=locations[i],
                name=name,
                name_kana=kana,
                categories=cats,
                category_codes=f" {' '.join(cats)} ",
                funding=rng.choice(Funding.values),
                physical_load=rng.choice(Load.values),
                suits_shy=rng.random() < 0.4,
                transport_provided=rng.random() < 0.15,
                hosts_participants=rng.random() < 0.25,
                hosted_before=rng.random() < 0.1,
                key=name_key(f"{name} {kana}"),
            )
        )
    Service.objects.bulk_create(services, batch_size=1000)
    schedules = []
    days = ["MO", "TU", "WE", "TH", "FR", "SA"]
    for sid in Service.objects.filter(municipality=city).values_list("pk", flat=True):
        for _ in range(rng.randint(1, 2)):
            start = rng.randint(9, 15)
            schedules.append(
                Schedule(
                    service_id=sid,
                    byday=",".join(sorted(rng.sample(days, rng.randint(1, 2)), key=days.index)),
                    opens_at=dt.time(start),
                    closes_at=dt.time(start + rng.randint(1, 3)),
                )
            )
    Schedule.objects.bulk_create(schedules, batch_size=2000)
    return city, user, hub, areas


def run(size: int, repeat: int) -> list[str]:
    from kasane.casework.models import Household, Person, Referral
    from kasane.participation.matching import candidates_for
    from kasane.participation.models import Assessment, Engagement
    from kasane.resources.queries import services_in

    rng = random.Random(SEED + size)
    started = time.perf_counter()
    city, user, hub, areas = load(size, rng)
    out = [f"\n== {size:,} resources ({connection.vendor}); loaded in {time.perf_counter() - started:.1f} s"]
    client = Client()
    client.force_login(user)

    def page(url: str) -> Callable[[], object]:
        def get() -> object:
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
            return response

        return get

    cases = [
        ("list, no criteria", "/resources/"),
        ("name (kana for kanji+kana names)", "/resources/?q=ひだまり"),
        ("category 就労体験", "/resources/?category=work_experience"),
        ("weekday 水 at 10:00", "/resources/?weekday=WE&at=10:00"),
        ("area", f"/resources/?area={areas[0].pk}"),
        ("hosts only", "/resources/?hosts=on"),
    ]
    for label, url in cases:
        n = count_queries(page(url))
        med, p95 = med_p95(timed(page(url), repeat))
        out.append(f"GET {label:<36} median {med:7.1f} ms  p95 {p95:7.1f} ms  queries {n}")
    household = Household.objects.create(municipality=city, owner_agency=hub)
    person = Person.objects.create(municipality=city, owner_agency=hub, household=household, name="試験 太郎")
    referral = Referral.objects.create(
        municipality=city,
        person=person,
        household=household,
        from_agency=hub,
        from_user_name="x",
        to_agency=hub,
        message="参加支援の依頼",
        status="accepted",
        basis="law",
    )
    engagement = Engagement.objects.create(
        municipality=city,
        owner_agency=hub,
        person=person,
        origin="referral",
        referral=referral,
        started_on=dt.date(2026, 4, 1),
        lead_user=user,
    )
    assessment = Assessment.objects.create(
        engagement=engagement,
        version=1,
        assessed_on=dt.date(2026, 4, 2),
        wishes="土に触れる仕事",
        interests=["farm", "work_experience"],
        days=["TU", "TH"],
        from_time=dt.time(10),
        to_time=dt.time(15),
        area=areas[0],
        travel="public",
        max_load="medium",
        needs_quiet=True,
        author_name="x",
    )
    hosts = services_in(city).filter(hosts_participants=True, status="active").count()
    med, p95 = med_p95(timed(lambda: candidates_for(services_in(city), assessment), repeat))
    label = f"candidates_for ({hosts:,} hosts scored)"
    out.append(f"    {label:<36} median {med:7.1f} ms  p95 {p95:7.1f} ms")
    url = f"/participation/{engagement.pk}/match/"
    n = count_queries(page(url))
    med, p95 = med_p95(timed(page(url), repeat))
    out.append(f"GET {'match page':<36} median {med:7.1f} ms  p95 {p95:7.1f} ms  queries {n}")
    return out


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000", help="resources per municipality, comma-separated")
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args(argv)
    setup_test_environment()
    call_command("migrate", verbosity=0)
    lines = []
    try:
        for size in (int(s) for s in args.sizes.split(",")):
            for line in run(size, args.repeat):
                print(line, flush=True)
                lines.append(line)
    finally:
        if _TEMP_DIR:
            shutil.rmtree(_TEMP_DIR, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
