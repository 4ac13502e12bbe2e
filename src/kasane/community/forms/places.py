"""The places' forms: keeping an activity of the register as a place of 地域づくり, a day's attendance, and the
list's filters."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Case, Q, QuerySet, Value, When

from kasane.community.models import (
    AGE_BANDS,
    ATTENDEE_CATEGORIES,
    PLACE_CATEGORIES,
    Audience,
    Gathering,
    Generation,
    Place,
)
from kasane.community.services.places import gathering_problems
from kasane.lib.forms import JapaneseDateField
from kasane.resources.models import Category, Funding, Service, Status
from kasane.tenancy.models import Area, Municipality

COUNT_LABELS = dict((*AGE_BANDS, *ATTENDEE_CATEGORIES, ("helpers", "運営スタッフ・ボランティア")))
COUNT_FIELDS = tuple(COUNT_LABELS)
MAX_COUNT = 9999


def candidate_services(municipality: Municipality) -> QuerySet[Service]:
    """The municipality's activities in progress that are not yet places, the register's places to belong
    (居場所, サロン, 通いの場 …) first."""
    is_place = Q()
    for code in PLACE_CATEGORIES:
        is_place |= Q(category_codes__contains=f" {code} ")
    return (
        Service.objects.filter(municipality=municipality, status=Status.ACTIVE, place__isnull=True)
        .select_related("organization")
        .annotate(kind_order=Case(When(is_place, then=Value(0)), default=Value(1)))
        .order_by("kind_order", "name_kana", "name", "pk")
    )


class PlaceForm(forms.ModelForm):
    service = forms.TypedChoiceField(
        label="社会資源",
        coerce=int,
        help_text="社会資源に登録されている実施中の活動から選びます。ない場合は先に社会資源に登録してください。",
        error_messages={
            "required": "居場所として登録する社会資源を選んでください。",
            "invalid_choice": "選んだ社会資源は登録できません（実施中でないか、すでに登録されています）。",
        },
    )
    generations = forms.MultipleChoiceField(
        label="対象の世代",
        choices=Generation.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text="2つ以上選ぶと「多世代」の居場所として数えます。",
        error_messages={"required": "対象の世代を1つ以上選んでください。"},
    )
    audiences = forms.MultipleChoiceField(
        label="対象の方",
        choices=Audience.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text="「どなたでも」か2つ以上を選ぶと「分野を越えて」の居場所として数えます。",
        error_messages={"required": "対象の方を1つ以上選んでください。"},
    )
    started_on = JapaneseDateField(label="活動開始日", required=False)

    class Meta:
        model = Place
        fields = ["generations", "audiences", "started_on", "on_map", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["service"]
            return
        self.services = {s.pk: s for s in candidate_services(municipality)}
        places = [(s.pk, _service_label(s)) for s in self.services.values() if s.kind_order == 0]  # type: ignore[attr-defined]
        others = [(s.pk, _service_label(s)) for s in self.services.values() if s.kind_order != 0]  # type: ignore[attr-defined]
        choices: list[Any] = [("", "選んでください")]
        if places:
            choices.append(("居場所・サロン・通いの場など", places))
        if others:
            choices.append(("その他の社会資源", others))
        self.fields["service"].choices = choices  # type: ignore[attr-defined]

    def chosen_service(self) -> Service:
        return self.services[self.cleaned_data["service"]]


def _service_label(service: Service) -> str:
    return f"{service.name}（{service.organization.name}）"


def _count_field(label: str) -> forms.IntegerField:
    field = forms.IntegerField(
        label=label,
        min_value=0,
        max_value=MAX_COUNT,
        required=False,
        initial=0,
        error_messages={
            "invalid": "人数は数字で入力してください。",
            "min_value": "人数は0以上で入力してください。",
            "max_value": f"人数は{MAX_COUNT}人までです。",
        },
    )
    field.widget.attrs.update({"inputmode": "numeric", "class": "input--count"})
    return field


class GatheringForm(forms.ModelForm):
    held_on = JapaneseDateField(label="開催日")

    class Meta:
        model = Gathering
        fields = ["held_on", *COUNT_FIELDS, "note"]

    def __init__(self, *args: Any, place: Place, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.place = place
        self.instance.place = place
        self.duplicate: Gathering | None = None
        for name in COUNT_FIELDS:
            self.fields[name] = _count_field(COUNT_LABELS[name])
        self.fields[
            "note"
        ].help_text = (
            "内容や様子。参加者が0人の日（中止・休みなど）は、その理由を書きます。個人の名前は書きません。"
        )

    @property
    def age_fields(self) -> list[forms.BoundField]:
        return [self[field] for field, _ in AGE_BANDS]

    @property
    def category_fields(self) -> list[forms.BoundField]:
        return [self[field] for field, _ in ATTENDEE_CATEGORIES]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name in COUNT_FIELDS:
            if data.get(name) is None and name not in self.errors:
                data[name] = 0  # a box left empty is nobody
        values: dict[str, Any] = {name: data.get(name) or 0 for name in COUNT_FIELDS}
        values.update(held_on=data.get("held_on"), note=data.get("note") or "")
        candidate = Gathering(pk=self.instance.pk, place=self.place, **values)
        for problem in gathering_problems(self.place, candidate):
            if problem.field not in self.errors:
                self.add_error(problem.field, problem.message)
            self.duplicate = problem.duplicate or self.duplicate
        # The categories are checked against the attendance the record will hold.
        self.instance.attendance = sum(data.get(field) or 0 for field, _ in AGE_BANDS)
        return data


class PlaceFilterForm(forms.Form):
    area = forms.ModelChoiceField(
        label="圏域", queryset=Area.objects.none(), required=False, empty_label="すべて"
    )
    category = forms.ChoiceField(label="種類", required=False)
    funding = forms.ChoiceField(label="財源", choices=[("", "すべて"), *Funding.choices], required=False)
    mixed = forms.BooleanField(label="多世代の居場所だけ", required=False)

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = Area.objects.filter(municipality=municipality)  # type: ignore[attr-defined]
        first = [(c, Category(c).label) for c in PLACE_CATEGORIES]
        rest = [(c, label) for c, label in Category.choices if c not in PLACE_CATEGORIES]
        self.fields["category"].choices = [("", "すべて"), *first, *rest]  # type: ignore[attr-defined]

    def criteria(self) -> dict[str, Any] | None:
        """The filters chosen, or None while one cannot be read (the form says which)."""
        if not self.is_bound:
            return {}
        if not self.is_valid():
            return None
        return {k: v for k, v in self.cleaned_data.items() if v}
