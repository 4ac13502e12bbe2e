"""The 支援ケース一覧's columns of the national forms (issue 17, reference §3.4): 性別, 年代（受付時）, 把握ルート・
紹介元, 相談方法, 主な課題, 対応区分, プラン決定日, 次回見直し日, 評価日, 利用事業, the outcome flags and
終結理由区分, marked ※ where the national counts read them; the source consultation's columns only for a
reader who may see it; text that looks like a formula stays text; and the same number of queries however
many cases.

Every date is fixed and none is compared with today."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from kasane.casework.models import (
    Assessment,
    Case,
    Consultation,
    DecisionKind,
    Evaluation,
    Outcome,
    Plan,
    PlanKind,
    PlanStatus,
)
from kasane.casework.queries.lists import EXPORT_HEADER
from kasane.meetings.models import AgendaItem, Decision, ItemKind, Meeting
from tests import factories
from tests.clock import morning_of

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _late_march() -> Iterator[None]:
    """After every record of the story (the last is a closure on 2027-03-20): the same rows on any day."""
    with time_machine.travel(morning_of(dt.date(2027, 3, 25)), tick=True):
        yield


@pytest.fixture
def story(world: dict[str, Any]) -> dict[str, Any]:
    """The 8050 household's case, opened from 北部包括's consultation (brought by 南部包括, by phone), with an
    assessment, two approved plans, decisions and two evaluations."""
    r = factories.journey(world)
    south = world["agencies"]["houkatsu_south"]
    Consultation.objects.filter(pk=r["consultation"].pk).update(
        route="agency",
        referrer_agency=south,
        channel="phone",
        issues=["poverty"],
        sex="female",
        age_band=80,
    )
    Case.objects.filter(pk=r["case"].pk).update(consultation=r["consultation"])
    Assessment.objects.filter(case=r["case"]).update(issues=["family", "care"])
    Plan.objects.filter(pk=r["plan"].pk).update(
        programmes=["work_readiness", "housing_benefit"], employment_support=True
    )
    _plan(r["case"], PlanKind.PARTICIPATION, PlanStatus.ACTIVE)  # 参加支援, its box unticked
    _plan(r["case"], PlanKind.OUTREACH, PlanStatus.DRAFT, programmes=["temporary"])  # never approved
    m = factories.meeting_body(world)
    _decide(m["meeting"], r["plan"], dt.date(2026, 12, 10))
    _decide(m["meeting"], r["plan"], dt.date(2027, 1, 15))  # the latest approval
    _decide(m["meeting"], r["plan"], dt.date(2027, 2, 1), Outcome.REVISE)
    Decision.objects.create(  # an approval recorded outside a meeting's item does not count
        case=r["case"], plan=r["plan"], kind=DecisionKind.PLAN_APPROVAL, outcome=Outcome.APPROVED,
        decided_on=dt.date(2027, 3, 1), attendees="", recorded_by_name="テスト 職員",
    )  # fmt: skip
    Plan.objects.filter(pk=r["plan"].pk).update(next_review_on=dt.date(2027, 4, 15))
    _evaluate(r["case"], dt.date(2027, 2, 1), employed=True, income_increased=True)
    _evaluate(r["case"], dt.date(2027, 3, 1), employed=True, improvements=["motivation"])
    return {**world, "r": r}


def _plan(case: Case, kind: str, status: str, **fields: Any) -> Plan:
    return Plan.objects.create(
        case=case, kind=kind, version=1, status=status, long_term_goal="—", short_term_goals="—",
        author_name="テスト 職員", **fields,
    )  # fmt: skip


def _decide(meeting: Meeting, plan: Plan, on: dt.date, outcome: str = Outcome.APPROVED) -> Decision:
    item = AgendaItem.objects.create(
        meeting=meeting, kind=ItemKind.PLAN_APPROVAL, title="プランの適切性", case=plan.case, plan=plan
    )
    return Decision.objects.create(
        case=plan.case, plan=plan, kind=DecisionKind.PLAN_APPROVAL, outcome=outcome, decided_on=on,
        attendees="テスト", agenda_item=item, recorded_by_name="テスト 職員",
    )  # fmt: skip


def _evaluate(case: Case, on: dt.date, **fields: Any) -> Evaluation:
    return Evaluation.objects.create(
        case=case, evaluated_on=on, goal_result="met", reasons="—", author_name="テスト 職員", **fields
    )


def _rows(client: Client, query: str = "") -> dict[str, dict[str, Any]]:
    """Each case's row, by ケース番号, as {header: value}."""
    response = client.get(f"/cases/export.xlsx{query}")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.getvalue())).active
    assert isinstance(sheet, Worksheet)
    header = [cell.value for cell in sheet[1]]
    assert header == EXPORT_HEADER
    return {
        str(row[0]): dict(
            zip(header, (v.date() if isinstance(v, dt.datetime) else v for v in row), strict=True)
        )
        for row in sheet.iter_rows(min_row=2, values_only=True)
    }


