"""Pages of the five items' ratings: rating all five at once, the municipalities × items table of a 年度 with
its export, and one municipality's trend."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from kasane import audit
from kasane.audit.actor import actor_of
from kasane.lib.dates import fiscal_year_label
from kasane.lib.exports import csv_response, xlsx_response
from kasane.readiness import exports, lookups, rating_chart, ratings, support_settings
from kasane.readiness.access import participant_required, support_staff_required
from kasane.readiness.models import Block
from kasane.readiness.rating_forms import RatingGridForm
from kasane.readiness.rating_services import RatedMeanwhile, record_ratings
from kasane.readiness.themes import ITEM_SHORT, ReadinessItem, Stage
from kasane.tenancy.models import Prefecture


@participant_required
@require_http_methods(["GET", "POST"])
def rate_all(request: HttpRequest, municipality_id: int) -> HttpResponse:
    municipality = lookups.municipality_for(request, municipality_id)
    if not lookups.may_edit(request, municipality):
        raise Http404
    current = ratings.latest_by_item(municipality)
    data = request.POST if request.method == "POST" else None
    form = RatingGridForm(data, current, municipality=municipality)
    if request.method == "POST" and form.is_valid():
        entries = form.entries()
        if not entries:
            messages.info(request, "変更された項目がないため、何も記録していません。")
            return redirect("readiness:municipality", municipality.pk)
        try:
            record_ratings(municipality, request.user, entries, actor=actor_of(request))  # type: ignore[arg-type]
        except RatedMeanwhile as refused:
            form.rated_meanwhile(refused.items, ratings.latest_by_item(municipality))
        else:
            labels = "・".join(ITEM_SHORT[e.item] for e in entries)
            messages.success(request, f"{len(entries)}項目（{labels}）の段階を記録しました。")
            return redirect("readiness:municipality", municipality.pk)
    context = {"nav": "backup", "municipality": municipality, "form": form, "current": current}
    return render(request, "readiness/rate_all.html", context)


@dataclass(frozen=True)
class Choice:
    """The table's 年度 and filters, as asked for when they are ones the table knows."""

    year: int
    years: list[int]
    block: str
    region: str

    @classmethod
    def of(cls, request: HttpRequest, prefecture: Prefecture) -> Choice:
        years = ratings.years(prefecture)
        asked = request.GET.get("year", "")
        year = int(asked) if _number(asked) and int(asked) in years else years[0]
        block, region = request.GET.get("block", ""), request.GET.get("region", "")
        return cls(year, years, block if _number(block) else "", region if _number(region) else "")


def _number(text: str) -> bool:
    """Plain ASCII digits of a sensible length (str.isdigit also takes "²", which int() refuses)."""
    return text.isascii() and text.isdecimal() and len(text) <= 9


@support_staff_required
@require_GET
def rating_table(request: HttpRequest) -> HttpResponse:
    prefecture: Prefecture = request.prefecture  # type: ignore[attr-defined]
    choice = Choice.of(request, prefecture)
    table = ratings.grid(prefecture, choice.year, block=choice.block, region=choice.region)
    context = {
        "nav": "backup",
        "choice": choice,
        "table": table,
        "year_label": fiscal_year_label(choice.year).split("（")[0],
        "previous_label": fiscal_year_label(choice.year - 1).split("（")[0],
        "as_of": ratings.as_of(choice.year),
        "items": [(item.value, ITEM_SHORT[item], item.label) for item in ReadinessItem],
        "stages": Stage.labels,
        "blocks": Block.objects.filter(prefecture=prefecture),
        "regions": list(ratings.regions_in_use(prefecture)),
        "region_label": support_settings.of(prefecture).region_label,
        "query": request.GET.urlencode(),
    }
    return render(request, "readiness/ratings.html", context)


@support_staff_required
@require_GET
def ratings_export(request: HttpRequest, fmt: str) -> StreamingHttpResponse:
    if fmt not in ("csv", "xlsx"):
        raise Http404
    prefecture: Prefecture = request.prefecture  # type: ignore[attr-defined]
    choice = Choice.of(request, prefecture)
    table = ratings.grid(prefecture, choice.year, block=choice.block, region=choice.region)
    details = {"format": fmt, "fiscal_year": choice.year, "block": choice.block, "region": choice.region}
    with transaction.atomic():
        audit.log(
            "readiness.ratings_exported",
            actor=actor_of(request),
            details={**details, "rows": len(table.rows)},
        )
    name = exports.filename(prefecture, choice.year, block=choice.block, region=choice.region)
    header, rows = exports.header(prefecture), exports.rows(table)
    if fmt == "xlsx":
        return xlsx_response(f"{name}.xlsx", "市町村の体制整備状況", header, rows)
    return csv_response(f"{name}.csv", header, rows)


@participant_required
@require_GET
def trend(request: HttpRequest, municipality_id: int) -> HttpResponse:
    municipality = lookups.municipality_for(request, municipality_id)
    found = ratings.trend(municipality)
    context = {
        "nav": "backup",
        "municipality": municipality,
        "trend": found,
        "chart": rating_chart.to_svg(found) if found.rated else "",
        "as_of": ratings.as_of(found.years[-1]),
        "may_edit": lookups.may_edit(request, municipality),
    }
    return render(request, "readiness/trend.html", context)
