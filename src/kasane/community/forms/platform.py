"""The platform's forms: a session, its organisations (one formset), a result, a material."""

from __future__ import annotations

from collections import Counter
from typing import Any

from django import forms

from kasane.community.forms.coordination import ServiceChoiceField
from kasane.community.models import PlatformSession, ResultKind, SessionOrganisation, SessionResult
from kasane.community.services.platform import (
    ATTENDEES_NEED_ATTENDED,
    ENDS_BEFORE_START,
    FUTURE_ATTENDED,
    FUTURE_PARTICIPANTS,
    FUTURE_RECORD,
)
from kasane.events.files import ALLOWED_LABEL, MAX_BYTES, check_upload
from kasane.lib.dates import today
from kasane.lib.forms import JapaneseDateField
from kasane.resources.forms import TimeField
from kasane.resources.models import Service
from kasane.resources.queries import services_in
from kasane.tenancy.models import Municipality


class SessionForm(forms.ModelForm):
    held_on = JapaneseDateField(label="開催日")
    starts_at = TimeField(label="開始時刻", required=False, help_text="例：13:30")
    ends_at = TimeField(label="終了時刻", required=False, help_text="例：16:00")

    class Meta:
        model = PlatformSession
        fields = [
            "title",
            "theme",
            "held_on",
            "starts_at",
            "ends_at",
            "venue",
            "organisers",
            "programme",
            "participants",
            "record",
        ]
        widgets = {
            "programme": forms.Textarea(attrs={"rows": 5}),
            "record": forms.Textarea(attrs={"rows": 6}),
        }
        help_texts = {"record": "話し合われたこと、出たアイデア。個人の相談内容は書きません。"}
        error_messages = {
            "title": {"required": "回の名称を入力してください。"},
            "theme": {"required": "テーマを入力してください。"},
            "organisers": {"required": "主催・企画を入力してください。"},
        }

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        starts, ends = cleaned.get("starts_at"), cleaned.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", ENDS_BEFORE_START)
        held_on = cleaned.get("held_on")
        if held_on and held_on > today():
            if cleaned.get("participants") is not None:
                self.add_error("participants", FUTURE_PARTICIPANTS)
            if (cleaned.get("record") or "").strip():
                self.add_error("record", FUTURE_RECORD)
        return cleaned


class OrganisationForm(forms.ModelForm):
    class Meta:
        model = SessionOrganisation
        fields = ["name", "sector", "invited", "attended", "attendees"]
        error_messages = {
            "name": {"required": "団体名を入力してください。"},
            "sector": {"required": "分野を選んでください。"},
        }

    def __init__(self, *args: Any, session: PlatformSession, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.session = session
        self.fields["attendees"].widget.attrs["min"] = "0"

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("attendees") and not cleaned.get("attended"):
            self.add_error("attended", ATTENDEES_NEED_ATTENDED)
        if cleaned.get("attended") and self.session.held_on > today():
            self.add_error("attended", FUTURE_ATTENDED)
        return cleaned


class BaseOrganisationFormSet(forms.BaseModelFormSet):
    def clean(self) -> None:
        super().clean()
        names = Counter(
            form.cleaned_data["name"]
            for form in self.forms
            if form.cleaned_data.get("name") and not form.cleaned_data.get("DELETE")
        )
        twice = sorted(name for name, n in names.items() if n > 1)
        if twice:
            raise forms.ValidationError(f"同じ団体が2回入っています：{'、'.join(twice)}")


OrganisationFormSet = forms.modelformset_factory(
    SessionOrganisation, form=OrganisationForm, formset=BaseOrganisationFormSet, extra=3, can_delete=True
)


def organisation_formset(session: PlatformSession, data: Any = None) -> Any:
    return OrganisationFormSet(
        data,
        queryset=session.organisations.order_by("sector", "name", "pk"),
        prefix="org",
        form_kwargs={"session": session},
    )


class ResultForm(forms.ModelForm):
    prefix = "result"
    service = ServiceChoiceField(
        label="生まれた社会資源",
        queryset=Service.objects.none(),
        required=False,
        empty_label="（なし）",
        help_text="新しい居場所や活動が社会資源の一覧に載ったときに選びます。",
    )

    class Meta:
        model = SessionResult
        fields = ["kind", "text", "service"]
        widgets = {"kind": forms.RadioSelect}
        error_messages = {
            "kind": {"required": "成果の種類を選んでください。"},
            "text": {"required": "内容を入力してください。"},
        }

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("kind", ResultKind.COLLABORATION)
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = services_in(municipality).order_by("name_kana", "name")  # type: ignore[attr-defined]


class MaterialForm(forms.Form):
    title = forms.CharField(
        label="資料名", max_length=120, error_messages={"required": "資料名を入力してください。"}
    )
    file = forms.FileField(
        label="ファイル",
        help_text=f"{ALLOWED_LABEL}。{MAX_BYTES // (1024 * 1024)}MBまで。",
        error_messages={"required": "ファイルを選んでください。"},
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data.get("file")
        if upload is not None:
            problem = check_upload(upload)
            if problem:
                raise forms.ValidationError(problem)
        return upload
