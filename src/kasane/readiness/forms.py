from __future__ import annotations

from typing import Any

from django import forms

from kasane.lib.forms import JapaneseDateField
from kasane.readiness import support_settings
from kasane.readiness.importer import parse_year
from kasane.readiness.models import Block, MunicipalityProfile, ReadinessRating, Region
from kasane.readiness.rating_services import rated_on_problem
from kasane.readiness.themes import Foundation, Function, ProgrammeStatus, ReadinessItem, Stage, Tool


class ProfileForm(forms.ModelForm):
    population = forms.IntegerField(label="人口", required=False, min_value=0)
    status_year = forms.CharField(
        label="実施（予定）年度",
        required=False,
        help_text="実施中・移行準備事業は開始年度、実施予定は予定年度。令和3年度、R3、2021 のどれでも入力できます。",
    )

    class Meta:
        model = MunicipalityProfile
        fields = ["block", "region", "name_kana", "area_km2", "figures_source", "status", "status_year"]

    def __init__(self, *args: Any, prefecture: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["block"].queryset = Block.objects.filter(prefecture=prefecture)  # type: ignore[attr-defined]
        # The prefecture's own list of regions (振興局 and the like), kept on the regions page.
        word = support_settings.of(prefecture).region_label
        region = self.fields["region"]
        region.queryset = Region.objects.filter(prefecture=prefecture)  # type: ignore[attr-defined]
        region.label = word
        region.help_text = f"一覧にない{word}は「{word}の一覧」で追加します。"

    def clean_status_year(self) -> int | None:
        text = (self.cleaned_data.get("status_year") or "").strip()
        if not text:
            return None
        try:
            year = parse_year(text)
        except ValueError:
            raise forms.ValidationError(
                f"年度「{text}」を読み取れません（例：令和3年度、R3、2021）。"
            ) from None
        if not 2015 <= year <= 2050:
            raise forms.ValidationError("2015年度から2050年度までの年度を入力してください。")
        return year

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        # The old 振興局 text follows the region chosen, so whatever still reads it says the same.
        region = data.get("region")
        self.instance.bureau = region.name if region is not None else ""
        if (
            data.get("status") == ProgrammeStatus.PLANNED
            and not data.get("status_year")
            and "status_year" not in self.errors
        ):
            self.add_error("status_year", "実施予定の場合は予定年度を入力してください。")
        return data


class RatingForm(forms.Form):
    item = forms.ChoiceField(label="項目", choices=ReadinessItem.choices)
    stage = forms.TypedChoiceField(label="段階", choices=Stage.choices, coerce=int)
    evidence = forms.CharField(
        label="根拠",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="そう判断した具体的な事実を書きます（例：庁内勉強会を10月に開催、関係課8課が参加）。",
        error_messages={"required": "根拠を入力してください。"},
    )
    tools_used = forms.MultipleChoiceField(
        label="活用した取り組み", choices=Tool.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    rated_on = JapaneseDateField(label="評価日", allow_future=False)

    def __init__(self, *args: Any, municipality: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.municipality = municipality

    def clean(self) -> dict[str, Any]:
        # The rule of the five-item form too (rating_services.rated_on_problem): not in the future, not
        # before the item's previous rating, not in a 年度 already over.
        data = super().clean() or {}
        rated_on, item = data.get("rated_on"), data.get("item")
        if rated_on is not None and item and self.municipality is not None:
            previous = (
                ReadinessRating.objects.filter(municipality=self.municipality, item=item)
                .order_by("-rated_on", "-pk")
                .first()
            )
            if problem := rated_on_problem(rated_on, previous):
                self.add_error("rated_on", problem)
        return data


class SheetForm(forms.Form):
    """The whole 自治体アセスメントシート on one page, in 図表 3-9's order."""

    made_by_units = forms.CharField(
        label="作成に携わった課及び機関",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="1行に1つ。1人ではなく、複数の課・機関で作ることをおすすめします。",
    )
    population = forms.IntegerField(label="人口", required=False, min_value=0)
    area_count = forms.IntegerField(label="圏域数", required=False, min_value=0, max_value=999)
    organisation = forms.CharField(label="庁内組織", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    lead_division = forms.CharField(
        label="地域共生社会に資する取り組みを担う担当課", required=False, max_length=100
    )
    agencies = forms.CharField(
        label="相談支援機関と委託先",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="1行に1機関。「機関名／委託先」の形で書きます。",
    )
    shared_with_peers = forms.BooleanField(
        label="他の市町村にも公開する",
        required=False,
        help_text="公開すると、同じ都道府県内の市町村の担当者もこのシートを閲覧できます（個人情報は書かないでください）。",
    )
    lock_version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for function in Function:
            for part, label in (("current", "現状"), ("issues", "課題")):
                self.fields[f"fn_{function.value}_{part}"] = forms.CharField(
                    label=f"{function.label}：{label}",
                    required=False,
                    widget=forms.Textarea(attrs={"rows": 3}),
                )
        for foundation in Foundation:
            for part, label in (
                ("current", "現状（実施している取り組み）"),
                ("strengths", "強み"),
                ("issues", "課題"),
            ):
                self.fields[f"fd_{foundation.value}_{part}"] = forms.CharField(
                    label=f"{foundation.label}：{label}",
                    required=False,
                    widget=forms.Textarea(attrs={"rows": 3}),
                )

    def function_rows(self) -> list[tuple[str, Any, Any]]:
        return [(f.label, self[f"fn_{f.value}_current"], self[f"fn_{f.value}_issues"]) for f in Function]

    def foundation_rows(self) -> list[tuple[str, Any, Any, Any]]:
        return [
            (
                f.label,
                self[f"fd_{f.value}_current"],
                self[f"fd_{f.value}_strengths"],
                self[f"fd_{f.value}_issues"],
            )
            for f in Foundation
        ]

    def basics(self) -> dict[str, Any]:
        keys = ["made_by_units", "population", "area_count", "organisation", "lead_division", "agencies"]
        data = {key: self.cleaned_data[key] for key in keys}
        data["shared_with_peers"] = bool(self.cleaned_data["shared_with_peers"])
        for key in ("made_by_units", "organisation", "lead_division", "agencies"):
            data[key] = data[key] or ""
        return data

    def functions(self) -> dict[str, tuple[str, str]]:
        return {
            f.value: (self.cleaned_data[f"fn_{f.value}_current"], self.cleaned_data[f"fn_{f.value}_issues"])
            for f in Function
        }

    def foundations(self) -> dict[str, tuple[str, str, str]]:
        return {
            f.value: (
                self.cleaned_data[f"fd_{f.value}_current"],
                self.cleaned_data[f"fd_{f.value}_strengths"],
                self.cleaned_data[f"fd_{f.value}_issues"],
            )
            for f in Foundation
        }


class NewSheetForm(forms.Form):
    made_on = JapaneseDateField(label="作成日")
