from __future__ import annotations

from typing import Any, cast

from django import forms
from django.db.models import QuerySet

from kasane.dispatch.deidentify import NOTICE, validate_deidentified
from kasane.dispatch.models import (
    HEARING_SECTIONS,
    PARTICIPANT_KINDS,
    Achievement,
    Dispatch,
    Expert,
    Goal,
    GoalAction,
    GoalOutcome,
    Hearing,
    HearingMethod,
    WorksheetEntry,
    Workshop,
)
from kasane.lib.dates import fiscal_year_label
from kasane.lib.forms import JapaneseDateField
from kasane.readiness.themes import Stage, Theme, Tool
from kasane.tenancy.models import Municipality

DATE_HELP = "和暦でも入力できます（例：R8.6.10、令和8年6月10日）"


class ThemeField(forms.MultipleChoiceField):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", "テーマ")
        kwargs.setdefault("required", False)
        super().__init__(choices=Theme.choices, widget=forms.CheckboxSelectMultiple, **kwargs)


class _ExpertChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name}（{obj.affiliation}）"


def _expert_field(experts: QuerySet[Expert], label: str) -> _ExpertChoice:
    return _ExpertChoice(label=label, queryset=experts, widget=forms.CheckboxSelectMultiple, required=False)


def year_choices(current: int) -> list[tuple[int, str]]:
    return [(y, fiscal_year_label(y)) for y in (current - 1, current, current + 1)]


