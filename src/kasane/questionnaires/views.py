"""Support staff's pages: the list of questionnaires, creating one, its page (the builder), its settings."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kasane.audit.actor import actor_of
from kasane.events.models import Event
from kasane.questionnaires import services
from kasane.questionnaires.access import access_questionnaire, prefecture_of, visible_questionnaires
from kasane.questionnaires.forms import AnswerForm, NewQuestionnaireForm, QuestionnaireForm
from kasane.questionnaires.models import QuestionKind, Questionnaire, Status
from kasane.questionnaires.qr import qr_svg
from kasane.readiness.access import support_staff_required


@support_staff_required
@require_GET
def questionnaire_list(request: HttpRequest) -> HttpResponse:
    questionnaires = (
        visible_questionnaires(request)
        .select_related("event", "pair")
        .annotate(
            n_responses=Count("responses", distinct=True), n_questions=Count("questions", distinct=True)
        )
        .order_by("-event__starts_on", "-created_at", "-pk")
    )
    groups = [
        (label, [q for q in questionnaires if q.status == status])
        for status, label in (
            (Status.OPEN, "回答受付中"),
            (Status.DRAFT, "作成中"),
            (Status.CLOSED, "受付終了"),
        )
    ]
    return render(request, "questionnaires/list.html", {"groups": groups, "nav": "questionnaires"})


@support_staff_required
@require_http_methods(["GET", "POST"])
def questionnaire_new(request: HttpRequest) -> HttpResponse:
    prefecture = prefecture_of(request)
    initial = {}
    event = (
        Event.objects.filter(prefecture=prefecture, pk=request.GET.get("event") or 0).first()
        if request.GET.get("event", "").isdecimal()
        else None
    )
    if event is not None:
        initial = {"event": event.pk, "title": f"{event.title} アンケート"}
    form = NewQuestionnaireForm(
        request.POST or None,
        prefecture=prefecture,
        initial=initial,
        instance=Questionnaire(prefecture=prefecture),
    )
    if request.method == "POST" and form.is_valid():
        questionnaire = services.create_questionnaire(
            form.save(commit=False), starter=form.cleaned_data["starter"], actor=actor_of(request)
        )
        messages.success(request, "アンケートを作成しました。設問を確かめてから、回答受付を始めてください。")
        return redirect("questionnaires:detail", questionnaire.pk)
    return render(request, "questionnaires/new.html", {"form": form, "nav": "questionnaires"})


@support_staff_required
@require_GET
def questionnaire_detail(request: HttpRequest, questionnaire_id: int) -> HttpResponse:
    questionnaire = access_questionnaire(request, questionnaire_id)
    questions = list(questionnaire.questions.prefetch_related("choices"))
    n_responses = questionnaire.responses.count()
    open_url = request.build_absolute_uri(reverse("answer:open", args=[questionnaire.slug]))
    return render(
        request,
        "questionnaires/detail.html",
        {
            "questionnaire": questionnaire,
            "questions": questions,
            "n_responses": n_responses,
            "locked": n_responses > 0,
            "locked_message": services.LOCKED,
            "kinds": QuestionKind.choices,
            "open_url": open_url,
            "qr": qr_svg(open_url, scale=4) if not questionnaire.one_answer_per_link else "",
            "n_links": questionnaire.links.count() if questionnaire.one_answer_per_link else 0,
            "refusal": questionnaire.refusal(timezone.now()),
            "nav": "questionnaires",
        },
    )


@support_staff_required
@require_http_methods(["GET", "POST"])
def questionnaire_edit(request: HttpRequest, questionnaire_id: int) -> HttpResponse:
    questionnaire = access_questionnaire(request, questionnaire_id)
    locked = services.is_locked(questionnaire)
    form = QuestionnaireForm(
        request.POST or None, instance=questionnaire, prefecture=prefecture_of(request), locked=locked
    )
    if request.method == "POST" and form.is_valid():
        services.update_settings(form.save(commit=False), form.changed_data, actor=actor_of(request))
        messages.success(request, "アンケートの設定を保存しました。")
        return redirect("questionnaires:detail", questionnaire.pk)
    return render(
        request,
        "questionnaires/edit.html",
        {"form": form, "questionnaire": questionnaire, "nav": "questionnaires"},
    )


@support_staff_required
@require_POST
def questionnaire_status(request: HttpRequest, questionnaire_id: int) -> HttpResponse:
    questionnaire = access_questionnaire(request, questionnaire_id)
    action = request.POST.get("action")
    try:
        if action == "open":
            services.open_questionnaire(questionnaire, actor=actor_of(request))
            messages.success(request, "回答の受付を始めました。")
        elif action == "close":
            services.close_questionnaire(questionnaire, actor=actor_of(request))
            messages.success(request, "回答の受付を終了しました。")
        else:
            messages.error(request, "操作を選んでください。")
    except services.QuestionnaireError as exc:
        messages.error(request, str(exc))
    return redirect("questionnaires:detail", questionnaire.pk)


@support_staff_required
@require_POST
def questionnaire_delete(request: HttpRequest, questionnaire_id: int) -> HttpResponse:
    questionnaire = access_questionnaire(request, questionnaire_id)
    try:
        services.delete_questionnaire(questionnaire, actor=actor_of(request))
    except services.QuestionnaireError as exc:
        messages.error(request, str(exc))
        return redirect("questionnaires:detail", questionnaire.pk)
    messages.success(request, "アンケートを削除しました。")
    return redirect("questionnaires:list")


@support_staff_required
@require_GET
def questionnaire_preview(request: HttpRequest, questionnaire_id: int) -> HttpResponse:
    """The respondent's page as it will look, without a submit button."""
    questionnaire = access_questionnaire(request, questionnaire_id)
    questions = list(questionnaire.questions.prefetch_related("choices"))
    form = AnswerForm(questions=questions, ask_name=not questionnaire.anonymous)
    return render(
        request,
        "questionnaires/answer.html",
        {"questionnaire": questionnaire, "form": form, "preview": True},
    )
