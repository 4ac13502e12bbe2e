"""Speed of 地域づくり's year view and of the residents' PDF at scale, printed as figures with query counts.

    uv run python benchmarks/community.py                       # 1,000 places, 50,000 gatherings, SQLite
    uv run python benchmarks/community.py --places 200 --gatherings 10000 --repeat 3

On PostgreSQL (an empty, throwaway database):

    createdb -h 127.0.0.1 -U postgres -T template0 -E UTF8 --lc-collate C.UTF-8 --lc-ctype C.UTF-8 kasane_bc
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kasane_bc uv run python benchmarks/community.py
    dropdb -h 127.0.0.1 -U postgres kasane_bc

The demo city has about 40 places and a year of gatherings; a city that records every サロン and 通いの場 for
years may reach a thousand places and tens of thousands of days. This builds one municipality with five
areas (one thin), N places of the register (one organisation and location each, two in three with
coordinates, one or two schedules, nine in ten on the map), G gatherings with attendance by age band spread
over the current 年度 (bulk_create), 500 coordination records and 12 ハブラボ with organisations, results and
questionnaire answers; then, logged in through the Django test client as a 地域づくり担当, times the median and
p95 over --repeat runs after a warm-up and counts each request's queries:
- GET /community/ (the year view), GET /community/year.xlsx (its workbook);
- GET /community/map.pdf (every area: the overview and N × 0.9 entries), and one area's.
Results: benchmarks/results/community.txt.
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
from decimal import Decimal

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

SEED = 20261207
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
KINDS = ["サロン", "カフェ", "食堂", "通いの場", "広場", "の家", "クラブ", "体操教室"]
AREAS = [("北部圏域", 0.3), ("南部圏域", 0.3), ("東部圏域", 0.04), ("西部圏域", 0.18), ("中央圏域", 0.18)]


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


def load(places: int, gatherings: int, rng: random.Random):  # type: ignore[no-untyped-def]
    from kasane.accounts.models import Membership, Role, User
    from kasane.agencies.models import Agency, AgencyKind
    from kasane.community.models import (
        AGE_BANDS,
        PLACE_CATEGORIES,
        Audience,
        Coordination,
        Gathering,
        Generation,
        Place,
        PlatformSession,
        SessionOrganisation,
        SessionResult,
    )
    from kasane.lib.dates import fiscal_year, fiscal_year_bounds, today
    from kasane.lib.text import name_key
    from kasane.questionnaires.models import Questionnaire, Response
    from kasane.resources.models import Location, Organization, Schedule, Service
    from kasane.tenancy.models import Area, Municipality, Prefecture

    prefecture = Prefecture.objects.get_or_create(code="03", defaults={"name": "岩手県"})[0]
    city = Municipality.objects.create(
        prefecture=prefecture, code=f"03{places % 10000:04d}", name=f"居場所市{places}"
    )
    areas = [Area.objects.create(municipality=city, name=n, sort_order=i) for i, (n, _) in enumerate(AREAS)]
    shakyo = Agency.objects.create(
        municipality=city, prefecture=prefecture, name="居場所市社会福祉協議会", kind=AgencyKind.SHAKYO
    )
    user = User.objects.create_user(
        username=f"chiiki{places}",
        password=None,
        full_name="地域 づくり",
        totp_secret=pyotp.random_base32(),
        totp_confirmed_at=timezone.now(),
    )
    Membership.objects.create(user=user, agency=shakyo, role=Role.objects.get(code="community"))
    orgs = []
    for i in range(places):
        name = f"{rng.choice(NAMES)}{rng.choice(KINDS)}運営会{i}"
        orgs.append(
            Organization(
                municipality=city, name=name, kind="residents", phone="0197-00-0000", key=name_key(name)
            )
        )
    Organization.objects.bulk_create(orgs, batch_size=1000)
    orgs = list(Organization.objects.filter(municipality=city).order_by("pk"))
    weights = [w for _, w in AREAS]
    locations = []
    for i, org in enumerate(orgs):
        area = rng.choices(areas, weights)[0]
        centre = 39.70 + 0.04 * (area.sort_order % 3), 141.10 + 0.05 * (area.sort_order // 3)
        located = rng.random() < 2 / 3
        locations.append(
            Location(
                municipality=city, organization=org, name=f"{org.name[:8]}会館{i}", address=f"居場所市本町{i}-1",
                area=area, transportation="市民バス「本町」下車徒歩3分",
                latitude=Decimal(f"{centre[0] + rng.uniform(-0.02, 0.02):.6f}") if located else None,
                longitude=Decimal(f"{centre[1] + rng.uniform(-0.02, 0.02):.6f}") if located else None,
            )
        )  # fmt: skip
    Location.objects.bulk_create(locations, batch_size=1000)
    locations = list(Location.objects.filter(municipality=city).order_by("pk"))
    services = []
    for i, (org, location) in enumerate(zip(orgs, locations, strict=True)):
        name, kana = f"{rng.choice(NAMES)}{rng.choice(KINDS)}{i}", f"{rng.choice(NAMES)}{i}"
        cats = rng.sample(PLACE_CATEGORIES, rng.randint(1, 2))
        services.append(
            Service(
                municipality=city, organization=org, location=location, name=name, name_kana=kana, categories=cats,
                category_codes=f" {' '.join(cats)} ", funding="care", cost="1回100円", contact_phone="0197-00-1234",
                key=name_key(f"{name} {kana}"),
            )
        )  # fmt: skip
    Service.objects.bulk_create(services, batch_size=1000)
    services = list(Service.objects.filter(municipality=city).order_by("pk"))
    Schedule.objects.bulk_create(
        [Schedule(service=s, byday=rng.choice(["MO", "WE", "FR", "TU,TH"]), opens_at=dt.time(10), closes_at=dt.time(12))
         for s in services],
        batch_size=2000,
    )  # fmt: skip
    Place.objects.bulk_create(
        [
            Place(
                municipality=city, service=s, on_map=rng.random() < 0.9,
                generations=rng.sample(Generation.values, rng.randint(1, 3)),
                audiences=rng.sample(Audience.values, rng.randint(1, 2)),
            )
            for s in services
        ],
        batch_size=1000,
    )  # fmt: skip
    place_ids = list(Place.objects.filter(municipality=city).values_list("pk", flat=True))
    start, _ = fiscal_year_bounds(fiscal_year(today()))
    days = [start + dt.timedelta(days=d) for d in range(365)]
    per_place, rows = max(gatherings // len(place_ids), 1), []
    for pk in place_ids:
        for day in rng.sample(days, min(per_place, len(days))):
            bands = {f: rng.randint(0, 5) for f, _ in AGE_BANDS}
            rows.append(Gathering(place_id=pk, held_on=day, attendance=sum(bands.values()), **bands))
    Gathering.objects.bulk_create(rows[:gatherings], batch_size=5000)
    Coordination.objects.bulk_create(
        [
            Coordination(
                municipality=city, agency=shakyo, contacted_on=rng.choice(days), counterpart_kind="jichikai",
                counterpart="自治会長", connection=rng.choice(["space", "people", "between"]), connected_from="集会所",
                connected_to="サロン", outcome=rng.choice(["connected", "in_progress", "not_now"]),
            )
            for _ in range(500)
        ]
    )  # fmt: skip
    for n in range(12):
        questionnaire = Questionnaire.objects.create(
            prefecture=prefecture, municipality=city, title=f"第{n + 1}回ハブラボ アンケート", created_by=user
        )
        Response.objects.bulk_create(
            [Response(questionnaire=questionnaire, submitted_at=timezone.now()) for _ in range(30)]
        )
        session = PlatformSession.objects.create(
            municipality=city, title=f"第{n + 1}回ハブラボ", theme="農と福祉", held_on=days[n * 30], organisers="地域福祉課",
            participants=40, questionnaire=questionnaire,
        )  # fmt: skip
        SessionOrganisation.objects.bulk_create(
            [SessionOrganisation(session=session, name=f"団体{k}", sector=rng.choice(["welfare", "business", "residents"]),
                                 attended=True, attendees=2) for k in range(15)]
        )  # fmt: skip
        SessionResult.objects.create(session=session, kind="collaboration", text="農家と就労体験をつなぐ")
    return city, user, areas


def run(places: int, gatherings: int, repeat: int, pdf_repeat: int) -> list[str]:
    from kasane.community.models import Gathering, Place

    rng = random.Random(SEED + places)
    started = time.perf_counter()
    city, user, areas = load(places, gatherings, rng)
    on_map = Place.objects.filter(municipality=city, on_map=True).count()
    held = Gathering.objects.filter(place__municipality=city).count()
    out = [
        f"\n== {places:,} places ({on_map:,} on the map), {held:,} gatherings ({connection.vendor}); "
        f"loaded in {time.perf_counter() - started:.1f} s"
    ]
    client = Client()
    client.force_login(user)

    def page(url: str) -> Callable[[], object]:
        def get() -> object:
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
            return response

        return get

    cases = [
        ("year view", "/community/", repeat),
        ("year workbook (xlsx)", "/community/year.xlsx", repeat),
        ("residents' PDF, every area", "/community/map.pdf", pdf_repeat),
        (f"residents' PDF, {areas[0].name}", f"/community/map.pdf?area={areas[0].pk}", pdf_repeat),
    ]
    for label, url, times in cases:
        page(url)()  # the first request of a session writes it: counted apart from the page's own queries
        n = count_queries(page(url))
        med, p95 = med_p95(timed(page(url), times))
        size = len(client.get(url).content)
        out.append(
            f"GET {label:<30} median {med:8.1f} ms  p95 {p95:8.1f} ms  queries {n:>2}  {size / 1024:7.0f} KB"
        )
    return out


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--places", type=int, default=1000)
    parser.add_argument("--gatherings", type=int, default=50000)
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--pdf-repeat", type=int, default=5)
    args = parser.parse_args(argv)
    setup_test_environment()
    call_command("migrate", verbosity=0)
    try:
        for line in run(args.places, args.gatherings, args.repeat, args.pdf_repeat):
            print(line, flush=True)
    finally:
        if _TEMP_DIR:
            shutil.rmtree(_TEMP_DIR, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
