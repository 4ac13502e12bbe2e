"""受付番号・ケース番号 (R8-0369), moments in 和暦 (令和8年12月5日 15:50), and a date-time typed the same way
whatever the browser's locale (issue 13, point 7). Every case names its day: nothing here reads the clock."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django import forms

from kasane.core.templatetags.kasane_tags import when
from kasane.lib.dates import TOKYO, fiscal_number, wareki_datetime
from kasane.lib.forms import JapaneseDateTimeField, parse_time_input

UTC = dt.UTC


@pytest.mark.parametrize(
    ("received_on", "serial", "number"),
    [
        (dt.date(2026, 12, 5), 369, "R8-0369"),
        (dt.date(2027, 3, 31), 369, "R8-0369"),  # the last day of 令和8年度
        (dt.date(2027, 4, 1), 370, "R9-0370"),  # the first of 令和9年度: the 年度, not the calendar year
        (dt.date(2027, 1, 4), 12, "R8-0012"),  # January belongs to the 年度 begun the April before
        (dt.date(2019, 3, 31), 1, "H30-0001"),  # 平成30年度
        (dt.date(2019, 4, 1), 2, "R1-0002"),  # 平成31年4月, yet 令和元年度: the era that covered most of it
        (dt.date(2019, 5, 1), 3, "R1-0003"),
        (dt.date(2026, 6, 1), 12345, "R8-12345"),  # more than four digits are kept, never cut
    ],
)
def test_the_number_is_the_年度_of_receipt_and_the_serial(
    received_on: dt.date, serial: int, number: str
) -> None:
    assert fiscal_number(received_on, serial) == number


@pytest.mark.parametrize(
    ("moment", "label"),
    [
        (dt.datetime(2026, 12, 5, 6, 50, tzinfo=UTC), "令和8年12月5日 15:50"),
        (dt.datetime(2026, 12, 5, 0, 5, tzinfo=UTC), "令和8年12月5日 9:05"),
        # Tokyo's day, not UTC's: 23:30 UTC is the next morning in Tokyo.
        (dt.datetime(2027, 3, 31, 23, 30, tzinfo=UTC), "令和9年4月1日 8:30"),
        # The era changed at midnight Tokyo time.
        (dt.datetime(2019, 4, 30, 14, 59, tzinfo=UTC), "平成31年4月30日 23:59"),
        (dt.datetime(2019, 4, 30, 15, 0, tzinfo=UTC), "令和元年5月1日 0:00"),
    ],
)
def test_moments_show_in_和暦_in_tokyo_time(moment: dt.datetime, label: str) -> None:
    assert wareki_datetime(moment) == label
    assert when(moment) == label  # the template filter every screen uses
    assert when(None) == ""


def test_a_naive_moment_is_refused() -> None:
    with pytest.raises(ValueError, match="naive"):
        wareki_datetime(dt.datetime(2026, 12, 5, 15, 50))


@pytest.mark.parametrize(
    ("text", "time"),
    [
        ("15:50", dt.time(15, 50)),
        ("１５：５０", dt.time(15, 50)),
        ("1550", dt.time(15, 50)),
        ("9:05", dt.time(9, 5)),
        ("15時50分", dt.time(15, 50)),
        ("15時", dt.time(15, 0)),
        ("0:00", dt.time(0, 0)),
    ],
)
def test_times_are_read_as_staff_type_them(text: str, time: dt.time) -> None:
    assert parse_time_input(text) == time


@pytest.mark.parametrize("text", ["03:50 PM", "24:00", "15:60", "", "夕方"])
def test_other_times_are_refused_with_a_japanese_message(text: str) -> None:
    with pytest.raises(ValueError, match="時刻"):
        parse_time_input(text)


class _Intake(forms.Form):
    received_at = JapaneseDateTimeField(label="受付日時")


@pytest.mark.parametrize(
    ("day", "time", "moment"),
    [
        ("R8.12.5", "15:50", dt.datetime(2026, 12, 5, 15, 50, tzinfo=TOKYO)),
        ("2026-12-05", "1550", dt.datetime(2026, 12, 5, 15, 50, tzinfo=TOKYO)),
        ("平成31年4月30日", "23:59", dt.datetime(2019, 4, 30, 23, 59, tzinfo=TOKYO)),
    ],
)
def test_a_date_time_is_entered_as_text_not_in_the_browsers_locale(
    day: str, time: str, moment: dt.datetime
) -> None:
    form = _Intake(data={"received_at_0": day, "received_at_1": time})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["received_at"] == moment


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"received_at_0": "12/05/2026", "received_at_1": "03:50 PM"}, "日付として読み取れません"),
        ({"received_at_0": "R8.12.5", "received_at_1": "03:50 PM"}, "時刻として読み取れません"),
        ({"received_at_0": "R8.12.5", "received_at_1": ""}, "受付日時の時刻を入力してください。"),
        ({"received_at_0": "", "received_at_1": "15:50"}, "受付日時の日付を入力してください。"),
        ({}, "受付日時を入力してください。"),
    ],
)
def test_a_date_time_the_field_cannot_read_says_why(data: dict[str, str], message: str) -> None:
    form = _Intake(data=data)
    assert not form.is_valid()
    assert message in " ".join(form.errors["received_at"])


def test_the_boxes_are_plain_text_and_show_the_moment_in_和暦(settings: Any) -> None:
    moment = dt.datetime(2026, 12, 5, 6, 50, tzinfo=UTC)
    html = str(_Intake(initial={"received_at": moment})["received_at"])
    assert 'type="datetime-local"' not in html and 'type="date"' not in html and 'type="time"' not in html
    assert 'value="令和8年12月5日"' in html and 'value="15:50"' in html


def test_a_future_date_is_refused_when_the_field_says_so() -> None:
    class _Past(forms.Form):
        received_at = JapaneseDateTimeField(label="受付日時", allow_future=False)

    with time_machine.travel(dt.datetime(2026, 12, 5, 10, 0, tzinfo=TOKYO), tick=False):
        assert not _Past(data={"received_at_0": "R8.12.6", "received_at_1": "9:00"}).is_valid()
        assert _Past(data={"received_at_0": "R8.12.5", "received_at_1": "9:00"}).is_valid()
