"""国への報告 (issue 17): every count of the 支援状況調査 and the 重層 実績 computed from records with a known
answer — 新規 as the survey counts it (a person's first consultation of the 年度, the 年度 turning at 0:00 on
1 April in Tokyo), plans approved at a held 重層的支援会議, outcomes, つなぎ, the breakdowns — then the page:
who sees it, what it shows, and its fixed number of queries.

The records are dated in 令和8年度 (FY2026) with a few on either side of it; the page tests pin the clock in
令和9年度, so nothing here depends on the real date."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kasane.agencies.models import Agency, AgencyKind
from kasane.casework.models import (
    Case,
    Consultation,
    DecisionKind,
    Evaluation,
    Outcome,
    Person,
    Plan,
    PlanKind,
    Referral,
    Status,
)
from kasane.meetings.models import (
    AgendaItem,
    Decision,
    ItemKind,
    Meeting,
    MeetingBody,
    MeetingStatus,
)
from kasane.outreach.models import Target
from kasane.participation.models import Engagement, EngagementStatus, Origin
from kasane.programme import national
from kasane.programme.national_records import Period, Rate, Result, Scope, months_of
from tests import factories
from tests.clock import TOKYO, morning_of

pytestmark = pytest.mark.django_db

FY = 2026  # 令和8年度: 2026-04-01 to 2027-03-31
PAGE_DAY = dt.date(2027, 5, 10)  # in 令和9年度
URL = "/programme/national/"


def at(year: int, month: int, day: int, hour: int = 10, minute: int = 0, second: int = 0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, second, tzinfo=TOKYO)


def consult(person: Person, agency: Agency, received: dt.datetime, **fields: Any) -> Consultation:
    c = factories.consultation(person, agency)
    fields.setdefault("issues", [])
    fields.setdefault("situations", [])
    Consultation.objects.filter(pk=c.pk).update(received_at=received, **fields)
    return c


def open_case(person: Person, hub: Agency, opened: dt.date, **fields: Any) -> Case:
    return Case.objects.create(
        municipality=person.municipality,
        owner_agency=hub,
        household=person.household,
        person=person,
        consent=factories.consent(person, hub),
        title="テスト",
        opened_on=opened,
        **{"status": "support", **fields},
    )


def plan(case: Case, version: int = 1, **fields: Any) -> Plan:
    return Plan.objects.create(
        case=case,
        version=version,
        status="active",
        long_term_goal="安心して暮らしたい",
        short_term_goals="月に1回、誰かと話す",
        author_name="テスト 職員",
        **fields,
    )


def decide(meeting: Meeting, p: Plan, outcome: str = Outcome.APPROVED) -> Decision:
    item = AgendaItem.objects.create(
        meeting=meeting, kind=ItemKind.PLAN_APPROVAL, title="プランの適切性", case=p.case, plan=p
    )
    return Decision.objects.create(
        case=p.case,
        plan=p,
        kind=DecisionKind.PLAN_APPROVAL,
        outcome=outcome,
        decided_on=meeting.held_on,
        attendees="テスト",
        agenda_item=item,
        recorded_by_name="テスト 職員",
    )


def evaluate(case: Case, on: dt.date, **fields: Any) -> Evaluation:
    return Evaluation.objects.create(
        case=case, evaluated_on=on, goal_result="met", reasons="—", author_name="テスト 職員", **fields
    )


def refer(c: Consultation, to: Agency, created: dt.datetime, **fields: Any) -> Referral:
    r = factories.referral(c, to, None)
    Referral.objects.filter(pk=r.pk).update(created_at=created, **fields)
    return r


def closed(case: Case, on: dt.date, code: str = "") -> None:
    Case.objects.filter(pk=case.pk).update(status="closed", closed_on=on, closure_code=code)


@pytest.fixture
def city(world: dict[str, Any], make_agency: Any) -> dict[str, Any]:
    """The records of 令和8年度 with the answers the tests expect (see each test)."""
    a = world["agencies"]
    m = world["municipality"]
    north, south, hub = a["houkatsu_north"], a["houkatsu_south"], a["shakyo"]
    hub.runs_collaboration = True
    hub.save(update_fields=["runs_collaboration"])
    welfare = make_agency(
        m, "生活福祉課", kind=AgencyKind.CITY_DIVISION, fields=("poverty",), contact_person="保護係"
    )
    # A 市の課 of 生活困窮 that is not the 生活保護 窓口: no 保護 in its names.
    livelihood = make_agency(
        m, "生活支援課", kind=AgencyKind.CITY_DIVISION, fields=("poverty",), contact_person="相談係"
    )

    def person(name: str, kana: str, agency: Agency = north) -> Person:
        return factories.person(agency, name, kana)

    p1, p2, p3 = (
        person("一 花子", "いち はなこ"),
        person("二 太郎", "に たろう"),
        person("三 次郎", "さん じろう", south),
    )
    p5, p6 = person("五 三郎", "ご さぶろう"), person("六 四郎", "ろく しろう")
    far = factories.person(a["other"], "遠野 一", "とおの はじめ")

    # 相談受付. 新規 in 令和8年度: p3 (April, 0:00 on 1 April), p1 (May; July is her second), p5 (June; two at
    # the same moment, the lower number first), p2 (March, one minute before midnight) — 4 of 6 received.
    consult(p3, south, at(2026, 3, 31, 23, 59, 59), sex="male")  # 令和7年度
    p3_april = consult(p3, south, at(2026, 4, 1, 0, 0), sex="male", employment="not_working",
                       issues=["poverty"], situations=["isolation", "8050"], response="end")  # fmt: skip
    p1_may = consult(p1, north, at(2026, 5, 10), sex="female", age_band=40, employment="seeking",
                     issues=["poverty", "mental"], situations=["8050"], response="continue")  # fmt: skip
    consult(p1, north, at(2026, 7, 1), sex="female", age_band=40, employment="regular", issues=["budgeting"],
            response="advice")  # fmt: skip
    p5_first = consult(p5, north, at(2026, 6, 15), age_band=70, employment="pensioner", response="refer")
    consult(p5, north, at(2026, 6, 15), sex="female", age_band=70, response="advice")
    consult(p2, north, at(2027, 3, 31, 23, 59), sex="male", age_band=30, response="advice")
    # 令和9年度: p2 one minute later, p1 again: each new once more.
    consult(p2, north, at(2027, 4, 1, 0, 0), sex="male", age_band=30)
    consult(p1, north, at(2027, 4, 5), sex="female", age_band=40)
    far_consultation = consult(far, a["other"], at(2026, 6, 1), sex="male")  # another municipality

    # 重層的支援会議: held on 5/20, 6/20 (also a 支援会議), 9/15, 10/10; a 支援会議 alone on 7/7; one on 8/1 never
    # held; one cancelled; one held in the other municipality.
    body = MeetingBody.objects.create(
        municipality=m, name="包括的支援会議", kinds=["support", "layered"], host_agency=a["division"],
        collaboration_host=hub,
    )  # fmt: skip

    def sitting(day: dt.date, kinds: list[str], status: str = MeetingStatus.HELD) -> Meeting:
        return Meeting.objects.create(
            municipality=m, body=body, title="会議", kinds=kinds, held_on=day, status=status
        )

    may, june = (
        sitting(dt.date(2026, 5, 20), ["layered"]),
        sitting(dt.date(2026, 6, 20), ["support", "layered"]),
    )
    sept, octo = sitting(dt.date(2026, 9, 15), ["layered"]), sitting(dt.date(2026, 10, 10), ["layered"])
    sitting(dt.date(2026, 7, 7), ["support"])
    august = sitting(dt.date(2026, 8, 1), ["layered"], MeetingStatus.SCHEDULED)
    sitting(dt.date(2026, 9, 1), ["layered", "support"], MeetingStatus.CANCELLED)
    sitting(dt.date(2027, 4, 20), ["layered"])  # 令和9年度

    # Cases. c1 (p1): plan approved in June (就労支援, 住居確保給付金 + 就労準備) and its 2nd version in
    # September; evaluated in February (就労・増収・改善), closed 目標達成.
    c1 = open_case(p1, hub, dt.date(2026, 6, 1))
    decide(june, plan(c1, employment_support=True, programmes=["housing_benefit", "work_readiness"]))
    decide(sept, plan(c1, 2, employment_support=True, programmes=["work_readiness"]))
    evaluate(c1, dt.date(2027, 2, 10), employed=True, income_increased=True, improvements=["motivation"])
    closed(c1, dt.date(2027, 2, 28), "goal_met")
    # c2 (p3): a 参加支援 plan approved in May; evaluated in November (増収 only), closed 生活保護へ移行.
    c2 = open_case(p3, hub, dt.date(2026, 4, 10))
    decide(may, plan(c2, kind=PlanKind.PARTICIPATION))
    evaluate(c2, dt.date(2026, 11, 30), income_increased=True)
    closed(c2, dt.date(2026, 12, 1), "welfare")
    # c3 (p2): approved only at the sitting never held, sent back at a held one; evaluated 就労 in December;
    # closed in November and reopened (still 支援中).
    c3 = open_case(p2, hub, dt.date(2026, 7, 1), closed_on=dt.date(2026, 11, 1))
    decide(august, plan(c3, employment_support=True))
    decide(octo, plan(c3, 2, employment_support=True), Outcome.REVISE)
    evaluate(c3, dt.date(2026, 12, 20), employed=True)
    # c5 (p5), run by 北部包括: opened in October, closed without a 区分.
    c5 = open_case(p5, north, dt.date(2026, 10, 1))
    closed(c5, dt.date(2026, 10, 31))
    # c6 (p6): opened on the last day of 令和7年度; a 就労支援 plan approved in October, not yet evaluated.
    c6 = open_case(p6, hub, dt.date(2026, 3, 31))
    decide(octo, plan(c6, employment_support=True))
    # Closed on the first day of 令和9年度, and one of the other municipality.
    later = open_case(person("七 五郎", "なな ごろう"), hub, dt.date(2026, 5, 1))
    closed(later, dt.date(2027, 4, 1), "moved")
    # The neighbour's year: a case with an approved 就労支援 plan, evaluated and closed, a つなぎ to its
    # 多機関協働, a held sitting, an outreach target and a 参加支援 — none of it counted here.
    other, elsewhere = a["other"], world["other_municipality"]
    far_body = MeetingBody.objects.create(
        municipality=elsewhere, name="となり町の会議", kinds=["support", "layered"], host_agency=other
    )
    far_sitting = Meeting.objects.create(
        municipality=elsewhere, body=far_body, title="会議", kinds=["support", "layered"],
        held_on=dt.date(2026, 6, 10), status=MeetingStatus.HELD,
    )  # fmt: skip
    far_case = open_case(far, other, dt.date(2026, 6, 1))
    decide(far_sitting, plan(far_case, employment_support=True, programmes=["housing_benefit"]))
    evaluate(far_case, dt.date(2026, 6, 30), employed=True, income_increased=True, improvements=["health"])
    closed(far_case, dt.date(2026, 7, 1), "moved")
    other.runs_collaboration = True
    other.save(update_fields=["runs_collaboration"])
    refer(far_consultation, other, at(2026, 6, 2))
    Target.objects.create(
        municipality=elsewhere, owner_agency=other, label="となり町の対象", description="—",
        raised_on=dt.date(2026, 6, 1), stage_changed_on=dt.date(2026, 6, 1), created_by_name="テスト",
    )  # fmt: skip
    Engagement.objects.create(
        municipality=elsewhere, owner_agency=other, person=far, origin=Origin.CASE, case=far_case,
        started_on=dt.date(2026, 6, 5),
    )  # fmt: skip

    # つなぎ: from 北部包括 to the hub (多機関協働) in May and to the 生活保護 窓口 in August, from 南部包括 to
    # 生活支援課 in September and to the 生活保護 窓口 in October; one cancelled; one in 令和9年度.
    refer(p1_may, hub, at(2026, 5, 11))
    refer(p1_may, welfare, at(2026, 8, 1))
    refer(p3_april, livelihood, at(2026, 9, 1))
    refer(p3_april, welfare, at(2026, 10, 1))
    refer(p5_first, welfare, at(2026, 9, 2), status=Status.CANCELLED)
    refer(p5_first, welfare, at(2027, 4, 2))

    # アウトリーチ: worked with in the year (one raised before it, one raised and closed in it); one closed on
    # the eve of the year; one raised in the next.
    for raised, closed_on in (
        (dt.date(2026, 3, 1), None),
        (dt.date(2026, 5, 1), dt.date(2026, 6, 1)),
        (dt.date(2025, 1, 1), dt.date(2026, 3, 31)),
        (dt.date(2027, 4, 1), None),
    ):
        target = factories.outreach_target(world, label=f"{raised}の対象", raised_on=raised)
        Target.objects.filter(pk=target.pk).update(
            closed_on=closed_on, stage="closed" if closed_on else "information"
        )

    # 参加支援: p3 from May (new), p1's ended on 1 April (counted), p2's ended on 31 March (not).
    for who, case, started, ended in (
        (p3, c2, dt.date(2026, 5, 21), None),
        (p1, c1, dt.date(2025, 12, 1), dt.date(2026, 4, 1)),
        (p2, c3, dt.date(2025, 10, 1), dt.date(2026, 3, 31)),
    ):
        Engagement.objects.create(
            municipality=m, owner_agency=hub, person=who, origin=Origin.CASE, case=case, started_on=started,
            ended_on=ended, status=EngagementStatus.ENDED if ended else EngagementStatus.OPEN,
        )  # fmt: skip
    return {**world, "north": north}


def whole(city: dict[str, Any]) -> Scope:
    return Scope(city["municipality"])


def year(code: str, scope: Scope, fy: int = FY) -> Result:
    return national.count(code, scope, Period.fiscal(fy))


def parts(result: Result) -> dict[str, int]:
    return dict(result.parts)


def test_the_table_has_every_count_once_with_a_definition() -> None:
    codes = [c.code for c in national.COUNTS]
    assert len(codes) == len(set(codes)) == 23
    assert all(c.definition and c.name and c.unit for c in national.COUNTS)
    assert [c.code for c in national.COUNTS if c.by_month] == ["A1", "A2", "A3"]


# 新規相談受付件数


def test_new_is_a_persons_first_consultation_of_the_year(city: dict[str, Any]) -> None:
    assert year("A1", whole(city)).total == 4
    # The same persons are new again in the next 年度 (p2 one minute after midnight, p1 on 5 April).
    assert year("A1", whole(city), FY + 1).total == 2
    # Every consultation, counted as 包括的相談 受付件数: the six of the year, not the neighbour's.
    assert year("B1", whole(city)).total == 6


def test_new_falls_in_the_month_of_the_first_consultation_and_the_months_add_up(city: dict[str, Any]) -> None:
    months = national.COUNTS[0].by_month(whole(city), FY)  # type: ignore[misc]
    # April (0:00 on 1 April), May (not July: her second), June (p5 once), March (23:59 on 31 March).
    assert months == [1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1]
    assert sum(months) == year("A1", whole(city)).total
    by_period = [national.count("A1", whole(city), m).total for m in months_of(FY)]
    assert by_period == months
    assert national.count("A1", whole(city), Period.month(2027, 4)).total == 2


def test_the_year_turns_at_midnight_in_tokyo(city: dict[str, Any]) -> None:
    march, april = Period.month(2027, 3), Period.month(2027, 4)
    assert national.count("A1", whole(city), march).total == 1  # 23:59 on 31 March: 令和8年度
    assert national.count("B1", whole(city), Period.month(2026, 3)).total == 1  # p3's, in 令和7年度
    assert national.count("B1", whole(city), april).total == 2


def test_a_period_lies_inside_one_year() -> None:
    with pytest.raises(ValueError):
        Period(dt.date(2027, 3, 1), dt.date(2027, 4, 30))
    assert Period.month(2026, 12) == Period(dt.date(2026, 12, 1), dt.date(2026, 12, 31))
    assert Period.month(2028, 2).end == dt.date(2028, 2, 29)


def test_new_consultees_by_sex_age_and_work(city: dict[str, Any]) -> None:
    assert parts(year("A12", whole(city))) == {"男": 2, "女": 1, "その他": 0, "未回答": 0, "未記入": 1}
    ages = parts(year("A13", whole(city)))
    assert (ages["30代"], ages["40代"], ages["70代"], ages["未記入"]) == (1, 1, 1, 1)
    assert sum(ages.values()) == year("A13", whole(city)).total == 4
    work = {k: n for k, n in parts(year("A14", whole(city))).items() if n}
    assert work == {"無職（求職中）": 1, "無職（求職していない）": 1, "年金生活": 1, "未記入": 1}


def test_new_consultees_issues_and_situations(city: dict[str, Any]) -> None:
    issues = year("A15", whole(city))
    assert issues.total == 4
    found = {k: n for k, n in parts(issues).items() if n}
    assert found == {
        "経済的困窮": 2,
        "メンタルヘルスの課題（うつ・不眠・不安・依存症等）": 1,
    }  # not July's 家計管理
    situations = year("B8", whole(city))
    assert situations.total == 4 and {k: n for k, n in parts(situations).items() if n} == {
        "8050": 2,
        "社会的孤立": 1,
    }


def test_information_only_counts_the_new_consultations_that_ended_there(city: dict[str, Any]) -> None:
    # p3 (終了) and p2 (助言・情報提供); not p1's July advice nor p5's second at the same moment.
    assert year("A11", whole(city)).total == 2


# プラン作成・就労支援対象・利用事業


def test_plans_are_those_approved_at_a_held_meeting(city: dict[str, Any]) -> None:
    # May (参加支援), June and September (p1's two versions), October (p6); not the sitting never held, not
    # the plan sent back.
    assert year("A2", whole(city)).total == 4
    months = national.COUNTS[1].by_month(whole(city), FY)  # type: ignore[misc]
    assert months == [0, 1, 1, 0, 0, 1, 1, 0, 0, 0, 0, 0]


def test_employment_support_counts_a_person_once_in_the_month_of_the_first_approval(
    city: dict[str, Any],
) -> None:
    assert year("A3", whole(city)).total == 2  # p1 (June, not again in September) and p6 (October)
    months = national.COUNTS[2].by_month(whole(city), FY)  # type: ignore[misc]
    assert months == [0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0]
    assert national.count("A3", whole(city), Period.month(2026, 9)).total == 0


def test_programmes_of_those_with_a_plan(city: dict[str, Any]) -> None:
    result = year("A4", whole(city))
    assert result.total == 3  # p1, p3, p6
    used = {k: n for k, n in parts(result).items() if n}
    # p1's two versions count her once under 就労準備; p3's 参加支援 plan uses 参加支援 unticked.
    assert used == {"住居確保給付金": 1, "就労準備支援事業": 1, "参加支援事業": 1}
    assert list(parts(result))[:8] == [
        "住居確保給付金",
        "一時生活支援事業",
        "家計改善支援事業",
        "就労準備支援事業",
        "認定就労訓練事業",
        "自立相談支援機関による就労支援",
        "生活福祉資金貸付",
        "生活保護受給者等就労自立促進事業",
    ]


# 就労・増収・改善


def test_employed_and_income_increased_and_those_with_a_plan(city: dict[str, Any]) -> None:
    # 就労: p1 (with a plan) and p2 (approved only at a sitting never held).
    assert year("A5", whole(city)) == Result(total=2, parts=(("うちプラン作成者分", 1),))
    # 増収: p1 and p3, both with a plan.
    assert year("A6", whole(city)) == Result(total=2, parts=(("うちプラン作成者分", 2),))


def test_employment_rate_is_of_those_the_plan_aimed_at_work(city: dict[str, Any]) -> None:
    # p1 is the one of the two 就労支援対象者 who found work; p3's rise is not of a 就労支援 plan.
    rate = year("A7", whole(city)).rate
    assert rate == Rate(1, 2) and rate.percent == "50.0%"


def test_improvement_rate_is_of_the_evaluations(city: dict[str, Any]) -> None:
    rate = year("A8", whole(city)).rate
    assert rate == Rate(1, 3) and rate.percent == "33.3%"
    assert Rate(0, 0).percent == "―"


def test_improvement_rate_counts_a_person_once(city: dict[str, Any]) -> None:
    """p1 had an interim evaluation in November (no change yet) before February's: still one person, improved."""
    closing = Evaluation.objects.get(evaluated_on=dt.date(2027, 2, 10))
    evaluate(closing.case, dt.date(2026, 11, 15))
    assert year("A8", whole(city)).rate == Rate(1, 3)


