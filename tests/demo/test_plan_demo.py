"""What a new user finds of the 実施計画 in the demo (issue 18): かさね市's first plan period, published, with 004
§7's eight indicators as 004 words them, and for each 年度 already over the 市民意識調査 and the
地域福祉アンケート that measure ⑤–⑧, answered by several hundred residents, weighted by age.

Built on a fixed Wednesday morning in the middle of a 年度.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterator
from decimal import Decimal

import pytest
import time_machine

from kasane.audit.models import AuditEntry
from kasane.demo import loader as demo
from kasane.lib.dates import TOKYO
from kasane.programme.models import Direction, Indicator, PlanPeriod, PlanStatus, Source, SurveyMeasure
from kasane.programme.surveys import measure, measures_of
from kasane.questionnaires.models import Answer, QuestionKind, Response
from kasane.questionnaires.models import Status as QuestionnaireStatus
from kasane.tenancy.models import Municipality
from tests.clock import morning_of

pytestmark = pytest.mark.django_db

DAY = dt.date(2026, 11, 18)  # a Wednesday in FY2026: the plan runs FY2024–FY2028, FY2024 and FY2025 are over
D = Decimal

# 004 §7 (3), as printed: name, data source, baseline (R5/2023; 「- (事業未実施)」 for ①–④), target (R10/2028).
TABLE = [
    ("CSWによるアウトリーチ件数（個別支援・関係機関）", "事業実績", None, "400回"),
    ("支援会議実施回数", "事業実績", None, "12回"),
    ("多機関協働による支援プランの検討件数", "事業実績", None, "20件"),
    ("支援プランの決定件数", "事業実績", None, "7件"),
    ("身近に頼れる人や機関があると思う市民の割合", "市民意識調査", "52.2%", "60%"),
    (
        "家庭や職場、学校、地域などで自分の居場所や役割があると感じる市民の割合",
        "市民意識調査",
        "69.5%",
        "75%",
    ),
    ("孤独や孤立を感じる事が「あまりない」または「ない」と答えた市民の割合", "市民意識調査", "58.0%", "65%"),
    (
        "困りごとの相談について、「どこに相談すればいいかわからない」「相談相手はいない」と答える市民の割合",
        "地域福祉アンケート",
        "14.3%",
        "10%",
    ),
]


@pytest.fixture
def city() -> Iterator[Municipality]:
    with time_machine.travel(morning_of(DAY), tick=False):
        demo.load_demo()
        yield Municipality.objects.get(code=demo.DEMO_MUNICIPALITY_CODE)


def _value(printed: str | None) -> Decimal | None:
    return Decimal(printed.rstrip("%回件")) if printed else None


def test_the_plan_and_its_eight_indicators_as_004_has_them(city: Municipality) -> None:
    period = PlanPeriod.objects.get(municipality=city)
    assert period.title == "第1期 かさね市重層的支援体制整備事業実施計画"
    assert (period.first_year, period.last_year) == (2024, 2028)
    assert period.status == PlanStatus.PUBLISHED and period.published_on == dt.date(2024, 4, 1)
    indicators = list(Indicator.objects.filter(period=period).order_by("number"))
    assert [i.number for i in indicators] == list(range(1, 9))
    rows = [(i.name, Source(i.source).label, i.baseline, i.target, i.unit) for i in indicators]
    assert rows == [
        (name, source, _value(baseline), _value(target), target.lstrip("0123456789."))
        for name, source, baseline, target in TABLE
    ]
    assert [i.marker for i in indicators] == list("①②③④⑤⑥⑦⑧")
    assert all((i.baseline_year, i.target_year) == (2023, 2028) for i in indicators)
    assert [i.measure for i in indicators[:4]] == [
        "outreach_contacts",
        "support_meetings_held",
        "plans_considered",
        "plans_decided",
    ]
    assert all(i.baseline_note == "事業未実施" and i.unit in "回件" for i in indicators[:4])
    assert all(not i.measure and i.baseline_note == "" for i in indicators[4:])
    assert [i.direction for i in indicators] == [Direction.HIGHER] * 7 + [Direction.LOWER]
    assert all(i.definition.endswith("。") and i.definition.count("。") == 1 for i in indicators)
    assert {i.updated_by.username for i in indicators} == {"shi"}  # type: ignore[union-attr]


def test_a_weighted_survey_measure_per_year_over(city: Municipality) -> None:
    indicators = {i.number: i for i in Indicator.objects.filter(period__municipality=city)}
    measures = list(
        SurveyMeasure.objects.filter(indicator__period__municipality=city).select_related(
            "indicator", "question__questionnaire", "weight_question"
        )
    )
    assert sorted((m.indicator.number, m.fiscal_year) for m in measures) == [
        (n, y) for n in (5, 6, 7, 8) for y in (2024, 2025)
    ]
    surveys = {m.question.questionnaire for m in measures}
    assert sorted(q.title for q in surveys) == [
        "令和6年度 かさね市地域福祉アンケート",
        "令和6年度 かさね市市民意識調査",
        "令和7年度 かさね市地域福祉アンケート",
        "令和7年度 かさね市市民意識調査",
    ]
    assert demo.last_case_counts["plan_indicators"] == 8
    assert (
        demo.last_case_counts["survey_responses"]
        == Response.objects.filter(questionnaire__in=surveys).count()
    )
    for q in surveys:
        assert q.municipality == city and q.prefecture == city.prefecture and q.anonymous
        assert q.status == QuestionnaireStatus.CLOSED and q.created_by.username == "shi"
        assert q.opens_on and q.closes_on and q.opens_on.month in (10, 11) and q.opens_on.year in (2024, 2025)
        sent = [r.submitted_at.astimezone(TOKYO).date() for r in Response.objects.filter(questionnaire=q)]
        assert 600 <= len(sent) <= 900 and q.opens_on <= min(sent) and max(sent) < DAY
    assert Counter(
        AuditEntry.objects.filter(actor__username="shi").values_list("action", flat=True)
    ) >= Counter(
        {
            "questionnaire.created": 4,
            "questionnaire.opened": 4,
            "questionnaire.closed": 4,
            "programme.plan_saved": 1,
            "programme.plan_published": 1,
            "programme.indicator_saved": 8,
            "programme.survey_measure_saved": 8,
        }
    )
    for m in measures:
        assert m.weighted and m.weight_question is not None and m.weight_question.kind == QuestionKind.AGE
        assert m.weight_question.questionnaire_id == m.question.questionnaire_id
        assert {int(k) for k in m.populations} == set(m.weight_question.choices.values_list("pk", flat=True))
        assert sum(m.populations.values()) == 77_900  # かさね市's 89,700 less its 11,800 under 18
        counted = set(m.counted.values_list("label", flat=True))
        assert (
            counted
            == {
                5: {"そう思う", "ややそう思う"},
                6: {"感じる", "やや感じる"},
                7: {"あまりない", "ない"},
                8: {"どこに相談すればいいかわからない", "相談相手はいない"},
            }[m.indicator.number]
        )
    # ⑧ is asked as multiple choice: some chose more than one place.
    eighth = next(m for m in measures if m.indicator.number == 8)
    per_respondent = Counter(
        Answer.objects.filter(question=eighth.question).values_list("response_id", flat=True)
    )
    assert eighth.question.kind == QuestionKind.MULTIPLE and max(per_respondent.values()) >= 2

    estimates = measures_of(indicators.values())
    for m in sorted(measures, key=lambda m: (m.indicator.number, m.fiscal_year)):
        weighted = estimates[(m.indicator_id, m.fiscal_year)]
        plain = measure(_unweighted(m))
        assert plain is not None and weighted == measure(m)
        # Older residents answer more often, so weighting by age moves the share: down where the old answer
        # better (⑤ 頼れる人, ⑦ 孤独を感じない), up where the young do.
        assert weighted.weighted and not plain.weighted
        assert (weighted.percent < plain.percent) == (m.indicator.number in (5, 7))
        assert weighted.n == plain.n and 550 <= weighted.n <= 900 and weighted.n_effective < weighted.n
        assert not weighted.small and weighted.low < weighted.percent < weighted.high
        # Within two points of the straight line from the baseline to the target.
        i = m.indicator
        start, target = float(i.start_value()), float(i.target)
        line = start + (target - start) * (m.fiscal_year - i.baseline_year) / (
            i.target_year - i.baseline_year
        )
        assert abs(float(weighted.percent) - line) <= 2, (i.number, m.fiscal_year, weighted.percent, line)


def _unweighted(m: SurveyMeasure) -> SurveyMeasure:
    copy = SurveyMeasure.objects.get(pk=m.pk)
    copy.populations = {}
    return copy
