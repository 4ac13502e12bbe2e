"""The municipality's resident surveys (市民意識調査・地域福祉アンケート) that measure the 成果指標 ⑤〜⑧: the list,
a new one from a starter, a survey's page (answering, the QR handout, typing in paper answers, the results)
and its answers as Excel. The programme's readers read them; the planner (``programme.plan``) makes, opens
and closes them. Another municipality's survey is 404; the prefecture never reaches them (no municipality)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from kasane import audit
from kasane.audit.actor import actor_of
from kasane.lib.charts import to_svg
from kasane.lib.dates import fiscal_year, fiscal_year_label, today
from kasane.programme import survey_setup, surveys
from kasane.programme.models import SURVEY_SOURCES, Indicator, PlanPeriod
from kasane.programme.views.access import can_plan, planner, reach
from kasane.questionnaires import data, results
from kasane.questionnaires.models import QuestionKind, Questionnaire
from kasane.questionnaires.qr import qr_svg
from kasane.tenancy.models import Municipality

FEW_ANSWERS = 5


def _survey_of(municipality: Municipality, survey_id: int) -> Questionnaire:
    found = survey_setup.resident_surveys(municipality).filter(pk=survey_id).first()
    if found is None:
        raise Http404
    return found


def _years() -> list[int]:
    """The 年度 a survey can be made for: this one, and the next (made ahead, answered from its April)."""
    current = fiscal_year(today())
    return [current, current + 1]


@login_required
@require_GET
def survey_list(request: HttpRequest) -> HttpResponse:
    found = reach(request)
    context = {
        "rows": survey_setup.rows(found.municipality),
        "can_plan": can_plan(request),
        "starters": survey_setup.STARTER_CHOICES,
        "years": [(y, fiscal_year_label(y)) for y in _years()],
        "nav": "programme",
    }
    return render(request, "programme/surveys/list.html", context)


@login_required
@require_POST
def survey_new(request: HttpRequest) -> HttpResponse:
    planner(request)
    asked = request.POST.get("year", "")
    if not asked.isdigit() or int(asked) not in _years():
        messages.error(request, "年度を選んでください。")
        return redirect("programme_surveys:list")
    try:
        made = survey_setup.create_survey(
            request.POST.get("starter", ""), int(asked), actor=actor_of(request)
        )
    except survey_setup.SurveyError as exc:
        messages.error(request, str(exc))
        return redirect("programme_surveys:list")
    messages.success(
        request, f"「{made.title}」を作成しました。配布の準備ができたら、回答の受付を始めてください。"
    )
    return redirect("programme_surveys:survey", made.pk)


@login_required
@require_GET
def survey(request: HttpRequest, survey_id: int) -> HttpResponse:
    """The survey: its answering and how to take answers (QR, paper), what it measures, and its results."""
    questionnaire = _survey_of(reach(request).municipality, survey_id)
    loaded, planning = data.load(questionnaire), can_plan(request)
    hide_texts = loaded.respondents < FEW_ANSWERS and not planning
    year = survey_setup.survey_year(questionnaire)
    measures = survey_setup.measures_by_survey([questionnaire]).get(questionnaire.pk, [])
    context = {
        "survey": questionnaire,
        "year_label": fiscal_year_label(year),
        "loaded": loaded,
        "few": loaded.respondents < FEW_ANSWERS,
        "hide_texts": hide_texts,
        "blocks": [_block(loaded, result, hide_texts=hide_texts) for result in loaded.summary],
        "measures": [(m, surveys.measure(m)) for m in measures],
        "unmeasured": _unmeasured(questionnaire, year) if planning else [],
        "answer_url": request.build_absolute_uri(reverse("answer:open", args=[questionnaire.slug])),
        "refusal": questionnaire.refusal(today()),
        "can_plan": planning,
        "nav": "programme",
    }
    return render(request, "programme/surveys/survey.html", context)


@login_required
@require_POST
def survey_status(request: HttpRequest, survey_id: int) -> HttpResponse:
    questionnaire = _survey_of(planner(request), survey_id)
    opened = request.POST.get("action") == "open"
    try:
        survey_setup.set_open(questionnaire, opened, actor=actor_of(request))
    except survey_setup.SurveyError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "回答の受付を始めました。" if opened else "回答の受付を終了しました。")
    return redirect("programme_surveys:survey", questionnaire.pk)


@login_required
@require_GET
def survey_handout(request: HttpRequest, survey_id: int) -> HttpResponse:
    """One A4 page with the QR code of the common link, to print on the survey's letter or a poster."""
    questionnaire = _survey_of(reach(request).municipality, survey_id)
    url = request.build_absolute_uri(reverse("answer:open", args=[questionnaire.slug]))
    context = {
        "survey": questionnaire,
        "year_label": fiscal_year_label(survey_setup.survey_year(questionnaire)),
        "url": url,
        "qr": qr_svg(url, scale=8),
        "nav": "programme",
    }
    return render(request, "programme/surveys/handout.html", context)


@login_required
@require_GET
def survey_xlsx(request: HttpRequest, survey_id: int) -> HttpResponse:
    """Every answer, one row a respondent, and the counts (the questionnaires app's workbook)."""
    questionnaire = _survey_of(reach(request).municipality, survey_id)
    loaded = data.load(questionnaire)
    details = {"what": "survey.xlsx", "survey": questionnaire.pk, "responses": loaded.respondents}
    audit.log("programme.exported", actor=actor_of(request), obj=questionnaire, details=details)
    from kasane.questionnaires import export  # noqa: PLC0415 - openpyxl loads when a workbook is asked for, not at start-up

    return export.xlsx_response(loaded)


def _block(loaded: data.Loaded, result: results.QuestionResult, *, hide_texts: bool) -> dict[str, Any]:
    """One question's chart and table, or its free-text answers (none when they are withheld)."""
    if result.question.kind == QuestionKind.TEXT:
        return {"result": result, "groups": [] if hide_texts else loaded.text_groups(result.question)}
    spec = results.chart_for(result)
    chart = to_svg(spec, chart_id=f"chart-q{result.question.id}", show_title=False) if spec else ""
    return {"result": result, "chart": chart, "is_multiple": result.question.kind == QuestionKind.MULTIPLE}


def _unmeasured(questionnaire: Questionnaire, year: int) -> list[Indicator]:
    """The survey indicators of the plan covering the 年度 with no question set for it yet: the planner sets
    them from here."""
    period = PlanPeriod.objects.filter(
        municipality=questionnaire.municipality, first_year__lte=year, last_year__gte=year
    ).first()
    if period is None:
        return []
    return list(
        period.indicators.filter(source__in=SURVEY_SOURCES).exclude(survey_measures__fiscal_year=year)
    )
