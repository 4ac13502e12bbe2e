"""Writes of the 実施計画 and its 成果指標: each one transaction with its audit entry. Nothing here is personal."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import Model

from kasane import audit
from kasane.audit.actor import Actor
from kasane.programme.models import Indicator, PlanPeriod, PlanStatus, SurveyMeasure, YearEvaluation
from kasane.questionnaires.models import Choice


def _log(action: str, obj: Model, details: dict[str, Any], *, actor: Actor) -> None:
    audit.log(action, actor=actor, obj=obj, details=details)


def save_period(period: PlanPeriod, *, actor: Actor) -> PlanPeriod:
    with transaction.atomic():
        period.save()
        _log(
            "programme.plan_saved",
            period,
            {"title": period.title, "years": [period.first_year, period.last_year]},
            actor=actor,
        )
    return period


def publish_period(period: PlanPeriod, on: dt.date, *, actor: Actor) -> PlanPeriod:
    with transaction.atomic():
        period.status, period.published_on = PlanStatus.PUBLISHED, on
        period.save(update_fields=["status", "published_on", "updated_at"])
        _log("programme.plan_published", period, {"published_on": on.isoformat()}, actor=actor)
    return period


def save_indicator(indicator: Indicator, *, actor: Actor) -> Indicator:
    with transaction.atomic():
        indicator.updated_by = actor.user
        indicator.save()
        _log(
            "programme.indicator_saved",
            indicator,
            {
                "number": indicator.number,
                "source": indicator.source,
                "measure": indicator.measure,
                "baseline": str(indicator.baseline) if indicator.baseline is not None else None,
                "target": str(indicator.target),
            },
            actor=actor,
        )
    return indicator


def delete_indicator(indicator: Indicator, *, actor: Actor) -> None:
    with transaction.atomic():
        _log(
            "programme.indicator_deleted",
            indicator,
            {"number": indicator.number, "name": indicator.name},
            actor=actor,
        )
        indicator.delete()


def save_survey_measure(measure: SurveyMeasure, counted: list[Choice], *, actor: Actor) -> SurveyMeasure:
    with transaction.atomic():
        measure.save()
        measure.counted.set(counted)
        _log(
            "programme.survey_measure_saved",
            measure,
            {
                "indicator": measure.indicator_id,
                "fiscal_year": measure.fiscal_year,
                "question": measure.question_id,
                "counted": sorted(c.pk for c in counted),
                "weighted": measure.weighted,
            },
            actor=actor,
        )
    return measure


def delete_survey_measure(measure: SurveyMeasure, *, actor: Actor) -> None:
    with transaction.atomic():
        _log(
            "programme.survey_measure_deleted",
            measure,
            {"indicator": measure.indicator_id, "fiscal_year": measure.fiscal_year},
            actor=actor,
        )
        measure.delete()


def save_evaluation(evaluation: YearEvaluation, *, actor: Actor) -> YearEvaluation:
    with transaction.atomic():
        evaluation.updated_by = actor.user
        evaluation.save()
        _log(
            "programme.evaluation_saved",
            evaluation,
            {"period": evaluation.period_id, "fiscal_year": evaluation.fiscal_year},
            actor=actor,
        )
    return evaluation
