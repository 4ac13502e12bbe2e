from __future__ import annotations

from typing import Any, cast

from django import forms
from django.db.models import QuerySet

from kasane.accounts.models import User
from kasane.dispatch.forms import ThemeField
from kasane.dispatch.models import Expert, Practice
from kasane.readiness.themes import POPULATION_BANDS, Theme
from kasane.tenancy.models import Municipality

BAND_CHOICES = [(str(i), label) for i, (_upper, label) in enumerate(POPULATION_BANDS)]


class ExpertForm(forms.ModelForm):
    themes = ThemeField(label="得意なテーマ")
    population_bands = forms.TypedMultipleChoiceField(
        label="支援経験のある人口規模",
        choices=BAND_CHOICES,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Expert
        fields = [
            "name",
            "name_kana",
            "affiliation",
            "title",
            "themes",
            "population_bands",
            "bio",
            "contact",
            "user",
            "is_active",
        ]
        widgets = {"bio": forms.Textarea(attrs={"rows": 4}), "contact": forms.Textarea(attrs={"rows": 2})}
        error_messages = {
            "name": {"required": "氏名を入力してください。"},
            "affiliation": {"required": "所属を入力してください。"},
        }

    def __init__(self, *args: Any, accounts: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelChoiceField, self.fields["user"])
        field.queryset = accounts
        field.label_from_instance = lambda u: f"{u.full_name}（{u.username}）"  # type: ignore[method-assign,assignment]
        field.empty_label = "結び付けない"
        if self.instance.pk:
            self.initial["population_bands"] = [str(b) for b in self.instance.population_bands]


class PracticeForm(forms.ModelForm):
    themes = ThemeField(
        label="テーマ", required=True, error_messages={"required": "テーマを1つ以上選んでください。"}
    )
    year = forms.IntegerField(
        label="年度（西暦）",
        required=False,
        min_value=2000,
        max_value=2100,
        help_text="取り組みを始めた年度（例：2021）",
    )

    class Meta:
        model = Practice
        fields = [
            "title",
            "municipality_name",
            "prefecture_name",
            "municipality",
            "population",
            "themes",
            "summary",
            "activities",
            "results",
            "source",
            "year",
        ]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 3}),
            "activities": forms.Textarea(attrs={"rows": 5}),
            "results": forms.Textarea(attrs={"rows": 3}),
            "source": forms.Textarea(attrs={"rows": 2}),
        }
        error_messages = {
            "title": {"required": "事例名を入力してください。"},
            "municipality_name": {"required": "市町村名を入力してください。"},
            "prefecture_name": {"required": "都道府県名を入力してください。"},
            "summary": {"required": "概要を入力してください。"},
        }

    def __init__(self, *args: Any, municipalities: QuerySet[Municipality], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelChoiceField, self.fields["municipality"])
        field.queryset = municipalities
        field.empty_label = "県外、または選ばない"

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        municipality = data.get("municipality")
        if (
            municipality is not None
            and data.get("municipality_name")
            and municipality.name != data["municipality_name"]
        ):
            self.add_error("municipality", "選んだ市町村と市町村名が一致しません。")
        return data


class LibraryFilter(forms.Form):
    q = forms.CharField(label="ことばで探す", required=False, max_length=100)
    theme = forms.ChoiceField(label="テーマ", required=False, choices=[("", "すべて"), *Theme.choices])
    band = forms.ChoiceField(label="人口規模", required=False, choices=[("", "すべて"), *BAND_CHOICES])


class HubForm(forms.Form):
    municipality = forms.ModelChoiceField(
        label="相談元の市町村", queryset=Municipality.objects.none(), required=False
    )
    themes = ThemeField(label="必要としていること")
    q = forms.CharField(
        label="ことばで補う",
        required=False,
        max_length=200,
        help_text="例：中間的就労、居場所、庁内の勉強会",
    )
    population = forms.IntegerField(
        label="人口（市町村を選ばないとき）", required=False, min_value=1, max_value=10_000_000
    )

    def __init__(self, *args: Any, municipalities: QuerySet[Municipality], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelChoiceField, self.fields["municipality"])
        field.queryset = municipalities
        field.empty_label = "選ばない（テーマと人口だけで探す）"
