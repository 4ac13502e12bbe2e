"""Speed of the foundation's hot paths, printed as figures (not asserted: see README).

    uv run python benchmarks/directory.py                 # SQLite in a temporary data directory
    DATABASE_URL=postgres://… uv run python benchmarks/directory.py

Measures, on the demo municipality: the 機関一覧 and 相談先ナビ pages and their API (median and p95 over
repeated requests through Django's test client, which includes middleware, the audit-free reads, templates),
the A4 brochure PDF, appending to the audit trail, and verifying the chain.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable

os.environ.setdefault("KASANE_DATA_DIR", tempfile.mkdtemp(prefix="kasane-bench-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kasane.settings")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402


def timed(fn: Callable[[], object], repeat: int) -> tuple[float, float]:
    fn()  # warm up
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    return statistics.median(samples), samples[int(len(samples) * 0.95) - 1]


def main() -> None:
    setup_test_environment()
    if connection.vendor == "postgresql":
        print("PostgreSQL: using the database in DATABASE_URL; it must be empty or hold only the demo.")
    call_command("migrate", verbosity=0)
    from kasane import audit
    from kasane.accounts.models import User
    from kasane.agencies.brochure import build_brochure
    from kasane.audit.models import AuditEntry
    from kasane.audit.verify import verify_chain
    from kasane.demo import loader as demo

    if not demo.demo_loaded():
        demo.load_demo()
    client = Client()
    client.force_login(User.objects.get(username="soudanin"))
    user = User.objects.get(username="shi")
    from kasane.tenancy.models import Municipality

    city = Municipality.objects.get(code=demo.DEMO_MUNICIPALITY_CODE)

    print(f"engine: {connection.vendor}, agencies in the demo city: {city.agencies.count()}")
    rows = [
        ("機関一覧 page", lambda: client.get("/agencies/"), 50),
        ("機関一覧 page, name search", lambda: client.get("/agencies/", {"q": "ほうかつ"}), 50),
        (
            "相談先ナビ page, typed + address",
            lambda: client.get("/agencies/navi/", {"q": "ひきこもり", "address": "本町"}),
            50,
        ),
        ("agency detail page", lambda: client.get(f"/agencies/{city.agencies.first().pk}/"), 50),
        ("API /agencies", lambda: client.get("/api/v1/agencies"), 50),
        ("API /navi", lambda: client.get("/api/v1/navi", {"q": "認知症"}), 50),
        ("brochure PDF (build only)", lambda: build_brochure(city), 5),
        ("audit append (one entry)", lambda: audit.log("auth.login", user=user), 200),
    ]
    print(f"{'what':40} {'median ms':>10} {'p95 ms':>10}")
    for name, fn, repeat in rows:
        median, p95 = timed(fn, repeat)
        print(f"{name:40} {median:10.1f} {p95:10.1f}")

    target = 20_000
    missing = target - AuditEntry.objects.count()
    start = time.perf_counter()
    for i in range(max(0, missing)):
        audit.log("agency.updated", user=user, details={"n": i})
    if missing > 0:
        rate = missing / (time.perf_counter() - start)
        print(f"audit append throughput: {rate:,.0f} entries/s ({missing:,} appended)")
    start = time.perf_counter()
    report = verify_chain()
    elapsed = time.perf_counter() - start
    print(
        f"audit verify: {report.checked:,} entries in {elapsed:.2f} s ({report.checked / elapsed:,.0f} entries/s), ok={report.ok}"
    )
    pdf = build_brochure(city)
    print(f"brochure size: {len(pdf) / 1024:.0f} KiB")


if __name__ == "__main__":
    sys.exit(main())
