"""Dates as municipal staff read them: 和暦 beside the western year, and fiscal years (年度, April–March).

One helper for the whole application, so that every screen, PDF and export writes a date the same way.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
import unicodedata
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


def wareki_datetime(moment: dt.datetime | None) -> str:
    """令和6年4月1日 9:30 in Tokyo time: a moment as staff read it on a screen, beside 和暦 dates."""
    if moment is None:
        return ""
    local = localtime(moment)
    return f"{wareki(local.date())} {local.hour}:{local.minute:02d}"


def datetime_label(moment: dt.datetime | None) -> str:
    """2024/04/01 09:30 in Tokyo time: compact and sortable, for the audit trail's export and its files."""
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


def fiscal_year_short(year: int) -> str:
    """R6 for 令和6年度 (FY2024), H30 for 平成30年度: the era the 年度 takes, as fiscal_year_label decides."""
    era, n = era_year(dt.date(year, 12, 1))
    return f"{era.short}{n}"


def fiscal_number(received_on: dt.date, serial: int) -> str:
    """受付番号・ケース番号 as printed on the 帳票: R6-0369.

    The first part is the 年度 of receipt in 和暦 (R6 = 令和6年度, FY2019 = R1), so a sheet is filed under its
    年度 at a glance; the second is the record's own serial (its primary key), four digits or more, which no
    other record shares. The serial runs on across 年度 instead of restarting at 1 (that would need a counter
    per municipality and year). Stable as long as the receipt date is: callers pass one that is not edited.
    """
    return f"{fiscal_year_short(fiscal_year(received_on))}-{serial:04d}"


def fiscal_year_bounds(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 4, 1), dt.date(year + 1, 3, 31)


def today() -> dt.date:
    return dt.datetime.now(TOKYO).date()


# Parsing what staff type into date fields. Input is folded with NFKC first, so full-width digits,
# slashes, letters and the one-character era signs (㍼, ㍻, ㋿) read like their plain forms.

_INPUT_EXAMPLE = "日付として読み取れません。例：昭和45年3月2日、S45.3.2、1970-03-02"
# A Japanese IME turns "-" into "ー" in kana mode, so the prolonged sound mark counts as a dash too.
_DASHES = "-‐‑‒–—―−ー"
_SEP = rf"(?:\s*[/.{re.escape(_DASHES)}]\s*|\s+)"
_YEAR_END = rf"(?:\s*年\s*|{_SEP})"
_MONTH_END = rf"(?:\s*月\s*|{_SEP})"
_DAY_END = r"\s*日?"

# 昭和, 昭 and s (the input is lower-cased) all name the same era.
_ERA_BY_SIGN = {sign: era for era in ERAS for sign in (era.name, era.name[0], era.short.lower())}
_ERA_SIGN = "|".join(re.escape(sign) for sign in sorted(_ERA_BY_SIGN, key=len, reverse=True))

_WESTERN = re.compile(
    rf"(?P<year>\d{{4}}){_YEAR_END}(?P<month>\d{{1,2}}){_MONTH_END}(?P<day>\d{{1,2}}){_DAY_END}"
)
_WESTERN_COMPACT = re.compile(r"(?P<year>\d{4})(?P<month>\d{2})(?P<day>\d{2})")
_JAPANESE = re.compile(
    rf"(?P<era>{_ERA_SIGN})\s*(?P<year>\d{{1,2}}|元){_YEAR_END}"
    rf"(?P<month>\d{{1,2}}){_MONTH_END}(?P<day>\d{{1,2}}){_DAY_END}"
)
_JAPANESE_COMPACT = re.compile(rf"(?P<era>{_ERA_SIGN})\s*(?P<year>\d{{2}})(?P<month>\d{{2}})(?P<day>\d{{2}})")


