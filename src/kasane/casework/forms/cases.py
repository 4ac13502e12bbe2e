from __future__ import annotations

from typing import Any, cast

from django import forms
from django.forms import formset_factory

from kasane.agencies.models import Agency
from kasane.casework.models import (
    Assessment,
    Evaluation,
    Plan,
    ProgressNote,
    TeamMember,
)
from kasane.lib.forms import JapaneseDateField
from kasane.tenancy.models import Municipality


def _agencies(municipality: Municipality) -> Any:
    return Agency.objects.in_municipality(municipality).filter(is_active=True)


class OpenCaseForm(forms.Form):
    title = forms.CharField(label="ケースの概要", max_length=100, help_text="例：8050・長期ひきこもり")
    opened_on = JapaneseDateField(label="受付日", allow_future=False)


class TeamMemberForm(forms.ModelForm):
    joined_on = JapaneseDateField(label="参加日", allow_future=False)

    class Meta:
        model = TeamMember
        fields = ["agency", "part", "joined_on"]

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["agency"]).queryset = _agencies(municipality)


class AssessmentForm(forms.ModelForm):
    assessed_on = JapaneseDateField(label="アセスメント日", allow_future=False)

    class Meta:
        model = Assessment
        fields = [
            "assessed_on",
            "household_situation",
            "household_issues",
            "strengths",
            "person_words",
            "urgency",
            "risks",
        ]
        widgets = {
            f: forms.Textarea(attrs={"rows": 3})
            for f in ["household_situation", "household_issues", "strengths", "person_words", "risks"]
        }
        error_messages = {"household_situation": {"required": "世帯の状況を入力してください。"}}


class MemberAssessmentForm(forms.Form):
    person_id = forms.IntegerField(widget=forms.HiddenInput)
    situation = forms.CharField(label="状況", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    issues = forms.CharField(label="課題", required=False, widget=forms.Textarea(attrs={"rows": 2}))


MemberAssessmentFormSet = formset_factory(MemberAssessmentForm, extra=0)


class PlanForm(forms.ModelForm):
    next_review_on = JapaneseDateField(label="次回見直し日", required=False)
    person_agreed_on = JapaneseDateField(label="本人が同意した日", required=False, allow_future=False)
    lock_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Plan
        fields = [
            "kind",
            "long_term_goal",
            "short_term_goals",
            "next_review_on",
            "person_agreed",
            "person_agreed_on",
            "person_comment",
        ]
        widgets = {
            "long_term_goal": forms.Textarea(attrs={"rows": 2}),
            "short_term_goals": forms.Textarea(attrs={"rows": 3}),
            "person_comment": forms.Textarea(attrs={"rows": 2}),
        }
        error_messages = {
            "long_term_goal": {"required": "長期目標を入力してください。"},
            "short_term_goals": {"required": "短期目標を入力してください。"},
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("person_agreed") and not data.get("person_agreed_on"):
            self.add_error("person_agreed_on", "本人が同意した日を入力してください。")
        return data


class PlanRoleForm(forms.Form):
    agency = forms.ModelChoiceField(label="機関", queryset=Agency.objects.none())
    who = forms.CharField(label="担当者", max_length=60, required=False)
    actions = forms.CharField(label="役割・支援内容", widget=forms.Textarea(attrs={"rows": 2}))
    frequency = forms.CharField(label="頻度", max_length=40, required=False, help_text="例：週1回")
    until = JapaneseDateField(label="いつまで", required=False)

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["agency"]).queryset = _agencies(municipality)
        self.fields["agency"].error_messages["required"] = "機関を選んでください。"
        self.fields["actions"].error_messages["required"] = "役割・支援内容を入力してください。"


PlanRoleFormSet = formset_factory(PlanRoleForm, extra=2, can_delete=True)


class NoteForm(forms.ModelForm):
    on = JapaneseDateField(label="日付", allow_future=False)

    class Meta:
        model = ProgressNote
        fields = ["kind", "on", "minutes", "text"]
        widgets = {"kind": forms.RadioSelect, "text": forms.Textarea(attrs={"rows": 3})}
        error_messages = {"text": {"required": "内容を入力してください。"}}


class EvaluationForm(forms.ModelForm):
    evaluated_on = JapaneseDateField(label="評価日", allow_future=False)

    class Meta:
        model = Evaluation
        fields = ["evaluated_on", "goal_result", "reasons", "person_view", "keep_watching", "watch_note"]
        widgets = {
            "goal_result": forms.RadioSelect,
            "reasons": forms.Textarea(attrs={"rows": 3}),
            "person_view": forms.Textarea(attrs={"rows": 2}),
        }
        error_messages = {"reasons": {"required": "理由を入力してください。"}}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("keep_watching") and not (data.get("watch_note") or "").strip():
            self.add_error("watch_note", "見守りを続けるときは、方法と担当を入力してください。")
        return data
