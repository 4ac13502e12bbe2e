"""Audit trail under concurrent writers, and the time to verify it (issue 20, the audit goal).

    uv run python benchmarks/audit_chain.py                 # SQLite in a temporary data directory
    DATABASE_URL=postgres://… uv run python benchmarks/audit_chain.py   # an empty, throwaway database

Builds two municipalities (the tenancy models directly) and runs, each time with 8 writer threads, 4 per
municipality, each on its own database connection, appending through ``kasane.audit.trail.log`` only:
- steady: every writer appends ``--entries`` entries as fast as it can;
- held: the same with ``--held-entries`` each, while a ninth writer in the first municipality appends one
  entry inside a transaction and keeps that transaction open ``--hold-ms`` (a slow request), over and over.
For each municipality it prints entries/s and the time of one ``log`` call (p50/p95, ms). Beside a single
writer's time, that is the wait per append: the time blocked acquiring the chain (the lock and, on SQLite, the
database's one write lock). Then the trail is filled to ``--verify-entries`` and verified in full
(``verify_chain(full=True)``) and, where the code has checkpoints, incrementally after a day's worth of new
entries (``--day-entries``). The script calls only ``log``, ``log_many`` and ``verify_chain``, and passes
``full`` only where ``verify_chain`` takes it, so it runs on the code before checkpoints too.
Results: benchmarks/results/audit_chain.txt.
"""

from __future__ import annotations

import argparse
import inspect
import os
import shutil
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

_TEMP_DIR = None
if "KASANE_DATA_DIR" not in os.environ:
    _TEMP_DIR = tempfile.mkdtemp(prefix="kasane-bench-")
    os.environ["KASANE_DATA_DIR"] = _TEMP_DIR
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kasane.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402

from kasane.audit.trail import Item, log, log_many  # noqa: E402
from kasane.audit.verify import verify_chain  # noqa: E402
from kasane.tenancy.models import Municipality, Prefecture  # noqa: E402

RESULTS = Path(__file__).parent / "results" / "audit_chain.txt"
WRITERS_PER_MUNICIPALITY = 4
_lines: list[str] = []


def out(text: str = "") -> None:
    print(text, flush=True)
    _lines.append(text)


def _server_version() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT sqlite_version()" if connection.vendor == "sqlite" else "SHOW server_version")
        return str(cursor.fetchone()[0])


def percentile(samples: list[float], share: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))] if ordered else 0.0


def municipalities() -> list[Municipality]:
    prefecture, _ = Prefecture.objects.get_or_create(code="99", defaults={"name": "計測県"})
    return [
        Municipality.objects.get_or_create(code=code, defaults={"prefecture": prefecture, "name": name})[0]
        for code, name in (("999001", "計測市"), ("999002", "試験町"))
    ]


def in_thread(
    work: Callable[[], None], barrier: threading.Barrier, errors: list[BaseException]
) -> threading.Thread:
    def run() -> None:
        try:
            barrier.wait(timeout=30)
            work()
        except BaseException as exc:  # reported after the run
            errors.append(exc)
        finally:
            connection.close()

    return threading.Thread(target=run)


def writers(
    places: list[Municipality], per_writer: int, *, hold_ms: int = 0
) -> tuple[dict[str, list[float]], dict[str, float], int]:
    """Per municipality: every log call's time (ms) and the wall time of its writers; and the holder's count."""
    samples: dict[str, list[float]] = {m.name: [] for m in places}
    finished: dict[str, float] = {}
    running = threading.Event()
    running.set()
    held = [0]
    lock = threading.Lock()
    errors: list[BaseException] = []

    def writer(place: Municipality, number: int) -> Callable[[], None]:
        def work() -> None:
            mine = []
            for i in range(per_writer):
                start = time.perf_counter()
                log("bench.append", municipality=place, details={"writer": number, "i": i})
                mine.append((time.perf_counter() - start) * 1000)
            with lock:
                samples[place.name].extend(mine)
                finished[place.name] = time.perf_counter()

        return work

    def holder() -> None:
        # A slow request in the first municipality: its entry is appended, then its transaction stays open.
        while running.is_set():
            with transaction.atomic():
                log("bench.held", municipality=places[0], details={"hold_ms": hold_ms})
                time.sleep(hold_ms / 1000)
            held[0] += 1
            time.sleep(0.02)

    works = [writer(place, number) for place in places for number in range(WRITERS_PER_MUNICIPALITY)]
    barrier = threading.Barrier(len(works) + (1 if hold_ms else 0))
    threads = [in_thread(work, barrier, errors) for work in works]
    holder_thread = in_thread(holder, barrier, errors) if hold_ms else None
    if holder_thread:
        holder_thread.start()
    for thread in threads:
        thread.start()
    # Once every thread has passed the barrier, the clock starts.
    while barrier.n_waiting and not errors:
        time.sleep(0.001)
    started = time.perf_counter()
    for thread in threads:
        thread.join()
    running.clear()
    if holder_thread:
        holder_thread.join()
    if errors:
        raise errors[0]
    return samples, {name: end - started for name, end in finished.items()}, held[0]


