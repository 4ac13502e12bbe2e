"""An event's questionnaire results in the report: counts, charts and excerpts, shown only for a sitting that
was held and only when enough people answered (the officer's ``min_sample``); every chart says its n."""

from __future__ import annotations

from decimal import Decimal

from kasane.annual_report.document import Chart, Heading, Para, Section, Table
from kasane.annual_report.held import HELD, PLANNED
from kasane.questionnaires import data as questionnaire_data
from kasane.questionnaires import results
from kasane.questionnaires.models import Phase, QuestionKind, Questionnaire

MAX_CHARTS_PER_QUESTIONNAIRE = 6
MAX_EXCERPTS_PER_GROUP = 4
# What the slides chart: what the questionnaire asked (understanding, usefulness), never who answered.
SLIDE_KINDS = (QuestionKind.LIKERT, QuestionKind.SINGLE, QuestionKind.MULTIPLE)


def too_few(n: int) -> str:
    return f"回答数が少ないため（n={n}）集計を示していません"


def blocks(section: Section, questionnaire: Questionnaire, state: str, min_sample: int) -> list[Chart]:
    """Adds one questionnaire's results to the section; returns the charts a slide may show, best first."""
    section.sources.append(("questionnaires.Questionnaire", questionnaire.pk))
    if questionnaire.phase == Phase.PRE and hasattr(questionnaire, "paired_post"):
        return []  # reported with its 研修後 questionnaire
    loaded = questionnaire_data.load(questionnaire)
    section.blocks.append(Heading(f"アンケート結果：{questionnaire.title}", 3))
    if state != HELD:
        reason = "開催前のため" if state == PLANNED else "出席の記録がないため"
        section.blocks.append(
            Para(f"{reason}、アンケートの結果は掲載していません（回答 {loaded.respondents}件）。")
        )
        return []
    section.blocks.append(Para(f"回答数 {loaded.respondents}件"))
    if loaded.respondents < min_sample:
        section.blocks.append(Para(f"{too_few(loaded.respondents)}（最少の回答数 {min_sample}件）。"))
        _excerpts(section, questionnaire)
        return []
    liked: list[Chart] = []
    shown = _comparison(section, questionnaire, min_sample, liked)
    charts = 0
    for result in loaded.summary:
        if result.question.id in shown or charts >= MAX_CHARTS_PER_QUESTIONNAIRE:
            continue
        spec = results.chart_for(result)
        if spec is None:
            continue
        if result.answered < min_sample:
            section.blocks.append(
                Para(f"「{result.question.text}」は{too_few(result.answered)}。", note=True)
            )
            continue
        chart = Chart(spec, f"{result.question.text}（n={result.answered}）")
        section.blocks.append(chart)
        if result.question.kind in SLIDE_KINDS:
            liked.append(chart)
        charts += 1
    _excerpts(section, questionnaire)
    return liked


def _comparison(
    section: Section, questionnaire: Questionnaire, min_sample: int, liked: list[Chart]
) -> set[int]:
    compared = questionnaire_data.comparison(questionnaire) if questionnaire.phase == Phase.POST else None
    if compared is None:
        return set()
    before, after, comparison = compared
    section.sources.append(("questionnaires.Questionnaire", before.questionnaire.pk))
    if before.respondents < min_sample:
        section.blocks.append(
            Para(
                f"研修前のアンケートは{too_few(before.respondents)}。研修後の結果のみ示します。",
                note=True,
            )
        )
        return set()
    section.blocks.append(
        Para(f"研修前（回答 {before.respondents}件）と研修後（回答 {after.respondents}件）の比較")
    )
    shown: set[int] = set()
    for row in comparison.rows:
        if min(row.before.answered, row.after.answered) < min_sample:
            continue
        chart = Chart(
            results.comparison_chart(row),
            f"{row.text}：{row.after.positive_label}の割合 {row.before.positive_share}% → "
            f"{row.after.positive_share}%（{_signed(row.shift_points)}ポイント）"
            f"（研修前 n={row.before.answered}、研修後 n={row.after.answered}）",
        )
        section.blocks.append(chart)
        liked.append(chart)
        shown.add(row.after.question.id)
    return shown


def _excerpts(section: Section, questionnaire: Questionnaire) -> None:
    for question, groups in questionnaire_data.excerpts(questionnaire):
        section.blocks.append(Heading(f"{question.text}（原文ママ、抜粋）", 3))
        section.blocks.append(
            Table(
                ("区分", "回答"),
                tuple(
                    (group.label, "\n".join(f"・{a.text}" for a in group.answers[:MAX_EXCERPTS_PER_GROUP]))
                    for group in groups
                ),
                (1, 5),
                caption=f"自由記述「{question.text}」の抜粋",
            )
        )


def _signed(value: Decimal) -> str:
    text = str(value)
    return text if text.startswith("-") else f"+{text}"
