from __future__ import annotations

import datetime as dt
from typing import Any, cast

from django import forms
from django.http import QueryDict
from django.utils import timezone
from django.utils.html import format_html

from kasane.casework.forms.consents import ConsentForm
from kasane.casework.forms.households import MemberForm, PersonForm
from kasane.casework.models import (
    CLOSED_AT_INTAKE,
    CloseReason,
    ConsentVariant,
    Consultation,
    ConsultationNote,
    Person,
    Situation,
    Topic,
)
from kasane.lib.dates import today
from kasane.lib.forms import JapaneseDateField, JapaneseDateTimeField
from kasane.tenancy.models import Municipality


class ConsultationForm(forms.ModelForm):
    topics = forms.MultipleChoiceField(
        label="相談内容",
        choices=Topic.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "相談内容を1つ以上選んでください。"},
    )
    main_topic = forms.ChoiceField(label="最も困っていること（◎）", choices=Topic.choices, required=False)
    situations = forms.MultipleChoiceField(
        label="世帯の状況", choices=Situation.choices, widget=forms.CheckboxSelectMultiple, required=False
    )
    received_at = JapaneseDateTimeField(label="受付日時")

    class Meta:
        model = Consultation
        fields = [
            "received_at",
            "channel",
            "visitor",
            "visitor_relation",
            "visitor_name",
            "visitor_contact",
            "topics",
            "main_topic",
            "topic_other",
            "situations",
            "complaint",
            "wishes",
            "response",
            "response_note",
            "consent_variant",
        ]
        widgets = {
            "channel": forms.RadioSelect,
            "visitor": forms.RadioSelect,
            "response": forms.RadioSelect,
            "consent_variant": forms.RadioSelect,
            "complaint": forms.Textarea(attrs={"rows": 4}),
            "wishes": forms.Textarea(attrs={"rows": 2}),
            "response_note": forms.Textarea(attrs={"rows": 2}),
        }
        error_messages = {"complaint": {"required": "主訴（相談の内容）を入力してください。"}}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound and not self.instance.pk:
            self.initial.setdefault("received_at", timezone.localtime().replace(second=0, microsecond=0))
        cast(forms.ChoiceField, self.fields["main_topic"]).choices = [("", "—"), *Topic.choices]

    def clean_received_at(self) -> Any:
        value = self.cleaned_data["received_at"]
        if value and value > timezone.now() + dt.timedelta(minutes=5):
            raise forms.ValidationError("受付日時が未来になっています。")
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        topics = data.get("topics") or []
        main = data.get("main_topic") or ""
        if main and main not in topics:
            # ◎ implies ○: the most pressing topic is one of the topics.
            data["topics"] = [*topics, main]
        if not main and len(topics) == 1:
            data["main_topic"] = topics[0]
        if Topic.OTHER in (data.get("topics") or []) and not (data.get("topic_other") or "").strip():
            self.add_error("topic_other", "「その他」を選んだときは、内容を入力してください。")
        if data.get("visitor") == "family" and not (data.get("visitor_relation") or "").strip():
            self.add_error("visitor_relation", "家族からの相談のときは、本人との続柄を入力してください。")
        return data

    @property
    def wants_consent(self) -> bool:
        value = (
            self.data.get(self.add_prefix("consent_variant"))
            if self.is_bound
            else self.initial.get("consent_variant")
        )
        return value == ConsentVariant.WITH


class IntakeMemberForm(MemberForm):
    """One household member named at intake (「50代の弟」): who they are to the person, as far as known."""

    class Meta(MemberForm.Meta):
        fields = ["name", "kana", "relationship", "sex", "birth_date", "lives_apart", "apart_note", "notes"]
        widgets = {**MemberForm.Meta.widgets, "notes": forms.TextInput()}
        help_texts = {"notes": "年齢しか分からないときは、ここに書きます（例：50代・無職）。"}
        labels = {"notes": "メモ"}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The model's 続柄 is 本人 until chosen; a row nobody touched must compare equal to what it showed.
        self.initial["relationship"] = ""
        # Each row's controls are named for their row (「世帯員1の氏名」) for screen readers; the eye sees 氏名.
        suffix = (self.prefix or "").rsplit("-", 1)[-1]
        row = int(suffix) + 1 if suffix.isdigit() else 0  # 0: the formset's empty_form template
        for name, bound in self.fields.items():
            if name != "notes":
                bound.help_text = ""  # said once above the rows, not in each
            bound.label = format_html('<span class="visually-hidden">世帯員{}の</span>{}', row, bound.label)


