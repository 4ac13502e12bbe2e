from __future__ import annotations

import datetime as dt

from django import template

from kasane.lib import dates

register = template.Library()


@register.filter
def wareki(value: dt.date | dt.datetime | None) -> str:
    return dates.wareki(value)


@register.filter
def wareki_western(value: dt.date | dt.datetime | None) -> str:
    return dates.wareki_with_western(value)


@register.filter
def when(value: dt.datetime | None) -> str:
    return dates.wareki_datetime(value)


@register.filter
def fiscal_year(value: dt.date) -> str:
    return dates.fiscal_year_label(dates.fiscal_year(value))


@register.filter
def nendo(year: int | None) -> str:
    """A 年度 kept as its western number (2024), shown as staff write it: 令和6年度."""
    if year is None:
        return ""
    return dates.fiscal_year_label(year).split("（")[0]
