"""Answering without an account, from an open link (``/q/<slug>/``) or a one-time link (``/q/t/<token>/``).

Nothing about the respondent is kept but what they type: no account, no IP address, no user agent. The form is
CSRF-protected like every form in kasane (the token travels in a cookie, not in a session).
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from kasane.questionnaires import services
from kasane.questionnaires.access import link_by_token, open_questionnaire_by_slug
from kasane.questionnaires.forms import AnswerForm
from kasane.questionnaires.models import AnswerLink, Questionnaire

LINK_ONLY = (
    "このアンケートは、配布された回答用のQRコード（お一人ずつ異なるリンク）から回答していただく形式です。"
    "お手元の用紙のQRコードを読み取ってください。"
)


def _refused(request: HttpRequest, questionnaire: Questionnaire, reason: str) -> HttpResponse:
    return render(request, "questionnaires/refused.html", {"questionnaire": questionnaire, "reason": reason})


@require_http_methods(["GET", "POST"])
def answer_open(request: HttpRequest, slug: str) -> HttpResponse:
    questionnaire = open_questionnaire_by_slug(slug)
    if questionnaire.one_answer_per_link:
        return _refused(request, questionnaire, LINK_ONLY)
    return _answer(request, questionnaire, None)


@require_http_methods(["GET", "POST"])
def answer_link(request: HttpRequest, token: str) -> HttpResponse:
    link = link_by_token(token)
    if link.is_used:
        return _refused(request, link.questionnaire, services.USED_LINK)
    return _answer(request, link.questionnaire, link)


def _answer(request: HttpRequest, questionnaire: Questionnaire, link: AnswerLink | None) -> HttpResponse:
    refusal = questionnaire.refusal(timezone.now())
    if refusal:
        return _refused(request, questionnaire, refusal)
    questions = list(questionnaire.questions.prefetch_related("choices"))
    form = AnswerForm(request.POST or None, questions=questions, ask_name=not questionnaire.anonymous)
    if request.method == "POST" and form.is_valid():
        try:
            services.submit_response(questionnaire, form.answers(), link=link, respondent=form.respondent())
        except services.LinkUsed as exc:
            return _refused(request, questionnaire, str(exc))
        return redirect("answer:thanks", questionnaire.slug)
    return render(
        request,
        "questionnaires/answer.html",
        {"questionnaire": questionnaire, "form": form, "link": link, "preview": False},
    )


@require_GET
def thanks(request: HttpRequest, slug: str) -> HttpResponse:
    questionnaire = open_questionnaire_by_slug(slug)
    return render(request, "questionnaires/thanks.html", {"questionnaire": questionnaire})
