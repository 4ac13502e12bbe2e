from __future__ import annotations

from typing import Any, cast

from django import forms
from django.forms import formset_factory

from kasane.agencies.models import Agency
from kasane.casework.models import (
    Assessment,
    AssessmentMember,
    Person,
    Plan,
    PlanRole,
    ProgressNote,
    TeamMember,
)
from kasane.lib.dates import today
from kasane.lib.forms import JapaneseDateField
from kasane.tenancy.models import Municipality


def _agencies(municipality: Municipality) -> Any:
    return Agency.objects.in_municipality(municipality).filter(is_active=True)


class OpenCaseForm(forms.Form):
    title = forms.CharField(label="ケースの概要", max_length=100, help_text="例：8050・長期ひきこもり")
    opened_on = JapaneseDateField(label="受付日", allow_future=False)


class SubjectsForm(forms.Form):
    """主たる支援対象者: the household members the case is mostly about."""

    persons = forms.TypedMultipleChoiceField(
        label="主たる支援対象者",
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "主たる支援対象者を1人以上選んでください。"},
    )

    def __init__(self, *args: Any, members: list[Person], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [(m.pk, f"{m.name}（{m.get_relationship_display()}）") for m in members]
        cast(forms.TypedMultipleChoiceField, self.fields["persons"]).choices = choices


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

# What a new assessment takes over from the last one: staff revise what changed instead of retyping it.
CARRIED_OVER = ["household_situation", "household_issues", "strengths", "person_words", "urgency", "risks"]


def assessment_initial(previous: Assessment | None) -> dict[str, Any]:
    initial: dict[str, Any] = {"assessed_on": today()}
    if previous:
        initial.update((name, getattr(previous, name)) for name in CARRIED_OVER)
    return initial


def member_assessment_formset(data: Any, members: list[Person], previous: Assessment | None) -> Any:
    """One row per household member the viewer may see, prefilled from the previous version."""
    before = {m.person_id: m for m in previous.members.all()} if previous else {}
    return MemberAssessmentFormSet(
        data,
        prefix="m",
        initial=[
            {
                "person_id": m.pk,
                "situation": before[m.pk].situation if m.pk in before else "",
                "issues": before[m.pk].issues if m.pk in before else "",
            }
            for m in members
        ],
    )


def _by_id(members: list[Person]) -> dict[int | None, Person]:
    return {m.pk: m for m in members}


def assessment_members(formset: Any, members: list[Person]) -> list[AssessmentMember]:
    """The rows to save. A posted id that is not one of ``members`` is dropped: nobody writes about a person
    they may not see by editing the form."""
    by_id = _by_id(members)
    return [
        AssessmentMember(
            person=by_id[f.cleaned_data["person_id"]],
            situation=f.cleaned_data["situation"],
            issues=f.cleaned_data["issues"],
        )
        for f in formset
        if f.cleaned_data.get("person_id") in by_id
    ]


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


def member_rows(formset: Any, members: list[Person]) -> list[tuple[forms.Form, Person | None]]:
    """Each row's form beside its person for the page's headings; a row posted for an unknown id gets none."""
    by_id = _by_id(members)
    return [(f, by_id.get(f.initial.get("person_id") or _int(f["person_id"].value()))) for f in formset]


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


class NoteForm(forms.ModelForm):
    on = JapaneseDateField(label="日付", allow_future=False)

    class Meta:
        model = ProgressNote
        fields = ["kind", "on", "minutes", "text"]
        widgets = {"kind": forms.RadioSelect, "text": forms.Textarea(attrs={"rows": 3})}
        error_messages = {"text": {"required": "内容を入力してください。"}}
