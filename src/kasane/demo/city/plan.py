"""かさね市's 実施計画 and its 成果指標 (004 §7), and the resident surveys that measure ⑤–⑧.

The plan period began two 年度 before the load day and runs five: its indicators are 004's eight, word for word,
with 004's baselines (the 年度 before the plan) and targets (its last 年度). For each 年度 of the period already
over, the city's programme officer (``shi``) ran the 市民意識調査 (⑤–⑦) in October and the 地域福祉アンケート
(⑧) in November with the questionnaires app: anonymous, 18歳以上 residents, most answers typed in from paper.
The share in the population moves from the baseline toward the target, a little off the straight line (⑥
lags); older residents answer more often than younger ones, and the groups answer differently, so the
estimate weighted by age (事後層化) differs from the raw share. Each survey draws from a stream of its own,
named by its place in the period, so the answers are the same whatever day the demo is built.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from decimal import Decimal

from django.utils import timezone

from kasane.audit.actor import Actor
from kasane.demo.city.build import Builder
from kasane.demo.city.plan_data import (
    AGE_QUESTION,
    CITIZEN_INTRO,
    INDICATORS,
    NO_AGE,
    OFFICE,
    OFFICER,
    POPULATION,
    RESPONDENTS,
    SKIPPED,
    TITLE,
    WELFARE_INTRO,
    WHERE,
    WHERE_WEIGHTS,
    Spec,
)
from kasane.demo.city.plan_texts import TEXTS
from kasane.lib.dates import TOKYO, fiscal_year, fiscal_year_label
from kasane.programme import services, versions
from kasane.programme.models import Indicator, PlanPeriod, SurveyMeasure
from kasane.questionnaires import services as questionnaires
from kasane.questionnaires.models import (
    AGE_BANDS,
    Answer,
    Choice,
    Phase,
    Question,
    QuestionKind,
    Questionnaire,
    Response,
)
from kasane.questionnaires.starters import QuestionSpec, Starter


def load_plan(b: Builder) -> dict[str, int]:
    """The plan period, its eight indicators, and the surveys of each 年度 already over; their counts.

    A city has one plan per period: run again on the same day (``load_cases`` twice, as a test does to see the
    same people drawn), it finds the plan in place, writes nothing and counts what is there."""
    first = fiscal_year(b.today) - 2
    existing = PlanPeriod.objects.filter(municipality=b.city, first_year=first).first()
    if existing is not None:
        return _counts(existing)
    actor = Actor(user=b.users[OFFICER], municipality=b.city, agency=b.agency(OFFICE))
    published_on = dt.date(first, 4, 1)
    period = services.save_period(
        PlanPeriod(
            municipality=b.city,
            title=TITLE,
            first_year=first,
            last_year=first + 4,
            made_on=published_on,
            **TEXTS,
        ),
        actor=actor,
    )
    services.publish_period(period, published_on, actor=actor)
    indicators = [
        services.save_indicator(
            Indicator(
                period=period,
                number=s.number,
                name=s.name,
                definition=s.definition,
                source=s.source,
                measure=s.measure,
                unit=s.unit,
                direction=s.direction,
                baseline=Decimal(s.baseline) if s.baseline else None,
                baseline_note="" if s.baseline else "事業未実施",
                baseline_year=first - 1,
                target=Decimal(s.target),
                target_year=period.last_year,
            ),
            actor=actor,
        )
        for s in INDICATORS
    ]
    by_number = {i.number: i for i in indicators}
    for index, year in enumerate(range(first, fiscal_year(b.today)), start=1):
        for kind, numbers in (("citizen", (5, 6, 7)), ("welfare", (8,))):
            _Survey(b, actor, year, index, kind, [by_number[n] for n in numbers]).write()
    # The plan document as published, kept as its 公表版 (what the prefecture reads).
    versions.make_version(period, actor=actor, published=True, on=published_on)
    _backdate(period)
    return _counts(period)


def _counts(period: PlanPeriod) -> dict[str, int]:
    asked = SurveyMeasure.objects.filter(indicator__period=period).values("question__questionnaire")
    return {
        "plan_indicators": period.indicators.count(),
        "survey_responses": Response.objects.filter(questionnaire__in=asked).count(),
    }


class _Survey:
    """One questionnaire of one 年度: its questions, its answers and the measures that read them."""

    def __init__(
        self, b: Builder, actor: Actor, year: int, index: int, kind: str, indicators: list[Indicator]
    ) -> None:
        self.b, self.actor, self.year, self.index, self.kind = b, actor, year, index, kind
        self.indicators = indicators
        self.specs = [INDICATORS[i.number - 1] for i in indicators]
        self.rng = random.Random(f"{b.seed}:plan:{kind}:{index}")

    def write(self) -> None:
        questionnaire = self._questionnaire()
        questions = list(questionnaire.questions.order_by("order").prefetch_related("choices"))
        age, asked = questions[0], questions[1:]
        options = {q.pk: list(q.choices.all()) for q in questions}
        count = self.rng.randint(620, 880)
        responses = Response.objects.bulk_create(
            Response(questionnaire=questionnaire, submitted_at=self._sent(questionnaire))
            for _ in range(count)
        )
        rng, answers = self.rng, list[Answer]()
        bands: dict[int, list[Response]] = defaultdict(list)  # -1: the age left blank
        for response in responses:
            band = rng.choices(range(len(AGE_BANDS)), RESPONDENTS)[0] if rng.random() >= NO_AGE else -1
            bands[band].append(response)
            if band >= 0:
                answers.append(
                    Answer(response_id=response.pk, question_id=age.pk, choice_id=options[age.pk][band].pk)
                )
        for question, spec, indicator in zip(asked, self.specs, self.indicators, strict=True):
            for band, members in sorted(bands.items()):
                answered = [r for r in members if rng.random() >= SKIPPED]
                # As many counted as the band's share says, so the year's figure lands where the story puts it
                # rather than wherever chance would.
                counted = set(rng.sample(answered, round(len(answered) * self._share(spec, indicator, band))))
                answers += [
                    Answer(response_id=r.pk, question_id=question.pk, choice_id=c.pk)
                    for r in answered
                    for c in self._choose(spec, options[question.pk], r in counted)
                ]
        Answer.objects.bulk_create(answers)
        questionnaires.close_questionnaire(questionnaire, actor=self.actor)
        self._measures(age, options[age.pk], asked, options)
        self._backdate(questionnaire)

    def _questionnaire(self) -> Questionnaire:
        citizen = self.kind == "citizen"
        name = "市民意識調査" if citizen else "地域福祉アンケート"
        month, closes = (10, 31) if citizen else (11, 30)
        starter = Starter(
            key=f"plan_{self.kind}",
            name=name,
            source="実施計画の成果指標",
            phase=Phase.SINGLE,
            intro=CITIZEN_INTRO if citizen else WELFARE_INTRO,
            questions=(
                AGE_QUESTION,
                *(
                    QuestionSpec(
                        QuestionKind.MULTIPLE if s.multiple else QuestionKind.SINGLE,
                        s.question,
                        choices=s.options,
                        required=False,
                    )
                    for s in self.specs
                ),
            ),
        )
        questionnaire = Questionnaire(
            prefecture=self.b.city.prefecture,
            municipality=self.b.city,
            title=f"{fiscal_year_label(self.year).split('（')[0]} かさね市{name}",
            opens_on=dt.date(self.year, month, 1),
            closes_on=dt.date(self.year, month, closes),
            anonymous=True,
        )
        questionnaires.create_questionnaire(questionnaire, starter=starter, actor=self.actor)
        questionnaires.open_questionnaire(questionnaire, actor=self.actor)
        return questionnaire

    def _share(self, spec: Spec, indicator: Indicator, band: int) -> float:
        """The share among residents of the age band (-1: unknown) this 年度: the line from baseline to target,
        off it by the year's amount, and the band's lead over the population's mean."""
        start, target = float(indicator.start_value()), float(indicator.target)
        span = indicator.target_year - indicator.baseline_year
        share = start + (target - start) * (self.year - indicator.baseline_year) / span
        share += spec.off_line[min(self.index, len(spec.off_line)) - 1]
        if band >= 0:
            mean = sum(p * d for p, d in zip(POPULATION, spec.by_age, strict=True)) / sum(POPULATION)
            share += spec.by_age[band] - mean
        return min(max(share / 100, 0.01), 0.99)

    def _choose(self, spec: Spec, options: list[Choice], counted: bool) -> list[Choice]:
        rng = self.rng
        by_label = {c.label: c for c in options}
        if not spec.multiple:
            weights = spec.split[:2] if counted else spec.split[2:]
            pool = spec.counted if counted else tuple(o for o in spec.options if o not in spec.counted)
            return [by_label[rng.choices(pool, weights)[0]]]
        ordinary = [by_label[label] for label in WHERE[: len(WHERE_WEIGHTS)]]
        if counted:
            unsure, nobody = (by_label[label] for label in spec.counted)
            chosen = [rng.choices((unsure, nobody), spec.split)[0]]
            if chosen[0] is unsure and rng.random() < 0.25:
                chosen.append(ordinary[0])  # family, though unsure where to turn for the rest
            return chosen
        picked = {id(c): c for c in rng.choices(ordinary, WHERE_WEIGHTS, k=rng.choice((1, 1, 2, 2, 3)))}
        return list(picked.values())

    def _measures(
        self, age: Question, bands: list[Choice], asked: list[Question], options: dict[int, list[Choice]]
    ) -> None:
        populations = {str(c.pk): n for c, n in zip(bands, POPULATION, strict=True)}
        for indicator, spec, question in zip(self.indicators, self.specs, asked, strict=True):
            services.save_survey_measure(
                SurveyMeasure(
                    indicator=indicator,
                    fiscal_year=self.year,
                    question=question,
                    weight_question=age,
                    populations=populations,
                ),
                [c for c in options[question.pk] if c.label in spec.counted],
                actor=self.actor,
            )

    def _sent(self, questionnaire: Questionnaire) -> dt.datetime:
        """About a third answered on the web by the QR code, at any hour; the rest on paper, typed in by staff
        on working days up to ten days after the close."""
        assert questionnaire.opens_on is not None and questionnaire.closes_on is not None
        rng = self.rng
        span = (questionnaire.closes_on - questionnaire.opens_on).days
        if rng.random() < 0.35:
            day = questionnaire.opens_on + dt.timedelta(days=rng.randint(0, span))
            at = dt.time(rng.randint(7, 22), rng.randint(0, 59))
        else:
            day = questionnaire.opens_on + dt.timedelta(days=rng.randint(3, span + 10))
            day -= dt.timedelta(days=max(0, day.weekday() - 4))
            at = dt.time(rng.randint(9, 16), rng.randint(0, 59))
        return dt.datetime.combine(day, at, tzinfo=TOKYO)

    def _backdate(self, questionnaire: Questionnaire) -> None:
        assert questionnaire.opens_on is not None and questionnaire.closes_on is not None
        Questionnaire.objects.filter(pk=questionnaire.pk).update(
            created_at=_at(questionnaire.opens_on - dt.timedelta(days=21), 10),
            updated_at=_at(questionnaire.closes_on + dt.timedelta(days=11), 9),
        )


def _backdate(period: PlanPeriod) -> None:
    """Registered on the day the plan was published."""
    assert period.published_on is not None
    moment = _at(period.published_on, 9)
    PlanPeriod.objects.filter(pk=period.pk).update(updated_at=moment)
    Indicator.objects.filter(period=period).update(updated_at=moment)


def _at(day: dt.date, hour: int) -> dt.datetime:
    return min(dt.datetime.combine(day, dt.time(hour), tzinfo=TOKYO), timezone.now())
