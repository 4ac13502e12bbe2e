"""The form of a new API key: which system, for which agency, with which permissions, until when."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms

from kasane.accounts import permissions
from kasane.agencies.models import Agency
from kasane.lib.dates import TOKYO
from kasane.lib.forms import JapaneseDateField


class ApiKeyForm(forms.Form):
    name = forms.CharField(
        label="システム名",
        max_length=50,
        help_text="キーを使うシステムの名前です（例：生活困窮自立支援システム）。監査ログにもこの名前で残ります。",
    )
    agency = forms.ModelChoiceField(
        label="所属機関",
        queryset=Agency.objects.none(),
        help_text="キーはこの機関の職員として動き、この機関が見られる記録だけを扱えます。",
    )
    scopes = forms.MultipleChoiceField(
        label="権限",
        widget=forms.CheckboxSelectMultiple,
        help_text="システムに必要な権限だけを選んでください。",
        error_messages={"required": "権限を一つ以上選んでください。"},
    )
    expires_on = JapaneseDateField(
        label="有効期限",
        required=False,
        help_text="この日の終わりまで使えます。空欄のときは失効させるまで使えます（例：R9.3.31、2027-03-31）。",
    )

    def __init__(self, *args: Any, agencies: Any, scopes: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies  # type: ignore[attr-defined]
        self.fields["scopes"].choices = [  # type: ignore[attr-defined]
            (code, permissions.BY_CODE[code].label) for code in scopes
        ]

    def clean_expires_on(self) -> dt.date | None:
        day: dt.date | None = self.cleaned_data.get("expires_on")
        if day is not None and day < dt.datetime.now(TOKYO).date():
            raise forms.ValidationError("有効期限には今日以降の日付を入力してください。")
        return day

    @property
    def expires_at(self) -> dt.datetime | None:
        """The end of the chosen day in Tokyo: the key works all through it."""
        day: dt.date | None = self.cleaned_data.get("expires_on")
        if day is None:
            return None
        return dt.datetime.combine(day + dt.timedelta(days=1), dt.time(0), tzinfo=TOKYO)
