"""参加支援 forms. Several share one page, so each has its own prefix."""

from __future__ import annotations

from typing import Any

from django import forms

from kasane.lib.dates import today
from kasane.lib.forms import JapaneseDateField
from kasane.participation.models import (
    SHAREABLE_FIELDS,
    Approach,
    Assessment,
    Development,
    DevelopmentStatus,
    EndReason,
    HostNote,
    HostNoteKind,
    Review,
    Stage,
)
from kasane.participation.rules import NEXT_STAGES
from kasane.resources.forms import TimeField
from kasane.resources.models import WEEKDAY_LABELS, Category, Load


def _today(kwargs: dict[str, Any], *names: str) -> None:
    initial = kwargs.setdefault("initial", {})
    for name in names:
        initial.setdefault(name, today())


class StartForm(forms.Form):
    source = forms.ChoiceField(
        label="始まり",
        widget=forms.RadioSelect,
        error_messages={"required": "始まりとなるケースかつなぎを選んでください。"},
    )
    started_on = JapaneseDateField(label="受付日", allow_future=False)

    def __init__(self, *args: Any, sources: list[tuple[str, str]], **kwargs: Any) -> None:
        _today(kwargs, "started_on")
        super().__init__(*args, **kwargs)
        self.fields["source"].choices = sources  # type: ignore[attr-defined]


