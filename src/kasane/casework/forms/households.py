from __future__ import annotations

import re
from typing import Any

from django import forms

from kasane.casework.models import LEGACY_RELATIONSHIPS, Person, Relationship
from kasane.casework.queries.search import PersonQuery
from kasane.lib.forms import BirthSpanField, JapaneseDateField

# ふりがな: hiragana, katakana (full or half width), the long-vowel and middle-dot marks, spaces. Kanji of
# every plane (﨑, 𠮷, 々), Latin letters and digits are refused: the reading is what sorts and matches.
_KANA = re.compile(r"[\u3041-\u309f\u30a0-\u30ff\uff66-\uff9f\u3000 ー－・･]*")


class PersonForm(forms.ModelForm):
    birth_date = JapaneseDateField(label="生年月日", required=False, allow_future=False)

    class Meta:
        model = Person
        fields = ["name", "kana", "sex", "birth_date", "address", "phone", "mobile", "email", "notes"]
        widgets = {
            "notes": forms.Textarea(attrs={"rows": 3}),
            "name": forms.TextInput(attrs={"autocomplete": "off"}),
            "kana": forms.TextInput(attrs={"autocomplete": "off"}),
            "phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
            "mobile": forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
            "email": forms.EmailInput(attrs={"autocomplete": "off"}),
        }
        help_texts = {
            "name": "姓と名の間に空白を入れてください。旧字体・異体字（髙、﨑 など）は本人の表記のまま入力します。",
            "kana": "本人に確認した読みを入力してください（プログラムで自動変換はしません）。",
            "phone": "例：0197-12-3456",
            "mobile": "例：090-1234-5678",
        }
        error_messages = {
            "name": {"required": "氏名を入力してください。"},
            "email": {"invalid": "メールアドレスの形式が正しくありません（例：taro@example.jp）。"},
        }

    def clean_name(self) -> str:
        name: str = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError("氏名を入力してください。")
        return name

    def clean_kana(self) -> str:
        kana: str = self.cleaned_data["kana"].strip()
        if not _KANA.fullmatch(kana):
            raise forms.ValidationError("ふりがなはひらがなかカタカナで入力してください。")
        return kana


class MemberForm(PersonForm):
    """A household member: identity plus their place in the household."""

    class Meta(PersonForm.Meta):
        fields = [*PersonForm.Meta.fields, "relationship", "lives_apart", "apart_note"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        relationship = self.fields["relationship"]
        relationship.choices = relationship_choices(self.instance.relationship if self.instance.pk else "")  # type: ignore[attr-defined]
        relationship.error_messages["required"] = "続柄を選んでください。"
        relationship.error_messages["invalid_choice"] = (
            "続柄は、父・母・長男のように1人を指すものを選んでください。"
        )
        if self.instance.pk and self.instance.relationship in LEGACY_RELATIONSHIPS:
            relationship.help_text = (
                f"以前の区分「{self.instance.get_relationship_display()}」のままです。"
                "父・母のように、この方1人を指す続柄を選び直してください。"
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("lives_apart") and not (data.get("apart_note") or "").strip():
            self.add_error("apart_note", "別居の場合は、どこに住んでいるかを入力してください。")
        return data


def relationship_choices(current: str) -> list[tuple[str, str]]:
    """What a member's 続柄 may be: one person each (母, 長男), never 本人 (that is the main person). A word
    that covers two people (父母) is offered only to the row that already has it, so saving other edits does
    not change it silently."""
    offered = [
        (value, label)
        for value, label in Relationship.choices
        if value != Relationship.SELF and (value not in LEGACY_RELATIONSHIPS or value == current)
    ]
    return [("", "選んでください"), *offered]


class PersonSearchForm(forms.Form):
    name = forms.CharField(label="氏名・ふりがな", required=False, max_length=60)
    birth_date = BirthSpanField(label="生年月日・年齢", required=False)
    phone = forms.CharField(label="電話（自宅・携帯）", required=False, max_length=30)
    address = forms.CharField(label="住所", required=False, max_length=100)

    def query(self) -> PersonQuery:
        """The search as the finder takes it; call once the form is valid."""
        return PersonQuery(
            name=self.cleaned_data["name"],
            born=self.cleaned_data["birth_date"],
            phone=self.cleaned_data["phone"],
            address=self.cleaned_data["address"],
        )
