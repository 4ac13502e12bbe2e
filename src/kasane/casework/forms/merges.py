from __future__ import annotations

from typing import Any

from django import forms

from kasane.casework.models import Person


class MergeForm(forms.Form):
    """Which of the two records to keep, and what staff checked before deciding they are one person."""

    keep = forms.TypedChoiceField(label="残す記録", coerce=int, widget=forms.RadioSelect)
    note = forms.CharField(
        label="確認したこと",
        max_length=200,
        help_text="例：本人に電話で生年月日と旧姓を確認した",
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )

    def __init__(self, *args: Any, left: Person, right: Person, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["keep"]
        field.choices = [
            (p.pk, f"{side}：{p.name}（{p.owner_agency.name}・No.{p.pk}）")
            for side, p in (("左", left), ("右", right))
        ]
        # The older record is kept unless staff choose otherwise: it is the one others have linked to longest.
        self.initial.setdefault("keep", min(left.pk, right.pk))