# つなぎ


def test_referrals_and_those_to_the_welfare_office(city: dict[str, Any]) -> None:
    assert year("A9", whole(city)).total == 4  # not the cancelled one, nor the next year's
    assert year("A10", whole(city)).total == 2  # 生活福祉課 (保護係), not 生活支援課
    assert year("B2", whole(city)).total == 1  # to the hub


# 重層 実績


def test_cases_opened_meetings_outreach_and_participation(city: dict[str, Any]) -> None:
    assert year("B3", whole(city)).total == 5  # c1, c2, c3, c5 and 七; not c6 (31 March)
    assert parts(year("B4", whole(city))) == {
        "重層的支援会議（個別）": 4,
        "支援会議（社会福祉法第106条の6）": 2,
    }
    assert year("B5", whole(city)) == Result(total=2, parts=(("うち期間中に把握", 1),))
    assert year("B6", whole(city)) == Result(total=2, parts=(("うち期間中に受付", 1),))


def test_closures_by_reason(city: dict[str, Any]) -> None:
    result = year("B7", whole(city))
    assert result.total == 3  # not the reopened case, nor the one closed on 1 April, nor the neighbour's
    assert {k: n for k, n in parts(result).items() if n} == {
        "目標達成（自立）": 1,
        "生活保護へ移行": 1,
        "未記入": 1,
    }


