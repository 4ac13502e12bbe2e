from __future__ import annotations

from typing import Any

from django import forms

from kasane.casework.queries.search import PersonQuery
from kasane.governance.models import DisclosureRequest, RetentionPolicy
from kasane.lib.dates import DateSpan
from kasane.lib.forms import JapaneseDateField
from kasane.tenancy.models import Municipality


class DisclosureRequestForm(forms.ModelForm):
    received_on = JapaneseDateField(
        label="受付日", allow_future=False, help_text="和暦でも入力できます（例：R8.11.20）"
    )

    class Meta:
        model = DisclosureRequest
        fields = ["received_on", "number", "requester_name", "requester_relation", "notes"]
        widgets = {
            "notes": forms.Textarea(attrs={"rows": 2}),
            "number": forms.TextInput(attrs={"autocomplete": "off"}),
            "requester_name": forms.TextInput(attrs={"autocomplete": "off"}),
        }
        help_texts = {
            "number": "開示請求書の受付番号（例：R8-012）。受け付けたあと、本人の検索と閲覧はこの番号で監査ログに記録されます。",
            "requester_name": "請求書に記載された氏名。代理人の場合は代理人の氏名。",
            "notes": "本人確認の方法、代理権の確認書類など。",
        }
        error_messages = {
            "number": {"required": "受付番号を入力してください。"},
            "requester_name": {"required": "請求者の氏名を入力してください。"},
        }

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.municipality = municipality

    def clean_number(self) -> str:
        number: str = self.cleaned_data["number"].strip()
        if not number:
            raise forms.ValidationError("受付番号を入力してください。")
        if DisclosureRequest.objects.filter(municipality=self.municipality, number=number).exists():
            raise forms.ValidationError("この受付番号はすでに登録されています。番号を確認してください。")
        return number

    def clean_requester_name(self) -> str:
        name: str = self.cleaned_data["requester_name"].strip()
        if not name:
            raise forms.ValidationError("請求者の氏名を入力してください。")
        return name


class PersonFindForm(forms.Form):
    """The person a registered request is about: searched by name and birth date across the municipality."""

    name = forms.CharField(label="本人の氏名・ふりがな", required=False, max_length=60)
    birth_date = JapaneseDateField(label="本人の生年月日", required=False, allow_future=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not (data.get("name") or "").strip() and not data.get("birth_date") and not self.errors:
            raise forms.ValidationError("本人の氏名か生年月日を入力してください。")
        return data

    def query(self) -> PersonQuery:
        """The search as the finder takes it (a 開示請求 names the exact birth date); once the form is valid."""
        born = self.cleaned_data["birth_date"]
        return PersonQuery(name=self.cleaned_data["name"], born=DateSpan.on(born) if born else None)


class RetentionPolicyForm(forms.ModelForm):
    class Meta:
        model = RetentionPolicy
        fields = ["years"]
        error_messages = {
            "years": {
                "required": "保存期間を入力してください。",
                "invalid": "保存期間は年数（数字）で入力してください。",
                "min_value": "保存期間は1年以上にしてください。",
                "max_value": "保存期間は30年以下にしてください。",
            }
        }
