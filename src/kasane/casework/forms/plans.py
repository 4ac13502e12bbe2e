"""The プラン兼事業等利用申込書 as a form: the plan's own items and its 役割分担 rows."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.forms import formset_factory

from kasane.agencies.models import Agency
from kasane.casework.models import Assessment, Plan, PlanKind, PlanRole, Programme, mark
from kasane.lib.forms import JapaneseDateField
from kasane.tenancy.models import Municipality


def _agencies(municipality: Municipality) -> Any:
    return Agency.objects.in_municipality(municipality).filter(is_active=True)


# A plan of these kinds is the use of that programme: the kind implies the tick (as ◎ implies ○ on the intake).
PROGRAMME_OF_KIND: dict[str, Programme] = {
    PlanKind.PARTICIPATION: Programme.PARTICIPATION,
    PlanKind.OUTREACH: Programme.OUTREACH,
}


class PlanForm(forms.ModelForm):
    programmes = forms.MultipleChoiceField(
        label=mark("plan", "programmes", "利用する事業"),
        choices=Programme.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="参加支援・アウトリーチのプランは、その事業を利用するものとして記録します。",
    )
    starts_on = JapaneseDateField(label="プラン期間（開始）", required=False)
    ends_on = JapaneseDateField(label="プラン期間（終了）", required=False)
    next_review_on = JapaneseDateField(label="次回見直し日", required=False)
    person_agreed_on = JapaneseDateField(label="本人が同意した日", required=False, allow_future=False)
    lock_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Plan
        fields = [
            "kind",
            "needs",
            "policy",
            "long_term_goal",
            "short_term_goals",
            "person_tasks",
            "programmes",
            "employment_support",
            "starts_on",
            "ends_on",
            "next_review_on",
            "person_agreed",
            "person_agreed_on",
            "person_comment",
        ]
        labels = {"employment_support": mark("plan", "employment_support", "就労支援の対象とする")}
        help_texts = {
            "needs": "アセスメントで見えた、本人と世帯が解決したいこと。",
            "person_tasks": "本人が自分で取り組むこと（本人の役割）。",
            "employment_support": "自立相談支援機関の就労支援の対象者として数えます。",
        }
        widgets = {
            "needs": forms.Textarea(attrs={"rows": 3}),
            "policy": forms.Textarea(attrs={"rows": 3}),
            "long_term_goal": forms.Textarea(attrs={"rows": 2}),
            "short_term_goals": forms.Textarea(attrs={"rows": 3}),
            "person_tasks": forms.Textarea(attrs={"rows": 2}),
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
        starts_on, ends_on = data.get("starts_on"), data.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", "プラン期間の終了日は、開始日以降の日付にしてください。")
        chosen = set(data.get("programmes") or [])
        if implied := PROGRAMME_OF_KIND.get(data.get("kind") or ""):
            chosen.add(implied)
        data["programmes"] = [p.value for p in Programme if p.value in chosen]  # in the list's order
        return data

    @property
    def changes(self) -> dict[str, Any]:
        """The plan's own fields as entered; the hidden ``lock_version`` is not one of them."""
        return {name: self.cleaned_data[name] for name in self.Meta.fields}

    @property
    def based_on(self) -> int:
        """The version the editor started from, so a save made by someone else in between is caught."""
        return self.cleaned_data.get("lock_version") or 0

    def cleaned_roles(self, formset: Any) -> list[PlanRole]:
        """The roles to save once the plan and its role rows are valid, else none. A plan says who does what,
        so valid rows without a single role are an error on the plan itself."""
        if not (self.is_valid() and formset.is_valid()):
            return []
        roles = roles_from(formset)
        if not roles:
            self.add_error(None, "役割分担を1つ以上入力してください。")
        return roles

    def report_conflict(self) -> None:
        """Someone else saved since this form was opened: nothing is overwritten and the page says so."""
        self.add_error(
            None,
            "このプランは、あなたが編集を始めた後に他の職員が保存しました。上書きはしていません。"
            "最新の内容を別のタブで確認し、必要な変更をもう一度入力してください。",
        )


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


def plan_initial(case_assessment: Assessment | None) -> dict[str, Any]:
    """A first plan starts its 解決すべき課題 from the latest assessment's 世帯全体の課題, to be rewritten."""
    return {"needs": case_assessment.household_issues} if case_assessment is not None else {}


PlanRoleFormSet = formset_factory(PlanRoleForm, extra=2, can_delete=True)


def plan_role_formset(data: Any, *, municipality: Municipality, initial: list[dict[str, Any]]) -> Any:
    return PlanRoleFormSet(data, prefix="r", form_kwargs={"municipality": municipality}, initial=initial)


def role_initial(role: PlanRole) -> dict[str, Any]:
    return {
        "agency": role.agency_id,
        "who": role.who,
        "actions": role.actions,
        "frequency": role.frequency,
        "until": role.until,
    }


def roles_from(formset: Any) -> list[PlanRole]:
    """The roles to save; rows left empty or ticked for deletion are not roles."""
    return [
        PlanRole(
            agency=f.cleaned_data["agency"],
            who=f.cleaned_data["who"],
            actions=f.cleaned_data["actions"],
            frequency=f.cleaned_data["frequency"],
            until=f.cleaned_data["until"],
        )
        for f in formset
        if f.cleaned_data and not f.cleaned_data.get("DELETE")
    ]
