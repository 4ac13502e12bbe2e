"""The builder: adding, editing, reordering and removing questions. Locked once answers exist."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from kasane.audit.actor import actor_of
from kasane.questionnaires import services
from kasane.questionnaires.access import access_question, access_questionnaire
from kasane.questionnaires.forms import QuestionForm
from kasane.questionnaires.models import Question, QuestionKind
from kasane.readiness.access import support_staff_required

KIND_HELP = {
    QuestionKind.SINGLE: "選択肢から1つを選んでもらいます。",
    QuestionKind.MULTIPLE: "あてはまる選択肢をすべて選んでもらいます。割合は回答者に占める割合で集計します。",
    QuestionKind.LIKERT: "「よく理解できた」から「理解できなかった」までの5段階で尋ね、100%積み上げ横棒グラフで集計します。",
    QuestionKind.TEXT: "自由に書いてもらいます。結果では回答者区分（職業）ごとに分けて表示し、報告書への抜粋を選べます。",
    QuestionKind.AGE: "選択肢は固定です：" + "／".join(services.fixed_labels(QuestionKind.AGE)),
    QuestionKind.CATEGORY: "選択肢は固定です：" + "／".join(services.fixed_labels(QuestionKind.CATEGORY))
    + "。自由記述はこの区分ごとに分けて集計します（1つのアンケートに1問まで）。",
}  # fmt: skip


def _locked_redirect(request: HttpRequest, questionnaire_id: int) -> HttpResponse:
    messages.error(request, services.LOCKED)
    return redirect("questionnaires:detail", questionnaire_id)


def _question_form(request: HttpRequest, questionnaire_id: int, question_id: int | None) -> HttpResponse:
    questionnaire = access_questionnaire(request, questionnaire_id)
    if services.is_locked(questionnaire):
        return _locked_redirect(request, questionnaire.pk)
    if question_id is None:
        kind = request.GET.get("kind") or request.POST.get("kind") or ""
        if kind not in QuestionKind.values:
            raise Http404
        question = Question(questionnaire=questionnaire, kind=kind, required=kind != QuestionKind.TEXT)
    else:
        question = access_question(request, questionnaire, question_id)
        kind = question.kind
    form = QuestionForm(request.POST or None, instance=question, kind=kind)
    if request.method == "POST" and form.is_valid():
        try:
            if question_id is None:
                services.add_question(
                    questionnaire, form.save(commit=False), form.labels(), actor=actor_of(request)
                )
                messages.success(request, "設問を追加しました。")
            else:
                services.update_question(form.save(commit=False), form.labels(), actor=actor_of(request))
                messages.success(request, "設問を保存しました。")
        except services.QuestionnaireError as exc:
            form.add_error(None, str(exc))
        else:
            return redirect("questionnaires:detail", questionnaire.pk)
    return render(
        request,
        "questionnaires/question_form.html",
        {
            "questionnaire": questionnaire,
            "question": question if question_id else None,
            "form": form,
            "kind": kind,
            "kind_label": QuestionKind(kind).label,
            "kind_help": KIND_HELP[QuestionKind(kind)],
            "nav": "questionnaires",
        },
    )


@support_staff_required
@require_http_methods(["GET", "POST"])
def question_new(request: HttpRequest, questionnaire_id: int) -> HttpResponse:
    return _question_form(request, questionnaire_id, None)


@support_staff_required
@require_http_methods(["GET", "POST"])
def question_edit(request: HttpRequest, questionnaire_id: int, question_id: int) -> HttpResponse:
    return _question_form(request, questionnaire_id, question_id)


@support_staff_required
@require_POST
def question_move(request: HttpRequest, questionnaire_id: int, question_id: int) -> HttpResponse:
    questionnaire = access_questionnaire(request, questionnaire_id)
    question = access_question(request, questionnaire, question_id)
    try:
        services.move_question(question, up=request.POST.get("direction") == "up", actor=actor_of(request))
    except services.QuestionnaireError as exc:
        messages.error(request, str(exc))
    return redirect(reverse("questionnaires:detail", args=[questionnaire.pk]) + f"#question-{question.pk}")


@support_staff_required
@require_POST
def question_delete(request: HttpRequest, questionnaire_id: int, question_id: int) -> HttpResponse:
    questionnaire = access_questionnaire(request, questionnaire_id)
    question = access_question(request, questionnaire, question_id)
    try:
        services.delete_question(question, actor=actor_of(request))
        messages.success(request, "設問を削除しました。")
    except services.QuestionnaireError as exc:
        messages.error(request, str(exc))
    return redirect("questionnaires:detail", questionnaire.pk)
