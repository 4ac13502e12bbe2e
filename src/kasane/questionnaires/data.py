"""Loads a questionnaire's answers into the plain inputs of ``results`` (a fixed number of queries).

The annual report uses these too: ``load(q)`` for counts and charts, ``comparison(post)`` for a 研修前/研修後
pair, ``excerpts(q)`` for the free-text answers staff marked for the report.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from kasane.questionnaires import results
from kasane.questionnaires.models import Answer, Question, QuestionKind, Questionnaire, Response


@dataclass(frozen=True)
class Loaded:
    questionnaire: Questionnaire
    questions: list[results.QuestionData]
    responses: list[results.ResponseData]
    summary: list[results.QuestionResult]

    @property
    def respondents(self) -> int:
        return len(self.responses)

    @property
    def category(self) -> results.QuestionData | None:
        return next((q for q in self.questions if q.kind == QuestionKind.CATEGORY), None)

    def text_groups(self, question: results.QuestionData) -> list[results.TextGroup]:
        return results.group_texts(question, self.category, self.responses)


def question_data(questionnaire: Questionnaire) -> list[results.QuestionData]:
    questions = Question.objects.filter(questionnaire=questionnaire).prefetch_related("choices")
    return [
        results.QuestionData(
            id=q.pk,
            number=number,
            kind=q.kind,
            text=q.text,
            choices=tuple(results.ChoiceData(c.pk, c.label) for c in q.choices.all()),
        )
        for number, q in enumerate(questions, start=1)
    ]


def response_data(questionnaire: Questionnaire) -> list[results.ResponseData]:
    ids = list(
        Response.objects.filter(questionnaire=questionnaire)
        .order_by("submitted_at", "pk")
        .values_list("pk", flat=True)
    )
    choices: dict[int, dict[int, list[int]]] = defaultdict(lambda: defaultdict(list))
    texts: dict[int, dict[int, results.TextAnswerData]] = defaultdict(dict)
    rows = (
        Answer.objects.filter(response__questionnaire=questionnaire)
        .order_by("pk")
        .values_list("pk", "response_id", "question_id", "choice_id", "text", "excerpt")
    )
    for pk, response_id, question_id, choice_id, text, excerpt in rows:
        if choice_id is not None:
            choices[response_id][question_id].append(choice_id)
        elif text:
            texts[response_id][question_id] = results.TextAnswerData(pk, text, excerpt)
    return [
        results.ResponseData(
            id=pk,
            choices={q: tuple(c) for q, c in choices[pk].items()},
            texts=dict(texts[pk]),
        )
        for pk in ids
    ]


def load(questionnaire: Questionnaire) -> Loaded:
    questions = question_data(questionnaire)
    responses = response_data(questionnaire)
    return Loaded(questionnaire, questions, responses, results.summarise(questions, responses))


def comparison(post: Questionnaire) -> tuple[Loaded, Loaded, results.Comparison] | None:
    """The 研修前/研修後 comparison of a 研修後 questionnaire with its pair (None when it has none)."""
    if post.pair is None:
        return None
    before, after = load(post.pair), load(post)
    return before, after, results.compare(before.summary, after.summary)


def excerpts(questionnaire: Questionnaire) -> list[tuple[results.QuestionData, list[results.TextGroup]]]:
    """The answers marked 報告書に抜粋, per free-text question, grouped by respondent category."""
    loaded = load(questionnaire)
    out = []
    for question in loaded.questions:
        if question.kind != QuestionKind.TEXT:
            continue
        groups = [
            results.TextGroup(g.label, tuple(a for a in g.answers if a.excerpt))
            for g in loaded.text_groups(question)
        ]
        groups = [g for g in groups if g.answers]
        if groups:
            out.append((question, groups))
    return out