class UrgentForm(forms.Form):
    prefix = "urgent"
    on = JapaneseDateField(label="支援を始めた日", allow_future=False)
    reason = forms.CharField(
        label="会議の決定前に始める理由",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "決定前に始める理由を書いてください。"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        _today(kwargs, "on")
        super().__init__(*args, **kwargs)


class LinkCaseForm(forms.Form):
    prefix = "link"
    case = forms.ChoiceField(label="多機関協働のケース")

    def __init__(self, *args: Any, cases: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["case"].choices = [("", "選んでください"), *cases]  # type: ignore[attr-defined]


class AssessmentForm(forms.ModelForm):
    assessed_on = JapaneseDateField(label="アセスメント日", allow_future=False)
    interests = forms.MultipleChoiceField(
        label="関心のある種類", choices=Category.choices, widget=forms.CheckboxSelectMultiple, required=False
    )
    days = forms.MultipleChoiceField(
        label="通える曜日",
        choices=[(c, f"{label}") for c, label in WEEKDAY_LABELS.items()],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    from_time = TimeField(label="通える時間（から）", max_length=10, required=False, help_text="例：10:00")
    to_time = TimeField(label="通える時間（まで）", max_length=10, required=False, help_text="例：15:00")
    max_load = forms.ChoiceField(label="体への負担（ここまで）", choices=Load.choices, initial=Load.MEDIUM)

    class Meta:
        model = Assessment
        fields = [
            "assessed_on",
            "wishes",
            "strengths",
            "limits_time",
            "limits_travel",
            "limits_people",
            "limits_health",
            "person_words",
            "interests",
            "days",
            "from_time",
            "to_time",
            "area",
            "travel",
            "max_load",
            "needs_quiet",
        ]
        widgets = {
            name: forms.Textarea(attrs={"rows": 2})
            for name in (
                "wishes",
                "strengths",
                "limits_time",
                "limits_travel",
                "limits_people",
                "limits_health",
                "person_words",
            )
        }
        error_messages = {"wishes": {"required": "本人がやってみたいことを、本人の言葉で書いてください。"}}

    def __init__(self, *args: Any, areas: Any, **kwargs: Any) -> None:
        _today(kwargs, "assessed_on")
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = areas  # type: ignore[attr-defined]
        self.fields["area"].empty_label = "どこでもよい"  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("from_time"), data.get("to_time")
        if start and end and start >= end:
            self.add_error("to_time", "「まで」は「から」より後の時刻にしてください。")
        return data


class ProposeForm(forms.Form):
    prefix = "propose"
    service = forms.IntegerField(widget=forms.HiddenInput)
    on = JapaneseDateField(label="提案日", allow_future=False)
    reasons = forms.CharField(label="選んだ理由", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        _today(kwargs, "on")
        super().__init__(*args, **kwargs)


class StageForm(forms.Form):
    prefix = "stage"
    to = forms.ChoiceField(
        label="次の段階", widget=forms.RadioSelect, error_messages={"required": "次の段階を選んでください。"}
    )
    on = JapaneseDateField(label="日付", allow_future=False)
    note = forms.CharField(
        label="様子・理由",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="終了・中断のときは理由を書きます",
    )

    def __init__(self, *args: Any, current: str, **kwargs: Any) -> None:
        _today(kwargs, "on")
        super().__init__(*args, **kwargs)
        self.fields["to"].choices = [(s, Stage(s).label) for s in NEXT_STAGES.get(current, ())]  # type: ignore[attr-defined]


class HostForm(forms.Form):
    prefix = "host"
    contact = forms.CharField(label="受け入れ先の担当者", max_length=60, required=False)
    phone = forms.CharField(label="担当者の電話番号", max_length=30, required=False)
    follow_up_days = forms.IntegerField(
        label="フォローアップの間隔（日）",
        min_value=1,
        max_value=180,
        error_messages={
            "min_value": "1〜180日で入力してください。",
            "max_value": "1〜180日で入力してください。",
        },
    )


class ConsentForm(forms.Form):
    prefix = "consent"
    fields_ = forms.MultipleChoiceField(
        label="受け入れ先に伝えてよい項目",
        choices=list(SHAREABLE_FIELDS.items()),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "同意を得た項目を1つ以上選んでください。"},
    )
    obtained_on = JapaneseDateField(label="同意日", allow_future=False)
    method = forms.ChoiceField(
        label="同意の方法",
        choices=[("written", "書面"), ("oral", "口頭")],
        widget=forms.RadioSelect,
        initial="written",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        _today(kwargs, "obtained_on")
        super().__init__(*args, **kwargs)


class SheetForm(forms.Form):
    prefix = "sheet"
    items = forms.MultipleChoiceField(
        label="紹介票に載せる項目",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "紹介票に載せる項目を選んでください。"},
    )

    def __init__(self, *args: Any, consented: list[str], **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("items", consented)
        super().__init__(*args, **kwargs)
        self.fields["items"].choices = [(f, SHAREABLE_FIELDS[f]) for f in consented if f in SHAREABLE_FIELDS]  # type: ignore[attr-defined]


class HostNoteForm(forms.ModelForm):
    prefix = "note"
    on = JapaneseDateField(label="日付", allow_future=False)

    class Meta:
        model = HostNote
        fields = ["on", "kind", "text"]
        widgets = {"kind": forms.RadioSelect, "text": forms.Textarea(attrs={"rows": 3})}
        error_messages = {
            "text": {"required": "内容を書いてください。"},
            "kind": {"required": "内容の種類を選んでください。"},
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        _today(kwargs, "on")
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = HostNoteKind.choices  # type: ignore[attr-defined]


class FollowUpForm(forms.Form):
    prefix = "followup"
    done_on = JapaneseDateField(label="実施日", allow_future=False)
    note = forms.CharField(
        label="本人と受け入れ先の様子",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "本人と受け入れ先の様子を書いてください。"},
    )
    next_on = JapaneseDateField(
        label="次回の予定日", required=False, help_text="空欄なら、受け入れの間隔で次回を入れます"
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        _today(kwargs, "done_on")
        super().__init__(*args, **kwargs)


class ReviewForm(forms.ModelForm):
    prefix = "review"
    on = JapaneseDateField(label="評価日", allow_future=False)

    class Meta:
        model = Review
        fields = ["on", "attendance", "person_words", "changes"]
        widgets = {n: forms.Textarea(attrs={"rows": 2}) for n in ("attendance", "person_words", "changes")}
        error_messages = {"attendance": {"required": "参加の状況を書いてください。"}}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        _today(kwargs, "on")
        super().__init__(*args, **kwargs)


class EndForm(forms.Form):
    prefix = "end"
    on = JapaneseDateField(label="終了日", allow_future=False)
    reason = forms.ChoiceField(
        label="終了の理由",
        choices=EndReason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "終了の理由を選んでください。"},
    )
    note = forms.CharField(label="補足", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        _today(kwargs, "on")
        super().__init__(*args, **kwargs)


class DevelopmentForm(forms.ModelForm):
    opened_on = JapaneseDateField(label="開始日", allow_future=False)

    class Meta:
        model = Development
        fields = ["title", "need", "gap", "prospects", "opened_on", "agency"]
        widgets = {"need": forms.Textarea(attrs={"rows": 3}), "prospects": forms.Textarea(attrs={"rows": 2})}
        error_messages = {
            "title": {"required": "必要な資源を入力してください。"},
            "need": {"required": "必要としている状況を書いてください。"},
        }

    def __init__(self, *args: Any, gaps: Any, agencies: Any, **kwargs: Any) -> None:
        _today(kwargs, "opened_on")
        super().__init__(*args, **kwargs)
        self.fields["gap"].queryset = gaps  # type: ignore[attr-defined]
        self.fields["gap"].empty_label = "会議での提起なし"  # type: ignore[attr-defined]
        self.fields["agency"].queryset = agencies  # type: ignore[attr-defined]
        self.fields["agency"].empty_label = None  # type: ignore[attr-defined]


class ApproachForm(forms.ModelForm):
    prefix = "approach"
    on = JapaneseDateField(label="日付", allow_future=False)

    class Meta:
        model = Approach
        fields = ["on", "whom", "what", "result"]
        widgets = {"what": forms.Textarea(attrs={"rows": 2}), "result": forms.Textarea(attrs={"rows": 2})}
        error_messages = {
            "whom": {"required": "働きかけた先を入力してください。"},
            "what": {"required": "内容を書いてください。"},
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        _today(kwargs, "on")
        super().__init__(*args, **kwargs)


class CloseDevelopmentForm(forms.Form):
    prefix = "close"
    status = forms.ChoiceField(
        label="結果",
        choices=[c for c in DevelopmentStatus.choices if c[0] != DevelopmentStatus.OPEN],
        widget=forms.RadioSelect,
        error_messages={"required": "結果を選んでください。"},
    )
    on = JapaneseDateField(label="完了日", allow_future=False)
    result = forms.ChoiceField(label="できた資源", required=False)
    note = forms.CharField(label="結果の説明", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, services: list[tuple[str, str]], **kwargs: Any) -> None:
        _today(kwargs, "on")
        super().__init__(*args, **kwargs)
        self.fields["result"].choices = [("", "選んでください"), *services]  # type: ignore[attr-defined]
