"""終結時の評価 as the 評価シート has it: each 短期目標 judged on its own, then the case as a whole."""

from __future__ import annotations

from typing import Any

from django import forms
from django.forms import formset_factory

from kasane.casework.models import (
    ClosureCode,
    Direction,
    Evaluation,
    GoalEvaluation,
    GoalResult,
    Improvement,
    Plan,
    mark,
    short_term_goal_list,
)
from kasane.lib.forms import JapaneseDateField

# 本人の変化 in the survey's groups (S9), as the form and the 評価シート show them.
IMPROVEMENT_GROUPS: tuple[tuple[str, tuple[Improvement, ...]], ...] = (
    (
        "意欲・関係性・社会参加",
        (
            Improvement.MOTIVATION,
            Improvement.STABILITY,
            Improvement.RELATIONS,
            Improvement.PARTICIPATION,
            Improvement.ISOLATION,
        ),
    ),
    ("就労", (Improvement.JOB_SEARCH, Improvement.TRAINING)),
    ("家計・住まい", (Improvement.BUDGET, Improvement.DEBT, Improvement.HOUSING)),
    ("健康・生活", (Improvement.HEALTH, Improvement.HABITS)),
)


class EvaluationForm(forms.ModelForm):
    evaluated_on = JapaneseDateField(label="評価日", allow_future=False)
    improvements = forms.MultipleChoiceField(
        label=mark("evaluation", "improvements", "本人の変化（自立に向けた改善）"),
        choices=Improvement.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="プランの期間に見られた変化を、すべて選びます。",
    )
    employed_on = JapaneseDateField(
        label=mark("evaluation", "employed_on", "就労開始日"), required=False, allow_future=False
    )
    # Nothing pre-selected: where the case goes next is decided, never defaulted.
    direction = forms.ChoiceField(
        label="今後の方向性",
        choices=Direction.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "今後の方向性を選んでください。"},
    )
    closure_code = forms.ChoiceField(
        label=mark("evaluation", "closure_code", "終結理由区分"),
        choices=ClosureCode.choices,
        widget=forms.RadioSelect,
        required=False,
        help_text="今後の方向性が「終結」のときに選びます。重層的支援会議で終結が決まると、ケースの終結理由区分になります。",
    )

    class Meta:
        model = Evaluation
        # 目標の達成 is not chosen here: it follows from the goals (models.overall_result).
        fields = [
            "evaluated_on",
            "reasons",
            "implementation",
            "improvements",
            "employed",
            "employed_on",
            "income_increased",
            "income_increase",
            "person_view",
            "remaining_issues",
            "direction",
            "closure_code",
            "keep_watching",
            "watch_note",
        ]
        labels = {
            "reasons": "支援全体の振り返り（達成・未達成の理由）",
            "employed": mark("evaluation", "employed", "就労した"),
            "income_increased": mark("evaluation", "income_increased", "収入が増えた"),
        }
        help_texts = {
            "implementation": "各機関の支援を、プランのとおり提供できたか（回数・内容）。",
            "income_increase": "分かれば記入します。",
        }
        widgets = {
            "reasons": forms.Textarea(attrs={"rows": 3}),
            "implementation": forms.Textarea(attrs={"rows": 3}),
            "person_view": forms.Textarea(attrs={"rows": 2}),
            "remaining_issues": forms.Textarea(attrs={"rows": 2}),
        }
        error_messages = {
            "reasons": {"required": "支援全体の振り返りを入力してください。"},
            "income_increase": {"min_value": "増収額は0円以上で入力してください。"},
        }

    @property
    def improvement_groups(self) -> list[tuple[str, list[Any]]]:
        """The 本人の変化 check boxes in their groups, as the page lays them out."""
        boxes = {box.data["value"]: box for box in self["improvements"]}
        return [(group, [boxes[c.value] for c in codes]) for group, codes in IMPROVEMENT_GROUPS]

    def clean_improvements(self) -> list[str]:
        chosen = set(self.cleaned_data.get("improvements") or [])
        return [c.value for c in Improvement if c.value in chosen]  # in the list's order

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("keep_watching") and not (data.get("watch_note") or "").strip():
            self.add_error("watch_note", "見守りを続けるときは、方法と担当を入力してください。")
        if data.get("employed") and not data.get("employed_on") and "employed_on" not in self.errors:
            self.add_error("employed_on", "就労したときは、就労開始日を入力してください。")
        if data.get("employed_on") and not data.get("employed"):
            self.add_error("employed_on", "就労開始日は、「就労した」にチェックを入れたときに入力します。")
        if data.get("income_increase") is not None and not data.get("income_increased"):
            self.add_error(
                "income_increase", "増収額は、「収入が増えた」にチェックを入れたときに入力します。"
            )
        direction = data.get("direction")
        if direction == Direction.CLOSE and not data.get("closure_code"):
            self.add_error("closure_code", "終結するときは、終結理由区分を選んでください。")
        if direction and direction != Direction.CLOSE and data.get("closure_code"):
            self.add_error("closure_code", "終結理由区分は、今後の方向性が「終結」のときだけ選びます。")
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
