"""Survey indicators (⑤–⑧ of 004 §7): the share, its weighting and its 95% interval, worked out by hand here;
then the same read from a small questionnaire built in the test, in a pinned number of queries."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from kasane.accounts.models import User
from kasane.programme.models import Indicator, PlanPeriod, Source, SurveyMeasure
from kasane.programme.surveys import Estimate, estimate, measure, measures_of
from kasane.questionnaires.models import Answer, Question, QuestionKind, Questionnaire, Response, Status
from kasane.tenancy.models import Municipality
from tests.questionnaires.helpers import add, choice, make_questionnaire

D = Decimal

# z = 1.959964 (97.5% of the normal), z² = 3.841459. Wilson: centre = (p + z²/2n) / (1 + z²/n),
# half = z / (1 + z²/n) · √(p(1−p)/n + z²/4n²).


# ── the pure estimate ──────────────────────────────────────────────────────
def test_unweighted_half_of_a_hundred() -> None:
    # p = 0.5, n = 100: 1 + z²/n = 1.038415; centre = (0.5 + 0.019207) / 1.038415 = 0.5;
    # half = 1.887452 · √(0.0025 + 0.000096) = 1.887452 · 0.050951 = 0.096168 → 40.4〜59.6.
    got = estimate([(True, None)] * 50 + [(False, None)] * 50, None)
    assert got == Estimate(D("50.0"), D("40.4"), D("59.6"), n=100, n_effective=100.0, weighted=False)
    assert got.label == "50.0%（95%信頼区間 40.4〜59.6%、n=100）"
    assert not got.small


def test_the_share_rounds_half_up() -> None:
    # 1 of 16 = 6.25% → 6.3 (half up; to even it would be 6.2). p = 0.0625, n = 16: 1 + z²/n = 1.240091;
    # centre = (0.0625 + 0.120046) / 1.240091 = 0.147204; half = 1.580501 · √(0.003662 + 0.003751)
    # = 1.580501 · 0.086100 = 0.136081 → 1.1〜28.3.
    got = estimate([(True, 7)] + [(False, 7)] * 15, {})
    assert got is not None
    assert (got.percent, got.low, got.high, got.n, got.weighted) == (D("6.3"), D("1.1"), D("28.3"), 16, False)
    assert got.small


def test_all_or_none_counted_stays_within_0_and_100() -> None:
    # p = 1: low = n / (n + z²) = 10 / 13.841459 = 0.722467, high = 1; p = 0: high = z² / (n + z²) = 0.277533.
    everyone = estimate([(True, None)] * 10, None)
    nobody = estimate([(False, None)] * 10, None)
    assert everyone is not None and nobody is not None
    assert (everyone.percent, everyone.low, everyone.high) == (D("100.0"), D("72.2"), D("100.0"))
    assert (nobody.percent, nobody.low, nobody.high) == (D("0.0"), D("0.0"), D("27.8"))
    # 0 of 27: the float bound lands a hair below 0 (−7e-18), which must not show as −0.0; high = z² / (27 + z²)
    # = 0.124554.
    assert estimate([(False, None)] * 27, None).label == "0.0%（95%信頼区間 0.0〜12.5%、n=27）"  # type: ignore[union-attr]


def test_weighted_by_group_population() -> None:
    # Group 1 (600 residents): 2 respondents, 1 counted → 300 each. Group 2 (400): 8 respondents, 6 counted
    # → 50 each. Σw = 1000; counted 300 + 6·50 = 600 → 60.0% (unweighted 7/10 = 70.0%).
    # Kish: 1000² / (2·300² + 8·50²) = 1,000,000 / 200,000 = 5.0. Wilson on p = 0.6, n = 5: 1 + z²/n = 1.768292;
    # centre = (0.6 + 0.384146) / 1.768292 = 0.556546; half = 1.108393 · √(0.048 + 0.038415) = 0.325829
    # → 23.1〜88.2.
    answers = [(True, 1), (False, 1)] + [(True, 2)] * 6 + [(False, 2)] * 2
    got = estimate(answers, {1: 600, 2: 400})
    assert got is not None and got.n_effective == pytest.approx(5.0)
    assert got == Estimate(D("60.0"), D("23.1"), D("88.2"), n=10, n_effective=got.n_effective, weighted=True)
    plain = estimate(answers, None)
    assert plain is not None and plain.percent == D("70.0") and plain.n_effective == 10.0


def test_respondents_without_a_group_weigh_the_mean_weight() -> None:
    # Group 1 (600): 1 respondent, counted → 600. Group 2 (400): 3, none counted → 133.3 each. The mean weight of
    # those four is (600 + 400) / 4 = 250: the one who left the group blank (counted) and the one of group 9,
    # which has no population, weigh 250 each. Group 3 has a population but no respondent: left out, and its
    # 5,000 residents do not enter the mean. Σw = 600 + 400 + 250 + 250 = 1500; counted 600 + 250 = 850
    # → 56.7%. Kish: 1500² / (600² + 3·133.3² + 2·250²) = 2,250,000 / 538,333.3 = 4.18.
    answers = [(True, 1), (False, 2), (False, 2), (False, 2), (True, None), (False, 9)]
    got = estimate(answers, {1: 600, 2: 400, 3: 5000})
    assert got is not None
    assert (got.percent, got.n, got.weighted) == (D("56.7"), 6, True)
    assert got.n_effective == pytest.approx(4.1796, abs=1e-4)
    # The same without the group nobody answered for.
    assert estimate(answers, {1: 600, 2: 400}) == got


def test_a_group_of_no_population_counts_as_without_one() -> None:
    # Group 2 given 0 residents: its respondents weigh the mean of group 1's (100 / 2 = 50), as if ungrouped.
    # Σw = 4·50 = 200; counted 50 + 50 = 100 → 50.0% (not 100%, as zero weights would make it).
    got = estimate([(True, 1), (False, 1), (True, 2), (False, 2)], {1: 100, 2: 0})
    assert got is not None and got.percent == D("50.0") and got.n_effective == pytest.approx(4.0)


def test_nobody_answered() -> None:
    assert estimate([], None) is None
    assert estimate([], {1: 100}) is None


def test_small_below_30() -> None:
    assert estimate([(True, None)] * 29, None).small  # type: ignore[union-attr]
    assert not estimate([(True, None)] * 30, None).small  # type: ignore[union-attr]


# ── from the database ───────────────────────────────────────────────────────


def _answer(q: Questionnaire, **by_question: Any) -> Response:
    """One respondent: {question: [choices]} (an empty list writes a blank answer row with no choice)."""
    response = Response.objects.create(
        questionnaire=q, submitted_at=dt.datetime(2025, 10, 20, 10, tzinfo=dt.UTC)
    )
    for question, choices in by_question.values():
        Answer.objects.bulk_create(
            [Answer(response=response, question=question, choice=c) for c in choices]
            or [Answer(response=response, question=question, choice=None, text="")]
        )
    return response


@pytest.fixture
def survey(municipality: Municipality, make_user: Any) -> dict[str, Any]:
    """A 地域福祉アンケート of 8 respondents: age, and where they would turn with a worry (multiple choice)."""
    user: User = make_user("shi")
    q = make_questionnaire(municipality.prefecture, user, status=Status.CLOSED, municipality=municipality)
    age = add(q, QuestionKind.AGE, "年齢をお選びください")
    where = add(
        q,
        QuestionKind.MULTIPLE,
        "困りごとの相談先",
        ("家族", "市役所", "どこに相談すればいいかわからない", "相談相手はいない"),
    )
    close = add(
        q, QuestionKind.SINGLE, "身近に頼れる人はいますか", ("そう思う", "ややそう思う", "そう思わない")
    )
    thirties, seventies = choice(age, "30代"), choice(age, "70代以上")
    family, city, unsure, nobody = (
        choice(where, x) for x in ("家族", "市役所", "どこに相談すればいいかわからない", "相談相手はいない")
    )
    yes, rather, no = (choice(close, x) for x in ("そう思う", "ややそう思う", "そう思わない"))
    people = [
        ([thirties], [family], [yes]),
        ([thirties], [unsure], [no]),
        ([thirties], [unsure, nobody], [no]),  # both counted options: one counted respondent
        ([seventies], [family, city], [rather]),  # two options: one respondent
        ([seventies], None, [yes]),  # skipped where to turn: not in n
        ([seventies], [city], [yes]),
        (None, [nobody], None),  # no age: the mean weight; skipped 頼れる人
        ([seventies], [], []),  # blank rows with no choice: not answered
    ]
    for ages, wheres, closes in people:
        given = {"age": (age, ages), "where": (where, wheres), "close": (close, closes)}
        _answer(q, **{k: v for k, v in given.items() if v[1] is not None})
    period = PlanPeriod.objects.create(
        municipality=municipality, title="第1期", first_year=2024, last_year=2028
    )
    indicators = {
        number: Indicator.objects.create(
            period=period,
            number=number,
            name=name,
            source=Source.CITIZEN_SURVEY if number == 5 else Source.WELFARE_SURVEY,
            unit="%",
            baseline_year=2023,
            target=D("10"),
            target_year=2028,
        )
        for number, name in (
            (5, "身近に頼れる人や機関があると思う市民の割合"),
            (8, "相談先がわからない市民の割合"),
        )
    }
    lonely = SurveyMeasure.objects.create(
        indicator=indicators[8],
        fiscal_year=2025,
        question=where,
        weight_question=age,
        populations={str(thirties.pk): 3000, str(seventies.pk): 6000},
    )
    lonely.counted.set([unsure, nobody])
    close_by = SurveyMeasure.objects.create(indicator=indicators[5], fiscal_year=2025, question=close)
    close_by.counted.set([yes, rather])
    return {
        "q": q,
        "age": age,
        "where": where,
        "close": close,
        "lonely": lonely,
        "close_by": close_by,
        "indicators": indicators,
        "counted": (unsure, nobody),
        "yes": (yes, rather),
    }


def test_measure_weighted_multiple_choice(survey: dict[str, Any], django_assert_num_queries: Any) -> None:
    # Answered: 6 (the one who skipped and the one with a blank row are not in n); counted: 3 (both options
    # chosen counts once) → unweighted 50.0%. Weighted: 30代 (3,000) has 3 respondents → 1,000 each;
    # 70代以上 (6,000) has 2 who answered this question → 3,000 each; the one without an age weighs
    # (3,000 + 6,000) / 5 = 1,800. Σw = 10,800; counted 2 · 1,000 + 1,800 = 3,800 → 35.2%.
    # Kish: 10,800² / (3 · 1,000² + 2 · 3,000² + 1,800²) = 116,640,000 / 24,240,000 = 4.81.
    sm = SurveyMeasure.objects.get(pk=survey["lonely"].pk)
    with django_assert_num_queries(2):
        got = measure(sm)
    assert got is not None
    assert (got.percent, got.n, got.weighted) == (D("35.2"), 6, True)
    assert got.n_effective == pytest.approx(4.8119, abs=1e-4)
    assert (got.low, got.high) == (D("9.3"), D("74.3"))
    sm.populations = {}
    plain = measure(sm)
    assert plain is not None and (plain.percent, plain.n, plain.weighted) == (D("50.0"), 6, False)


def test_measure_single_choice_unweighted(survey: dict[str, Any]) -> None:
    # 頼れる人: answered by 6 (no answer from the one without an age, a blank row from the last); そう思う or
    # ややそう思う: 4 → 66.7%.
    got = measure(survey["close_by"])
    assert got is not None and (got.percent, got.n, got.weighted) == (D("66.7"), 6, False)


def test_measures_of_in_three_queries_whatever_the_number(
    survey: dict[str, Any], django_assert_num_queries: Any
) -> None:
    indicators = list(survey["indicators"].values())
    with django_assert_num_queries(3):
        got = measures_of(indicators)
    eight, five = survey["indicators"][8].pk, survey["indicators"][5].pk
    assert set(got) == {(eight, 2025), (five, 2025)}
    assert got[(eight, 2025)].percent == D("35.2") and got[(five, 2025)].percent == D("66.7")
    # More years, one of them without any answer (left out), still three queries.
    for year in (2026, 2027):
        for key, question in (("lonely", survey["where"]), ("close_by", survey["close"])):
            extra = SurveyMeasure.objects.create(
                indicator=survey[key].indicator, fiscal_year=year, question=question
            )
            extra.counted.set(survey["counted"] if key == "lonely" else survey["yes"])
    q2 = make_questionnaire(survey["q"].prefecture, survey["q"].created_by, title="空のアンケート")
    empty = Question.objects.create(questionnaire=q2, order=1, kind=QuestionKind.SINGLE, text="未回答の設問")
    SurveyMeasure.objects.create(indicator=survey["indicators"][5], fiscal_year=2028, question=empty)
    with django_assert_num_queries(3):
        more = measures_of(indicators)
    assert len(more) == 6 and (five, 2028) not in more
    assert more[(eight, 2026)].percent == D("50.0") and not more[(eight, 2026)].weighted
    assert measures_of([]) == {}
