"""What the prefecture sees of a municipality's 実施計画: only what the municipality published — the newest 公表版
of the plan document and what that version states (its title, years and indicators with their baselines and
targets, kept with it when it was made: a later edit of the plan does not reach the prefecture until it is
published again). Nothing computed from a municipality's records reaches the prefecture from here (its counts
arrive as the municipality publishes them, in readiness)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from kasane.lib.dates import fiscal_year_label
from kasane.lib.exports import attachment_response
from kasane.programme.models import PlanStatus, PlanVersion
from kasane.readiness.access import support_staff_required


def _published(request: HttpRequest):  # type: ignore[no-untyped-def]
    return PlanVersion.objects.filter(
        published=True,
        period__status=PlanStatus.PUBLISHED,
        period__municipality__prefecture=request.prefecture,  # type: ignore[attr-defined]
    )


@login_required
@require_GET
@support_staff_required
def published_plans(request: HttpRequest) -> HttpResponse:
    newest: dict[int, PlanVersion] = {}
    for version in (
        _published(request).defer("pdf", "docx").select_related("period__municipality").order_by("number")
    ):
        newest[version.period_id] = version
    rows = sorted(newest.values(), key=lambda v: (v.period.municipality.code, -v.period.first_year))
    return render(request, "programme/published_plans.html", {"rows": rows, "nav": "backup"})


@login_required
@require_GET
@support_staff_required
def published_plan_pdf(request: HttpRequest, version_id: int) -> HttpResponse:
    version = _published(request).filter(pk=version_id).select_related("period__municipality").first()
    if version is None:
        raise Http404
    title = version.summary.get("title") or "実施計画"
    year = fiscal_year_label(version.summary.get("first_year") or version.made_on.year).split("（")[0]
    name = f"{version.period.municipality.name}_{title}_{year}_公表版.pdf"
    return attachment_response(bytes(version.pdf), name, "application/pdf")
