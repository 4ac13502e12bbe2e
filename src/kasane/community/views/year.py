"""年度の状況: the places per 日常生活圏域 and where they are thin, the year's gatherings month by month, the
coordination and the ハブラボ, as a page and as an Excel workbook."""

from __future__ import annotations

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from kasane import audit
from kasane.accounts.access import permission_required
from kasane.audit.actor import actor_of
from kasane.community import queries
from kasane.community.access import municipality_of
from kasane.community.models import AGE_BANDS, ATTENDEE_CATEGORIES, Audience, Generation
from kasane.lib.charts import to_svg
from kasane.lib.dates import fiscal_year, fiscal_year_label, today
from kasane.lib.exports import attachment_response

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def year_param(value: str | None) -> int:
    """The 年度 asked for (``?year=2026``), or the current one; a year far off is the current one too."""
    current = fiscal_year(today())
    year = int(value) if value and value.isdigit() else current
    return year if current - 30 <= year <= current + 1 else current


def era_label(year: int) -> str:
    """令和8年度: the 年度 as the page's heading says it (fiscal_year_label without the western year)."""
    return fiscal_year_label(year).split("（")[0]


@permission_required("directory.view")
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    municipality = municipality_of(request)
    figures = queries.year_figures(municipality, year_param(request.GET.get("year")))
    chart = figures.chart()
    context = {
        "figures": figures,
        "year_label": era_label(figures.year),
        "years": [(y, fiscal_year_label(y)) for y in figures.years],
        "chart": to_svg(chart, chart_id="attendance-chart", show_title=False) if chart else "",
        "place_categories": list(queries.CATEGORY_LABELS.values()),
        "generations": Generation.labels,
        "audiences": Audience.labels,
        "age_bands": [label for _, label in AGE_BANDS],
        "attendee_categories": [label for _, label in ATTENDEE_CATEGORIES],
        "areas": [a for a in figures.areas if a.area_id is not None],
        "nav": "community",
        "tab": "year",
    }
    return render(request, "community/year/index.html", context)


@permission_required("directory.view")
@require_GET
def export(request: HttpRequest) -> HttpResponse:
    municipality = municipality_of(request)
    figures = queries.year_figures(municipality, year_param(request.GET.get("year")))
    from kasane.community.year_export import year_workbook  # noqa: PLC0415 - openpyxl loads when a workbook is asked for, not at start-up

    body = year_workbook(figures)
    with transaction.atomic():
        details = {"format": "xlsx", "year": figures.year}
        audit.log("community.exported", actor=actor_of(request), municipality=municipality, details=details)
    filename = f"地域づくり_{era_label(figures.year)}_{municipality.name}.xlsx"
    return attachment_response(body, filename, XLSX)
