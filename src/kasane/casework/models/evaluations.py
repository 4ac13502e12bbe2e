"""終結時の評価 (評価シート): each 短期目標 judged, the case's result derived from them, and the outcomes the
national survey counts (本人の変化, 就労・増収, 今後の方向性, 終結理由区分)."""

from __future__ import annotations

import re

from django.db import models

from kasane.casework.models.cases import Case, Plan
from kasane.casework.models.life import ClosureCode, Direction
from kasane.lib.records import AuditLabelled, Authored


class GoalResult(models.TextChoices):
    MET = "met", "達成"
    PARTLY = "partly", "一部達成"
    NOT_MET = "not_met", "未達成"


def short_term_goal_list(text: str) -> list[str]:
    """The plan's 短期目標, one per line, as the 評価シート lists them to be judged one by one.

    Staff write them as lines, often numbered (1. ・ ① ○); the marks are dropped so the goal reads the same
    on the evaluation, and blank lines are not goals.
    """
    goals = [_GOAL_MARK.sub("", line).strip() for line in text.splitlines()]
    return [goal for goal in goals if goal]


_GOAL_MARK = re.compile(r"^\s*(?:[・•●○◯◎\-－*＊]|[0-9０-９]+[.．、)）]|[（(][0-9０-９]+[)）]|[①-⑳])\s*")


def overall_result(results: list[str]) -> GoalResult:
    """The case's 目標の達成, from its goals: all met → 達成, none met at all → 未達成, otherwise 一部達成."""
    if not results:
        raise ValueError("an evaluation judges at least one goal")
    if all(r == GoalResult.MET for r in results):
        return GoalResult.MET
    if all(r == GoalResult.NOT_MET for r in results):
        return GoalResult.NOT_MET
    return GoalResult.PARTLY


class Evaluation(AuditLabelled, Authored):
    """終結時の評価 (評価シート): each 短期目標 judged (``GoalEvaluation``), and the case's result derived from them."""

    audit_noun = "終結時の評価"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="evaluations")
    # The plan whose goals were judged; evaluations made before goals were judged one by one have none.
    plan = models.ForeignKey(
        Plan, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name="評価したプラン"
    )
    evaluated_on = models.DateField("評価日")
    goal_result = models.CharField("目標の達成", max_length=10, choices=GoalResult.choices)
    reasons = models.TextField("達成・未達成の理由")
    person_view = models.TextField("本人の評価・意見", blank=True)
    implementation = models.TextField("支援の実施状況", blank=True)
    improvements = models.JSONField("本人の変化（自立に向けた改善）", default=list, blank=True)
    employed = models.BooleanField("就労した", default=False)
    employed_on = models.DateField("就労開始日", null=True, blank=True)
    income_increased = models.BooleanField("収入が増えた", default=False)
    income_increase = models.PositiveIntegerField("増収額（月額・円）", null=True, blank=True)
    remaining_issues = models.TextField("残された課題・新たな課題", blank=True)
    direction = models.CharField("今後の方向性", max_length=8, choices=Direction.choices, blank=True)
    closure_code = models.CharField("終結理由区分", max_length=14, choices=ClosureCode.choices, blank=True)
    keep_watching = models.BooleanField("終結後も見守りを続ける", default=False)
    watch_note = models.CharField("見守りの方法・担当", max_length=200, blank=True)

    class Meta:
        verbose_name = "終結時の評価"
        verbose_name_plural = "終結時の評価"
        ordering = ["-evaluated_on", "-pk"]

    def __str__(self) -> str:
        return f"終結時の評価（{self.evaluated_on:%Y/%m/%d}）"


class GoalEvaluation(AuditLabelled, models.Model):
    """One 短期目標 judged at closure, as the 評価シート lists them. The goal's words are kept as they were
    judged: a later plan version does not change what was evaluated."""

    audit_noun = "目標ごとの評価"

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="goals")
    position = models.PositiveSmallIntegerField("番号")
    goal = models.TextField("短期目標")
    result = models.CharField("達成状況", max_length=10, choices=GoalResult.choices)
    comment = models.TextField("評価・理由", blank=True)

    class Meta:
        verbose_name = "目標ごとの評価"
        verbose_name_plural = "目標ごとの評価"
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "position"], name="goal_evaluation_position")
        ]

    def __str__(self) -> str:
        return f"短期目標{self.position}の評価"