def _western_label(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _calendar_date(year: int, month: int, day: int) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise ValueError("その日付は存在しません。") from None


def _japanese_date(era: Era, era_year_text: str, month: int, day: int) -> dt.date:
    n = 1 if era_year_text == "元" else int(era_year_text)
    result = _calendar_date(era.start.year + n - 1, month, day)
    if result < era.start:
        raise ValueError(f"{era.name}は元年（{_western_label(era.start)}）からです。")
    index = ERAS.index(era)
    if index > 0:
        last_day = ERAS[index - 1].start - dt.timedelta(days=1)
        if result > last_day:
            last_year = last_day.year - era.start.year + 1
            raise ValueError(
                f"{era.name}は{_year_label(last_year)}年（{_western_label(last_day)}）までです。"
            )
    return result


def parse_date_input(text: str) -> dt.date:
    """Read a date as staff type it: 西暦 (1970-03-02, 1970年3月2日, 19700302) or 和暦 (昭和45年3月2日, S45.3.2).

    Raises ValueError with a message that can be shown to the user as it is. Dates in the future are
    accepted: whether they make sense depends on the field.
    """
    folded = unicodedata.normalize("NFKC", text or "").strip().lower()
    if not folded:
        raise ValueError("日付を入力してください。")
    match = _JAPANESE.fullmatch(folded) or _JAPANESE_COMPACT.fullmatch(folded)
    if match:
        return _japanese_date(
            _ERA_BY_SIGN[match["era"]], match["year"], int(match["month"]), int(match["day"])
        )
    match = _WESTERN.fullmatch(folded) or _WESTERN_COMPACT.fullmatch(folded)
    if not match:
        raise ValueError(_INPUT_EXAMPLE)
    result = _calendar_date(int(match["year"]), int(match["month"]), int(match["day"]))
    earliest = ERAS[-1].start
    # wareki() and everything built on it cannot show a day before 明治.
    if result < earliest:
        raise ValueError(f"{_western_label(earliest)}（明治元年）より前の日付は扱えません。")
    return result


def parse_date_input_or_none(text: str | None) -> dt.date | None:
    """Like parse_date_input, but a blank field means no date."""
    if not unicodedata.normalize("NFKC", text or "").strip():
        return None
    return parse_date_input(text or "")


# Searching by birth: staff often know only a year (昭和17年, S17, 1942), a 年度 of birth (the school
# cohort: 昭和17年度), a month, or an age (80歳, 80代). Each becomes the span of birth dates it means.


@dataclass(frozen=True)
class DateSpan:
    first: dt.date
    last: dt.date

    @classmethod
    def on(cls, day: dt.date) -> DateSpan:
        return cls(day, day)

    @property
    def label(self) -> str:
        if self.first == self.last:
            return wareki(self.first)
        return f"{wareki(self.first)}〜{wareki(self.last)}"


_AGE = re.compile(r"(?P<age>\d{1,3})\s*(?:歳|才)")
_DECADE = re.compile(r"(?P<decade>\d{1,2})0\s*(?:歳\s*)?代")
_YEAR_TAIL = r"(?:\s*年\s*(?P<fiscal>度)?(?:\s*(?P<month>\d{1,2})\s*月?)?|\s*[/.](?P<month2>\d{1,2})\s*月?)?\s*(?:生まれ|生)?"
_ERA_YEAR = re.compile(rf"(?P<era>{_ERA_SIGN})\s*(?P<year>\d{{1,2}}|元){_YEAR_TAIL}")
_WESTERN_YEAR = re.compile(rf"(?P<year>\d{{4}}){_YEAR_TAIL}")
_BARE_NUMBER = re.compile(r"\d{1,3}")
BIRTH_EXAMPLE = "例：S17.3.2、昭和17年、S17、1942、昭和17年度、80歳、80代"


def years_before(day: dt.date, years: int) -> dt.date:
    """The same day so many years earlier; 29 February falls back to the 28th."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day so many months earlier; a day the month lacks falls back to its last day (31 May → 30 Nov)."""
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    return dt.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def _ages(youngest: int, oldest: int, today: dt.date) -> DateSpan:
    """Birth dates of everyone aged youngest..oldest today (Person.age's count of birthdays)."""
    return DateSpan(years_before(today, oldest + 1) + dt.timedelta(days=1), years_before(today, youngest))


def _year_span(year: int, match: re.Match[str]) -> DateSpan:
    month = match["month"] or match["month2"]
    if match["fiscal"]:
        if month:
            raise ValueError(f"年度と月は一緒に指定できません。{BIRTH_EXAMPLE}")
        return DateSpan(*fiscal_year_bounds(year))
    if month:
        first = _calendar_date(year, int(month), 1)
        following = dt.date(year + (first.month == 12), first.month % 12 + 1, 1)
        return DateSpan(first, following - dt.timedelta(days=1))
    return DateSpan(dt.date(year, 1, 1), dt.date(year, 12, 31))


def _within_era(span: DateSpan, era: Era, label: str) -> DateSpan:
    """An era's year (or month) cut to the days the era covered: 昭和64年 is 1–7 January 1989."""
    index = ERAS.index(era)
    end = ERAS[index - 1].start - dt.timedelta(days=1) if index > 0 else span.last
    first, last = max(span.first, era.start), min(span.last, end)
    if first > last:
        last_year = end.year - era.start.year + 1
        raise ValueError(
            f"{label}はありません。{era.name}は{_year_label(last_year)}年（{_western_label(end)}）までです。"
        )
    return DateSpan(first, last)


def parse_birth_input(text: str, today: dt.date) -> DateSpan:
    """Read what staff type to find someone by birth: a full date (as parse_date_input), or a year, 年度,
    month or age, as the span of birth dates it means. Ages count from today, which the caller passes.

    Raises ValueError with a message that can be shown as it is.
    """
    folded = unicodedata.normalize("NFKC", text or "").strip().lower()
    if match := _AGE.fullmatch(folded):
        age = int(match["age"])
        return _ages(age, age, today)
    if match := _DECADE.fullmatch(folded):
        decade = int(match["decade"]) * 10
        return _ages(decade, decade + 9, today)
    if match := _ERA_YEAR.fullmatch(folded):
        era = _ERA_BY_SIGN[match["era"]]
        n = 1 if match["year"] == "元" else int(match["year"])
        if n == 0:
            raise ValueError(f"{era.name}0年はありません。{BIRTH_EXAMPLE}")
        span = _year_span(era.start.year + n - 1, match)
        label = f"{era.name}{_year_label(n)}年" + ("度" if match["fiscal"] else "")
        return span if match["fiscal"] else _within_era(span, era, label)
    if match := _WESTERN_YEAR.fullmatch(folded):
        span = _year_span(int(match["year"]), match)
        earliest = ERAS[-1].start
        if span.last < earliest:
            raise ValueError(f"{_western_label(earliest)}（明治元年）より前の日付は扱えません。")
        return DateSpan(max(span.first, earliest), span.last)
    if _BARE_NUMBER.fullmatch(folded):
        raise ValueError(
            f"年齢なら「{folded}歳」、生まれ年なら「昭和17年」「1942」のように入力してください。"
        )
    try:
        return DateSpan.on(parse_date_input(text))
    except ValueError as exc:
        if str(exc) == _INPUT_EXAMPLE:
            raise ValueError(f"生年月日・生まれ年・年齢として読み取れません。{BIRTH_EXAMPLE}") from None
        raise
