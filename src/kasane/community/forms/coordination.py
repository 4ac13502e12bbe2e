"""The coordination log's forms: one contact, and the list's filters."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.db.models import QuerySet

from kasane.community.models import Connection, Coordination, CoordinationOutcome
from kasane.community.services.coordination import NEXT_BEFORE
from kasane.lib.dates import fiscal_year, fiscal_year_label, today
from kasane.lib.forms import JapaneseDateField
from kasane.resources.models import Service
from kasane.resources.queries import services_in
from kasane.tenancy.models import Area, Municipality

NO_PERSONAL = "個人の相談内容や困りごとは書かないでください（ケースの記録は相談・ケースに）。"


class ServiceChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


class CoordinationForm(forms.ModelForm):
    contacted_on = JapaneseDateField(
        label="日付", allow_future=False, help_text="和暦でも入力できます（例：R8.6.10）"
    )
    next_on = JapaneseDateField(
        label="次の予定日", required=False, help_text="和暦でも入力できます（例：R8.6.10）"
    )
    service = ServiceChoiceField(
        label="関係する社会資源",
        queryset=Service.objects.none(),
        required=False,
        empty_label="（なし）",
        help_text="社会資源の一覧に載っている活動とつないだときに選びます。",
    )

    class Meta:
        model = Coordination
        fields = [
            "contacted_on",
            "method",
            "counterpart_kind",
            "counterpart",
            "area",
            "connection",
            "connected_from",
            "connected_to",
            "service",
            "outcome",
            "summary",
            "next_on",
        ]
        widgets = {"summary": forms.Textarea(attrs={"rows": 4}), "outcome": forms.RadioSelect}
        help_texts = {"summary": NO_PERSONAL}
        error_messages = {
            "counterpart_kind": {"required": "相手の種類を選んでください。"},
            "counterpart": {"required": "相手（団体名や役職）を入力してください。"},
            "connection": {"required": "つないだものの種類を選んでください。"},
            "connected_from": {"required": "何をつないだかを入力してください。"},
            "connected_to": {"required": "何につないだかを入力してください。"},
        }

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        if not kwargs.get("instance") or kwargs["instance"].pk is None:
            kwargs.setdefault("initial", {}).setdefault("contacted_on", today())
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = Area.objects.filter(municipality=municipality)  # type: ignore[attr-defined]
        self.fields["area"].empty_label = "（市全域・未設定）"  # type: ignore[attr-defined]
        self.fields["service"].queryset = services_in(municipality).order_by("name_kana", "name")  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        contacted, following = cleaned.get("contacted_on"), cleaned.get("next_on")
        if contacted and following and following < contacted:
            self.add_error("next_on", NEXT_BEFORE)
        return cleaned


def _choices(blank: str, choices: Any) -> list[tuple[str, str]]:
    return [("", blank), *choices]


class CoordinationFilter(forms.Form):
    """年度 (this one unless chosen), 圏域, outcome and connection. Unreadable values fall back to 'all'."""

    year = forms.TypedChoiceField(label="年度", coerce=int, required=False)
    area = forms.ModelChoiceField(
        label="圏域", queryset=Area.objects.none(), required=False, empty_label="すべて"
    )
    outcome = forms.ChoiceField(
        label="結果", required=False, choices=_choices("すべて", CoordinationOutcome.choices)
    )
    connection = forms.ChoiceField(
        label="つないだもの", required=False, choices=_choices("すべて", Connection.choices)
    )

    def __init__(self, data: Any, *, municipality: Municipality, years: list[int]) -> None:
        super().__init__(data or None)
        self.fields["year"].choices = [(y, fiscal_year_label(y)) for y in years]  # type: ignore[attr-defined]
        self.fields["area"].queryset = Area.objects.filter(municipality=municipality)  # type: ignore[attr-defined]

    def value(self, name: str) -> Any:
        return self.cleaned_data.get(name) if self.is_bound and self.is_valid() else None

    def year_or(self, on: dt.date) -> int:
        return self.value("year") or fiscal_year(on)

    def in_area(self, records: QuerySet[Coordination]) -> QuerySet[Coordination]:
        """The records of the chosen 圏域 (the counts on top are of these)."""
        area = self.value("area")
        return records.filter(area=area) if area else records

    def narrow(self, records: QuerySet[Coordination]) -> QuerySet[Coordination]:
        """The records of the chosen outcome and connection (the table lists these)."""
        if outcome := self.value("outcome"):
            records = records.filter(outcome=outcome)
        if connection := self.value("connection"):
            records = records.filter(connection=connection)
        return records
