"""Forms of the 実施計画 and its 成果指標. Years are typed as staff write them (令和6年度, R6, 2024) and stored
as the western year the 年度 starts in."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator

from kasane.lib.dates import fiscal_year_label
from kasane.programme.measures import CHOICES as MEASURE_CHOICES
from kasane.programme.models import Indicator, PlanPeriod, Source, SurveyMeasure, YearEvaluation
from kasane.programme.survey_setup import survey_year
from kasane.questionnaires.models import Choice, Question, QuestionKind
from kasane.readiness.importer import parse_year
from kasane.tenancy.models import Municipality

YEAR_HELP = "令和6年度、R6、2024 のどれでも入力できます。"
CHOICE_KINDS = (
    QuestionKind.SINGLE,
    QuestionKind.MULTIPLE,
    QuestionKind.LIKERT,
    QuestionKind.AGE,
    QuestionKind.CATEGORY,
)


class YearField(forms.CharField):
    """A 年度 typed as 令和6年度, R6 or 2024: the western year it starts in."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("help_text", YEAR_HELP)
        super().__init__(**kwargs)
        self.widget.attrs.update({"maxlength": "12", "inputmode": "text", "autocomplete": "off"})

    def prepare_value(self, value: Any) -> Any:
        return fiscal_year_label(value).split("（")[0] if isinstance(value, int) else value

    def to_python(self, value: Any) -> int | None:  # type: ignore[override]
        text = super().to_python(value)
        if not text:
            return None
        if len(text) > 12:
            raise forms.ValidationError("年度として読み取れません（例：令和6年度、R6、2024）。")
        try:
            year = parse_year(text)
        except ValueError:
            raise forms.ValidationError("年度として読み取れません（例：令和6年度、R6、2024）。") from None
        if not 2000 <= year <= 2100:
            raise forms.ValidationError("2000年度から2100年度までの年度を入力してください。")
        return year


class PeriodForm(forms.ModelForm):
    first_year = YearField(label="計画期間の初年度")
    last_year = YearField(label="計画期間の最終年度")

    class Meta:
        model = PlanPeriod
        fields = ["title", "first_year", "last_year"]

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.municipality = municipality

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        first, last = data.get("first_year"), data.get("last_year")
        if first and last and last < first:
            self.add_error("last_year", "最終年度は初年度と同じか、それより後の年度にしてください。")
        if first and last and last - first > 9:
            self.add_error("last_year", "計画期間は10年までにしてください。")
        # Periods do not overlap: a 年度 belongs to one plan, whose indicators its page shows.
        overlapping = PlanPeriod.objects.filter(
            municipality=self.instance.municipality, first_year__lte=last or 0, last_year__gte=first or 0
        ).exclude(pk=self.instance.pk)
        if first and last and (other := overlapping.first()) is not None:
            self.add_error(
                "first_year",
                f"「{other.title}」（{fiscal_year_label(other.first_year).split('（')[0]}〜"
                f"{fiscal_year_label(other.last_year).split('（')[0]}）と計画期間が重なっています。",
            )
        return data

    def validate_unique(self) -> None:
        """The clash is checked in ``clean`` with a message staff can act on."""


class IndicatorForm(forms.ModelForm):
    baseline_year = YearField(label="現状値の年度")
    target_year = YearField(label="目標年度")
    measure = forms.ChoiceField(
        label="集計する実績",
        required=False,
        choices=[("", "（データ元が事業実績のときに選びます）"), *MEASURE_CHOICES],
        help_text="データ元が「事業実績」の指標は、ここで選んだ件数を記録から毎回数えます。",
    )

    class Meta:
        model = Indicator
        fields = [
            "number",
            "name",
            "source",
            "measure",
            "definition",
            "unit",
            "direction",
            "baseline",
            "baseline_note",
            "baseline_year",
            "target",
            "target_year",
        ]
        widgets = {"definition": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, period: PlanPeriod, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.period = period
        number = self.fields["number"]
        number.help_text = "計画書での番号（①なら1）"
        number.min_value, number.max_value = 1, 20  # type: ignore[attr-defined]
        number.validators += [MinValueValidator(1), MaxValueValidator(20)]
        number.error_messages["min_value"] = "番号は1から20までで入力してください。"
        number.error_messages["max_value"] = "番号は1から20までで入力してください。"

    def clean_unit(self) -> str:
        """Staff type ％ (full width) as often as %: one unit, so a share is checked and read as one."""
        return unicodedata.normalize("NFKC", self.cleaned_data.get("unit") or "").strip()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        source, measure = data.get("source"), data.get("measure")
        if source == Source.RECORDS and not measure:
            self.add_error("measure", "データ元が事業実績のときは、集計する実績を選んでください。")
        if source and source != Source.RECORDS:
            data["measure"] = ""
        base, target = data.get("baseline_year"), data.get("target_year")
        if base and target and target <= base:
            self.add_error("target_year", "目標年度は現状値の年度より後にしてください。")
        number = data.get("number")
        clash = Indicator.objects.filter(period=self.instance.period, number=number or 0)
        if number is not None and clash.exclude(pk=self.instance.pk).exists():
            self.add_error("number", "この番号の指標はすでにあります。")
        if data.get("unit") == "%" and any(
            v is not None and not 0 <= v <= 100 for v in (data.get("baseline"), data.get("target"))
        ):
            self.add_error("target", "割合（%）の指標は、現状値・目標値を0から100までで入力してください。")
        return data

    def validate_unique(self) -> None:
        """The clash is checked in ``clean`` with a message staff can act on."""


def _choice_questions(municipality: Municipality) -> Any:
    """The municipality's resident surveys' choice questions (not a ハブラボ's questionnaire)."""
    return (
        Question.objects.filter(
            questionnaire__municipality=municipality,
            questionnaire__platform_session__isnull=True,
            kind__in=CHOICE_KINDS,
        )
        .select_related("questionnaire")
        .order_by("-questionnaire__created_at", "questionnaire_id", "order")
    )


class QuestionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.questionnaire.title}　問{obj.order}　{obj.text}"


