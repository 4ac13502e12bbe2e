"""The form of the 実施計画's texts: what staff write into the plan document, and its dates and 設置形態. Every
text may stay empty — the document then leaves that part out."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.validators import MaxLengthValidator

from kasane.lib.forms import JapaneseDateField
from kasane.programme.models import PlanPeriod
from kasane.programme.versions import TEXT_FIELDS

LONG = 20_000  # characters: far more than a plan's chapter, short of a pasted document


class PlanTextsForm(forms.ModelForm):
    made_on = JapaneseDateField(
        label="策定日", required=False, help_text="表紙に「令和6年4月策定」と載ります。"
    )
    revised_on = JapaneseDateField(
        label="改訂日",
        required=False,
        help_text="改訂したときに入力します。表紙に「令和8年4月改訂」と載ります。",
    )

    class Meta:
        model = PlanPeriod
        fields = list(TEXT_FIELDS)
        help_texts = {
            "background": "空欄のときは、社会福祉法の規定による標準の記載を載せ、その旨を注記します。",
            "vision": "地域福祉計画の基本理念・基本目標と同じにする場合は、その旨と内容を書きます。",
            "staffing": "参加支援・アウトリーチ・多機関協働それぞれの職種と人数。例：多機関協働事業 相談支援包括化推進員 2名（社会福祉士）",
            "evaluation_method": "空欄のときは、成果指標の表だけを載せます。",
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if isinstance(field.widget, forms.Textarea):
                field.widget.attrs.update({"rows": 6 if name == "background" else 4, "maxlength": str(LONG)})
                field.validators.append(
                    MaxLengthValidator(LONG, message=f"{LONG:,}字以内で入力してください。")
                )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        made, revised = data.get("made_on"), data.get("revised_on")
        if made and revised and revised < made:
            self.add_error("revised_on", "改訂日は策定日より後の日付にしてください。")
        if revised and not made:
            self.add_error("made_on", "改訂日を入れるときは、策定日も入力してください。")
        return data
