from __future__ import annotations

import re
from typing import Any, cast

from django import forms

from kasane.agencies.models import Agency, AgencyKind, OperationForm, SupportField, Topic
from kasane.tenancy.models import Area, Municipality

_PHONE = re.compile(r"^[0-9０-９\-－ー() （）]{10,16}$")
_POSTAL = re.compile(r"^\d{3}-?\d{4}$")


class AgencyForm(forms.ModelForm):
    support_fields = forms.ModelMultipleChoiceField(
        label="分野",
        queryset=SupportField.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "分野を1つ以上選んでください。"},
    )
    primary_topics = forms.ModelMultipleChoiceField(
        label="主に対応する相談",
        queryset=Topic.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="相談先ナビで優先して案内されます。",
    )
    other_topics = forms.ModelMultipleChoiceField(
        label="対応できる相談",
        queryset=Topic.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Agency
        fields = [
            "name",
            "name_kana",
            "kind",
            "support_fields",
            "operation_form",
            "contractor",
            "department",
            "area",
            "postal_code",
            "address",
            "phone",
            "fax",
            "email",
            "hours",
            "contact_person",
            "handles_text",
            "referral_howto",
            "runs_collaboration",
            "is_listed",
        ]
        widgets = {
            "handles_text": forms.Textarea(attrs={"rows": 5}),
            "referral_howto": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "handles_text": "他機関の職員向けに、どんな相談を受けられるかを具体的に書いてください。",
            "phone": "例：0197-00-0000",
        }

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.municipality = municipality
        area = cast(forms.ModelChoiceField, self.fields["area"])
        area.queryset = Area.objects.filter(municipality=municipality)
        area.empty_label = "市内全域"
        kind = cast(forms.ChoiceField, self.fields["kind"])
        # Prefectural divisions are not the municipality's to register.
        kind.choices = [c for c in AgencyKind.choices if c[0] != AgencyKind.PREFECTURE]
        if self.instance.pk:
            links = list(self.instance.agency_topics.all())
            self.initial["primary_topics"] = [link.topic_id for link in links if link.level == 1]
            self.initial["other_topics"] = [link.topic_id for link in links if link.level == 2]

    def clean_name(self) -> str:
        name: str = self.cleaned_data["name"].strip()
        clash = Agency.objects.filter(municipality=self.municipality, name=name).exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError("同じ名前の機関がすでに登録されています。")
        return name

    def clean_phone(self) -> str:
        return self._clean_phone("phone")

    def clean_fax(self) -> str:
        return self._clean_phone("fax")

    def _clean_phone(self, name: str) -> str:
        value: str = self.cleaned_data.get(name, "").strip()
        if value and not _PHONE.match(value):
            raise forms.ValidationError(
                "電話番号は市外局番から、数字とハイフンで入力してください（例：0197-00-0000）。"
            )
        return value

    def clean_postal_code(self) -> str:
        value: str = self.cleaned_data.get("postal_code", "").strip()
        if value and not _POSTAL.match(value):
            raise forms.ValidationError("郵便番号は7桁の数字で入力してください（例：024-0000）。")
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("operation_form") == OperationForm.CONTRACTED and not data.get("contractor"):
            self.add_error("contractor", "委託の場合は、受託している法人名を入力してください。")
        both = set(data.get("primary_topics") or []) & set(data.get("other_topics") or [])
        if both:
            names = "、".join(t.name for t in both)
            self.add_error(
                "other_topics",
                f"「{names}」は「主に対応する相談」と重複しています。どちらか一方にしてください。",
            )
        return data
