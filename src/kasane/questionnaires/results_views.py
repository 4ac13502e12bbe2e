"""Results for support staff: counts and charts, the before/after comparison, free text by category, Excel."""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from kasane import audit
from kasane.audit.actor import actor_of
from kasane.lib.charts import to_svg
from kasane.questionnaires import data, results, samples, services
from kasane.questionnaires.access import access_questionnaire
from kasane.questionnaires.models import Phase, QuestionKind, Questionnaire
from kasane.readiness.access import support_staff_required


def _partner(questionnaire: Questionnaire) -> Questionnaire | None:
    """The 研修後 questionnaire of a pair, seen from either side."""
    if questionnaire.phase == Phase.POST and questionnaire.pair_id:
        return questionnaire
    if questionnaire.phase == Phase.PRE:
        return getattr(questionnaire, "paired_post", None)
    return None


def _block(result: results.QuestionResult, floor: int) -> dict[str, object]:
    """One question's figures on the results page: its chart, its table rows and its n."""
    spec = results.chart_for(result)
    return {
        "result": result,
        "chart": to_svg(spec, chart_id=f"chart-q{result.question.id}", show_title=False) if spec else "",
        "kind_label": QuestionKind(result.question.kind).label,
        "is_text": result.question.kind == QuestionKind.TEXT,
        "is_multiple": result.question.kind == QuestionKind.MULTIPLE,
        "rows": [(f"全体（n={result.answered}）", result.counts)],
        # Free text is read, not counted into shares: no note.
        "small": ""
        if result.question.kind == QuestionKind.TEXT
        else samples.question_note(result.answered, floor),
    }


@support_staff_required
@require_GET
def results_page(request: HttpRequest, questionnaire_id: int) -> HttpResponse:
    questionnaire = access_questionnaire(request, questionnaire_id)
    loaded = data.load(questionnaire)
    floor = samples.floor_for(questionnaire)
    return render(
        request,
        "questionnaires/results.html",
        {
            "questionnaire": questionnaire,
            "loaded": loaded,
            "blocks": [_block(result, floor) for result in loaded.summary],
            "post": _partner(questionnaire),
            "small_sample": samples.warning(loaded.respondents, floor),
            "nav": "questionnaires",
        },
    )


def _small_sides(post: Questionnaire, before: int, after: int) -> list[str]:
    floor = samples.floor_for(post)
    sides = (("前", before), ("後", after))
    return [f"研修{side}：{text}" for side, n in sides if (text := samples.warning(n, floor))]


@support_staff_required
@require_GET
def compare_page(request: HttpRequest, questionnaire_id: int) -> HttpResponse:
    questionnaire = access_questionnaire(request, questionnaire_id)
    post = _partner(questionnaire)
    context: dict[str, object] = {"questionnaire": questionnaire, "post": post, "nav": "questionnaires"}
    if post is not None:
        compared = data.comparison(post)
        assert compared is not None
        before, after, comparison = compared
        context |= {
            "small_sample": _small_sides(post, before.respondents, after.respondents),
            "before": before,
            "after": after,
            "comparison": comparison,
            "rows": [
                {
                    "row": row,
                    "chart": to_svg(results.comparison_chart(row), chart_id=f"compare-{i}", show_title=False),
                    "rows": [
                        (f"研修前（n={row.before.answered}）", row.before.counts),
                        (f"研修後（n={row.after.answered}）", row.after.counts),
                    ],
                }
                for i, row in enumerate(comparison.rows, start=1)
            ],
        }
    return render(request, "questionnaires/compare.html", context)


@support_staff_required
@require_http_methods(["GET", "POST"])
def free_text(request: HttpRequest, questionnaire_id: int) -> HttpResponse:
    questionnaire = access_questionnaire(request, questionnaire_id)
    if request.method == "POST":
        selected = {int(v) for v in request.POST.getlist("excerpt") if v.isdecimal()}
        count = services.save_excerpts(questionnaire, selected, actor=actor_of(request))
        messages.success(request, f"報告書に抜粋する回答を保存しました（{count}件）。")
        return redirect("questionnaires:free_text", questionnaire.pk)
    loaded = data.load(questionnaire)
    texts = [(q, loaded.text_groups(q)) for q in loaded.questions if q.kind == QuestionKind.TEXT]
    sections = [{"question": q, "groups": groups} for q, groups in texts]
    picked = sum(1 for _, groups in texts for g in groups for a in g.answers if a.excerpt)
    return render(
        request,
        "questionnaires/free_text.html",
        {
            "questionnaire": questionnaire,
            "sections": sections,
            "has_category": loaded.category is not None,
            "respondents": loaded.respondents,
            "picked": picked,
            "nav": "questionnaires",
        },
    )


@support_staff_required
@require_GET
def export_xlsx(request: HttpRequest, questionnaire_id: int) -> HttpResponse:
    questionnaire = access_questionnaire(request, questionnaire_id)
    loaded = data.load(questionnaire)
    with transaction.atomic():
        audit.log(
            "questionnaire.exported",
            actor=actor_of(request),
            obj=questionnaire,
            details={"responses": loaded.respondents},
        )
    from kasane.questionnaires import export  # noqa: PLC0415 - openpyxl loads when a workbook is asked for, not at start-up

    return export.xlsx_response(loaded)
