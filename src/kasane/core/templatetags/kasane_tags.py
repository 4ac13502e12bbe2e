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
    return dates.datetime_label(value)


@register.filter
def fiscal_year(value: dt.date) -> str:
    return dates.fiscal_year_label(dates.fiscal_year(value))
