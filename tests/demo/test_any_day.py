"""The demo is the same city, keeping every promise, on any day of the year.

The demo is dated relative to today, so it is built here on the days where calendars bite: both sides of the
年度 boundary, of the new year, a leap day, the change from 平成 to 令和, a Monday and a Sunday, and the real
today. On each it must keep every promise (tests/demo/promises.py) and describe the same city: the same
households and people (by age), referrals, cases, agenda items and dispatches in the same states, the same
outreach targets, and the same register, 参加支援 placements, follow-ups (done, overdue, due) and 資源開拓.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.db import transaction

from kasane.demo import loader as demo
from kasane.lib.dates import today
from tests.clock import morning_of

from .promises import broken_promises, fingerprint

pytestmark = pytest.mark.django_db(transaction=False)

DAYS = [
    dt.date(2027, 3, 31),  # the last day of a 年度 …
    dt.date(2027, 4, 1),  # … and the first of the next
    dt.date(2026, 12, 31),  # the year's end …
    dt.date(2027, 1, 1),  # … and the new year, in the middle of a 年度
    dt.date(2028, 2, 29),  # a leap day: birthdays and "a year ago" on 29 February
    dt.date(2019, 4, 30),  # the last day of 平成 …
    dt.date(2019, 5, 1),  # … and 令和元年 5月1日
    dt.date(2026, 12, 7),  # a Monday: yesterday was a Sunday
    dt.date(2026, 12, 6),  # a Sunday
    dt.date(2026, 12, 5),  # the day issue 10 found the demo without a resent referral
]


class _Undo(Exception):
    pass


def _build_on(day: dt.date | None) -> tuple[list[str], dict[str, Any]]:
    """Load the demo on ``day`` (None: the real today), check it, and roll it back."""
    result: tuple[list[str], dict[str, Any]] = ([], {})
    try:
        with transaction.atomic():
            if day is None:
                demo.load_demo()
                result = (broken_promises(today()), fingerprint())
            else:
                with time_machine.travel(morning_of(day), tick=False):
                    demo.load_demo()
                    result = (broken_promises(day), fingerprint())
            raise _Undo
    except _Undo:
        pass
    return result


def test_the_same_city_keeping_every_promise_on_any_day(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path
    broken: dict[str, list[str]] = {}
    prints: dict[str, dict[str, Any]] = {}
    for day in [None, *DAYS]:
        label = "今日" if day is None else day.isoformat()
        broken[label], prints[label] = _build_on(day)
    report = [f"{label}: {'、'.join(names)}" for label, names in broken.items() if names]
    assert not report, "守られていない約束:\n" + "\n".join(report)
    reference = prints["今日"]
    for label, seen in prints.items():
        for part, value in reference.items():
            assert seen[part] == value, f"{label}: {part} differs from the demo built today"