class DispatchRequestForm(forms.ModelForm):
    """What the municipality asked for, and which experts go."""

    requested_on = JapaneseDateField(label="依頼を受けた日", help_text=DATE_HELP)
    themes = ThemeField(label="相談したいテーマ", help_text="ハブでの専門家・事例の提案に使います。")

    class Meta:
        model = Dispatch
        fields = ["requested_on", "requested_by", "request_text", "themes", "experts"]
        widgets = {"request_text": forms.Textarea(attrs={"rows": 4})}
        error_messages = {
            "municipality": {"required": "市町村を選んでください。"},
            "requested_by": {"required": "依頼した部署・担当を入力してください。"},
            "request_text": {"required": "依頼の内容を入力してください。"},
        }

    def __init__(self, *args: Any, experts: QuerySet[Expert], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["experts"] = _expert_field(experts, "派遣する専門家")
        self.fields["experts"].help_text = "決まっていなければ、あとで選べます。"


class DispatchForm(DispatchRequestForm):
    """A new dispatch: the municipality and the year, then the request."""

    fiscal_year = forms.TypedChoiceField(label="年度", coerce=int)

    class Meta(DispatchRequestForm.Meta):
        fields = ["municipality", "fiscal_year", *DispatchRequestForm.Meta.fields]

    def __init__(
        self,
        *args: Any,
        municipalities: QuerySet[Municipality],
        current_year: int,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        municipality = cast(forms.ModelChoiceField, self.fields["municipality"])
        municipality.queryset = municipalities
        municipality.empty_label = "選んでください"
        cast(forms.TypedChoiceField, self.fields["fiscal_year"]).choices = year_choices(current_year)
        self.fields["fiscal_year"].initial = current_year


class DecideForm(forms.Form):
    agreed_on = JapaneseDateField(label="決定した日", help_text=DATE_HELP)


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label="取りやめの理由",
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=500,
        error_messages={"required": "取りやめの理由を入力してください。"},
    )


class HearingForm(forms.ModelForm):
    held_on = JapaneseDateField(label="実施日", help_text=DATE_HELP)

    class Meta:
        model = Hearing
        fields = [
            "held_on",
            "method",
            "attendees",
            *(name for _heading, names in HEARING_SECTIONS for name in names),
        ]
        widgets = {
            "method": forms.RadioSelect,
            "attendees": forms.Textarea(attrs={"rows": 2}),
            **{
                name: forms.Textarea(attrs={"rows": 3})
                for _heading, names in HEARING_SECTIONS
                for name in names
                if name != "lead_division"
            },
        }
        error_messages = {
            "method": {"required": "方法を選んでください。"},
            "attendees": {"required": "出席者を入力してください。"},
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["trigger_case"].validators.append(validate_deidentified)
        # Radio buttons: no blank "---------" choice.
        cast(forms.ChoiceField, self.fields["method"]).choices = HearingMethod.choices

    def sections(self) -> list[tuple[str, list[forms.BoundField]]]:
        return [(heading, [self[name] for name in names]) for heading, names in HEARING_SECTIONS]

    def basics(self) -> list[forms.BoundField]:
        return [self["held_on"], self["method"], self["attendees"]]


class GoalForm(forms.ModelForm):
    agreed_on = JapaneseDateField(label="市町村と合意した日", help_text=DATE_HELP)

    class Meta:
        model = Goal
        fields = ["text", "readiness_item", "agreed_on"]
        widgets = {"text": forms.Textarea(attrs={"rows": 2})}
        help_texts = {
            "text": "例：地域関係者が地域共生社会の理念を理解し、共通認識を持つ",
            "readiness_item": "この目標で進めたい体制整備の項目（5項目）",
        }
        error_messages = {
            "text": {"required": "今年度末の目標を入力してください。"},
            "readiness_item": {"required": "進めたい項目を選んでください。"},
        }


class ActionForm(forms.ModelForm):
    due_on = JapaneseDateField(label="期限", required=False, help_text=DATE_HELP)

    class Meta:
        model = GoalAction
        fields = ["what", "who", "due_on"]
        error_messages = {
            "what": {"required": "取り組み事項を入力してください。"},
            "who": {"required": "担当を入力してください。"},
        }


class WorkshopForm(forms.ModelForm):
    held_on = JapaneseDateField(label="開催日", help_text=DATE_HELP)

    class Meta:
        model = Workshop
        fields = ["title", "held_on", "place", "programme", *(n for n, _l in PARTICIPANT_KINDS), "reflection"]
        widgets = {
            "programme": forms.Textarea(attrs={"rows": 6}),
            "reflection": forms.Textarea(attrs={"rows": 3}),
            **{n: forms.NumberInput(attrs={"min": 0, "max": 999}) for n, _l in PARTICIPANT_KINDS},
        }
        error_messages = {
            "title": {"required": "名称を入力してください。"},
            "place": {"required": "会場を入力してください。ワークショップは原則として現地で開きます。"},
            "programme": {"required": "プログラムを入力してください。"},
        }

    def __init__(self, *args: Any, experts: QuerySet[Expert], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["experts"] = _expert_field(experts, "講師・助言者")
        if self.instance.pk:
            self.initial.setdefault("experts", list(self.instance.experts.all()))
        for name, _label in PARTICIPANT_KINDS:
            self.fields[name].required = False

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name, _label in PARTICIPANT_KINDS:
            if data.get(name) is None and name not in self.errors:
                data[name] = 0  # not counted (yet): a planned workshop is registered before anyone came
        return data

    def participant_fields(self) -> list[forms.BoundField]:
        return [self[n] for n, _l in PARTICIPANT_KINDS]

    def main_fields(self) -> list[forms.BoundField]:
        return [self[n] for n in ("title", "held_on", "place", "programme", "experts")]


class WorksheetForm(forms.ModelForm):
    class Meta:
        model = WorksheetEntry
        fields = ["group_label", *WorksheetEntry.TEXT_FIELDS]
        widgets = {n: forms.Textarea(attrs={"rows": 3}) for n in WorksheetEntry.TEXT_FIELDS}
        error_messages = {"group_label": {"required": "グループ・所属を入力してください。"}}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in WorksheetEntry.TEXT_FIELDS:
            self.fields[name].validators.append(validate_deidentified)
        for name in ("success_case", "failed_case"):
            self.fields[name].help_text = f"{NOTICE}。「80代の女性と50代の息子の世帯」のように書きます。"

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not any((data.get(n) or "").strip() for n in WorksheetEntry.TEXT_FIELDS):
            raise forms.ValidationError("ケースか要因の欄を1つ以上入力してください。")
        return data


class OutcomeForm(forms.ModelForm):
    recorded_on = JapaneseDateField(label="整理した日", help_text=DATE_HELP)
    update_rating = forms.BooleanField(
        label="この成果で、体制整備の段階を更新する",
        required=False,
        help_text="市町村の「体制整備の段階」に、根拠となる事実を添えて新しい評価を記録します。",
    )
    new_stage = forms.TypedChoiceField(
        label="新しい段階",
        choices=[("", "選んでください"), *Stage.choices],
        coerce=int,
        required=False,
        empty_value=None,
    )
    tools_used = forms.MultipleChoiceField(
        label="活用した取り組み", choices=Tool.choices, widget=forms.CheckboxSelectMultiple, required=False
    )

    class Meta:
        model = GoalOutcome
        fields = ["changes", "evidence", "achievement", "next_steps", "recorded_on"]
        widgets = {
            "changes": forms.Textarea(attrs={"rows": 3}),
            "evidence": forms.Textarea(attrs={"rows": 3}),
            "next_steps": forms.Textarea(attrs={"rows": 2}),
            "achievement": forms.RadioSelect,
        }
        error_messages = {
            "changes": {"required": "変わったことを入力してください。"},
            "evidence": {"required": "根拠となる事実を入力してください。"},
            "achievement": {"required": "達成度を選んでください。"},
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["achievement"]).choices = Achievement.choices

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("update_rating") and data.get("new_stage") is None:
            self.add_error("new_stage", "更新する段階を選んでください。")
        return data

    def rating_fields(self) -> list[forms.BoundField]:
        return [self["update_rating"], self["new_stage"], self["tools_used"]]

    def outcome_fields(self) -> list[forms.BoundField]:
        return [self[n] for n in ("changes", "evidence", "achievement", "next_steps", "recorded_on")]
