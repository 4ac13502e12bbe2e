from __future__ import annotations

from typing import Any, cast

from django import forms

from kasane.agencies.models import Agency
from kasane.casework.models import Consent, Person, Referral, ReferralBasis, SharedField
from kasane.casework.visibility import Viewer
from kasane.lib.dates import today, wareki
from kasane.lib.forms import JapaneseDateField

DEFAULT_SHARED = [SharedField.NAME, SharedField.BIRTH_DATE, SharedField.PHONE, SharedField.COMPLAINT]


def _consent_label(consent: Consent) -> str:
    return f"{wareki(consent.obtained_on)} {consent.get_method_display()}：" + "・".join(
        consent.scope_labels()
    )


class ReferralForm(forms.ModelForm):
    shared_fields = forms.MultipleChoiceField(
        label="共有する項目",
        choices=SharedField.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text="つなぎ先に必要な項目だけを選んでください。選ばなかった項目は共有されません。",
    )
    reply_by = JapaneseDateField(label="回答希望日", required=False, help_text="例：R8.12.1、2026-12-01")

    class Meta:
        model = Referral
        fields = [
            "to_agency",
            "shared_fields",
            "shared_note",
            "basis",
            "consent",
            "basis_note",
            "message",
            "reply_by",
        ]
        widgets = {
            "basis": forms.RadioSelect,
            "message": forms.Textarea(attrs={"rows": 4}),
            "shared_note": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {"consent": "根拠とする同意"}
        error_messages = {
            "to_agency": {"required": "つなぎ先を選んでください。"},
            "message": {"required": "依頼内容を入力してください。"},
        }

    def __init__(self, *args: Any, viewer: Viewer, person: Person, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.viewer = viewer
        self.person = person
        to_agency = cast(forms.ModelChoiceField, self.fields["to_agency"])
        to_agency.queryset = (
            Agency.objects.in_municipality(viewer.municipality)
            .filter(is_active=True)
            .exclude(pk__in=viewer.agency_ids)
        )
        consent = cast(forms.ModelChoiceField, self.fields["consent"])
        consent.queryset = Consent.objects.active().filter(person=person, owner_agency__in=viewer.agency_ids)
        consent.empty_label = "（同意以外の根拠）"
        consent.label_from_instance = _consent_label  # type: ignore[method-assign,assignment]
        if not self.is_bound:
            self.initial.setdefault("shared_fields", list(DEFAULT_SHARED))
            self.initial.setdefault("basis", ReferralBasis.CONSENT)
            usable = list(consent.queryset)
            if "consent" not in self.initial and len(usable) == 1:
                self.initial["consent"] = usable[0].pk

    def clean_reply_by(self) -> Any:
        value = self.cleaned_data.get("reply_by")
        if value and value < today():
            raise forms.ValidationError("回答希望日が過去の日付です。")
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        basis = data.get("basis")
        consent: Consent | None = data.get("consent")
        to_agency: Agency | None = data.get("to_agency")
        if basis == ReferralBasis.CONSENT:
            if consent is None:
                self.add_error(
                    "consent",
                    "本人同意を根拠にするときは、同意を選んでください。同意が未記録なら先に記録してください。",
                )
            elif to_agency is not None:
                names_it = consent.shared_agencies.filter(pk=to_agency.pk).exists()
                if not names_it and not (to_agency.runs_collaboration and consent.covers_collaboration):
                    self.add_error("consent", "選んだ同意には、このつなぎ先との情報共有が含まれていません。")
        elif basis:
            data["consent"] = None
            if not (data.get("basis_note") or "").strip():
                self.add_error(
                    "basis_note", "同意以外の根拠でつなぐときは、根拠（法令名や理由）を入力してください。"
                )
        if SharedField.NAME not in (data.get("shared_fields") or []):
            self.add_error("shared_fields", "つなぎ先が本人を特定できるよう、氏名は必ず共有してください。")
        return data


def resend_initial(declined: Referral) -> dict[str, object]:
    """A declined referral sent again elsewhere starts from what was shared and asked the first time."""
    return {
        "shared_fields": declined.shared_fields,
        "shared_note": declined.shared_note,
        "basis": declined.basis,
        "consent": declined.consent_id,
        "basis_note": declined.basis_note,
        "message": declined.message,
    }


class ReasonForm(forms.Form):
    note = forms.CharField(
        label="理由",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": "理由を入力してください。"},
    )


class NoteForm(forms.Form):
    note = forms.CharField(
        label="メモ", widget=forms.Textarea(attrs={"rows": 2}), max_length=2000, required=False
    )
