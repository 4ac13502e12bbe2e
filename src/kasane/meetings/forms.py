from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.http import QueryDict

from kasane.accounts.models import User
from kasane.agencies.models import Agency
from kasane.casework.models import DECISION_OUTCOMES, DecisionKind
from kasane.lib.dates import wareki
from kasane.lib.forms import JapaneseDateField
from kasane.meetings.models import (
    AgendaItem,
    ItemKind,
    Meeting,
    MeetingBody,
    MeetingKind,
    MeetingSeries,
    ResourceGap,
    SupportOutcome,
)
from kasane.tenancy.models import Municipality

WEEKDAYS = [(0, "月曜日"), (1, "火曜日"), (2, "水曜日"), (3, "木曜日"), (4, "金曜日")]


class _UserChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.full_name)


class BodyForm(forms.ModelForm):
    kinds = forms.MultipleChoiceField(
        label="会議の種類",
        choices=MeetingKind.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text="一つの会議体が複数の会議を兼ねることができます（例：包括的支援会議）。",
        error_messages={"required": "会議の種類を1つ以上選んでください。"},
    )

    class Meta:
        model = MeetingBody
        fields = ["name", "kinds", "host_agency", "collaboration_host", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}
        error_messages = {"name": {"required": "会議体の名称を入力してください。"}}

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        agencies = Agency.objects.in_municipality(municipality).filter(is_active=True)
        cast(forms.ModelChoiceField, self.fields["host_agency"]).queryset = agencies
        cast(forms.ModelChoiceField, self.fields["collaboration_host"]).queryset = agencies.filter(
            runs_collaboration=True
        )


class MemberForm(forms.Form):
    user = forms.ModelChoiceField(label="職員", queryset=User.objects.none())
    agency = forms.ModelChoiceField(label="所属機関", queryset=Agency.objects.none())
    is_core = forms.BooleanField(label="定例の構成員（毎回招集する）", required=False, initial=True)

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        agencies = Agency.objects.in_municipality(municipality).filter(is_active=True)
        cast(forms.ModelChoiceField, self.fields["agency"]).queryset = agencies
        users = User.objects.filter(
            is_active=True, memberships__agency__in=agencies, memberships__is_active=True
        ).distinct()
        user_field = cast(forms.ModelChoiceField, self.fields["user"])
        user_field.queryset = users.order_by("full_name_kana", "pk")
        user_field.label_from_instance = lambda u: f"{u.full_name}（{u.username}）"  # type: ignore[method-assign,assignment]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        user, agency = data.get("user"), data.get("agency")
        if user and agency and not user.memberships.filter(agency=agency, is_active=True).exists():
            self.add_error("agency", "その職員はこの機関に所属していません。")
        return data


class MeetingForm(forms.ModelForm):
    held_on = JapaneseDateField(label="開催日")
    online_url = forms.URLField(
        label="オンライン会議のURL",
        required=False,
        assume_scheme="https",
        error_messages={"invalid": "URL の形式が正しくありません（https:// から始めてください）。"},
    )
    kinds = forms.MultipleChoiceField(
        label="この回が兼ねる会議",
        choices=MeetingKind.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "この回が兼ねる会議を1つ以上選んでください。"},
    )

    class Meta:
        model = Meeting
        fields = [
            "body",
            "title",
            "kinds",
            "held_on",
            "starts_at",
            "ends_at",
            "place",
            "online_url",
            "urgent",
        ]
        widgets = {
            "starts_at": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "ends_at": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        }
        error_messages = {
            "title": {"required": "会議名を入力してください。"},
            "body": {"required": "会議体を選んでください。"},
            "online_url": {"invalid": "URL の形式が正しくありません（https:// から始めてください）。"},
            "starts_at": {"invalid": "開始時刻は 14:00 のように入力してください。"},
            "ends_at": {"invalid": "終了時刻は 15:30 のように入力してください。"},
        }

    def __init__(self, *args: Any, bodies: QuerySet[MeetingBody], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["body"]).queryset = bodies

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("starts_at"), data.get("ends_at")
        if start and end and end <= start:
            self.add_error("ends_at", "終了時刻は開始時刻より後にしてください。")
        body, kinds = data.get("body"), data.get("kinds") or []
        if body and kinds and any(k not in body.kinds for k in kinds):
            self.add_error("kinds", "この会議体が兼ねていない種類の会議は選べません。")
        return data


