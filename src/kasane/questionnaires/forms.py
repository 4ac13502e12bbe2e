from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

from django import forms

from kasane.events.models import Event
from kasane.lib.dates import wareki
from kasane.lib.forms import JapaneseDateField
from kasane.questionnaires import starters
from kasane.questionnaires.models import Phase, Question, QuestionKind, Questionnaire
from kasane.tenancy.models import Prefecture

MAX_TEXT = 2000
REQUIRED = "この設問に回答してください。"
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class _EventChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{wareki(obj.starts_on)}　{obj.title}"


class QuestionnaireForm(forms.ModelForm):
    opens_on = JapaneseDateField(
        label="回答受付開始日",
        required=False,
        help_text="空欄なら、研修・会議に結びつけたときはその開始日時から（研修前アンケートを除く）、"
        "結びつけないときは受付開始の操作をした時から",
    )
    opens_time = forms.TimeField(
        label="回答受付開始時刻", required=False, widget=TIME, help_text="空欄ならその日の0:00から"
    )
    closes_on = JapaneseDateField(
        label="回答受付終了日", required=False, help_text="空欄なら受付終了の操作をするまで"
    )
    closes_time = forms.TimeField(
        label="回答受付終了時刻", required=False, widget=TIME, help_text="空欄ならその日の終わりまで"
    )

    class Meta:
        model = Questionnaire
        fields = [
            "title",
            "event",
            "intro",
            "phase",
            "pair",
            "anonymous",
            "one_answer_per_link",
            "opens_on",
            "opens_time",
            "closes_on",
            "closes_time",
        ]
        field_classes = {"event": _EventChoice}
        widgets = {"intro": forms.Textarea(attrs={"rows": 3})}
        error_messages = {"title": {"required": "アンケート名を入力してください。"}}

    def __init__(self, *args: Any, prefecture: Prefecture, locked: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        event = cast(forms.ModelChoiceField, self.fields["event"])
        event.queryset = Event.objects.filter(prefecture=prefecture).order_by("-starts_on", "-pk")
        event.empty_label = "（研修・会議に結びつけない）"
        if "pair" in self.fields:
            pair = cast(forms.ModelChoiceField, self.fields["pair"])
            pre = Questionnaire.objects.filter(prefecture=prefecture, phase=Phase.PRE)
            pair.queryset = pre.exclude(pk=self.instance.pk) if self.instance.pk else pre
            pair.empty_label = "（なし）"
        if locked:
            # Answers already arrived under these promises; changing them would break them.
            for name in ("anonymous", "one_answer_per_link"):
                self.fields[name].disabled = True
                self.fields[name].help_text = "回答が届いているため変更できません。"

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        self._check_period(data)
        if data.get("pair") and data.get("phase") != Phase.POST:
            self.add_error("pair", "対応する研修前アンケートは、種類が「研修後」のときに選びます。")
        return data

    def _check_period(self, data: dict[str, Any]) -> None:
        for day, time, label in (("opens_on", "opens_time", "開始"), ("closes_on", "closes_time", "終了")):
            if data.get(time) is not None and data.get(day) is None:
                self.add_error(time, f"時刻を指定するときは、受付{label}日も入力してください。")
                return
        # The period the questionnaire would have, with the event chosen on this form.
        period = Questionnaire(
            event=data.get("event"),
            phase=data.get("phase") or self.instance.phase,
            **{name: data.get(name) for name in ("opens_on", "opens_time", "closes_on", "closes_time")},
        )
        opens, closes = period.opens_at(), period.closes_at()
        if opens is not None and closes is not None and closes <= opens:
            where = "研修・会議の開始日時" if period.opens_from_event else "受付開始"
            self.add_error("closes_on", f"受付終了は{where}（{period.opens_label()}）より後にしてください。")


class NewQuestionnaireForm(QuestionnaireForm):
    starter = forms.ChoiceField(
        label="もとにするアンケート",
        choices=starters.STARTER_CHOICES,
        initial=starters.BLANK,
        widget=forms.RadioSelect,
        help_text="自治体コンサルティング報告書（令和3年度）のフォーラム・研修で使われた設問を写します。あとから変更できます。",
    )

    class Meta(QuestionnaireForm.Meta):
        fields = [
            "title",
            "event",
            "intro",
            "anonymous",
            "one_answer_per_link",
            "opens_on",
            "opens_time",
            "closes_on",
            "closes_time",
        ]

    field_order = [
        "starter",
        "title",
        "event",
        "intro",
        "anonymous",
        "one_answer_per_link",
        "opens_on",
        "opens_time",
        "closes_on",
        "closes_time",
    ]


class QuestionForm(forms.ModelForm):
    choices_text = forms.CharField(
        label="選択肢",
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="1行に1つずつ書いてください（2〜20個）。",
        required=False,
    )

    class Meta:
        model = Question
        fields = ["text", "help_text", "required", "scale"]
        widgets = {"text": forms.Textarea(attrs={"rows": 2})}
        error_messages = {"text": {"required": "設問文を入力してください。"}}

    def __init__(self, *args: Any, kind: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kind = kind
        if kind == QuestionKind.LIKERT:
            self.fields["scale"].required = True
            self.fields[
                "scale"
            ].help_text = "上から肯定的な順に5段階で尋ねます。上の2段階を「…以上」として集計します。"
            cast(forms.ChoiceField, self.fields["scale"]).choices = (
                Question._meta.get_field("scale").choices or []
            )
            self.initial.setdefault("scale", "understood")
        else:
            del self.fields["scale"]
        if kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
            self.fields["choices_text"].required = True
            if self.instance.pk:
                self.initial["choices_text"] = "\n".join(c.label for c in self.instance.choices.all())
        else:
            del self.fields["choices_text"]

    def clean_choices_text(self) -> str:
        text = str(self.cleaned_data.get("choices_text") or "")
        labels = self.labels_from(text)
        if not 2 <= len(labels) <= 20:
            raise forms.ValidationError("選択肢は2〜20個、1行に1つずつ書いてください。")
        if len(set(labels)) != len(labels):
            raise forms.ValidationError("同じ選択肢が2回書かれています。")
        if any(len(label) > 100 for label in labels):
            raise forms.ValidationError("選択肢は1つ100文字以内にしてください。")
        return text

    @staticmethod
    def labels_from(text: str) -> list[str]:
        return [line.strip() for line in text.splitlines() if line.strip()]

    def labels(self) -> list[str]:
        return (
            self.labels_from(self.cleaned_data.get("choices_text", ""))
            if "choices_text" in self.fields
            else []
        )


class LinksForm(forms.Form):
    count = forms.IntegerField(
        label="発行する件数",
        min_value=1,
        max_value=300,
        initial=30,
        help_text="参加予定の人数より少し多めに発行してください。",
        error_messages={
            "required": "件数を入力してください。",
            "min_value": "1件以上にしてください。",
            "max_value": "一度に発行できるのは300件までです。",
            "invalid": "件数は数字で入力してください。",
        },
    )


class AnswerForm(forms.Form):
    """The respondent's form, built from the questionnaire's questions (fields ``q<id>``)."""

    def __init__(
        self, *args: Any, questions: Sequence[Question], ask_name: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        if ask_name:
            self.fields["respondent_name"] = forms.CharField(
                label="お名前", max_length=60, error_messages={"required": "お名前を入力してください。"}
            )
            self.fields["respondent_organisation"] = forms.CharField(
                label="ご所属", max_length=100, required=False
            )
        for number, question in enumerate(self.questions, start=1):
            self.fields[f"q{question.pk}"] = self._field(number, question)

    @staticmethod
    def _field(number: int, question: Question) -> forms.Field:
        label = f"問{number}　{question.text}"
        messages = {"required": REQUIRED, "invalid_choice": "選択肢から選んでください。"}
        common: dict[str, Any] = {
            "label": label,
            "required": question.required,
            "help_text": question.help_text,
            "error_messages": messages,
        }
        if question.kind == QuestionKind.TEXT:
            return forms.CharField(
                max_length=MAX_TEXT,
                widget=forms.Textarea(attrs={"rows": 4}),
                **common
                | {
                    "error_messages": messages
                    | {"max_length": f"{MAX_TEXT}文字以内で入力してください（現在%(show_value)d文字）。"}
                },
            )
        choices = [(str(c.pk), c.label) for c in question.choices.all()]
        if question.kind == QuestionKind.MULTIPLE:
            common["help_text"] = "あてはまるものをすべて選んでください。" + (
                f"{question.help_text}" if question.help_text else ""
            )
            return forms.MultipleChoiceField(choices=choices, widget=forms.CheckboxSelectMultiple, **common)
        field = forms.ChoiceField(choices=choices, widget=forms.RadioSelect, **common)
        field.compact = question.kind == QuestionKind.AGE  # type: ignore[attr-defined]
        return field

    def answers(self) -> dict[Question, Any]:
        """Each question's answer as the service stores it: a Choice, a list of Choices, or a text."""
        out: dict[Question, Any] = {}
        for question in self.questions:
            value = self.cleaned_data.get(f"q{question.pk}")
            by_id = {str(c.pk): c for c in question.choices.all()}
            if question.kind == QuestionKind.TEXT:
                out[question] = value or ""
            elif question.kind == QuestionKind.MULTIPLE:
                out[question] = [by_id[v] for v in value or []]
            else:
                out[question] = by_id.get(value) if value else None
        return out

    def only_missing(self) -> bool:
        """Whether every error is an unanswered question (the summary's heading says so)."""
        return all(error == REQUIRED for errors in self.errors.values() for error in errors)

    def respondent(self) -> tuple[str, str]:
        return (
            self.cleaned_data.get("respondent_name", "").strip(),
            self.cleaned_data.get("respondent_organisation", "").strip(),
        )