def test_an_agency_counts_only_its_own_records(city: dict[str, Any]) -> None:
    north = Scope(city["municipality"], (city["north"].pk,))
    assert year("A1", north).total == 3  # p1, p5, p2: not 南部包括's p3
    assert year("B1", north).total == 5
    assert year("A9", north).total == 2  # sent by 北部包括
    assert year("B3", north).total == 1 and year("B7", north).total == 1  # c5
    assert year("A2", north).total == 0 and year("B4", north) == Result(
        parts=(("重層的支援会議（個別）", 0), ("支援会議（社会福祉法第106条の6）", 0))
    )


def test_another_municipality_counts_its_own(city: dict[str, Any]) -> None:
    far = Scope(city["other_municipality"])
    assert [year(code, far).total for code in ("A1", "A2", "A3", "A5", "A6", "A9", "B2", "B5", "B6", "B7")] == [
        1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    ]  # fmt: skip
    assert year("A8", far).rate == Rate(1, 1)
    assert parts(year("B4", far)) == {"重層的支援会議（個別）": 1, "支援会議（社会福祉法第106条の6）": 1}


# The page


@pytest.fixture
def on_page_day() -> Iterator[None]:
    with time_machine.travel(morning_of(PAGE_DAY), tick=False):
        yield


def test_the_page_shows_each_count_its_definition_and_the_months(
    city: dict[str, Any], client_for: Any, on_page_day: None
) -> None:
    response = client_for(city["users"]["city"]).get(URL, {"year": FY})
    assert response.status_code == 200
    html = response.content.decode()
    assert "国への報告（支援状況調査・事業実績） 令和8年度" in html
    for c in national.COUNTS:
        assert c.name in html and c.definition in html, c.code
    figures = {f.count.code: f for f in response.context["sections"][0][1]}
    assert figures["A1"].result.total == 4 and figures["A1"].months == [1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1]
    assert (
        '<th scope="row">2027年3月</th><td class="num">1</td><td class="num">0</td><td class="num">0</td>'
        in html
    )
    assert "<strong>50.0%</strong>" in html and "生活保護へ移行 1件" in html
    for name in ("一 花子", "二 太郎", "遠野"):
        assert name not in html


