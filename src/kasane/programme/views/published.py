"""What the prefecture sees of a municipality's 実施計画: only what the municipality published — the published
version of the plan document (公表版) and the indicators it states, with their baselines and targets. Nothing
computed from a municipality's records reaches the prefecture from here (its counts arrive as the municipality
publishes them, in readiness)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from kasane.lib.dates import fiscal_year_label
from kasane.lib.exports import attachment_response
from kasane.programme.models import PlanPeriod, PlanStatus, PlanVersion
from kasane.readiness.access import support_staff_required


@login_required
@require_GET
@support_staff_required
def published_plans(request: HttpRequest) -> HttpResponse:
    periods = (
        PlanPeriod.objects.filter(municipality__prefecture=request.prefecture, status=PlanStatus.PUBLISHED)  # type: ignore[attr-defined]
        .select_related("municipality")
        .prefetch_related("indicators")
        .order_by("municipality__code", "-first_year")
    )
    versions = {
        v.period_id: v
        for v in PlanVersion.objects.filter(period__in=periods, published=True)
        .only("pk", "period_id", "number", "made_on")
        .order_by("period", "number")
    }
    rows = [(p, versions.get(p.pk)) for p in periods]
    return render(request, "programme/published_plans.html", {"rows": rows, "nav": "backup"})


@login_required
@require_GET
@support_staff_required
def published_plan_pdf(request: HttpRequest, version_id: int) -> HttpResponse:
    version = (
        PlanVersion.objects.filter(
            pk=version_id,
            published=True,
            period__status=PlanStatus.PUBLISHED,
            period__municipality__prefecture=request.prefecture,  # type: ignore[attr-defined]
        )
        .select_related("period__municipality")
        .first()
    )
    if version is None:
        raise Http404
    period = version.period
    name = f"{period.municipality.name}_{period.title}_{fiscal_year_label(period.first_year).split('（')[0]}_公表版.pdf"
    return attachment_response(bytes(version.pdf), name, "application/pdf")
