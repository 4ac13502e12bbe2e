"""事業の実施状況: one page of counts for those who run the programme."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from kasane.lib.dates import fiscal_year, fiscal_year_label, today
from kasane.outreach import queries as outreach
from kasane.programme.figures import compute, reach_of


@login_required
@require_GET
def overview(request: HttpRequest) -> HttpResponse:
    reach = reach_of(request.user, getattr(request, "municipality", None))  # type: ignore[arg-type]
    if reach is None:
        raise PermissionDenied
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
