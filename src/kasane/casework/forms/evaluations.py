"""終結時の評価 as the 評価シート has it: each 短期目標 judged on its own, then the case as a whole."""

from __future__ import annotations

from typing import Any

from django import forms
from django.forms import formset_factory

from kasane.casework.models import (
    Evaluation,
    GoalEvaluation,
    GoalResult,
    Plan,
    short_term_goal_list,
)
from kasane.lib.forms import JapaneseDateField


class EvaluationForm(forms.ModelForm):
    evaluated_on = JapaneseDateField(label="評価日", allow_future=False)

    class Meta:
        model = Evaluation
        # 目標の達成 is not chosen here: it follows from the goals (models.overall_result).
        fields = ["evaluated_on", "reasons", "person_view", "keep_watching", "watch_note"]
        labels = {"reasons": "支援全体の振り返り（達成・未達成の理由）"}
        widgets = {
            "reasons": forms.Textarea(attrs={"rows": 3}),
            "person_view": forms.Textarea(attrs={"rows": 2}),
        }
        error_messages = {"reasons": {"required": "支援全体の振り返りを入力してください。"}}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("keep_watching") and not (data.get("watch_note") or "").strip():
            self.add_error("watch_note", "見守りを続けるときは、方法と担当を入力してください。")
        return data


class GoalEvaluationForm(forms.Form):
    # No blank choice and nothing pre-selected: every goal is judged by someone, never by default.
    result = forms.ChoiceField(
        label="達成状況",
        choices=GoalResult.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "達成状況を選んでください。"},
    )
    comment = forms.CharField(
        label="評価・理由", required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        result = data.get("result")
        if result and result != GoalResult.MET and not (data.get("comment") or "").strip():
            self.add_error("comment", "一部達成・未達成のときは、理由を入力してください。")
        return data


def evaluated_goals(plan: Plan | None) -> list[str]:
    """The goals to judge: the current plan's 短期目標, one per line."""
    return short_term_goal_list(plan.short_term_goals) if plan is not None else []


def goal_formset(data: Any, goals: list[str]) -> Any:
    """One row per goal. The goals come from the plan, never from the posted form: a posted row count other
    than the plan's is invalid, so no goal is left unjudged and none is invented."""
    n = len(goals)
    formset_class = formset_factory(
        GoalEvaluationForm, extra=0, min_num=n, max_num=n, validate_min=True, validate_max=True
    )
    return formset_class(data, prefix="g")


def goal_rows(formset: Any, goals: list[str]) -> list[tuple[int, str, forms.Form]]:
    return [(n, goal, form) for n, (goal, form) in enumerate(zip(goals, formset, strict=False), start=1)]


def judged_goals(formset: Any, goals: list[str]) -> list[GoalEvaluation]:
    """The rows to save, once the formset is valid and has exactly one row per goal."""
    return [
        GoalEvaluation(
            position=n, goal=goal, result=f.cleaned_data["result"], comment=f.cleaned_data["comment"]
        )
        for n, (goal, f) in enumerate(zip(goals, formset, strict=True), start=1)
    ]
