"""The municipality's 実施計画 (§106-5) and its 成果指標 (004 §7): the plan period, each indicator with its
baseline and target, and — for an indicator taken from a resident survey — which answers of which
questionnaire measure it in which 年度. Nothing here is personal data: an indicator is a definition, and its
figures are counts computed when they are read (``programme.measures``, ``programme.surveys``).
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models


class PlanStatus(models.TextChoices):
    DRAFT = "draft", "策定中"
    PUBLISHED = "published", "公表済み"


class Source(models.TextChoices):
    RECORDS = "records", "事業実績"
    CITIZEN_SURVEY = "citizen_survey", "市民意識調査"
    WELFARE_SURVEY = "welfare_survey", "地域福祉アンケート"
    OTHER = "other", "その他の調査"


SURVEY_SOURCES = (Source.CITIZEN_SURVEY, Source.WELFARE_SURVEY, Source.OTHER)


class Direction(models.TextChoices):
    HIGHER = "higher", "高いほど良い"
    LOWER = "lower", "低いほど良い"


class SetupForm(models.TextChoices):
    """包括的相談支援事業の設置形態 (the 策定ガイドライン's 必須事項)."""

    BASIC = "basic", "基本型"
    INTEGRATED = "integrated", "統合型"
    REGIONAL = "regional", "地域型"


class PlanPeriod(models.Model):
    """One 計画期間 of the municipality's 重層的支援体制整備事業実施計画 (004: 令和6年度〜令和10年度).

    The plan document (``programme.plan_document``) fills its required items from what kasane holds — the
    agencies of each 事業 with their 運営形態, 受託法人, 圏域 and 担当課, the meeting bodies, the indicators —
    and takes the parts staff write (the texts below, all optional) as written."""

    municipality = models.ForeignKey(
        "tenancy.Municipality", on_delete=models.CASCADE, related_name="plan_periods", verbose_name="市町村"
    )
    title = models.CharField(
        "計画の名称", max_length=100, help_text="例：第1期 重層的支援体制整備事業実施計画"
    )
    first_year = models.PositiveSmallIntegerField("計画期間の初年度", help_text="西暦の年度（例：2024）")
    last_year = models.PositiveSmallIntegerField("計画期間の最終年度", help_text="西暦の年度（例：2028）")
    status = models.CharField("状態", max_length=10, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    published_on = models.DateField("公表日", null=True, blank=True)
    made_on = models.DateField("策定日", null=True, blank=True)
    revised_on = models.DateField("改訂日", null=True, blank=True)
    setup_form = models.CharField(
        "包括的相談支援事業の設置形態", max_length=12, choices=SetupForm.choices, default=SetupForm.BASIC
    )
    background = models.TextField("背景と目的", blank=True)
    positioning = models.TextField(
        "計画の位置付け", blank=True, help_text="地域福祉計画など、関係する計画との関係"
    )
    vision = models.TextField("目指すすがた（基本理念・基本目標）", blank=True)
    policy_elderly = models.TextField("高齢者福祉に関する基本方針", blank=True)
    policy_disability = models.TextField("障害者福祉に関する基本方針", blank=True)
    policy_children = models.TextField("児童福祉に関する基本方針", blank=True)
    policy_poverty = models.TextField("生活困窮者の福祉に関する基本方針", blank=True)
    staffing = models.TextField(
        "参加支援・アウトリーチ・多機関協働の配置人数",
        blank=True,
        help_text="例：多機関協働事業 相談支援包括化推進員 2名（社会福祉士）",
    )
    collaboration = models.TextField(
        "支援関係機関の連携について（補足）",
        blank=True,
        help_text="機関一覧と会議体から書いた連携の説明に、書き足すこと",
    )
    evaluation_method = models.TextField("事業の評価方法", blank=True)
    updated_at = models.DateTimeField("更新日時", auto_now=True)

    class Meta:
        verbose_name = "実施計画の計画期間"
        verbose_name_plural = "実施計画の計画期間"
        ordering = ["municipality", "-first_year"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "first_year"], name="plan_period_one_per_start"),
            models.CheckConstraint(
                condition=models.Q(last_year__gte=models.F("first_year")), name="plan_period_ordered"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def years(self) -> range:
        return range(self.first_year, self.last_year + 1)

    def clean(self) -> None:
        if self.first_year and self.last_year and self.last_year < self.first_year:
            raise ValidationError({"last_year": "最終年度は初年度と同じか、それより後の年度にしてください。"})


class Indicator(models.Model):
    """A 成果指標: what is measured, from where, where it stood and where it should be.

    ``measure`` names a count computed from the records (``programme.measures.MEASURES``) when the source is
    事業実績; an indicator from a survey is measured per 年度 by a ``SurveyMeasure``."""

    period = models.ForeignKey(PlanPeriod, on_delete=models.CASCADE, related_name="indicators")
    number = models.PositiveSmallIntegerField("番号", help_text="計画書での番号（①なら1）")
    name = models.CharField("指標の名称", max_length=200)
    definition = models.TextField(
        "定義", blank=True, help_text="何をどう数えるか。事業実績の指標は集計の定義を表示します。"
    )
    source = models.CharField("データ元", max_length=16, choices=Source.choices)
    measure = models.CharField("集計する実績", max_length=40, blank=True)
    unit = models.CharField("単位", max_length=8, help_text="回・件・人・%")
    direction = models.CharField(
        "目標の向き", max_length=8, choices=Direction.choices, default=Direction.HIGHER
    )
    baseline = models.DecimalField("現状値", max_digits=9, decimal_places=1, null=True, blank=True)
    baseline_note = models.CharField(
        "現状値の補足", max_length=60, blank=True, help_text="現状値がないときの理由など（例：事業未実施）"
    )
    baseline_year = models.PositiveSmallIntegerField("現状値の年度", help_text="西暦の年度（例：2023）")
    target = models.DecimalField("目標値", max_digits=9, decimal_places=1)
    target_year = models.PositiveSmallIntegerField("目標年度", help_text="西暦の年度（例：2028）")
    updated_at = models.DateTimeField("更新日時", auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )

    class Meta:
        verbose_name = "成果指標"
        verbose_name_plural = "成果指標"
        ordering = ["period", "number"]
        constraints = [
            models.UniqueConstraint(fields=["period", "number"], name="indicator_unique_number"),
            models.CheckConstraint(
                condition=models.Q(number__gte=1, number__lte=20), name="indicator_number_1_to_20"
            ),
            models.CheckConstraint(
                condition=models.Q(target_year__gt=models.F("baseline_year")),
                name="indicator_target_after_baseline",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.marker} {self.name}"

    @property
    def marker(self) -> str:
        return chr(0x2460 + self.number - 1) if 1 <= self.number <= 20 else f"({self.number})"

    @property
    def from_records(self) -> bool:
        return self.source == Source.RECORDS

    @property
    def percent(self) -> bool:
        return self.unit == "%"

    def start_value(self) -> Decimal:
        """Where the line toward the target starts: the baseline, or 0 where the programme did not yet run
        (004: 「- (事業未実施)」)."""
        return self.baseline if self.baseline is not None else Decimal(0)


class SurveyMeasure(models.Model):
    """How a survey indicator is measured in one 年度: the share of the respondents to ``question`` who chose
    one of ``counted``. Weighted (事後層化) when a ``weight_question`` and the population of each of its
    choices are given: each respondent then stands for the population of their group over its respondents."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="survey_measures")
    fiscal_year = models.PositiveSmallIntegerField("年度")
    question = models.ForeignKey(
        "questionnaires.Question", on_delete=models.PROTECT, related_name="+", verbose_name="設問"
    )
    counted = models.ManyToManyField(
        "questionnaires.Choice", related_name="+", verbose_name="「該当」と数える選択肢"
    )
    weight_question = models.ForeignKey(
        "questionnaires.Question",
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name="重み付けに使う設問",
        help_text="年代・地区など。選ばないときは重み付けしません。",
    )
    # {choice id (str): population}: the population each group of the weighting question stands for.
    populations = models.JSONField("各区分の人口", default=dict, blank=True)

    class Meta:
        verbose_name = "調査による指標の測定"
        verbose_name_plural = "調査による指標の測定"
        ordering = ["indicator", "fiscal_year"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "fiscal_year"], name="survey_measure_one_per_year")
        ]

    def __str__(self) -> str:
        return f"{self.indicator}（{self.fiscal_year}年度）"

    @property
    def weighted(self) -> bool:
        return self.weight_question_id is not None and bool(self.populations)


class PlanVersion(models.Model):
    """A version of the plan document as it was made: kept whole (Word and PDF), never changed. The version
    made when the plan is published is the 公表版."""

    period = models.ForeignKey(PlanPeriod, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField("版")
    made_on = models.DateField("作成日")
    published = models.BooleanField("公表版", default=False)
    pdf = models.BinaryField("PDF")
    docx = models.BinaryField("Word")
    # What the version states, as it stood when it was made: the title, the years and each indicator's name,
    # source, baseline and target. The prefecture reads a 公表版 from this, never from the plan as it is now.
    summary = models.JSONField("記載内容の要約", default=dict)
    made_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    made_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "実施計画書の版"
        verbose_name_plural = "実施計画書の版"
        ordering = ["period", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["period", "number"], name="plan_version_unique_number")
        ]

    def __str__(self) -> str:
        return f"{self.period} 第{self.number}版"


class YearEvaluation(models.Model):
    """The 年度's evaluation of the programme (004 §7: evaluated with the 地域福祉計画's cycle): what the
    indicators say against their targets, in the staff's words, and what carries into the next plan."""

    period = models.ForeignKey(PlanPeriod, on_delete=models.CASCADE, related_name="evaluations")
    fiscal_year = models.PositiveSmallIntegerField("年度")
    narrative = models.TextField("評価（成果と課題）", blank=True)
    carry_over = models.TextField("次期計画・次年度へ引き継ぐこと", blank=True)
    updated_at = models.DateTimeField("更新日時", auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )

    class Meta:
        verbose_name = "年度の事業評価"
        verbose_name_plural = "年度の事業評価"
        ordering = ["period", "fiscal_year"]
        constraints = [
            models.UniqueConstraint(fields=["period", "fiscal_year"], name="year_evaluation_one_per_year")
        ]

    def __str__(self) -> str:
        return f"{self.period}（{self.fiscal_year}年度の評価）"
