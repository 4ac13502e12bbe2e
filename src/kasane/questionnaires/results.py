"""Aggregation of questionnaire answers: pure functions over plain data, no database.

Definitions, as 003's figures use them:
- ``n`` of a question is the number of respondents who answered it; 無回答 is counted apart.
- a percentage is of those ``n`` respondents, rounded half up to one decimal. For multiple choice each option's
  percentage is of respondents too, so they add up to more than 100%.
- for a Likert question the top two levels (e.g. よく理解できた and 理解できた) make 「理解できた」以上; a
  before/after comparison reports the change of that share in percentage points.
- free text is grouped by the respondent's category (福祉関係者, 行政職員, 医療関係者, その他).

``kasane.questionnaires.data`` loads these inputs from the database.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from kasane.lib.charts import ChartSpec

CHOICE_KINDS = ("single", "multiple", "likert", "age", "category")
NO_CATEGORY = "区分の回答なし"
ONE_DECIMAL = Decimal("0.1")


def percent(part: int | Fraction, whole: int) -> Decimal:
    """``part`` of ``whole`` in percent, rounded half up to one decimal (0 when nobody answered)."""
    if not whole:
        return Decimal("0.0")
    return rounded(Fraction(part) * 100 / whole)


def rounded(value: Fraction) -> Decimal:
    return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(
        ONE_DECIMAL, rounding=ROUND_HALF_UP
    )


# --- inputs ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ChoiceData:
    id: int
    label: str


@dataclass(frozen=True)
class QuestionData:
    id: int
    number: int
    kind: str
    text: str
    choices: tuple[ChoiceData, ...] = ()


@dataclass(frozen=True)
class TextAnswerData:
    id: int
    text: str
    excerpt: bool = False


@dataclass(frozen=True)
class ResponseData:
    id: int
    choices: dict[int, tuple[int, ...]] = field(default_factory=dict)  # question id → chosen choice ids
    texts: dict[int, TextAnswerData] = field(default_factory=dict)  # question id → its text answer


# --- outputs -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ChoiceCount:
    label: str
    count: int
    percent: Decimal


@dataclass(frozen=True)
class QuestionResult:
    question: QuestionData
    respondents: int  # every response to the questionnaire
    answered: int  # n: respondents who answered this question
    counts: tuple[ChoiceCount, ...] = ()
    texts: tuple[TextAnswerData, ...] = ()

    @property
    def unanswered(self) -> int:
        return self.respondents - self.answered

    @property
    def is_likert(self) -> bool:
        return self.question.kind == "likert"

    @property
    def positive_count(self) -> int:
        return sum(c.count for c in self.counts[:2])

    @property
    def positive_share(self) -> Decimal:
        """The share of the top two levels (「理解できた」以上) among those who answered."""
        return percent(self.positive_count, self.answered)

    @property
    def positive_label(self) -> str:
        return f"「{self.counts[1].label}」以上" if len(self.counts) > 1 else ""


def summarise(questions: Sequence[QuestionData], responses: Sequence[ResponseData]) -> list[QuestionResult]:
    return [summarise_question(q, responses) for q in questions]


def summarise_question(question: QuestionData, responses: Sequence[ResponseData]) -> QuestionResult:
    total = len(responses)
    if question.kind not in CHOICE_KINDS:
        texts = tuple(r.texts[question.id] for r in responses if question.id in r.texts)
        return QuestionResult(question, total, len(texts), texts=texts)
    valid = {c.id for c in question.choices}
    chosen = [set(r.choices.get(question.id, ())) & valid for r in responses]
    answered = sum(1 for ids in chosen if ids)
    counts = tuple(
        ChoiceCount(c.label, n, percent(n, answered))
        for c in question.choices
        for n in [sum(1 for ids in chosen if c.id in ids)]
    )
    return QuestionResult(question, total, answered, counts=counts)


# --- before and after --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ComparedQuestion:
    before: QuestionResult
    after: QuestionResult
    matched_by: str  # "text" or "order"

    @property
    def text(self) -> str:
        return self.after.question.text

    @property
    def shift_points(self) -> Decimal:
        """Change of the 「…以上」 share, in percentage points, from the unrounded shares."""
        if not self.before.answered or not self.after.answered:
            return Decimal("0.0")
        before = Fraction(self.before.positive_count * 100, self.before.answered)
        after = Fraction(self.after.positive_count * 100, self.after.answered)
        return rounded(after - before)


@dataclass(frozen=True)
class Comparison:
    rows: tuple[ComparedQuestion, ...]
    only_before: tuple[QuestionResult, ...]
    only_after: tuple[QuestionResult, ...]


def _key(text: str) -> str:
    return "".join(text.split()).rstrip("。？?")


def _labels(result: QuestionResult) -> tuple[str, ...]:
    return tuple(c.label for c in result.counts)


def compare(before: Sequence[QuestionResult], after: Sequence[QuestionResult]) -> Comparison:
    """Match the Likert questions asked before and after: by the same wording first, then, for those left,
    by their position among the Likert questions where both use the same levels."""
    pre = [r for r in before if r.is_likert]
    post = [r for r in after if r.is_likert]
    matched: dict[int, tuple[QuestionResult, str]] = {}
    used: set[int] = set()
    by_text = {_key(r.question.text): r for r in pre}
    for i, result in enumerate(post):
        twin = by_text.get(_key(result.question.text))
        if twin is not None and twin.question.id not in used and len(twin.counts) == len(result.counts):
            matched[i] = (twin, "text")
            used.add(twin.question.id)
    for i, result in enumerate(post):
        if i in matched or i >= len(pre):
            continue
        twin = pre[i]
        if twin.question.id not in used and _labels(twin) == _labels(result):
            matched[i] = (twin, "order")
            used.add(twin.question.id)
    rows = tuple(ComparedQuestion(matched[i][0], post[i], matched[i][1]) for i in sorted(matched))
    return Comparison(
        rows=rows,
        only_before=tuple(r for r in pre if r.question.id not in used),
        only_after=tuple(r for i, r in enumerate(post) if i not in matched),
    )


# --- free text by respondent category ----------------------------------------------------------------------


@dataclass(frozen=True)
class TextGroup:
    label: str
    answers: tuple[TextAnswerData, ...]


def group_texts(
    question: QuestionData, category: QuestionData | None, responses: Sequence[ResponseData]
) -> list[TextGroup]:
    """The question's text answers grouped by the respondent's category, in the category's order; answers
    of respondents who gave no category come last. Without a category question, one group of all."""
    if category is None:
        answers = tuple(r.texts[question.id] for r in responses if question.id in r.texts)
        return [TextGroup("すべての回答", answers)] if answers else []
    label_of = {c.id: c.label for c in category.choices}
    grouped: dict[str, list[TextAnswerData]] = {c.label: [] for c in category.choices}
    grouped[NO_CATEGORY] = []
    for response in responses:
        answer = response.texts.get(question.id)
        if answer is None:
            continue
        ids = [i for i in response.choices.get(category.id, ()) if i in label_of]
        grouped[label_of[ids[0]] if ids else NO_CATEGORY].append(answer)
    return [TextGroup(label, tuple(items)) for label, items in grouped.items() if items]


# --- charts ------------------------------------------------------------------------------------------------


def chart_for(result: QuestionResult, *, title: str = "") -> ChartSpec | None:
    """The figure for one question: a 100% stacked bar for a Likert question, bars of the percentage of
    respondents for the other choice questions, none for free text."""
    if not result.counts:
        return None
    title = title or result.question.text
    if result.is_likert:
        return ChartSpec(
            title=title,
            categories=(f"全体（n={result.answered}）",),
            series=_labels(result),
            values=(tuple(c.count for c in result.counts),),
            percentages=(tuple(float(c.percent) for c in result.counts),),
            kind="stacked",
        )
    return ChartSpec(
        title=title,
        categories=_labels(result),
        series=("回答者に占める割合",),
        values=tuple((c.count,) for c in result.counts),
        percentages=tuple((float(c.percent),) for c in result.counts),
        kind="bars",
        note=f"n={result.answered}" + ("（複数回答）" if result.question.kind == "multiple" else ""),
    )


def comparison_chart(row: ComparedQuestion) -> ChartSpec:
    """Two stacked bars, 研修前 over 研修後, as 003's 図表 2-46/2-47 put side by side."""
    return ChartSpec(
        title=row.text,
        categories=(f"研修前（n={row.before.answered}）", f"研修後（n={row.after.answered}）"),
        series=_labels(row.after),
        values=(tuple(c.count for c in row.before.counts), tuple(c.count for c in row.after.counts)),
        percentages=(
            tuple(float(c.percent) for c in row.before.counts),
            tuple(float(c.percent) for c in row.after.counts),
        ),
        kind="stacked",
    )