def test_the_national_columns_are_marked(story: dict[str, Any]) -> None:
    marked = [h for h in EXPORT_HEADER if h.startswith("※")]
    assert marked == [
        "※受付日",
        "※性別",
        "※年代（受付時）",
        "※把握ルート・紹介元",
        "※状態",
        "※プラン決定日",
        "※利用事業",
        "※就労支援対象",
        "※就労",
        "※増収",
        "※自立に向けた改善",
        "※終結日",
        "※終結理由区分",
    ]
    for plain in ("年齢", "相談方法", "主な課題", "対応区分", "次回見直し日", "評価日", "終結の理由"):
        assert plain in EXPORT_HEADER


def test_a_case_row_carries_the_national_columns(story: dict[str, Any], client_for: Any) -> None:
    row = _rows(client_for(story["users"]["coordinator"]))[story["r"]["case"].number]
    assert row["※性別"] == "未回答"  # the person record's, as every sheet prints it
    assert row["※年代（受付時）"] == "80代"  # born 1944-04-10, 82 on 2026-11-21
    assert row["※把握ルート・紹介元"] == "関係機関からの紹介（南部地域包括支援センター）"
    assert row["相談方法"] == "電話"
    # The consultation's ◎ and the assessment's 課題の特性 (not the consultation's 経済的困窮).
    assert row["主な課題"] == "◎ひきこもり・不登校／家族関係・家族の問題、介護"
    assert row["対応区分"] == "多機関協働へつなぐ"
    assert row["※プラン決定日"] == dt.date(2027, 1, 15)
    assert row["次回見直し日"] == dt.date(2027, 4, 15)
    assert row["評価日"] == dt.date(2027, 3, 1)
    assert (
        row["※利用事業"] == "参加支援事業、住居確保給付金、就労準備支援事業"
    )  # not the draft's 一時生活支援
    assert row["※就労支援対象"] == "対象"
    # The latest evaluation's: 就労 yes, 増収 no (the earlier one said yes), 改善 yes.
    assert (row["※就労"], row["※増収"], row["※自立に向けた改善"]) == ("あり", "なし", "あり")
    assert row["※終結理由区分"] is None


def test_empty_where_nothing_is_recorded_yet(story: dict[str, Any], client_for: Any) -> None:
    north, hub = story["agencies"]["houkatsu_north"], story["agencies"]["shakyo"]
    person = factories.person(north, "佐藤 花子", "さとう はなこ", sex="female", birth_date=None)
    bare = factories.case(person, hub, factories.consent(person, north), [north])
    Plan.objects.filter(case=bare).update(status=PlanStatus.DRAFT)
    row = _rows(client_for(story["users"]["coordinator"]))[bare.number]
    assert row["※性別"] == "女"
    for column in ("※年代（受付時）", "※把握ルート・紹介元", "相談方法", "主な課題", "対応区分", "※プラン決定日",
                   "評価日", "※利用事業", "※就労支援対象", "※就労", "※増収", "※自立に向けた改善"):  # fmt: skip
        assert row[column] is None, column


def test_a_case_from_a_referral_names_the_agency_that_sent_it(story: dict[str, Any], client_for: Any) -> None:
    north, hub = story["agencies"]["houkatsu_north"], story["agencies"]["shakyo"]
    person = factories.person(north, "佐藤 一郎", "さとう いちろう")
    agreed = factories.consent(person, north)
    sent = factories.referral(factories.consultation(person, north, agreed), hub, agreed)
    case = factories.case(person, hub, agreed, [north])
    Case.objects.filter(pk=case.pk).update(referral=sent)
    row = _rows(client_for(story["users"]["coordinator"]))[case.number]
    assert row["※把握ルート・紹介元"] == "関係機関からの紹介（北部地域包括支援センター）"
    assert row["相談方法"] is None and row["対応区分"] is None  # the sender's consultation is not the hub's


