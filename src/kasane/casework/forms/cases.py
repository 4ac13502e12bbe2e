from __future__ import annotations

import unicodedata
from typing import Any, cast

from django import forms
from django.db.models import TextChoices
from django.forms import formset_factory

from kasane.agencies.models import Agency
from kasane.casework.models import (
    LIFE_FIELDS,
    LIFE_MULTI,
    Arrear,
    Assessment,
    AssessmentMember,
    CardKind,
    Consultation,
    IncomeSource,
    Issue,
    Person,
    Situation,
    TeamMember,
    card_kinds_problem,
    in_list_order,
    mark,
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


class YenField(forms.IntegerField):
    """An amount in yen as staff type it: 120000, 120,000, １２００００円 (a text input: a number input
    refuses the commas and 円)."""

    widget = forms.TextInput
    default_error_messages = {
        "invalid": "金額は数字で入力してください（例：120000）。",
        "min_value": "金額は0円以上で入力してください。",
        "max_value": "金額が大きすぎます。月額を円で入力してください。",
    }

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", 0)
        kwargs.setdefault("max_value", 99_999_999)
        super().__init__(**kwargs)
        self.widget.attrs.update({"inputmode": "numeric", "autocomplete": "off"})

    def to_python(self, value: Any) -> int | None:
        if isinstance(value, str):
            value = unicodedata.normalize("NFKC", value).replace(",", "").replace("円", "").strip()
        return super().to_python(value)


def _multi(label: str, choices: Any, help_text: str = "") -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=label,
        choices=choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=help_text,
    )


# Single choices of the sheet shown as radio buttons, with a way back to 未記入 (staff record what they know).
_RADIOS = (
    "employment",
    "housing",
    "welfare",
    "debt",
    "treatment",
    "mental_health",
    "disability_card",
    "health_insurance",
    "pension",
    "urgency",
    "result",
)
_TEXTAREAS = ("household_situation", "household_issues", "background", "strengths", "person_words", "risks")


class AssessmentForm(forms.ModelForm):
    """インテーク・アセスメントシート: the words of the 見立て, the person's life as check boxes (``LifeSituation``),
    the survey's 課題の特性 and 複合課題の類型, and the result. ※ marks the items reported nationally."""

    assessed_on = JapaneseDateField(label="アセスメント日", allow_future=False)
    income_sources = _multi("収入源", IncomeSource.choices, "該当するものをすべて選びます。")
    monthly_income = YenField(
        label="世帯の月収（円）", required=False, help_text="手取りのおおよその額（例：120000）"
    )
    arrears = _multi("滞納", Arrear.choices, "滞納しているものをすべて選びます。")
    card_kinds = _multi("手帳の種類", CardKind.choices)
    issues = _multi(
        "課題の特性", Issue.choices, "アセスメントで見えてきた課題を、該当するものすべて選びます。"
    )
    situations = _multi("複合課題の類型", Situation.choices, "世帯に当てはまるものをすべて選びます。")

    class Meta:
        model = Assessment
        fields = [
            "assessed_on",
            *LIFE_FIELDS,
            "household_situation",
            "household_issues",
            "background",
            "strengths",
            "person_words",
            "urgency",
            "risks",
            "situations",
            "result",
        ]
        widgets = {
            **{f: forms.Textarea(attrs={"rows": 3}) for f in _TEXTAREAS},
            **{f: forms.RadioSelect for f in _RADIOS},
            "illness": forms.TextInput,
        }
        help_texts = {
            "employment_note": "例：30代前半まで製造業で正社員。退職後は働いていない。",
            "illness": "例：不眠で月1回心療内科に通院。",
            "background": "課題が生じた経緯や、重なり合っている要因を書きます。",
        }
        error_messages = {"household_situation": {"required": "世帯の状況を入力してください。"}}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in _RADIOS:
            radio = cast(forms.ChoiceField, self.fields[name])
            if not radio.required:
                choices = cast("list[tuple[str, str]]", radio.choices)
                radio.choices = [("", "未記入"), *[(v, label) for v, label in choices if v != ""]]
        for name, field in self.fields.items():
            field.label = mark("assessment", name, str(field.label))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        multi: dict[str, type[TextChoices]] = {**LIFE_MULTI, "situations": Situation}
        for name, choices in multi.items():
            if name in data:
                data[name] = in_list_order(choices, data[name] or [])
        if problem := card_kinds_problem(data.get("disability_card"), data.get("card_kinds")):
            self.add_error("card_kinds", problem)
        return data


class MemberAssessmentForm(forms.Form):
    person_id = forms.IntegerField(widget=forms.HiddenInput)
    situation = forms.CharField(label="状況", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    issues = forms.CharField(label="課題", required=False, widget=forms.Textarea(attrs={"rows": 2}))


MemberAssessmentFormSet = formset_factory(MemberAssessmentForm, extra=0)

# What a new version takes over from the last one, every item of it: staff revise what changed instead of
# retyping it.
CARRIED_OVER = [name for name in AssessmentForm.Meta.fields if name != "assessed_on"]

# What the first version takes from the intake: the life facts of the B票 (with the 課題 check list) and the
# 複合課題 the intake recorded. The intake's words (主訴, 希望) are the person's or the family's as they
# came in; the assessment's are written afresh.
FROM_INTAKE = [*LIFE_FIELDS, "situations"]


def _copy(value: Any) -> Any:
    return list(value) if isinstance(value, list) else value


def assessment_initial(previous: Assessment | None, intake: Consultation | None = None) -> dict[str, Any]:
    """A new version starts from the previous one; the first starts from the intake the case came from."""
    initial: dict[str, Any] = {"assessed_on": today()}
    if previous is not None:
        initial.update((name, _copy(getattr(previous, name))) for name in CARRIED_OVER)
    elif intake is not None:
        initial.update((name, _copy(getattr(intake, name))) for name in FROM_INTAKE)
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
