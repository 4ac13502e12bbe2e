"""A birth year, 年度, month or age typed to find someone becomes the span of birth dates it means. Ages
count from the day passed in, so every case here names its day."""

from __future__ import annotations

import datetime as dt

import pytest

from kasane.lib.dates import DateSpan, months_before, parse_birth_input, years_before

D = dt.date
SOME_DAY = D(2026, 11, 23)


@pytest.mark.parametrize(
    ("text", "first", "last"),
    [
        ("昭和17年", D(1942, 1, 1), D(1942, 12, 31)),
        ("S17", D(1942, 1, 1), D(1942, 12, 31)),
        ("ｓ１７年", D(1942, 1, 1), D(1942, 12, 31)),
        ("昭17", D(1942, 1, 1), D(1942, 12, 31)),
        ("昭和17年生まれ", D(1942, 1, 1), D(1942, 12, 31)),
        ("1942", D(1942, 1, 1), D(1942, 12, 31)),
        ("1942年", D(1942, 1, 1), D(1942, 12, 31)),
        ("S17年3月", D(1942, 3, 1), D(1942, 3, 31)),
        ("1944/2", D(1944, 2, 1), D(1944, 2, 29)),
        ("S17.3.2", D(1942, 3, 2), D(1942, 3, 2)),
        # 年度: the school cohort, April to March, across the era change too
        ("昭和17年度", D(1942, 4, 1), D(1943, 3, 31)),
        ("昭和63年度", D(1988, 4, 1), D(1989, 3, 31)),
        # era boundaries: the year is cut to the days the era covered
        ("昭和64年", D(1989, 1, 1), D(1989, 1, 7)),
        ("平成元年", D(1989, 1, 8), D(1989, 12, 31)),
        ("H1", D(1989, 1, 8), D(1989, 12, 31)),
        ("平成31年", D(2019, 1, 1), D(2019, 4, 30)),
        ("令和元年", D(2019, 5, 1), D(2019, 12, 31)),
        ("明治元年", D(1868, 1, 25), D(1868, 12, 31)),
        ("1868", D(1868, 1, 25), D(1868, 12, 31)),
    ],
)
def test_years_months_and_fiscal_years(text: str, first: dt.date, last: dt.date) -> None:
    assert parse_birth_input(text, SOME_DAY) == DateSpan(first, last)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("昭和65年", "昭和は64年（1989年1月7日）までです。"),
        ("平成0年", "平成0年はありません"),
        ("1867", "明治元年）より前"),
        ("80", "年齢なら「80歳」"),
        ("昭和17年度3月", "年度と月は一緒に指定できません"),
        ("そのうち", "生年月日・生まれ年・年齢として読み取れません"),
        ("S17.2.30", "その日付は存在しません"),
    ],
)
def test_what_cannot_be_read_says_why(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_birth_input(text, SOME_DAY)


def _age(born: dt.date, on: dt.date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


@pytest.mark.parametrize(
    "today",
    [
        D(2027, 3, 31),  # the last day of a 年度
        D(2027, 4, 1),  # the first day of the next
        D(2028, 2, 29),  # a leap day
        D(2027, 2, 28),
        D(2027, 3, 1),
        D(2019, 5, 1),  # the first day of 令和
    ],
)
@pytest.mark.parametrize(("text", "youngest", "oldest"), [("80歳", 80, 80), ("０歳", 0, 0), ("80代", 80, 89)])
def test_an_age_is_exactly_the_people_of_that_age_today(
    today: dt.date, text: str, youngest: int, oldest: int
) -> None:
    span = parse_birth_input(text, today)
    # Every birth date from two years beyond the span's ends: inside the span exactly when of that age.
    day = years_before(span.first, 2)
    while day <= min(span.last + dt.timedelta(days=800), today):
        assert (span.first <= day <= span.last) == (youngest <= _age(day, today) <= oldest), (today, day)
        day += dt.timedelta(days=1)


def test_the_same_age_means_other_birth_dates_across_a_fiscal_year_boundary() -> None:
    before = parse_birth_input("80歳", D(2027, 3, 31))
    after = parse_birth_input("80歳", D(2027, 4, 1))
    assert before == DateSpan(D(1946, 4, 1), D(1947, 3, 31))
    assert after == DateSpan(D(1946, 4, 2), D(1947, 4, 1))


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (dt.date(2026, 12, 7), 3, dt.date(2026, 9, 7)),
        (dt.date(2026, 5, 31), 3, dt.date(2026, 2, 28)),  # a day February lacks: its last day
        (dt.date(2028, 5, 31), 3, dt.date(2028, 2, 29)),  # leap year
        (dt.date(2026, 1, 15), 12, dt.date(2025, 1, 15)),
        (dt.date(2026, 2, 10), 2, dt.date(2025, 12, 10)),  # across the calendar year
        (dt.date(2026, 3, 31), 0, dt.date(2026, 3, 31)),
    ],
)
def test_months_before_keeps_the_day_or_falls_back_to_the_months_last(
    day: dt.date, months: int, expected: dt.date
) -> None:
    assert months_before(day, months) == expected