def test_the_page_opens_on_this_year_and_refuses_no_input(
    city: dict[str, Any], client_for: Any, on_page_day: None
) -> None:
    client = client_for(city["users"]["city"])
    for asked in ("", "abc", "1990", "2030"):
        response = client.get(URL, {"year": asked} if asked else {})
        assert response.status_code == 200 and response.context["year"] == 2027, asked
        assert "令和9年度" in response.content.decode()
    assert client.post(URL).status_code == 405


def test_an_agency_manager_sees_their_own_agencys_counts(
    city: dict[str, Any], client_for: Any, on_page_day: None
) -> None:
    response = client_for(city["users"]["agency_admin"]).get(URL, {"year": FY})
    assert response.status_code == 200
    figures = {f.count.code: f for f in response.context["sections"][0][1]}
    assert figures["A1"].result.total == 3
    assert "北部地域包括支援センター（自機関が受け付けた相談" in response.content.decode()


@pytest.mark.parametrize("key", ["soudanin", "coordinator", "viewer", "prefecture"])
def test_front_line_and_outside_roles_are_refused(
    city: dict[str, Any], client_for: Any, on_page_day: None, key: str
) -> None:
    assert client_for(city["users"][key]).get(URL).status_code == 403


def test_anonymous_is_sent_to_log_in(city: dict[str, Any], client: Any) -> None:
    response = client.get(URL)
    assert response.status_code == 302 and "login" in response["Location"]


