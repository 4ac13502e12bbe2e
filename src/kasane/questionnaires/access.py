"""Which questionnaires a member of staff may open: those of their own prefecture, to support staff only
(``readiness.access.support_staff_required`` guards every staff page). Anything else answers 404."""

from __future__ import annotations

from typing import cast

from django.db.models import QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from kasane.questionnaires.models import AnswerLink, Question, Questionnaire
from kasane.tenancy.models import Prefecture


def prefecture_of(request: HttpRequest) -> Prefecture:
    return cast(Prefecture, getattr(request, "prefecture"))  # noqa: B009 - set by support_staff_required


def visible_questionnaires(request: HttpRequest) -> QuerySet[Questionnaire]:
    # A municipality's own questionnaires (kasane.community) are its own: the prefecture's staff do not see them.
    return Questionnaire.objects.filter(prefecture=prefecture_of(request), municipality__isnull=True)


def access_questionnaire(request: HttpRequest, questionnaire_id: int) -> Questionnaire:
    return get_object_or_404(
        visible_questionnaires(request).select_related("prefecture", "event", "pair", "paired_post"),
        pk=questionnaire_id,
    )


def access_question(request: HttpRequest, questionnaire: Questionnaire, question_id: int) -> Question:
    return get_object_or_404(questionnaire.questions.select_related("questionnaire"), pk=question_id)


def open_questionnaire_by_slug(slug: str) -> Questionnaire:
    """The questionnaire behind a public link. A mistyped or unknown key is 404, like any missing page."""
    return get_object_or_404(Questionnaire.objects.select_related("event"), slug=slug)


def link_by_token(token: str) -> AnswerLink:
    return get_object_or_404(
        AnswerLink.objects.select_related("questionnaire", "questionnaire__event", "response"), token=token
    )
