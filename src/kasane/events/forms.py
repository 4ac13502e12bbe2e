from __future__ import annotations

from typing import Any, cast

from django import forms
from django.db import models

from kasane.events.files import check_upload
from kasane.events.models import (
    Event,
    EventFormat,
    EventKind,
    EventMaterial,
    MaterialKind,
    ParticipantCategory,
    ProgrammeSlot,
    Registration,
)
from kasane.lib.forms import JapaneseDateField
from kasane.readiness.models import Block
from kasane.tenancy.models import Municipality, Prefecture

TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


def _https(field: models.Field[Any, Any], **kwargs: Any) -> forms.Field | None:
    """URLs typed without a scheme are read as https:// (Django 6's default, chosen now)."""
    if isinstance(field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return field.formfield(**kwargs)


class EventForm(forms.ModelForm):
    starts_on = JapaneseDateField(label="開催日")
    ends_on = JapaneseDateField(
        label="終了日", required=False, help_text="複数日にわたる場合だけ入力します。"
    )
    signup_deadline = JapaneseDateField(
        label="申込締切日", required=False, help_text="この日の終わりまで申込フォームで受け付けます。"
    )

    class Meta:
        model = Event
        formfield_callback = _https
        fields = [
            "kind",
            "title",
            "starts_on",
            "ends_on",
            "start_time",
            "end_time",
            "format",
            "place",
            "online_url",
            "block",
            "target",
            "purpose",
            "capacity",
            "signup_open",
            "signup_deadline",
        ]
        help_texts = {"online_url": "申し込んだ人と担当者にだけ表示されます。"}
        widgets = {
            "format": forms.RadioSelect,
            "start_time": TIME,
            "end_time": TIME,
            "target": forms.Textarea(attrs={"rows": 2}),
            "purpose": forms.Textarea(attrs={"rows": 4}),
            "capacity": forms.NumberInput(attrs={"min": 1}),
        }
        error_messages = {
            "title": {"required": "名称を入力してください。"},
            "kind": {"required": "種別を選んでください。"},
            "format": {"required": "開催形式を選んでください。"},
        }

    def __init__(self, *args: Any, prefecture: Prefecture, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        block = cast(forms.ModelChoiceField, self.fields["block"])
        block.queryset = Block.objects.filter(prefecture=prefecture)
        block.empty_label = "（全域）"
        self.fields["kind"].choices = [("", "選んでください"), *EventKind.choices]  # type: ignore[attr-defined]
        self.fields["format"].choices = EventFormat.choices  # type: ignore[attr-defined]
        if not self.instance.pk:
            self.fields["format"].initial = EventFormat.IN_PERSON

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        starts_on, ends_on = data.get("starts_on"), data.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", "終了日は開催日より後の日付にしてください。")
        if starts_on and ends_on == starts_on:
            data["ends_on"] = None
        deadline = data.get("signup_deadline")
        if deadline and starts_on and deadline > (data.get("ends_on") or starts_on):
            self.add_error("signup_deadline", "申込締切日は開催日までの日付にしてください。")
        if data.get("capacity") == 0:
            self.add_error("capacity", "定員は1人以上にしてください（定員を設けないときは空欄）。")
        start, end = data.get("start_time"), data.get("end_time")
        if start and end and end <= start and not ends_on:
            self.add_error("end_time", "終了時刻は開始時刻より後にしてください。")
        if data.get("format") in (EventFormat.IN_PERSON, EventFormat.HYBRID) and not data.get("place"):
            self.add_error("place", "集合・ハイブリッドで開催するときは会場を入力してください。")
        if data.get("kind") == EventKind.FORUM and not data.get("block"):
            self.add_error(
                "block", "情報共有の場（市町村間）はブロックごとに開催します。ブロックを選んでください。"
            )
        return data


class SlotForm(forms.ModelForm):
    class Meta:
        model = ProgrammeSlot
        fields = ["starts_at", "ends_at", "title", "speakers", "content"]
        widgets = {
            "starts_at": TIME,
            "ends_at": TIME,
            "speakers": forms.Textarea(attrs={"rows": 3}),
            "content": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {"title": "", "speakers": ""}  # given once above the rows, not on every row
        error_messages = {
            "starts_at": {"required": "開始時刻を入力してください。"},
            "title": {"required": "項目を入力してください。"},
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("starts_at"), data.get("ends_at")
        if start and end and end <= start:
            self.add_error("ends_at", "終了は開始より後の時刻にしてください。")
        return data


SlotFormSet = forms.inlineformset_factory(
    Event, ProgrammeSlot, form=SlotForm, extra=3, can_delete=True, max_num=40, validate_max=True
)


class MaterialForm(forms.ModelForm):
    link = forms.URLField(
        label="録画などのリンク",
        required=False,
        assume_scheme="https",
        help_text="録画を動画サービスや共有フォルダに置いたときは、そのURLを入力します（ファイルの代わりに）。",
    )

    class Meta:
        model = EventMaterial
        formfield_callback = _https
        fields = ["kind", "title", "file", "link"]
        widgets = {"kind": forms.RadioSelect}
        help_texts = {
            "file": "PDF、Word・Excel・PowerPoint、画像（PNG・JPEG）、動画（MP4）。20MBまで。",
        }
        error_messages = {"title": {"required": "名称を入力してください。"}}

    def clean_file(self) -> Any:
        upload = self.cleaned_data.get("file")
        if upload and hasattr(upload, "read"):
            problem = check_upload(upload)
            if problem:
                raise forms.ValidationError(problem)
        return upload

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        has_file, has_link = bool(data.get("file")), bool(data.get("link"))
        if not self.errors and has_file == has_link:
            raise forms.ValidationError("ファイルを選ぶか、リンクを入力してください（どちらか一方）。")
        if data.get("kind") is None:
            data["kind"] = MaterialKind.MATERIAL
        return data


class RegistrationForm(forms.ModelForm):
    class Meta:
        model = Registration
        fields = ["name", "name_kana", "category", "municipality", "organisation", "occupation", "attended"]
        widgets = {"category": forms.RadioSelect}
        error_messages = {
            "name": {"required": "氏名を入力してください。"},
            "category": {"required": "区分を選んでください。"},
        }

    def __init__(self, *args: Any, prefecture: Prefecture, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        municipality = cast(forms.ModelChoiceField, self.fields["municipality"])
        municipality.queryset = Municipality.objects.filter(prefecture=prefecture).order_by("code")
        municipality.empty_label = "（なし：振興局・都道府県など）"
        self.fields["category"].choices = ParticipantCategory.choices  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("category") == ParticipantCategory.MUNICIPAL and not data.get("municipality"):
            self.add_error("municipality", "市町村職員は市町村を選んでください。")
        return data


class ProposeForm(forms.Form):
    group_size = forms.IntegerField(
        label="1グループの人数（目安）",
        min_value=2,
        max_value=30,
        required=False,
        initial=6,
        help_text="グループ数を指定するときは空欄にします。",
    )
    group_count = forms.IntegerField(label="グループ数", min_value=1, max_value=50, required=False)
    facilitators = forms.MultipleChoiceField(
        label="ファシリテーター",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="選んだ順（表示順）に、グループ1から1人ずつ割り当てます。",
    )

    def __init__(self, *args: Any, facilitator_choices: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.MultipleChoiceField, self.fields["facilitators"]).choices = facilitator_choices

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.errors and not data.get("group_size") and not data.get("group_count"):
            raise forms.ValidationError("1グループの人数か、グループ数を入力してください。")
        return data


class GroupingForm(forms.Form):
    """Every participant's group and every group's facilitator, saved together."""

    def __init__(
        self,
        *args: Any,
        registrations: list[Registration],
        group_numbers: list[int],
        facilitator_choices: list[tuple[int, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        group_choices = [("", "未定"), *((n, f"グループ{n}") for n in group_numbers)]
        for registration in registrations:
            self.fields[f"r{registration.pk}"] = forms.TypedChoiceField(
                label=registration.name, choices=group_choices, coerce=int, required=False, empty_value=None
            )
        for number in group_numbers:
            self.fields[f"f{number}"] = forms.TypedChoiceField(
                label=f"グループ{number}のファシリテーター",
                choices=[("", "未定"), *facilitator_choices],
                coerce=int,
                required=False,
                empty_value=None,
            )
        self.registrations = registrations
        self.group_numbers = group_numbers

    def assignment(self) -> dict[int, int | None]:
        return {r.pk: self.cleaned_data[f"r{r.pk}"] for r in self.registrations}

    def facilitators(self) -> dict[int, int | None]:
        return {n: self.cleaned_data[f"f{n}"] for n in self.group_numbers}
