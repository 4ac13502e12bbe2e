"""Dates as municipal staff read them: 和暦 beside the western year, and fiscal years (年度, April–March).

One helper for the whole application, so that every screen, PDF and export writes a date the same way.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

TOKYO = ZoneInfo("Asia/Tokyo")


@dataclass(frozen=True)
class Era:
    name: str
    short: str
    start: dt.date


# Newest first; 明治 before its start in the Gregorian calendar is out of scope.
ERAS: tuple[Era, ...] = (
    Era("令和", "R", dt.date(2019, 5, 1)),
    Era("平成", "H", dt.date(1989, 1, 8)),
    Era("昭和", "S", dt.date(1926, 12, 25)),
    Era("大正", "T", dt.date(1912, 7, 30)),
    Era("明治", "M", dt.date(1868, 1, 25)),
)


def era_of(day: dt.date) -> Era:
    for era in ERAS:
        if day >= era.start:
            return era
    raise ValueError(f"{day} is before 明治")


def era_year(day: dt.date) -> tuple[Era, int]:
    era = era_of(day)
    return era, day.year - era.start.year + 1


def _year_label(n: int) -> str:
    return "元" if n == 1 else str(n)


def wareki(day: dt.date | dt.datetime | None) -> str:
    """令和6年4月1日"""
    if day is None:
        return ""
    if isinstance(day, dt.datetime):
        day = localtime(day).date()
    era, n = era_year(day)
    return f"{era.name}{_year_label(n)}年{day.month}月{day.day}日"


def wareki_with_western(day: dt.date | dt.datetime | None) -> str:
    """令和6年4月1日（2024年）"""
    if day is None:
        return ""
    if isinstance(day, dt.datetime):
        day = localtime(day).date()
    return f"{wareki(day)}（{day.year}年）"


def localtime(moment: dt.datetime) -> dt.datetime:
    if moment.tzinfo is None:
        raise ValueError("naive datetimes are not allowed")
    return moment.astimezone(TOKYO)


def datetime_label(moment: dt.datetime | None) -> str:
    """2024/04/01 09:30 in Tokyo time: compact, sortable, for tables and the audit trail."""
    if moment is None:
        return ""
    return localtime(moment).strftime("%Y/%m/%d %H:%M")


def fiscal_year(day: dt.date) -> int:
    """The western year in which the fiscal year (年度) starts: 2025-03-31 is in FY2024."""
    return day.year if day.month >= 4 else day.year - 1


def fiscal_year_label(year: int) -> str:
    """令和6年度（2024年度）.

    A fiscal year takes the era that covered most of it: FY2019 is 令和元年度 although it began in 平成,
    and FY1988 stays 昭和63年度 although 平成 began in its January.
    """
    era, n = era_year(dt.date(year, 12, 1))
    return f"{era.name}{_year_label(n)}年度（{year}年度）"


def fiscal_year_bounds(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 4, 1), dt.date(year + 1, 3, 31)


def today() -> dt.date:
    return dt.datetime.now(TOKYO).date()
