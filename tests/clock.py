"""The suite's clock: any day is a test day.

By default the suite runs on the real date, and every test must pass whatever that date is. To try it on
another day, set ``KASANE_TEST_TODAY`` (an ISO date)::

    KASANE_TEST_TODAY=2028-02-29 uv run pytest

The whole run then starts at 10:00 Tokyo time on that day, the clock ticking: this process through
time-machine, and the app processes the browser tests start through ``python_command`` (tests/at_date.py),
so that the server, the demo it loads and the test that checks it agree on what today is.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path

import time_machine

TODAY_ENV = "KASANE_TEST_TODAY"
LAUNCHER = Path(__file__).with_name("at_date.py")
TOKYO = dt.timezone(dt.timedelta(hours=9))


def pinned_date() -> dt.date | None:
    """The date the run is pinned to, or None on the real date."""
    value = os.environ.get(TODAY_ENV, "").strip()
    return dt.date.fromisoformat(value) if value else None


def morning_of(day: dt.date) -> dt.datetime:
    """10:00 in Tokyo on ``day``: far from midnight, so a run or a test does not cross into the next day."""
    return dt.datetime.combine(day, dt.time(10, 0), tzinfo=TOKYO)


def start_travel() -> time_machine.travel | None:
    day = pinned_date()
    if day is None:
        return None
    traveller = time_machine.travel(morning_of(day), tick=True)
    traveller.start()
    return traveller


def python_command(*args: str) -> list[str]:
    """``python <args>`` for an app subprocess, on the run's date when one is set."""
    if pinned_date() is None:
        return [sys.executable, *args]
    return [sys.executable, str(LAUNCHER), *args]


def subprocess_env(env: dict[str, str]) -> dict[str, str]:
    """``env`` with the run's date passed on (subprocess environments drop KASANE_* on purpose)."""
    value = os.environ.get(TODAY_ENV)
    return {**env, TODAY_ENV: value} if value else env
