"""事業の実施状況: one page of counts for those who run the programme, and the counts reported to the state
(on the page and as an Excel workbook)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from kasane.lib.dates import fiscal_year, fiscal_year_label, today
from kasane.outreach import queries as outreach
from kasane.programme import national
from kasane.programme.figures import compute
from kasane.programme.views.access import reach as _reach
from kasane.programme.views.access import scope_of

YEARS_SHOWN = 5


@login_required
@require_GET
def overview(request: HttpRequest) -> HttpResponse:
    reach = _reach(request)
    day = today()
    # Indicator ① (CSWによるアウトリーチ件数) this 年度, counted live from the outreach records.
    months = outreach.indicator(
        None if reach.whole else reach.agency_ids, reach.municipality.pk, fiscal_year(day)
    )
    context = {
        "f": compute(reach, day),
        "outreach_total": sum(m.total for m in months),
        "outreach_year": fiscal_year_label(fiscal_year(day)),
        "nav": "programme",
    }
    return render(request, "programme/overview.html", context)


@login_required
@require_GET
def national_report(request: HttpRequest) -> HttpResponse:
    """国への報告: the survey's and the 重層 実績's counts for a 年度 (this one unless another of the last five
    is chosen), with their definitions and the monthly ones month by month."""
    reach, day = _reach(request), today()
    current = fiscal_year(day)
    asked = request.GET.get("year", "")
    year = int(asked) if asked.isdigit() and current - YEARS_SHOWN < int(asked) <= current else current
    scope = scope_of(reach)
    figures = national.report(scope, year)
    monthly, month_rows = national.month_rows(figures, year)
    context = {
        "reach": reach,
        "year": year,
        "year_label": fiscal_year_label(year),
        "years": [(y, fiscal_year_label(y)) for y in range(current, current - YEARS_SHOWN, -1)],
        "sections": [
            (section, [f for f in figures if f.count.section == section])
            for section in (national.SURVEY, national.LAYERED)
        ],
        "monthly": monthly,
        "month_rows": month_rows,
        # Months still to come are not counted yet: shown as —, never as 0.
        "this_month": day.replace(day=1),
        "nav": "programme",
    }
    return render(request, "programme/national.html", context)
