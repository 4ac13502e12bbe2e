"""Form pieces every app shares: the one renderer (label, required tag, help, error, input) and dates typed
as staff type them."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Any

from django import forms
from django.contrib import messages
from django.forms.renderers import TemplatesSetting
from django.http import HttpRequest

from kasane.lib.dates import TOKYO, DateSpan, localtime, parse_birth_input, parse_date_input, today, wareki


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


_TIME = re.compile(r"(?P<hour>\d{1,2})\s*(?:[:：時]\s*(?P<minute>\d{1,2})?\s*分?)?")
_TIME_COMPACT = re.compile(r"(?P<hour>\d{2})(?P<minute>\d{2})")


def parse_time_input(text: str) -> dt.time:
    """15:30, 1530, 15時30分, 15時: a time as staff type it, on the 24-hour clock whatever the browser's locale."""
    folded = unicodedata.normalize("NFKC", text or "").strip()
    match = _TIME_COMPACT.fullmatch(folded) or _TIME.fullmatch(folded)
    if not match:
        raise ValueError("時刻として読み取れません。例：15:30、1530、15時30分")
    hour, minute = int(match["hour"]), int(match["minute"] or 0)
    if hour > 23 or minute > 59:
        raise ValueError("時刻は0:00〜23:59で入力してください。")
    return dt.time(hour, minute)


class DateTimeWidget(forms.MultiWidget):
    """Two text boxes, a date and a time. A browser's own date-time picker writes and reads the date the way
    its locale does (12/05/2026, 03:50 PM); plain text boxes read the same on every terminal."""

    template_name = "forms/datetime_widget.html"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        date_attrs = {"inputmode": "text", "autocomplete": "off", "maxlength": "30", "class": "input--date"}
        time_attrs = {"inputmode": "numeric", "autocomplete": "off", "maxlength": "8", "class": "input--time"}
        super().__init__([forms.TextInput(date_attrs), forms.TextInput(time_attrs)], attrs)

    def decompress(self, value: Any) -> list[Any]:
        if isinstance(value, dt.datetime):
            local = localtime(value)
            return [wareki(local.date()), f"{local.hour}:{local.minute:02d}"]
        return [None, None]


class JapaneseDateTimeField(forms.MultiValueField):
    """A moment typed as a date (西暦 or 和暦, as JapaneseDateField reads it) and a 24-hour time, in Tokyo time."""

    widget = DateTimeWidget

    def __init__(self, *, allow_future: bool = True, **kwargs: Any) -> None:
        label = kwargs.get("label") or "日時"
        fields = (
            JapaneseDateField(allow_future=allow_future, label=f"{label}の日付"),
            forms.CharField(),
        )
        # Either box left empty says which one; both empty is the field's own 必須 message.
        fields[0].error_messages["incomplete"] = f"{label}の日付を入力してください。"
        fields[1].error_messages["incomplete"] = f"{label}の時刻を入力してください。"
        kwargs.setdefault(
            "help_text", "日付は和暦でも入力できます（例：R8.12.5）。時刻は24時間制（例：15:50）。"
        )
        super().__init__(fields, require_all_fields=False, **kwargs)
        date_box, time_box = self.widget.widgets
        date_box.attrs["aria-label"] = f"{label}の日付"
        time_box.attrs["aria-label"] = f"{label}の時刻（24時間制）"
        time_box.attrs["placeholder"] = "15:50"
        self.error_messages["required"] = f"{label}を入力してください。"

    def compress(self, data_list: list[Any]) -> dt.datetime | None:
        if not data_list:
            return None
        day, time_text = data_list
        try:
            time = parse_time_input(time_text)
        except ValueError as exc:
            raise forms.ValidationError(str(exc), code="invalid") from None
        return dt.datetime.combine(day, time, tzinfo=TOKYO)


def form_errors(request: HttpRequest, form: forms.BaseForm) -> None:
    """A refused form's errors as messages, for the small forms of a page that redirects back to it."""
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, str(error))
