"""支援経過記録 as a form: what happened first (種別・日付・所要時間・内容), then who, where and what next."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms

from kasane.casework.models import Counterpart, Place, ProgressNote
from kasane.lib.forms import JapaneseDateField, parse_time_input


class TimeField(forms.CharField):
    """A time as staff type it (15:30, 1530, 15時30分), on the 24-hour clock."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("help_text", "24時間制（例：15:30）")
        super().__init__(**kwargs)
        self.widget.attrs.update({"inputmode": "numeric", "autocomplete": "off", "maxlength": "8"})

    def prepare_value(self, value: Any) -> Any:
        return f"{value.hour}:{value.minute:02d}" if isinstance(value, dt.time) else value

    def to_python(self, value: Any) -> dt.time | None:  # type: ignore[override]
        if isinstance(value, dt.time):
            return value
        text = super().to_python(value)
        if not text:
            return None
        try:
            return parse_time_input(text)
        except ValueError as exc:
            raise forms.ValidationError(str(exc), code="invalid") from None


class NoteForm(forms.ModelForm):
    on = JapaneseDateField(label="日付", allow_future=False)
    starts_at = TimeField(label="開始時刻", required=False)
    counterparts = forms.MultipleChoiceField(
        label="相手方", choices=Counterpart.choices, widget=forms.CheckboxSelectMultiple, required=False
    )
    # No blank radio: leaving all unchecked is "not recorded".
    place = forms.ChoiceField(label="場所", choices=Place.choices, widget=forms.RadioSelect, required=False)

    class Meta:
        model = ProgressNote
        fields = [
            "kind",
            "on",
            "starts_at",
            "minutes",
            "text",
            "counterparts",
            "counterpart_name",
            "place",
            "place_note",
            "next_action",
        ]
        labels = {"counterpart_name": "相手方の氏名・機関名", "place_note": "場所の名称など"}
        help_texts = {"counterpart_name": "例：母、北部地域包括支援センター 北村さん"}
        widgets = {
            "kind": forms.RadioSelect,
            "text": forms.Textarea(attrs={"rows": 3}),
            "next_action": forms.Textarea(attrs={"rows": 2}),
        }
        error_messages = {"text": {"required": "内容を入力してください。"}}

    # The fields folded under 「相手方・場所・次回予定」 on the case page, opened when one of them is refused.
    DETAIL_FIELDS = ("starts_at", "counterparts", "counterpart_name", "place", "place_note", "next_action")

    def clean_counterparts(self) -> list[str]:
        chosen = set(self.cleaned_data.get("counterparts") or [])
        return [c.value for c in Counterpart if c.value in chosen]  # in the list's order

    @property
    def details_open(self) -> bool:
        """Open when one of them is refused, or was filled in on a form sent back: nothing typed is hidden."""
        if not self.is_bound:
            return False
        return any(name in self.errors or self[name].value() for name in self.DETAIL_FIELDS)
