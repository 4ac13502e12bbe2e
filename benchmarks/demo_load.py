"""How long `kasane demo` takes to build its city, printed (not asserted: speed lives in benchmarks, see README).

    uv run python benchmarks/demo_load.py                 # SQLite in a temporary data directory
    DATABASE_URL=postgres://… uv run python benchmarks/demo_load.py

Target: under 10 s on a 2-core machine, so a newcomer's first `uv run kasane demo` starts at once. Each run
loads into an empty database (a fresh temporary directory for SQLite; on PostgreSQL point DATABASE_URL at an
empty database).
"""

from __future__ import annotations

import os
import tempfile
import time

os.environ.setdefault("KASANE_DATA_DIR", tempfile.mkdtemp(prefix="kasane-bench-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kasane.settings")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

TARGET_SECONDS = 10.0


def main() -> None:
    call_command("migrate", verbosity=0)
    from kasane.demo import loader as demo

    if demo.demo_loaded():
        raise SystemExit("the database already holds the demo: point the benchmark at an empty one")
    started = time.monotonic()
    demo.load_demo()
    elapsed = time.monotonic() - started
    counts = ", ".join(f"{k} {v}" for k, v in demo.last_case_counts.items())
    print(f"engine: {connection.vendor}")
    print(
        f"demo load: {elapsed:.2f} s (target < {TARGET_SECONDS:.0f} s){'' if elapsed < TARGET_SECONDS else '  OVER'}"
    )
    print(f"records: {counts}")


if __name__ == "__main__":
    main()
