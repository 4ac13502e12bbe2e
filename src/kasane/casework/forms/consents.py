from __future__ import annotations

from typing import Any, cast

from django import forms

from kasane.agencies.models import Agency
from kasane.casework.models import Consent
from kasane.lib.forms import JapaneseDateField
from kasane.tenancy.models import Municipality

MAX_DOCUMENT_BYTES = 10 * 1024 * 1024
DOCUMENT_TYPES = {".pdf": b"%PDF", ".png": b"\x89PNG", ".jpg": b"\xff\xd8", ".jpeg": b"\xff\xd8"}


class ConsentForm(forms.ModelForm):
    obtained_on = JapaneseDateField(label="同意日", allow_future=False)

    class Meta:
        model = Consent
        fields = [
            "covers_collaboration",
            "covers_meeting",
            "shared_agencies",
            "purpose",
            "obtained_on",
            "method",
            "document",
            "notes",
        ]
        widgets = {
            "shared_agencies": forms.CheckboxSelectMultiple,
            "method": forms.RadioSelect,
            "notes": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {
            "shared_agencies": "本人が情報の共有に同意した機関を選んでください。",
            "document": "署名済みの同意書をスキャンしたもの（PDF・PNG・JPEG、10MBまで）。",
        }

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        agencies = cast(forms.ModelMultipleChoiceField, self.fields["shared_agencies"])
        agencies.queryset = Agency.objects.in_municipality(municipality).filter(is_active=True)
        self.fields["method"].initial = "written"

    def clean_document(self) -> Any:
        document = self.cleaned_data.get("document")
        if not document or not hasattr(document, "read"):
            return document
        if document.size > MAX_DOCUMENT_BYTES:
            raise forms.ValidationError("ファイルが大きすぎます。10MB以下にしてください。")
        name = document.name.lower()
        suffix = name[name.rfind(".") :] if "." in name else ""
        magic = DOCUMENT_TYPES.get(suffix)
        head = document.read(8)
        document.seek(0)
        if magic is None or not head.startswith(magic):
            raise forms.ValidationError("PDF・PNG・JPEG のファイルを選んでください。")
        return document

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not (
            data.get("covers_collaboration") or data.get("covers_meeting") or data.get("shared_agencies")
        ):
            raise forms.ValidationError(
                "同意の範囲を1つ以上選んでください（多機関協働の利用申込み、重層的支援会議での検討、情報を共有する機関）。"
            )
        return data


class WithdrawForm(forms.Form):
    withdrawn_on = JapaneseDateField(label="撤回日", allow_future=False)
    withdrawal_note = forms.CharField(
        label="撤回の経緯", widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )

    def __init__(self, *args: Any, consent: Consent | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.consent = consent

    def clean_withdrawn_on(self) -> Any:
        day = self.cleaned_data["withdrawn_on"]
        if self.consent is not None and day < self.consent.obtained_on:
            raise forms.ValidationError("撤回日は同意日より後の日付を入力してください。")
        return day
