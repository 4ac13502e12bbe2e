"""The survey indicators (004 §7 ⑤–⑧): a share of the residents who answered a question of a survey run with
the questionnaires app, with its sample size and 95% confidence interval.

The definitions, in plain words:

- **Answered**: a respondent answered the question when they chose at least one of its options. A respondent
  who left it blank (無回答) is not in ``n`` and not in the share.
- **Counted**: a respondent who answered is counted when any option they chose is one of the measure's
  ``counted`` options (「そう思う」+「ややそう思う」; for a multiple-choice question, any one of them is enough).
- **Share**: counted respondents over those who answered, as a percentage rounded half up to one decimal.
- **Weighting (事後層化, optional)**: when the municipality gives the population of each group of a weighting
  question (年代, 地区 …), each respondent of group g stands for ``population_g / respondents_g`` residents,
  the respondents of a group being those of g who answered this question; the share is then of the weights.
  A respondent who did not answer the weighting question, or chose a group without a population, weighs the
  mean weight of the others. A group with a population but no respondent cannot be represented: it is left
  out, and the weighted share stands for the groups that answered. Groups given a population of 0 or less
  are treated as having none.
- **Interval**: the 95% Wilson score interval of the share, computed on the effective sample size (Kish:
  ``(Σw)² / Σw²``, which equals ``n`` without weighting and shrinks as weights grow uneven), rounded half up
  to one decimal and kept within 0–100%.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Any

from kasane.programme.models import Indicator, SurveyMeasure
from kasane.questionnaires.models import Answer

Z95 = 1.959963984540054  # the standard normal quantile of 97.5%
SMALL_SAMPLE = 30
_TENTH = Decimal("0.1")


@dataclass(frozen=True)
class Estimate:
    """A survey share: ``percent`` of the ``n`` respondents who answered, with its 95% interval."""

    percent: Decimal
    low: Decimal
    high: Decimal
    n: int
    n_effective: float
    weighted: bool

    @property
    def small(self) -> bool:
        """Fewer than 30 answered: the page flags the figure as unreliable."""
        return self.n < SMALL_SAMPLE

    @property
    def label(self) -> str:
        """58.3%（95%信頼区間 55.1〜61.4%、n=812）"""
        return f"{self.percent}%（95%信頼区間 {self.low}〜{self.high}%、n={self.n}）"


Respondent = tuple[bool, int | None]  # (counted?, their group in the weighting question or None)


def estimate(answers: Sequence[Respondent], populations: Mapping[int, int] | None) -> Estimate | None:
    """The share of ``answers`` that are counted, weighted by ``populations`` ({group: population}) when
    given (see the module's docstring); None when nobody answered."""
    n = len(answers)
    if n == 0:
        return None
    weights = _weights([group for _, group in answers], populations)
    total = sum(weights, Fraction(0))
    share = sum((w for (counted, _), w in zip(answers, weights, strict=True) if counted), Fraction(0)) / total
    n_effective = float(total * total / sum((w * w for w in weights), Fraction(0)))
    low, high = wilson(float(share), n_effective)
    return Estimate(
        percent=_tenth(share * 100),
        low=_tenth(Fraction(max(low, 0.0)) * 100),
        high=_tenth(Fraction(min(high, 1.0)) * 100),
        n=n,
        n_effective=n_effective,
        # Weighted only when some respondent stood in a group with a population (else every weight is 1).
        weighted=any(g in {k for k, p in (populations or {}).items() if p > 0} for _, g in answers),
    )


def _weights(groups: Sequence[int | None], populations: Mapping[int, int] | None) -> list[Fraction]:
    """Each respondent's weight, as an exact fraction so that the share rounds as computed by hand."""
    if not populations:
        return [Fraction(1)] * len(groups)
    known = {g: p for g, p in populations.items() if p > 0}
    respondents: dict[int, int] = defaultdict(int)
    for group in groups:
        if group in known:
            respondents[group] += 1
    of_group = {g: Fraction(known[g], count) for g, count in respondents.items()}
    placed = sum(respondents.values())
    # The mean weight of the respondents placed in a group: Σ population of their groups / their number.
    mean = Fraction(sum(known[g] for g in respondents), placed) if placed else Fraction(1)
    return [of_group.get(g, mean) if g is not None else mean for g in groups]


def wilson(share: float, n: float) -> tuple[float, float]:
    """The 95% Wilson score interval of ``share`` (0–1) over a sample of ``n`` (may be effective, not whole)."""
    z2 = Z95 * Z95
    denominator = 1 + z2 / n
    centre = (share + z2 / (2 * n)) / denominator
    half = Z95 / denominator * math.sqrt(share * (1 - share) / n + z2 / (4 * n * n))
    return centre - half, centre + half


def _tenth(value: Fraction) -> Decimal:
    """Round half up to one decimal, exactly (a float would round 0.25 by its binary value)."""
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    return exact.quantize(_TENTH, rounding=ROUND_HALF_UP)


# ── from the database ───────────────────────────────────────────────────────────────────────────────────
@dataclass(frozen=True)
class _Spec:
    question_id: int
    counted: frozenset[int]
    weight_question_id: int | None
    populations: Mapping[int, int]


def measure(sm: SurveyMeasure) -> Estimate | None:
    """The estimate of one ``SurveyMeasure`` in two queries (its counted options, then the answers)."""
    counted = sm.counted.values_list("pk", flat=True)
    return _estimates({0: _spec(sm.question_id, counted, sm.weight_question_id, sm.populations)})[0]


def measures_of(indicators: Iterable[Indicator]) -> dict[tuple[int, int], Estimate]:
    """The estimates of every ``SurveyMeasure`` of ``indicators`` (already loaded), keyed (indicator id, 年度),
    in three queries whatever their number: the measures, their counted options, the answers. A measure
    nobody answered is left out."""
    ids = [i.pk for i in indicators]
    if not ids:
        return {}
    rows = list(
        SurveyMeasure.objects.filter(indicator_id__in=ids).values_list(
            "pk", "indicator_id", "fiscal_year", "question_id", "weight_question_id", "populations"
        )
    )
    if not rows:
        return {}
    counted: dict[int, set[int]] = defaultdict(set)
    through = SurveyMeasure.counted.through.objects.filter(surveymeasure_id__in=[r[0] for r in rows])
    for measure_id, choice_id in through.values_list("surveymeasure_id", "choice_id"):
        counted[measure_id].add(choice_id)
    found = _estimates(
        {
            pk: _spec(question, counted[pk], weighting, populations)
            for pk, _, _, question, weighting, populations in rows
        }
    )
    out: dict[tuple[int, int], Estimate] = {}
    for pk, indicator_id, year, *_ in rows:
        result = found[pk]
        if result is not None:
            out[(indicator_id, year)] = result
    return out


def _spec(
    question_id: int, counted: Iterable[int], weight_question_id: int | None, populations: Any
) -> _Spec:
    """Populations as stored ({"choice id": population}); without a weighting question they are ignored."""
    parsed = {int(k): int(v) for k, v in (populations or {}).items()} if weight_question_id else {}
    return _Spec(question_id, frozenset(counted), weight_question_id if parsed else None, parsed)


def _estimates(specs: Mapping[int, _Spec]) -> dict[int, Estimate | None]:
    """One query for the answers of every question the specs read, measured and weighting."""
    questions = {s.question_id for s in specs.values()}
    questions |= {s.weight_question_id for s in specs.values() if s.weight_question_id}
    chosen: dict[int, dict[int, set[int]]] = defaultdict(lambda: defaultdict(set))
    rows = Answer.objects.filter(question_id__in=questions, choice__isnull=False).values_list(
        "question_id", "response_id", "choice_id"
    )
    for question_id, response_id, choice_id in rows:
        chosen[question_id][response_id].add(choice_id)
    out: dict[int, Estimate | None] = {}
    for key, spec in specs.items():
        groups: dict[int, int] = {}
        if spec.weight_question_id:
            # Several options chosen in the weighting question (it asks for one): the lowest id, normally the
            # first listed, decides.
            groups = {r: min(c) for r, c in chosen[spec.weight_question_id].items()}
        answers = [(bool(c & spec.counted), groups.get(r)) for r, c in chosen[spec.question_id].items()]
        out[key] = estimate(answers, spec.populations)
    return out
