"""Speed of the meetings pages, printed as figures (not asserted: see README).

    uv run python benchmarks/meetings.py                 # SQLite in a temporary data directory
    DATABASE_URL=postgres://… uv run python benchmarks/meetings.py

On the demo city (its 包括的支援会議 with ~33 sittings, items, attendance) grown by a year of extra sittings
with ten items each: the meetings list, a sitting's page, a §106-6 item page (with its audited read), the
minutes PDF of a sitting with ten items, and saving an item's minutes. Median and p95 over repeated requests
through Django's test client (middleware, access checks, audit entries, templates included).
"""

from __future__ import annotations

import datetime as dt
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
    return statistics.median(samples), samples[max(int(len(samples) * 0.95) - 1, 0)]


def main() -> None:
    setup_test_environment()
    call_command("migrate", verbosity=0)
    from kasane.accounts.models import User
    from kasane.demo import loader as demo
    from kasane.meetings.models import AgendaItem, ItemKind, Meeting, MeetingBody

    if not demo.demo_loaded():
        demo.load_demo()
    city, hub = User.objects.get(username="shi"), User.objects.get(username="kyodo")
    body = MeetingBody.objects.get(name="かさね市包括的支援会議")
    start = dt.date.today() - dt.timedelta(days=400)
    for n in range(12):
        meeting = Meeting.objects.create(
            municipality=body.municipality,
            body=body,
            title=f"ベンチマーク会議 {n + 1}",
            kinds=body.kinds,
            held_on=start + dt.timedelta(days=30 * n),
        )
        for order in range(1, 11):
            item = AgendaItem.objects.create(
                meeting=meeting,
                order=order,
                kind=ItemKind.SUPPORT_CASE,
                title=f"議題 {order}",
                subject_name="試験 太郎",
                situation="状況の記載。" * 40,
            )
            item.invited.set([city, hub])
    big = Meeting.objects.filter(title="ベンチマーク会議 12").get()
    item = big.items.first()
    assert item is not None
    client = Client()
    client.force_login(hub)
    print(
        f"engine: {connection.vendor}; sittings {Meeting.objects.count()}, items {AgendaItem.objects.count()}"
    )
    rows = [
        ("meetings list", lambda: client.get("/meetings/"), 30),
        ("sitting with 10 §106-6 items", lambda: client.get(f"/meetings/{big.pk}/"), 30),
        ("§106-6 item page", lambda: client.get(f"/meetings/items/{item.pk}/"), 30),
        ("minutes PDF (10 items)", lambda: client.get(f"/meetings/{big.pk}/minutes.pdf"), 10),
    ]
    for label, fn, repeat in rows:
        response = fn()
        assert response.status_code == 200, (label, response.status_code)
        median, p95 = timed(fn, repeat)
        print(f"{label:32s} median {median:7.1f} ms   p95 {p95:7.1f} ms")
    size = len(client.get(f"/meetings/{big.pk}/minutes.pdf").content)
    print(f"minutes PDF size: {size / 1024:.0f} KiB")

    def save() -> None:
        fresh = AgendaItem.objects.get(pk=item.pk)
        data = {
            "lock_version": str(fresh.lock_version),
            "situation": fresh.situation,
            "discussion": "協議の記録。",
            "a-TOTAL_FORMS": "0",
            "a-INITIAL_FORMS": "0",
        }
        response = client.post(f"/meetings/items/{item.pk}/", data)
        assert response.status_code == 302, response.status_code

    median, p95 = timed(save, 20)
    print(f"{'save minutes':32s} median {median:7.1f} ms   p95 {p95:7.1f} ms")


if __name__ == "__main__":
    sys.exit(main())
