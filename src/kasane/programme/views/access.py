"""Who reads and who edits the programme's pages: readers by ``programme.view_all`` (the whole municipality) or
``programme.view_own`` (the agencies they manage); the 実施計画 and its 成果指標 are edited with
``programme.plan``. Others get 403; a plan, indicator or setting of another municipality is 404."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from kasane.accounts import permissions
from kasane.programme.figures import Reach, reach_of
from kasane.programme.models import Indicator, PlanPeriod, SurveyMeasure
from kasane.programme.national_records import Scope
from kasane.tenancy.models import Municipality

PLAN = "programme.plan"


def reach(request: HttpRequest) -> Reach:
    found = reach_of(request.user, getattr(request, "municipality", None))  # type: ignore[arg-type]
    if found is None:
        raise PermissionDenied
    return found


def scope_of(found: Reach) -> Scope:
    return Scope(found.municipality, None if found.whole else tuple(found.agency_ids))


def can_plan(request: HttpRequest) -> bool:
    municipality = getattr(request, "municipality", None)
    return municipality is not None and permissions.has_perm(request.user, PLAN, municipality=municipality)  # type: ignore[arg-type]


def planner(request: HttpRequest) -> Municipality:
    if not can_plan(request):
        raise PermissionDenied
    municipality: Municipality = request.municipality  # type: ignore[attr-defined]
    return municipality


def period_of(municipality: Municipality, period_id: int) -> PlanPeriod:
    return get_object_or_404(PlanPeriod, pk=period_id, municipality=municipality)


def indicator_of(municipality: Municipality, indicator_id: int) -> Indicator:
    return get_object_or_404(
        Indicator.objects.select_related("period__municipality"),
        pk=indicator_id,
        period__municipality=municipality,
    )


def survey_measure_of(indicator: Indicator, measure_id: int) -> SurveyMeasure:
    found = SurveyMeasure.objects.filter(pk=measure_id, indicator=indicator).first()
    if found is None:
        raise Http404
    return found
