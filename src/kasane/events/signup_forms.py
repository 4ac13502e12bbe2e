"""The public sign-up form (for applicants without an account) and the sign-up panel's settings (for staff)."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Any

from django import forms

from kasane.events.models import Event, ParticipantCategory
from kasane.events.signup import Applicant
from kasane.lib.dates import wareki
from kasane.lib.forms import JapaneseDateField
from kasane.tenancy.models import Municipality, Prefecture

OTHER = "other"
KANA = re.compile(r"^[\u3041-\u309f\u30a0-\u30ff\s]+$")


def _required(label: str) -> dict[str, str]:
    return {"required": f"{label}を入力してください。"}


class PublicSignupForm(forms.Form):
    name = forms.CharField(label="氏名", max_length=60, error_messages=_required("氏名"))
    name_kana = forms.CharField(
        label="ふりがな", max_length=60, error_messages=_required("ふりがな"), help_text="例：やまだ はなこ"
    )
    municipality = forms.ChoiceField(
        label="市町村",
        help_text="お勤め先の市町村を選びます。振興局・道庁などの方は「その他」を選んでください。",
        error_messages={"required": "市町村を選んでください。"},
    )
    organisation = forms.CharField(
        label="所属",
        max_length=120,
        error_messages=_required("所属"),
        help_text="例：○○町 保健福祉課、○○町社会福祉協議会",
    )
    category = forms.ChoiceField(
        label="区分",
        choices=ParticipantCategory.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "区分を選んでください。"},
    )
    occupation = forms.CharField(
        label="職種", max_length=60, required=False, help_text="例：社会福祉士、保健師、事務"
    )
    email = forms.EmailField(
        label="メールアドレス",
        max_length=254,
        error_messages={**_required("メールアドレス"), "invalid": "メールアドレスの形が正しくありません。"},
        help_text="事務局からのご連絡（参加用のリンク、資料など）に使います。",
    )

    def __init__(self, *args: Any, prefecture: Prefecture, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.municipalities = {
            str(m.pk): m for m in Municipality.objects.filter(prefecture=prefecture).order_by("code")
        }
        self.fields["municipality"].choices = [  # type: ignore[attr-defined]
            ("", "選んでください"),
            *((pk, m.name) for pk, m in self.municipalities.items()),
            (OTHER, "その他（振興局・道庁など）"),
        ]
        autocomplete = {"name": "name", "email": "email", "organisation": "organization"}
        for name, value in autocomplete.items():
            self.fields[name].widget.attrs["autocomplete"] = value
        self.fields["email"].widget.attrs["inputmode"] = "email"

    def clean_name_kana(self) -> str:
        kana = unicodedata.normalize("NFKC", self.cleaned_data["name_kana"]).strip()
        if not KANA.match(kana):
            raise forms.ValidationError("ふりがなは、ひらがなかカタカナで入力してください。")
        return kana

    def clean_email(self) -> str:
        return str(self.cleaned_data["email"]).strip().lower()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("category") == ParticipantCategory.MUNICIPAL and data.get("municipality") == OTHER:
            self.add_error("municipality", "市町村職員の方は、お勤めの市町村を選んでください。")
        return data

    def applicant(self) -> Applicant:
        data = self.cleaned_data
        return Applicant(
            name=data["name"].strip(),
            name_kana=data["name_kana"],
            municipality=self.municipalities.get(data["municipality"]),
            organisation=data["organisation"].strip(),
            category=data["category"],
            occupation=data["occupation"].strip(),
            email=data["email"],
        )


class SignupSettingsForm(forms.Form):
    """The event page's sign-up panel: open or close the form, its 定員 and its 締切."""

    signup_open = forms.BooleanField(label="申込フォームを公開する", required=False)
    capacity = forms.IntegerField(
        label="定員",
        min_value=1,
        max_value=9999,
        required=False,
        help_text="空欄は定員なし。事務局の登録・名簿の取り込みも含めて数えます。",
        error_messages={
            "min_value": "定員は1人以上にしてください。",
            "invalid": "定員は数字で入力してください。",
        },
    )
    signup_deadline = JapaneseDateField(
        label="申込締切日",
        required=False,
        help_text="この日の終わりまで受け付けます。空欄のときは開催日まで受け付けます。",
    )

    def __init__(self, *args: Any, event: Event, **kwargs: Any) -> None:
        kwargs.setdefault(
            "initial",
            {
                "signup_open": event.signup_open,
                "capacity": event.capacity,
                "signup_deadline": event.signup_deadline,
            },
        )
        super().__init__(*args, **kwargs)
        self.event = event

    def clean_signup_deadline(self) -> dt.date | None:
        return check_deadline(self.cleaned_data.get("signup_deadline"), self.event.last_day)


def check_deadline(deadline: dt.date | None, last_day: dt.date | None) -> dt.date | None:
    """A 締切 after the event is over means nothing: refuse it (the form's and the event form's rule)."""
    if deadline is not None and last_day is not None and deadline > last_day:
        raise forms.ValidationError(f"申込締切日は開催日（{wareki(last_day)}）までの日付にしてください。")
    return deadline
