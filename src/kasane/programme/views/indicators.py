"""成果指標 (004 §7) by 年度: the page, the records behind a figure, and the Excel and PDF of the page."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from kasane import audit
from kasane.audit.actor import actor_of
from kasane.lib.dates import fiscal_year, fiscal_year_label, today
from kasane.lib.exports import attachment_response
from kasane.programme import drill
from kasane.programme.charts import trend_svg
from kasane.programme.figures import Reach
from kasane.programme.indicators import Row, period_for, rows
from kasane.programme.measures import MEASURES, breakdowns
from kasane.programme.models import PlanPeriod, YearEvaluation
from kasane.programme.views.access import can_plan, indicator_of, reach, scope_of

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class YearPage:
    reach: Reach
    day: dt.date
    year: int
    periods: list[PlanPeriod]
    period: PlanPeriod | None
    rows: list[Row]


def _year_page(request: HttpRequest) -> YearPage:
    found, day = reach(request), today()
    current = fiscal_year(day)
    periods = list(PlanPeriod.objects.filter(municipality=found.municipality).prefetch_related("indicators"))
    asked = request.GET.get("year", "")
    years = {y for p in periods for y in p.years() if y <= current} | {current}
    year = int(asked) if asked.isdigit() and int(asked) in years else current
    period = period_for(periods, year)
    found_rows = rows(period, scope_of(found), year, day) if period else []
    return YearPage(found, day, year, periods, period, found_rows)


@login_required
@require_GET
def year(request: HttpRequest) -> HttpResponse:
    """One 年度 of the 成果指標: each indicator against its path, with its chart and its definition."""
    page = _year_page(request)
    current = fiscal_year(page.day)
    years = sorted({y for p in page.periods for y in p.years() if y <= current} | {current}, reverse=True)
    context = {
        "page": page,
        "year_label": fiscal_year_label(page.year),
        "years": [(y, fiscal_year_label(y)) for y in years],
        "charts": [(row, trend_svg(row, chart_id=f"trend-{row.indicator.pk}")) for row in page.rows],
        "breakdowns": breakdowns(scope_of(page.reach), page.year),
        "can_plan": can_plan(request),
        "evaluation": YearEvaluation.objects.filter(period=page.period, fiscal_year=page.year).first()
        if page.period
        else None,
        "in_progress": page.year == current,
        "nav": "programme",
    }
    return render(request, "programme/indicators.html", context)


@login_required
@require_GET
def records(request: HttpRequest, indicator_id: int) -> HttpResponse:
    """The records a figure from the records counts, as far as the reader may open them: dates, kinds and
    agencies only, each linked to its own page, which checks access and audits the read."""
    found = reach(request)
    indicator = indicator_of(found.municipality, indicator_id)
    measure = MEASURES.get(indicator.measure) if indicator.from_records else None
    if measure is None:
        raise Http404
    current = fiscal_year(today())
    asked = request.GET.get("year", "")
    shown = (
        int(asked)
        if asked.isdigit() and int(asked) in indicator.period.years() and int(asked) <= current
        else current
    )
    listing = drill.listing(request, measure.key, scope_of(found), shown)
    context = {
        "indicator": indicator,
        "measure": measure,
        "year": shown,
        "year_label": fiscal_year_label(shown),
        "listing": listing,
        "total": measure.value(scope_of(found), shown),
        "nav": "programme",
    }
    return render(request, "programme/indicator_records.html", context)


def _exported(request: HttpRequest, what: str, year: int) -> None:
    audit.log("programme.exported", actor=actor_of(request), details={"what": what, "fiscal_year": year})


@login_required
@require_GET
def year_xlsx(request: HttpRequest) -> HttpResponse:
    page = _year_page(request)
    if page.period is None:
        raise Http404
    from kasane.programme import sheets  # noqa: PLC0415 - openpyxl loads when a workbook is asked for, not at start-up

    body = sheets.indicators_workbook(page.period, page.rows, page.year, page.day)
    _exported(request, "indicators.xlsx", page.year)
    return attachment_response(body, f"成果指標_{fiscal_year_label(page.year)}.xlsx", XLSX)


@login_required
@require_GET
def year_pdf(request: HttpRequest) -> HttpResponse:
    page = _year_page(request)
    if page.period is None:
        raise Http404
    from kasane.programme import sheets  # noqa: PLC0415 - reportlab loads when a PDF is asked for, not at start-up

    body = sheets.indicators_pdf(page.period, page.rows, page.year, page.day)
    _exported(request, "indicators.pdf", page.year)
    return attachment_response(body, f"成果指標_{fiscal_year_label(page.year)}.pdf", "application/pdf")


@login_required
@require_GET
def national_xlsx(request: HttpRequest) -> HttpResponse:
    found, day = reach(request), today()
    current = fiscal_year(day)
    asked = request.GET.get("year", "")
    shown = int(asked) if asked.isdigit() and current - 5 < int(asked) <= current else current
    from kasane.programme import national_sheet  # noqa: PLC0415 - openpyxl loads when a workbook is asked for, not at start-up

    body = national_sheet.workbook(
        scope_of(found), shown, municipality_name=found.municipality.name, through=day
    )
    _exported(request, "national.xlsx", shown)
    return attachment_response(body, f"国への報告_{fiscal_year_label(shown)}.xlsx", XLSX)
