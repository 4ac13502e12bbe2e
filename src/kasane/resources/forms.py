"""The register's forms: one page for an activity, its organisation, its place and up to three schedules,
and the search form."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms

from kasane.lib.forms import parse_time_input
from kasane.resources.models import (
    WEEKDAY_LABELS,
    Category,
    Location,
    Organization,
    OrganizationKind,
    Schedule,
    Service,
)
from kasane.resources.queries import Criteria
from kasane.resources.schedules import days_text, parse_days
from kasane.tenancy.models import Area, Municipality

SCHEDULE_ROWS = 3


class TimeField(forms.CharField):
    """15:30, 1530, 15時30分 — read on the 24-hour clock."""

    def __init__(self, **kwargs: Any) -> None:
        # The length is checked on the text, in to_python; a validator would see the time it became.
        kwargs.pop("max_length", None)
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("maxlength", "10")
        self.widget.attrs.setdefault("inputmode", "numeric")

    def to_python(self, value: Any) -> dt.time | None:  # type: ignore[override]
        text = super().to_python(value)
        if not text:
            return None
        if len(text) > 10:
            raise forms.ValidationError("時刻が長すぎます。例：15:30", code="invalid")
        try:
            return parse_time_input(text)
        except ValueError as exc:
            raise forms.ValidationError(str(exc), code="invalid") from None

    def prepare_value(self, value: Any) -> Any:
        return f"{value:%H:%M}" if isinstance(value, dt.time) else value


class ServiceForm(forms.ModelForm):
    categories = forms.MultipleChoiceField(
        label="種類",
        choices=Category.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "種類を1つ以上選んでください。"},
    )
    organization = forms.ModelChoiceField(
        label="運営団体",
        queryset=Organization.objects.none(),
        required=False,
        empty_label="新しい団体を登録する",
    )
    organization_name = forms.CharField(label="新しい団体の名前", max_length=100, required=False)
    organization_kind = forms.ChoiceField(
        label="新しい団体の種類",
        choices=OrganizationKind.choices,
        initial=OrganizationKind.NPO,
        required=False,
    )
    organization_phone = forms.CharField(label="新しい団体の電話番号", max_length=30, required=False)
    place_name = forms.CharField(
        label="場所の名前", max_length=100, required=False, help_text="例：中町公民館 和室"
    )
    address = forms.CharField(label="住所", max_length=200, required=False)
    area = forms.ModelChoiceField(
        label="圏域", queryset=Area.objects.none(), required=False, empty_label="未設定"
    )
    transportation = forms.CharField(
        label="交通・アクセス",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="例：市民バス「中町」下車徒歩3分、駐車場5台",
    )
    accessibility = forms.CharField(
        label="バリアフリー",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="例：段差なし、車いす用トイレあり",
    )

    class Meta:
        model = Service
        fields = [
            "name",
            "name_kana",
            "categories",
            "funding",
            "status",
            "description",
            "activities",
            "physical_load",
            "suits_shy",
            "transport_provided",
            "hosts_participants",
            "hosted_before",
            "eligibility",
            "minimum_age",
            "maximum_age",
            "cost",
            "capacity",
            "application",
            "contact_name",
            "contact_phone",
            "contact_email",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "activities": forms.Textarea(attrs={"rows": 2}),
            "eligibility": forms.Textarea(attrs={"rows": 2}),
            "application": forms.Textarea(attrs={"rows": 2}),
        }
        error_messages = {"name": {"required": "名称を入力してください。"}}

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        instance: Service | None = kwargs.get("instance")
        if instance is not None and instance.location is not None:
            loc = instance.location
            kwargs.setdefault("initial", {}).update(
                place_name=loc.name,
                address=loc.address,
                area=loc.area_id,
                transportation=loc.transportation,
                accessibility=loc.accessibility,
            )
        if instance is not None and instance.pk:
            kwargs.setdefault("initial", {})["organization"] = instance.organization_id
        super().__init__(*args, **kwargs)
        self.municipality = municipality
        self.fields["organization"].queryset = Organization.objects.filter(  # type: ignore[attr-defined]
            municipality=municipality
        ).order_by("name_kana", "name")
        self.fields["area"].queryset = Area.objects.filter(municipality=municipality)  # type: ignore[attr-defined]
        for name in ("minimum_age", "maximum_age", "capacity"):
            self.fields[name].widget.attrs["inputmode"] = "numeric"

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("organization") and not (data.get("organization_name") or "").strip():
            self.add_error("organization_name", "運営団体を選ぶか、新しい団体の名前を入力してください。")
        low, high = data.get("minimum_age"), data.get("maximum_age")
        if low is not None and high is not None and low > high:
            self.add_error("maximum_age", "対象年齢の上限は下限以上にしてください。")
        return data

    def organization_record(self) -> Organization:
        data = self.cleaned_data
        if data.get("organization"):
            return data["organization"]
        return Organization(
            name=data["organization_name"].strip(),
            kind=data.get("organization_kind") or OrganizationKind.OTHER,
            phone=data.get("organization_phone") or "",
        )

    def location_record(self) -> Location | None:
        data = self.cleaned_data
        if not (data.get("place_name") or data.get("address")):
            return None
        instance: Service = self.instance
        location = instance.location if instance.pk and instance.location else Location()
        location.name = data.get("place_name") or data.get("address") or ""
        location.address = data.get("address") or ""
        location.area = data.get("area")
        location.transportation = data.get("transportation") or ""
        location.accessibility = data.get("accessibility") or ""
        return location


class ScheduleForm(forms.Form):
    days = forms.CharField(label="曜日", max_length=40, required=False, help_text="例：月・水、第2・第4水")
    opens_at = TimeField(label="開始", max_length=10, required=False)
    closes_at = TimeField(label="終了", max_length=10, required=False)
    description = forms.CharField(label="補足", max_length=200, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        text = (data.get("days") or "").strip()
        if not text:
            if data.get("opens_at") or data.get("closes_at"):
                self.add_error("days", "時刻を入れたときは曜日も入力してください。")
            return data
        try:
            data["freq"], data["byday"] = parse_days(text)
        except ValueError as exc:
            self.add_error("days", str(exc))
        opens, closes = data.get("opens_at"), data.get("closes_at")
        if opens and closes and opens >= closes:
            self.add_error("closes_at", "終了時刻は開始時刻より後にしてください。")
        return data

    def record(self) -> Schedule | None:
        data = self.cleaned_data
        if not data.get("byday"):
            return None
        return Schedule(
            freq=data["freq"],
            byday=data["byday"],
            opens_at=data.get("opens_at"),
            closes_at=data.get("closes_at"),
            description=data.get("description") or "",
        )


ScheduleFormSet = forms.formset_factory(ScheduleForm, extra=0, min_num=SCHEDULE_ROWS, max_num=SCHEDULE_ROWS)


def schedule_initial(service: Service | None) -> list[dict[str, Any]]:
    rows = [
        {
            "days": days_text(s.freq, s.byday),
            "opens_at": s.opens_at,
            "closes_at": s.closes_at,
            "description": s.description,
        }
        for s in (service.schedules.all() if service is not None and service.pk else [])
    ]
    # Every schedule is shown, however many an import brought: a row left out would be deleted on save.
    return rows


class SearchForm(forms.Form):
    q = forms.CharField(label="名前で探す", max_length=60, required=False)
    category = forms.ChoiceField(label="種類", choices=[("", "すべて"), *Category.choices], required=False)
    area = forms.ModelChoiceField(
        label="圏域", queryset=Area.objects.none(), required=False, empty_label="すべて"
    )
    weekday = forms.ChoiceField(
        label="曜日",
        choices=[("", "いつでも"), *((c, f"{label}曜") for c, label in WEEKDAY_LABELS.items())],
        required=False,
    )
    at = TimeField(
        label="時刻", max_length=10, required=False, help_text="例：10:00（その時刻に開いているもの）"
    )
    hosts = forms.BooleanField(label="参加支援の受け入れ先になれるものだけ", required=False)
    inactive = forms.BooleanField(label="休止中・終了したものも表示", required=False)

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = Area.objects.filter(municipality=municipality)  # type: ignore[attr-defined]

    def criteria(self) -> Criteria:
        if not self.is_valid():
            return Criteria()
        d = self.cleaned_data
        return Criteria(
            text=d.get("q") or "",
            category=d.get("category") or "",
            area_id=d["area"].pk if d.get("area") else None,
            weekday=d.get("weekday") or "",
            at=d.get("at"),
            hosts_only=bool(d.get("hosts")),
            include_inactive=bool(d.get("inactive")),
        )