class SeriesForm(forms.ModelForm):
    week = forms.TypedChoiceField(label="第○週", choices=[(i, f"第{i}週") for i in range(1, 5)], coerce=int)
    weekday = forms.TypedChoiceField(label="曜日", choices=WEEKDAYS, coerce=int)
    first_month = JapaneseDateField(label="開始月", help_text="その月から作成します（例：R8.12.1）。")
    months = forms.IntegerField(label="回数", min_value=1, max_value=24, initial=12)
    kinds = forms.MultipleChoiceField(
        label="各回が兼ねる会議", choices=MeetingKind.choices, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = MeetingSeries
        fields = ["title", "week", "weekday", "starts_at", "place"]
        widgets = {"starts_at": forms.TimeInput(attrs={"type": "time"}, format="%H:%M")}
        error_messages = {"title": {"required": "名称を入力してください。"}}


class SupportItemForm(forms.ModelForm):
    invited = _UserChoice(
        label="この議題の参加者",
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="守秘義務の誓約を済ませた構成員だけが選べます。議題を作成するあなたは自動で加わります。",
    )

    class Meta:
        model = AgendaItem
        fields = [
            "title",
            "subject_name",
            "subject_kana",
            "subject_age",
            "subject_area",
            "situation",
            "invited",
        ]
        widgets = {"situation": forms.Textarea(attrs={"rows": 5})}
        labels = {"situation": "状況（この議題のために記載）"}
        error_messages = {
            "title": {"required": "議題を入力してください。"},
        }

    def __init__(self, *args: Any, pledged: Sequence[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(_UserChoice, self.fields["invited"])
        field.queryset = User.objects.filter(pk__in=[m.user_id for m in pledged]).order_by("full_name_kana")
        names = {m.user.pk: m.agency.name for m in pledged}
        field.label_from_instance = lambda u: f"{u.full_name}（{names.get(u.pk, '')}）"  # type: ignore[method-assign,assignment]
        self.fields["subject_name"].required = True
        self.fields["subject_name"].error_messages["required"] = "対象者の氏名を入力してください。"
        self.fields["situation"].required = True
        self.fields["situation"].error_messages["required"] = "状況を入力してください。"


class PromotionItemForm(forms.ModelForm):
    class Meta:
        model = AgendaItem
        fields = ["title", "situation"]
        widgets = {"situation": forms.Textarea(attrs={"rows": 4})}
        labels = {"situation": "内容"}
        help_texts = {"situation": "個人が特定される情報は書かないでください。"}
        error_messages = {"title": {"required": "議題を入力してください。"}}


class CaseItemForm(forms.Form):
    meeting = forms.ModelChoiceField(
        label="提出する会議",
        queryset=Meeting.objects.none(),
        empty_label=None,
        error_messages={"required": "会議を選んでください。", "invalid_choice": "選んだ会議は使えません。"},
    )
    kind = forms.ChoiceField(label="議題", widget=forms.RadioSelect)
    invited = _UserChoice(
        label="この議題に加わる構成員",
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(
        self,
        *args: Any,
        meetings: QuerySet[Meeting],
        kinds: Sequence[str],
        members: QuerySet[User],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        meeting_field = cast(forms.ModelChoiceField, self.fields["meeting"])
        meeting_field.queryset = meetings
        meeting_field.label_from_instance = lambda m: (  # type: ignore[method-assign,assignment]
            f"{wareki(m.held_on)} {m.title}{'（緊急）' if m.urgent else ''}"
        )
        cast(forms.ChoiceField, self.fields["kind"]).choices = [(k, ItemKind(k).label) for k in kinds]
        if kinds:
            self.fields["kind"].initial = kinds[0]
        cast(_UserChoice, self.fields["invited"]).queryset = members


class MinutesForm(forms.Form):
    lock_version = forms.IntegerField(widget=forms.HiddenInput)
    situation = forms.CharField(label="状況", widget=forms.Textarea(attrs={"rows": 4}), required=False)
    discussion = forms.CharField(label="協議の内容", widget=forms.Textarea(attrs={"rows": 4}), required=False)
    decisions = forms.CharField(
        label="決まったこと", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    outcome = forms.ChoiceField(label="結果", widget=forms.RadioSelect, required=False)
    rediscuss_on = JapaneseDateField(label="再協議の予定日", required=False)
    contact_by = forms.CharField(label="本人に接触する機関・担当", max_length=100, required=False)
    next_review_on = JapaneseDateField(
        label="次回見直し日",
        required=False,
        help_text="承認・支援継続のとき、プランの次回見直し日を更新します。",
    )

    def __init__(self, *args: Any, item: AgendaItem, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        outcome = cast(forms.ChoiceField, self.fields["outcome"])
        if item.is_support:
            outcome.choices = SupportOutcome.choices
            del self.fields["next_review_on"]
        elif item.is_layered:
            outcome.choices = [(o.value, o.label) for o in DECISION_OUTCOMES[DecisionKind(item.kind)]]
            for name in ("rediscuss_on", "contact_by"):
                del self.fields[name]
        else:
            for name in ("outcome", "rediscuss_on", "contact_by", "next_review_on"):
                del self.fields[name]
        if item.is_layered and hasattr(item, "decision"):
            # The decision is final: it moved the case. Later notes can still be added to the minutes.
            for name in ("outcome", "next_review_on"):
                self.fields.pop(name, None)

    @classmethod
    def for_item(cls, data: Any, item: AgendaItem) -> MinutesForm:
        """The minutes as last saved, or what was posted over them."""
        initial = {
            "lock_version": item.lock_version,
            "situation": item.situation,
            "discussion": item.discussion,
            "decisions": item.decisions,
            "outcome": item.outcome,
            "rediscuss_on": item.rediscuss_on,
            "contact_by": item.contact_by,
        }
        return cls(data, item=item, initial=initial)

    @classmethod
    def over_latest(cls, posted: QueryDict, item: AgendaItem, error: str) -> MinutesForm:
        """After an edit conflict: what this editor typed (kept), to be saved on top of the latest version
        (``item`` freshly loaded) once they have looked at what the other person saved."""
        data = posted.copy()
        data["lock_version"] = str(item.lock_version)
        form = cls(data, item=item)
        form.add_error(None, error)
        return form

    def minutes(self) -> dict[str, Any]:
        return {k: v for k, v in self.cleaned_data.items() if k != "lock_version"}


class ActionForm(forms.Form):
    assignee = forms.ModelChoiceField(label="担当者", queryset=User.objects.none(), required=False)
    task = forms.CharField(label="すること", max_length=200, required=False)
    due_on = JapaneseDateField(label="期限", required=False, help_text="例：R8.12.10")

    def __init__(self, *args: Any, assignees: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelChoiceField, self.fields["assignee"])
        field.queryset = assignees
        field.label_from_instance = lambda u: u.full_name  # type: ignore[method-assign,assignment]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        filled = [bool(data.get(k)) for k in ("assignee", "task", "due_on")]
        if any(filled) and not all(filled):
            raise forms.ValidationError("宿題は、担当者・すること・期限をすべて入力してください。")
        return data


ActionFormSet = forms.formset_factory(ActionForm, extra=2)


def action_formset(data: Any, assignees: QuerySet[User]) -> forms.BaseFormSet:
    """The rows for an item's tasks (prefix ``a``), each assignable only to ``assignees``."""
    return ActionFormSet(data, prefix="a", form_kwargs={"assignees": assignees})


def filled_actions(formset: forms.BaseFormSet) -> list[dict[str, Any]]:
    """The tasks entered in the formset; rows left empty are not tasks."""
    return [f.cleaned_data for f in formset if f.cleaned_data.get("task")]


class GapForm(forms.ModelForm):
    raised_on = JapaneseDateField(label="提起日")

    class Meta:
        model = ResourceGap
        fields = ["title", "description", "raised_on", "raised_by_agency", "status", "follow_up"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "follow_up": forms.Textarea(attrs={"rows": 3}),
        }
        error_messages = {
            "title": {"required": "不足している社会資源を入力してください。"},
            "description": {"required": "内容を入力してください。"},
        }

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(
            forms.ModelChoiceField, self.fields["raised_by_agency"]
        ).queryset = Agency.objects.in_municipality(municipality).filter(is_active=True)

    def unsaved(self, source: AgendaItem | None) -> ResourceGap:
        """The gap as entered, linked to the agenda item it was raised from (the link, never the content)."""
        gap = self.save(commit=False)
        if source is not None:
            gap.source_item = source
        return gap


class MoveItemForm(forms.Form):
    meeting = forms.ModelChoiceField(
        label="移動先の会議",
        queryset=Meeting.objects.none(),
        empty_label=None,
        error_messages={
            "required": "移動先の会議を選んでください。",
            "invalid_choice": "選んだ会議は使えません。",
        },
    )

    def __init__(self, *args: Any, targets: QuerySet[Meeting], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelChoiceField, self.fields["meeting"])
        field.queryset = targets
        field.label_from_instance = lambda m: (  # type: ignore[method-assign,assignment]
            f"{wareki(m.held_on)} {m.title}（{m.body.name}）{'（緊急）' if m.urgent else ''}"
        )