class BaseMemberFormSet(forms.BaseFormSet):
    default_error_messages = {
        **forms.BaseFormSet.default_error_messages,
        "too_many_forms": "相談受付で登録できる世帯員は%(num)d人までです。ほかの方は世帯の画面から追加してください。",
    }


# Three rows on the page; a larger family is added from the household's page.
MemberFormSet = forms.formset_factory(
    IntakeMemberForm, formset=BaseMemberFormSet, extra=3, max_num=3, validate_max=True
)


class IntakeForms:
    """相談受付 is three forms on one page: the consultation, the person when they are not on record yet, and
    the consent when 同意あり is chosen. They are checked together so every error shows at once; the consent
    form is only checked when it is used, so its blanks never block an intake without consent."""

    def __init__(
        self, data: QueryDict | None, files: Any, *, municipality: Municipality, new_person: bool
    ) -> None:
        self.consultation = ConsultationForm(data)
        self.person = PersonForm(data, prefix="p") if new_person else None
        # A new household's other members, when the person names them (a known person's household has its
        # own page for that).
        # A post without the rows (the API, an older page still open) names no members.
        rows = data if data is not None and "m-TOTAL_FORMS" in data else None
        self.members = MemberFormSet(rows, prefix="m") if new_person else None
        self.municipality = municipality
        self.consent = ConsentForm(
            data, files, prefix="c", municipality=municipality, initial={"obtained_on": today()}
        )

    def is_valid(self) -> bool:
        valid = self.consultation.is_valid()
        if self.person is not None:
            valid = self.person.is_valid() and valid
        if self.members is not None and self.members.is_bound:
            valid = self.members.is_valid() and valid
        if self.consultation.wants_consent:
            valid = self.consent.is_valid() and valid
        elif self.consent.is_bound:
            # Unused, it is shown again as typed but unchecked: the blanks nobody had to fill must not turn
            # the page red when it comes back for another reason (the look-alike choice).
            typed = {name: self.consent[name].value() for name in self.consent.fields}
            self.consent = ConsentForm(prefix="c", municipality=self.municipality, initial=typed)
        return valid

    def new_members(self) -> list[Person]:
        """The members typed in the rows that were used, unsaved."""
        if self.members is None or not self.members.is_bound:
            return []
        return [form.save(commit=False) for form in self.members if form.has_changed()]

    @property
    def given_consent(self) -> ConsentForm | None:
        """The consent to record with the consultation, if the person gave one."""
        return self.consent if self.consultation.wants_consent else None

    @property
    def context(self) -> dict[str, Any]:
        """The forms as the page names them, with the choices it lays out as its own checkbox grids."""
        return {
            "form": self.consultation,
            "person_form": self.person,
            "member_forms": self.members,
            "consent_form": self.consent,
            "topics": Topic.choices,
            "situations": Situation.choices,
        }


class ConsultationNoteForm(forms.ModelForm):
    """One 経過, written as fast as a case's 支援経過: date (和暦 or 西暦), minutes, kind, text."""

    on = JapaneseDateField(label="日付", allow_future=False)

    class Meta:
        model = ConsultationNote
        fields = ["kind", "on", "minutes", "text"]
        widgets = {"kind": forms.RadioSelect, "text": forms.Textarea(attrs={"rows": 3})}
        error_messages = {"text": {"required": "内容を入力してください。"}}


class CloseForm(forms.Form):
    on = JapaneseDateField(label="終了日", allow_future=False)
    reason = forms.ChoiceField(
        label="終了の理由",
        choices=[("", "選んでください")]
        + [c for c in CloseReason.choices if c[0] not in CLOSED_AT_INTAKE.values()],
        error_messages={"required": "終了の理由を選んでください。"},
    )
    note = forms.CharField(
        label="メモ", required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=1000
    )


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label="再開の理由",
        max_length=200,
        error_messages={"required": "再開の理由を入力してください。"},
        help_text="例：本人から再び電話があった、家族から状況の変化を聞いた",
    )
