"""The 実施計画's plan period and its 成果指標, edited by the city's programme staff (``programme.plan``)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from kasane.audit.actor import actor_of
from kasane.lib.dates import fiscal_year, fiscal_year_label, today
from kasane.programme import services, versions
from kasane.programme.forms import EvaluationForm, IndicatorForm, PeriodForm, SurveyMeasureForm
from kasane.programme.models import PlanPeriod, PlanStatus, YearEvaluation
from kasane.programme.views.access import indicator_of, period_of, planner, survey_measure_of


def _to_period(period: PlanPeriod) -> HttpResponse:
    return redirect(reverse("programme:plan", args=[period.pk]))


@login_required
@require_http_methods(["GET", "POST"])
def plan_new(request: HttpRequest) -> HttpResponse:
    municipality = planner(request)
    form = PeriodForm(request.POST or None, municipality=municipality)
    if request.method == "POST" and form.is_valid():
        period = services.save_period(form.instance, actor=actor_of(request))
        messages.success(request, f"「{period.title}」を登録しました。続けて成果指標を登録してください。")
        return _to_period(period)
    return render(request, "programme/plan_form.html", {"form": form, "nav": "programme"})


@login_required
@require_http_methods(["GET", "POST"])
def plan(request: HttpRequest, period_id: int) -> HttpResponse:
    """The plan period with its indicators: edit the period, add, change or remove indicators."""
    municipality = planner(request)
    period = period_of(municipality, period_id)
    form = PeriodForm(request.POST or None, instance=period, municipality=municipality)
    if request.method == "POST" and form.is_valid():
        services.save_period(form.instance, actor=actor_of(request))
        messages.success(request, "計画期間を保存しました。")
        return _to_period(period)
    indicators = period.indicators.prefetch_related("survey_measures__question__questionnaire")
    context = {"period": period, "form": form, "indicators": indicators, "nav": "programme"}
    return render(request, "programme/plan.html", context)


@login_required
@require_POST
def plan_publish(request: HttpRequest, period_id: int) -> HttpResponse:
    period = period_of(planner(request), period_id)
    if period.status == PlanStatus.PUBLISHED:
        messages.info(request, "この計画はすでに公表済みです。")
    elif not period.indicators.exists():
        messages.error(request, "成果指標が1つもない計画は公表できません。先に成果指標を登録してください。")
    else:
        with transaction.atomic():
            services.publish_period(period, today(), actor=actor_of(request))
            version = versions.make_version(period, actor=actor_of(request), published=True)
        messages.success(request, f"計画を公表済みにし、計画書の公表版（第{version.number}版）を作りました。")
    return _to_period(period)


@login_required
@require_http_methods(["GET", "POST"])
def indicator_new(request: HttpRequest, period_id: int) -> HttpResponse:
    period = period_of(planner(request), period_id)
    following = (period.indicators.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    form = IndicatorForm(request.POST or None, period=period, initial={"number": following})
    if request.method == "POST" and form.is_valid():
        services.save_indicator(form.instance, actor=actor_of(request))
        messages.success(request, f"成果指標「{form.instance.name}」を登録しました。")
        return _to_period(period)
    return render(
        request, "programme/indicator_form.html", {"form": form, "period": period, "nav": "programme"}
    )


@login_required
@require_http_methods(["GET", "POST"])
def indicator_edit(request: HttpRequest, indicator_id: int) -> HttpResponse:
    indicator = indicator_of(planner(request), indicator_id)
    form = IndicatorForm(request.POST or None, instance=indicator, period=indicator.period)
    if request.method == "POST" and form.is_valid():
        services.save_indicator(form.instance, actor=actor_of(request))
        messages.success(request, f"成果指標「{indicator.name}」を保存しました。")
        return _to_period(indicator.period)
    context = {"form": form, "period": indicator.period, "indicator": indicator, "nav": "programme"}
    return render(request, "programme/indicator_form.html", context)


@login_required
@require_POST
def indicator_delete(request: HttpRequest, indicator_id: int) -> HttpResponse:
    indicator = indicator_of(planner(request), indicator_id)
    period = indicator.period
    services.delete_indicator(indicator, actor=actor_of(request))
    messages.success(request, f"成果指標「{indicator.name}」を削除しました。")
    return _to_period(period)


@login_required
@require_http_methods(["GET", "POST"])
def survey_measure(request: HttpRequest, indicator_id: int, measure_id: int | None = None) -> HttpResponse:
    """Which answers of which question measure a survey indicator in one 年度 (new, or one to change)."""
    indicator = indicator_of(planner(request), indicator_id)
    found = survey_measure_of(indicator, measure_id) if measure_id is not None else None
    form = SurveyMeasureForm(request.POST or None, instance=found, indicator=indicator)
    if request.method == "POST" and form.is_valid():
        services.save_survey_measure(form.instance, form.counted_choices, actor=actor_of(request))
        messages.success(request, f"{indicator.marker} の調査の設問を保存しました。")
        return _to_period(indicator.period)
    context = {"form": form, "indicator": indicator, "measure": found, "nav": "programme"}
    return render(request, "programme/survey_measure_form.html", context)


@login_required
@require_POST
def survey_measure_delete(request: HttpRequest, indicator_id: int, measure_id: int) -> HttpResponse:
    indicator = indicator_of(planner(request), indicator_id)
    services.delete_survey_measure(survey_measure_of(indicator, measure_id), actor=actor_of(request))
    messages.success(request, f"{indicator.marker} の調査の設定を削除しました。")
    return _to_period(indicator.period)


@login_required
@require_http_methods(["GET", "POST"])
def evaluation(request: HttpRequest, period_id: int, year: int) -> HttpResponse:
    """The 年度's evaluation: what the indicators say in the staff's words, and what carries over."""
    period = period_of(planner(request), period_id)
    if year not in period.years() or year > fiscal_year(today()):
        raise Http404
    found = YearEvaluation.objects.filter(period=period, fiscal_year=year).first()
    form = EvaluationForm(
        request.POST or None, instance=found or YearEvaluation(period=period, fiscal_year=year)
    )
    if request.method == "POST" and form.is_valid():
        services.save_evaluation(form.instance, actor=actor_of(request))
        messages.success(request, f"{fiscal_year_label(year).split('（')[0]}の評価を保存しました。")
        return redirect(f"{reverse('programme:indicators')}?year={year}")
    context = {"form": form, "period": period, "year": year, "nav": "programme"}
    return render(request, "programme/evaluation_form.html", context)