def test_the_source_consultation_goes_with_the_consent(story: dict[str, Any], client_for: Any) -> None:
    """The hub keeps its case after the consent is withdrawn, but 北部包括's consultation no longer reaches it."""
    consent = story["r"]["consent"]
    consent.withdrawn_at, consent.withdrawn_on = timezone.now(), dt.date(2027, 3, 10)
    consent.save(update_fields=["withdrawn_at", "withdrawn_on"])
    row = _rows(client_for(story["users"]["coordinator"]))[story["r"]["case"].number]
    assert row["※把握ルート・紹介元"] is None and row["相談方法"] is None and row["対応区分"] is None
    assert row["主な課題"] == "家族関係・家族の問題、介護"  # the case's own assessment stays
    assert row["※プラン決定日"] == dt.date(2027, 1, 15)
    # 北部包括 owns the consultation: it still sees it, but no longer the case (its team's reach ended).
    assert story["r"]["case"].number not in _rows(client_for(story["users"]["soudanin"]))


def test_a_closed_case_has_its_closure_code(story: dict[str, Any], client_for: Any) -> None:
    Case.objects.filter(pk=story["r"]["case"].pk).update(
        status="closed", closed_on=dt.date(2027, 3, 20), closure_code="handed_over"
    )
    row = _rows(client_for(story["users"]["coordinator"]), "?list=closed")[story["r"]["case"].number]
    assert row["※終結日"] == dt.date(2027, 3, 20)
    assert row["※終結理由区分"] == "他機関・他制度へ引き継ぎ"


def test_typed_text_that_looks_like_a_formula_stays_text(story: dict[str, Any], client_for: Any) -> None:
    formula = '=HYPERLINK("http://example.com","開く")'
    Consultation.objects.filter(pk=story["r"]["consultation"].pk).update(
        referrer_agency=None, referrer_name=formula
    )
    # A cell that holds the typed text alone (the case's 概要) would be a formula but for the export's guard.
    Case.objects.filter(pk=story["r"]["case"].pk).update(title=formula)
    response = client_for(story["users"]["coordinator"]).get("/cases/export.xlsx")
    sheet = load_workbook(io.BytesIO(response.getvalue())).active
    assert isinstance(sheet, Worksheet)
    title = sheet.cell(row=2, column=EXPORT_HEADER.index("ケースの概要") + 1)
    assert title.data_type == "s" and title.value == formula
    column = EXPORT_HEADER.index("※把握ルート・紹介元") + 1
    cell = sheet.cell(row=2, column=column)
    assert cell.data_type == "s" and cell.value == f"関係機関からの紹介（{formula}）"
    Consultation.objects.filter(pk=story["r"]["consultation"].pk).update(route="other", referrer_name="")
    row = _rows(client_for(story["users"]["coordinator"]))[story["r"]["case"].number]
    assert row["※把握ルート・紹介元"] == "その他"  # no 紹介元: the route alone


def _count(client: Client) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get("/cases/export.xlsx").status_code == 200
    return sum("pg_advisory_xact_lock" not in q["sql"] for q in ctx.captured_queries)


def test_the_new_columns_add_no_query_per_case(story: dict[str, Any], client_for: Any) -> None:
    client = client_for(story["users"]["coordinator"])
    _count(client)
    before = _count(client)
    north, hub = story["agencies"]["houkatsu_north"], story["agencies"]["shakyo"]
    m = Meeting.objects.get()
    for i in range(3):
        person = factories.person(north, f"佐藤 {i}郎", f"さとう {i}ろう")
        agreed = factories.consent(person, north)
        case = factories.case(person, hub, agreed, [north])
        Case.objects.filter(pk=case.pk).update(consultation=factories.consultation(person, north, agreed))
        _decide(m, case.plans.get(), dt.date(2027, 1, 10 + i))
        _evaluate(case, dt.date(2027, 2, 10 + i), employed=True)
    assert len(_rows(client)) == 4
    assert _count(client) == before