class SurveyMeasureForm(forms.ModelForm):
    """Which answers of which question measure a survey indicator in one 年度, and the weighting."""

    fiscal_year = YearField(label="調査の年度")
    question = QuestionChoiceField(
        label="設問",
        queryset=Question.objects.none(),
        help_text="市町村のアンケート（市民意識調査など）の設問から選びます。",
    )
    counted = forms.CharField(
        label="「該当」と数える選択肢",
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="選択肢の文言を1行に1つ（例：そう思う／ややそう思う）。設問を選んだあとで入力します。",
    )
    weight_question = QuestionChoiceField(
        label="重み付けに使う設問",
        queryset=Question.objects.none(),
        required=False,
        help_text="年代・地区などで重み付けするときに選びます。選ばないときは、回答者の割合をそのまま使います。",
    )
    populations = forms.CharField(
        label="各区分の人口",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="「選択肢の文言=人口」を1行に1つ（例：65〜74歳=12300）。重み付けするときだけ入力します。",
    )

    class Meta:
        model = SurveyMeasure
        fields = ["fiscal_year", "question", "weight_question"]

    def __init__(self, *args: Any, indicator: Indicator, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.indicator = indicator
        questions = _choice_questions(indicator.period.municipality)
        self.fields["question"].queryset = questions  # type: ignore[attr-defined]
        self.fields["weight_question"].queryset = questions  # type: ignore[attr-defined]
        if self.instance.pk and not self.is_bound:
            by_id = {
                c.pk: c.label
                for c in Choice.objects.filter(
                    question__in=[self.instance.question_id, self.instance.weight_question_id or 0]
                )
            }
            self.initial["counted"] = "\n".join(c.label for c in self.instance.counted.all())
            self.initial["populations"] = "\n".join(
                f"{by_id.get(int(k), k)}={v}" for k, v in self.instance.populations.items()
            )
        self.counted_choices: list[Choice] = []

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        question: Question | None = data.get("question")
        if question is not None:
            labels = {_fold(c.label): c for c in question.choices.all()}
            wanted = [_fold(line) for line in _lines(data.get("counted", ""))]
            unknown = [w for w in wanted if w not in labels]
            if unknown:
                self.add_error("counted", f"設問にない選択肢です：{'、'.join(unknown)}")
            elif not wanted:
                self.add_error("counted", "「該当」と数える選択肢を1つ以上入力してください。")
            self.counted_choices = [labels[w] for w in wanted if w in labels]
        weight: Question | None = data.get("weight_question")
        text = data.get("populations", "")
        if (
            weight is not None
            and question is not None
            and weight.questionnaire_id != question.questionnaire_id
        ):
            self.add_error(
                "weight_question", "重み付けに使う設問は、指標の設問と同じアンケートから選んでください。"
            )
            weight = None
        if weight is None:
            if _lines(text):
                self.add_error(
                    "weight_question", "人口を入力したときは、重み付けに使う設問を選んでください。"
                )
            self.instance.populations = {}
        else:
            self.instance.populations = self._populations(weight, text)
        year = data.get("fiscal_year")
        period = self.instance.indicator.period
        if year and year not in period.years():
            self.add_error("fiscal_year", "計画期間の中の年度を入力してください。")
        elif year and question is not None and survey_year(question.questionnaire) != year:
            self.add_error(
                "fiscal_year",
                f"この設問のアンケートは{fiscal_year_label(survey_year(question.questionnaire)).split('（')[0]}の調査です。"
                "調査の年度と同じ年度を入力してください。",
            )
        clash = SurveyMeasure.objects.filter(indicator=self.instance.indicator, fiscal_year=year or 0)
        if year and clash.exclude(pk=self.instance.pk).exists():
            self.add_error("fiscal_year", "この年度の設定はすでにあります。")
        return data

    def _populations(self, weight: Question, text: str) -> dict[str, int]:
        labels = {_fold(c.label): c for c in weight.choices.all()}
        populations: dict[str, int] = {}
        for line in _lines(text):
            label, _, number = line.rpartition("=")
            choice = labels.get(_fold(label))
            digits = unicodedata.normalize("NFKC", number).replace(",", "").strip()
            if choice is None or not digits.isdigit():
                self.add_error(
                    "populations", f"「{line}」を読み取れません。選択肢の文言=人口 の形で入力してください。"
                )
                continue
            populations[str(choice.pk)] = int(digits)
        if not populations and not self.errors.get("populations"):
            self.add_error("populations", "重み付けするときは、各区分の人口を入力してください。")
        return populations

    def validate_unique(self) -> None:
        """The clash is checked in ``clean`` with a message staff can act on."""


def _lines(text: str) -> list[str]:
    return [line.strip() for line in re.split(r"[\r\n／]+", text or "") if line.strip()]


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).replace(" ", "").strip()


class EvaluationForm(forms.ModelForm):
    class Meta:
        model = YearEvaluation
        fields = ["narrative", "carry_over"]
        widgets = {
            "narrative": forms.Textarea(attrs={"rows": 8}),
            "carry_over": forms.Textarea(attrs={"rows": 5}),
        }
        help_texts = {
            "narrative": "成果指標の値と目標を見て、成果と課題を書きます（例：アウトリーチ件数は目安を上回った一方、…）。",
            "carry_over": "次年度・次期計画で見直すこと、続けることを書きます。",
        }
