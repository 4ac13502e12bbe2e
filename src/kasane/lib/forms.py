"""Form pieces every app shares: the one renderer (label, required tag, help, error, input) and dates typed
as staff type them."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.forms.renderers import TemplatesSetting

from kasane.lib.dates import DateSpan, parse_birth_input, parse_date_input, today, wareki


class KasaneFormRenderer(TemplatesSetting):
    """Renders every form field the same accessible way: label, required tag, help, error, input."""

    form_template_name = "forms/div.html"
    field_template_name = "forms/field.html"


class BirthSpanField(forms.CharField):
    """A birth date, year, 年度, month or age as staff know it (S17.3.2, 昭和17年, 1942, 80歳, 80代): the span of
    birth dates it means, ages counted from today."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault(
            "help_text", "生まれ年や年齢でも探せます（例：S17.3.2、昭和17年、1942、80歳、80代）"
        )
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("autocomplete", "off")
        self.widget.attrs.setdefault("maxlength", "30")

    def to_python(self, value: Any) -> DateSpan | None:  # type: ignore[override]
        text = super().to_python(value)
        if not text:
            return None
        if len(text) > 30:
            raise forms.ValidationError("長すぎます。例：S17.3.2、昭和17年、80歳", code="invalid")
        try:
            return parse_birth_input(text, today())
        except ValueError as exc:
            raise forms.ValidationError(str(exc), code="invalid") from None


class JapaneseDateField(forms.CharField):
    """A date typed as staff type it: 西暦 or 和暦 (S45.3.2, 昭和45年3月2日, H1/1/8), checked against the eras."""

    default_error_messages = {"invalid": "日付として読み取れません。"}

    def __init__(self, *, allow_future: bool = True, **kwargs: Any) -> None:
        kwargs.setdefault("help_text", "和暦でも入力できます（例：S45.3.2、昭和45年3月2日、1970-03-02）")
        super().__init__(**kwargs)
        self.allow_future = allow_future
        if self.label:
            self.error_messages["required"] = f"{self.label}を入力してください。"
        self.widget.attrs.setdefault("inputmode", "text")
        self.widget.attrs.setdefault("autocomplete", "off")
        self.widget.attrs.setdefault("maxlength", "30")

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, dt.date):
            # Shown the way staff read dates; parse_date_input reads it back.
            return wareki(value)
        return value

    def to_python(self, value: Any) -> dt.date | None:  # type: ignore[override]
        if isinstance(value, dt.date):
            return value
        text = super().to_python(value)
        if not text:
            return None
        if len(text) > 30:
            raise forms.ValidationError("日付が長すぎます。例：S45.3.2", code="invalid")
        try:
            day = parse_date_input(text)
        except ValueError as exc:
            raise forms.ValidationError(str(exc), code="invalid") from None
        if not self.allow_future and day > today():
            raise forms.ValidationError("未来の日付は入力できません。", code="future")
        return day