def report(title: str, places: list[Municipality], per_writer: int, hold_ms: int = 0) -> None:
    samples, walls, held = writers(places, per_writer, hold_ms=hold_ms)
    out(f"\n{title}")
    out(
        f"  {'municipality':14} {'entries':>8} {'entries/s':>10} {'log p50 ms':>11} {'p95 ms':>8} {'max ms':>8}"
    )
    for place in places:
        times = samples[place.name]
        out(
            f"  {place.name:14} {len(times):8d} {len(times) / walls[place.name]:10.0f} "
            f"{statistics.median(times):11.2f} {percentile(times, 0.95):8.2f} {max(times):8.2f}"
        )
    if hold_ms:
        out(f"  (the holder in {places[0].name} kept {held} transactions open {hold_ms} ms each)")


def fill(places: list[Municipality], total: int) -> None:
    from kasane.audit.models import AuditEntry

    missing = total - AuditEntry.objects.count()
    batch = 500
    number = 0
    while missing > 0:
        size = min(batch, missing)
        items = [Item(object_type="bench", object_id=i, details={"i": i}) for i in range(size)]
        log_many("bench.fill", items, municipality=places[number % len(places)])
        missing -= size
        number += 1


def timed_verify(**kwargs: object) -> tuple[float, int, bool]:
    start = time.perf_counter()
    result = verify_chain(**kwargs)  # type: ignore[arg-type]
    return time.perf_counter() - start, result.checked, result.ok


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--entries", type=int, default=200, help="entries per writer, steady run (200)")
    parser.add_argument("--held-entries", type=int, default=40, help="entries per writer, held run (40)")
    parser.add_argument("--hold-ms", type=int, default=200, help="how long the holder keeps its transaction")
    parser.add_argument("--verify-entries", type=int, default=50_000, help="trail size for verify (50000)")
    parser.add_argument(
        "--day-entries", type=int, default=2_000, help="new entries before incremental verify"
    )
    args = parser.parse_args(argv)

    if connection.vendor == "postgresql":
        out("PostgreSQL: using the database in DATABASE_URL; it must be a fresh, throwaway one.")
    call_command("migrate", verbosity=0)
    out(f"engine: {connection.vendor} {_server_version()}, {os.cpu_count()} CPUs")
    places = municipalities()
    connection.close()

    # The yardsticks: one writer with the trail to itself, then four in one municipality (one chain).
    alone: list[float] = []
    for i in range(args.entries):
        start = time.perf_counter()
        log("bench.alone", municipality=places[1], details={"i": i})
        alone.append((time.perf_counter() - start) * 1000)
    connection.close()
    single_samples, single_walls, _ = writers(places[:1], args.entries)
    times = single_samples[places[0].name]
    out(
        f"\none writer alone: log p50 {statistics.median(alone):.2f} ms, p95 {percentile(alone, 0.95):.2f} ms "
        f"({len(alone) / (sum(alone) / 1000):.0f} entries/s); "
        f"4 writers in one municipality: {len(times) / single_walls[places[0].name]:.0f} entries/s, "
        f"p50 {statistics.median(times):.2f} ms, p95 {percentile(times, 0.95):.2f} ms"
    )
    report(
        f"steady: {2 * WRITERS_PER_MUNICIPALITY} writers (4 per municipality), {args.entries} entries each",
        places,
        args.entries,
    )
    report(
        f"held: {2 * WRITERS_PER_MUNICIPALITY} writers, {args.held_entries} entries each, "
        f"one more in {places[0].name} holding its transaction {args.hold_ms} ms after appending",
        places,
        args.held_entries,
        hold_ms=args.hold_ms,
    )

    fill(places, args.verify_entries)
    connection.close()
    has_full = "full" in inspect.signature(verify_chain).parameters
    seconds, checked, ok = timed_verify(**({"full": True} if has_full else {}))
    out(
        f"\nverify, full walk: {checked} entries in {seconds:.2f} s ({checked / seconds:,.0f} entries/s), ok={ok}"
    )
    if has_full:
        # The full walk found the trail whole and wrote a checkpoint at each chain's end; a day's worth arrives.
        fill(places, args.verify_entries + args.day_entries)
        seconds, checked, ok = timed_verify()
        out(
            f"verify, incremental (from the checkpoints the full walk wrote), after {args.day_entries} new "
            f"entries: {checked} entries in {seconds:.3f} s ({checked / seconds:,.0f} entries/s), ok={ok}"
        )
    else:
        out("verify, incremental: not in this code (verify_chain has no full= parameter)")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text("\n".join(_lines) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    try:
        code = main(sys.argv[1:])
    finally:
        connection.close()
        if _TEMP_DIR is not None:
            shutil.rmtree(_TEMP_DIR, ignore_errors=True)
    sys.exit(code)