def test_the_overview_leads_there(city: dict[str, Any], client_for: Any, on_page_day: None) -> None:
    assert URL in client_for(city["users"]["city"]).get("/programme/").content.decode()


def _count(client: Any) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(URL, {"year": FY}).status_code == 200
    return len(ctx.captured_queries)


# 28: session, user, memberships and the agencies of the reader's reach (4); then one query for each of the 23
# counts (the monthly ones: their twelve months as conditional counts of one), and a second for 就労・増収率
# (its numerator, and A3's count as its denominator).
PINNED = 28


def test_the_page_takes_a_fixed_number_of_queries(
    city: dict[str, Any], client_for: Any, on_page_day: None
) -> None:
    client = client_for(city["users"]["city"])
    _count(client)  # the first request of a session also touches the session and the user's row
    before = _count(client)
    north = city["north"]
    for i in range(3):
        p = factories.person(north, f"追加 {i}", f"ついか {i}")
        consult(p, north, at(2026, 8, 1 + i), sex="female", issues=["poverty"])
        consult(p, north, at(2026, 9, 1 + i), sex="female")
    assert _count(client) == before == PINNED


def test_months_still_to_come_are_not_shown_as_counted(
    city: dict[str, Any], client_for: Any, on_page_day: None
) -> None:
    """In the 年度 under way, a month after this one has nothing counted yet: —, not 0."""
    html = client_for(city["users"]["city"]).get(URL).content.decode()
    month = PAGE_DAY.replace(day=1)
    following = (month + dt.timedelta(days=31)).replace(day=1)
    assert f'<th scope="row">{month.year}年{month.month}月</th><td class="num">' in html
    assert f'<th scope="row">{following.year}年{following.month}月</th><td class="num muted"' in html
