from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.db.models import QuerySet

from kasane.audit.actions import ACTIONS
from kasane.audit.models import AuditEntry
from kasane.lib.dates import TOKYO


class AuditFilterForm(forms.Form):
    person = forms.CharField(label="本人ID", required=False)
    user = forms.CharField(label="職員（氏名・ユーザー名）", required=False)
    agency = forms.CharField(label="機関名", required=False)
    action = forms.ChoiceField(label="操作", required=False)
    since = forms.DateField(
        label="期間（から）", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label="期間（まで）", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = [("", "すべて"), *ACTIONS.items()]  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        since, until = data.get("since"), data.get("until")
        if since and until and since > until:
            self.add_error("until", "期間の終わりは始まり以降の日付にしてください。")
        return data

    def apply(self, entries: QuerySet[AuditEntry]) -> QuerySet[AuditEntry]:
        if not self.is_valid():
            return entries.none()
        data = self.cleaned_data
        if data["person"]:
            entries = entries.filter(person_id=data["person"].strip())
        if data["user"]:
            term = data["user"].strip()
            entries = entries.filter(actor_name__contains=term) | entries.filter(actor_username=term)
        if data["agency"]:
            entries = entries.filter(agency_name__contains=data["agency"].strip())
        if data["action"]:
            entries = entries.filter(action=data["action"])
        if data["since"]:
            entries = entries.filter(created_at__gte=dt.datetime.combine(data["since"], dt.time(), TOKYO))
        if data["until"]:
            end = dt.datetime.combine(data["until"] + dt.timedelta(days=1), dt.time(), TOKYO)
            entries = entries.filter(created_at__lt=end)
        return entries
