"""Outreach forms: a contact in seconds (today's date, radio buttons, one text), the target as a
description first, and the small forms of the target page."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from kasane.accounts.models import User
from kasane.lib.dates import today, wareki
from kasane.lib.forms import JapaneseDateField, JapaneseDateTimeField
from kasane.outreach import rules
from kasane.outreach.models import (
    AgencyVisit,
    CloseReason,
    Contact,
    HomeVisit,
    Outcome,
    Route,
    Source,
    Target,
)


class ContactForm(forms.ModelForm):
    """One contact attempt. The date defaults to today; the stage may move with it."""

    on = JapaneseDateField(label="日付", allow_future=False)
    stage = forms.ChoiceField(label="段階", required=False)
    next_on = JapaneseDateField(label="次の予定日", required=False)

    class Meta:
        model = Contact
        fields = ["on", "method", "with_whom", "outcome", "minutes", "text", "next_step", "next_on"]
        widgets = {
            "method": forms.RadioSelect,
            "with_whom": forms.RadioSelect,
            "outcome": forms.RadioSelect,
            "text": forms.Textarea(attrs={"rows": 3}),
        }
        error_messages = {"outcome": {"required": "結果を選んでください。"}}

    def __init__(self, *args: Any, target: Target | None = None, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("on", today())
        super().__init__(*args, **kwargs)
        current = target.stage if target is not None else ""
        settable = [(s.value, s.label) for s in rules.SETTABLE if s.value != current]
        self.fields["stage"].choices = [("", "変えない"), *settable]  # type: ignore[attr-defined]
        # A radio row needs no "---------" choice: nothing is checked until staff tap the outcome.
        self.fields["outcome"].choices = Outcome.choices  # type: ignore[attr-defined]
        self.fields["minutes"].widget.attrs["inputmode"] = "numeric"


def _item_label(item: Any) -> str:
    """A 支援会議 item as the target form offers it: its sitting and number, never its content."""
    return f"{wareki(item.meeting.held_on)} {item.meeting.title}（議題 No.{item.pk}）"


class TargetForm(forms.ModelForm):
    """A target as it is first known: a description, never a forced name."""

    raised_on = JapaneseDateField(label="把握日", allow_future=False)

    class Meta:
        model = Target
        fields = [
            "label",
            "description",
            "area",
            "source",
            "raised_by",
            "raised_on",
            "meeting_item",
            "lead_user",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}
        labels = {"meeting_item": "支援会議の議題"}
        help_texts = {
            "description": "例：○○町の80代女性と同居の50代の息子。10年ほど外出していない様子。",
            "meeting_item": "支援会議で把握した場合に選びます。議題の内容はここへ写さず、議題を指すだけです。",
        }
        error_messages = {
            "label": {"required": "呼び名を入力してください。"},
            "description": {"required": "対象者・世帯の様子を入力してください。"},
        }

    def __init__(
        self,
        *args: Any,
        items: QuerySet[Any],
        staff: QuerySet[User],
        **kwargs: Any,
    ) -> None:
        kwargs.setdefault("initial", {}).setdefault("raised_on", today())
        super().__init__(*args, **kwargs)
        item_field = self.fields["meeting_item"]
        item_field.queryset = items  # type: ignore[attr-defined]
        item_field.label_from_instance = _item_label  # type: ignore[attr-defined]
        item_field.empty_label = "（支援会議から把握したのでなければ空欄）"  # type: ignore[attr-defined]
        lead = self.fields["lead_user"]
        lead.queryset = staff  # type: ignore[attr-defined]
        lead.label_from_instance = lambda u: u.full_name  # type: ignore[attr-defined]
        lead.empty_label = "（未定）"  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("source") == Source.SUPPORT_MEETING and not data.get("meeting_item"):
            self.add_error("meeting_item", "支援会議の議題から把握した場合は、その議題を選んでください。")
        return data


class StageForm(forms.Form):
    prefix = "stage"  # several forms share the target page: their fields need their own ids

    stage = forms.ChoiceField(label="段階", choices=[(s.value, s.label) for s in rules.SETTABLE])
    on = JapaneseDateField(label="日付", allow_future=False, initial=today)
    note = forms.CharField(label="理由・メモ", max_length=200, required=False)


class HandOverForm(forms.Form):
    prefix = "handover"  # several forms share the target page: their fields need their own ids

    route = forms.ChoiceField(
        label="つなぎ先",
        choices=[("", "選んでください"), *list(Route.choices)],
        error_messages={"required": "つなぎ先を選んでください。"},
    )
    record = forms.ChoiceField(label="相談受付・つなぎ", required=False)
    on = JapaneseDateField(label="日付", allow_future=False, initial=today)

    def __init__(self, *args: Any, records: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["record"].choices = [("", "選んでください"), *records]  # type: ignore[attr-defined]


class CloseForm(forms.Form):
    prefix = "close"  # several forms share the target page: their fields need their own ids

    reason = forms.ChoiceField(
        label="終了の理由",
        choices=[("", "選んでください"), *list(CloseReason.choices)],
        error_messages={"required": "終了の理由を選んでください。"},
    )
    on = JapaneseDateField(label="終了日", allow_future=False, initial=today)
    note = forms.CharField(label="メモ", max_length=200, required=False)


class ReopenForm(forms.Form):
    prefix = "reopen"  # several forms share the target page: their fields need their own ids

    reason = forms.CharField(
        label="再開の理由", max_length=150, error_messages={"required": "再開の理由を入力してください。"}
    )


class HomeVisitForm(forms.ModelForm):
    """A home visit the office can watch: when, with whom, and the expected return."""

    prefix = "visit"

    leaves_at = JapaneseDateTimeField(label="出発")
    expected_back_at = JapaneseDateTimeField(label="帰所予定")

    class Meta:
        model = HomeVisit
        fields = ["leaves_at", "expected_back_at", "companions", "companions_other"]
        widgets = {"companions": forms.CheckboxSelectMultiple}
        help_texts = {"companions_other": "例：民生委員の○○さん"}

    def __init__(self, *args: Any, staff: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["companions"]
        field.queryset = staff  # type: ignore[attr-defined]
        field.label_from_instance = lambda u: u.full_name  # type: ignore[attr-defined]


class AgencyVisitForm(forms.ModelForm):
    on = JapaneseDateField(label="訪問日", allow_future=False)
    follow_up_on = JapaneseDateField(label="次の予定日", required=False)

    class Meta:
        model = AgencyVisit
        fields = [
            "on",
            "counterpart_kind",
            "counterpart",
            "purpose",
            "minutes",
            "result",
            "follow_up",
            "follow_up_on",
        ]
        widgets = {"result": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"counterpart": "例：○○町内会 会長、△△商店、北部地域包括支援センター"}
        error_messages = {"counterpart": {"required": "訪問先を入力してください。"}}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("on", today())
        super().__init__(*args, **kwargs)


class SettingsForm(forms.Form):
    stale_days = forms.IntegerField(
        label="接触が途絶えたとみなす日数",
        min_value=1,
        max_value=365,
        error_messages={
            "required": "日数を入力してください。",
            "min_value": "日数は1から365までで入力してください。",
            "max_value": "日数は1から365までで入力してください。",
            "invalid": "日数は数字で入力してください。",
        },
    )
