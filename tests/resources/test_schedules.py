"""Weekdays as staff write them, read into HSDS's freq and byday and written back the same way."""

from __future__ import annotations

import pytest

from kasane.resources.models import Frequency
from kasane.resources.schedules import days_text, parse_days

EVERY_DAY = "MO,TU,WE,TH,FR,SA,SU"
WEEKDAYS = "MO,TU,WE,TH,FR"


@pytest.mark.parametrize(
    ("text", "freq", "byday"),
    [
        ("月・水", Frequency.WEEKLY, "MO,WE"),
        ("毎週火曜", Frequency.WEEKLY, "TU"),
        ("水曜日・月曜日", Frequency.WEEKLY, "MO,WE"),
        ("土日", Frequency.WEEKLY, "SA,SU"),
        ("毎日", Frequency.WEEKLY, EVERY_DAY),
        ("毎日曜", Frequency.WEEKLY, "SU"),
        ("毎日曜日", Frequency.WEEKLY, "SU"),
        ("平日", Frequency.WEEKLY, WEEKDAYS),
        ("平日・土", Frequency.WEEKLY, "MO,TU,WE,TH,FR,SA"),
        ("第2・第4水", Frequency.MONTHLY, "2WE,4WE"),
        ("毎月第１水曜", Frequency.MONTHLY, "1WE"),
        ("最終金", Frequency.MONTHLY, "-1FR"),
        ("最終金曜日", Frequency.MONTHLY, "-1FR"),
    ],
)
def test_parse_days(text: str, freq: str, byday: str) -> None:
    assert parse_days(text) == (freq, byday)


@pytest.mark.parametrize(
    ("freq", "byday", "text"),
    [
        (Frequency.WEEKLY, "MO,WE", "月・水"),
        (Frequency.WEEKLY, EVERY_DAY, "月・火・水・木・金・土・日"),
        (Frequency.WEEKLY, WEEKDAYS, "月・火・水・木・金"),
        (Frequency.MONTHLY, "2WE,4WE", "第2・第4水"),
        (Frequency.MONTHLY, "-1FR", "最終金"),
        (Frequency.MONTHLY, "1MO,1TH,3MO,3TH", "第1・第3月・木"),
    ],
)
def test_days_text_reads_back_as_what_it_was(freq: str, byday: str, text: str) -> None:
    assert days_text(freq, byday) == text
    assert parse_days(text) == (freq, byday)


@pytest.mark.parametrize("text", ["随時", "", "第2・第4", "every Monday"])
def test_nonsense_is_refused_in_japanese(text: str) -> None:
    with pytest.raises(ValueError, match="曜日が読み取れません") as refused:
        parse_days(text)
    assert (
        str(refused.value)
        == f"曜日が読み取れません：「{text}」（例：月・水、毎日、平日、第2・第4水、最終金）"
    )
