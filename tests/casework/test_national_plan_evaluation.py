"""The national forms, faithfully (issue 17): the プラン兼事業等利用申込書 (§3.5), the 評価シート (§3.6) and the
支援経過記録 (§3.3) with the items the state counts — forms, rules, what the services derive, the case page,
the API and the A4 sheets."""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.urls import reverse
from pypdf import PdfReader

from kasane.audit.actor import Actor
from kasane.casework.forms.evaluations import EvaluationForm
from kasane.casework.forms.notes import NoteForm
from kasane.casework.forms.plans import PlanForm
from kasane.casework.models import (
    Case,
    CaseStatus,
    Counterpart,
    Direction,
    Evaluation,
    GoalEvaluation,
    GoalResult,
    Improvement,
    NoteKind,
    Place,
    Plan,
    PlanKind,
    PlanStatus,
    Programme,
    ProgressNote,
    Stage,
)
from kasane.casework.services.cases import move_case
from kasane.casework.sheets import evaluation_sheet, plan_sheet, progress_sheet
from kasane.casework.visibility import Viewer
from kasane.meetings.models import AgendaItem
from tests import factories
from tests.clock import morning_of
from tests.conftest import ARTIFACTS, skip_or_fail

pytestmark = pytest.mark.django_db

DAY = dt.date(2026, 12, 5)


@pytest.fixture(autouse=True)
def _clock() -> Iterator[None]:
    with time_machine.travel(morning_of(DAY), tick=False):
        yield


@pytest.fixture
def j(world: dict[str, Any]) -> dict[str, Any]:
    """The 8050 household's case (support, its plan 実施中), with an assessment that names the household's issues."""
    journey = factories.journey(world)
    assessment = journey["case"].assessments.get()
    assessment.household_issues = "母の介護と生活費の不足が重なっている。"
    assessment.save(update_fields=["household_issues"])
    return {**world, **journey}


def _viewer(j: dict[str, Any]) -> Viewer:
    viewer = Viewer.of(j["users"]["coordinator"], j["municipality"])
    assert viewer is not None
    return viewer


def _actor(j: dict[str, Any]) -> Actor:
    return Actor(user=j["users"]["coordinator"], municipality=j["municipality"])


def _text(pdf: bytes) -> str:
    """The text without the line breaks and spaces the layout puts in."""
    return re.sub(r"\s+", "", "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages))


# --- プラン兼事業等利用申込書: the form --------------------------------------------------------------------

PLAN = {
    "kind": PlanKind.COLLABORATION,
    "needs": "母の介護と生活費の不足",
    "policy": "母の介護サービスを整え、長男が外とつながる機会をつくる。",
    "long_term_goal": "母と安心して暮らしたい",
    "short_term_goals": "週に1回は外に出る",
    "person_tasks": "週に1回、居場所に顔を出す。",
    "programmes": [Programme.HOUSEHOLD_BUDGET, Programme.PARTICIPATION],
    "employment_support": "on",
    "starts_on": "R8.12.1",
    "ends_on": "R9.5.31",
}


def _plan_form(**changes: Any) -> PlanForm:
    data = {**PLAN, **changes}
    return PlanForm({k: v for k, v in data.items() if v is not None})


def test_the_plan_form_keeps_the_new_items_in_the_lists_order() -> None:
    form = _plan_form()
    assert form.is_valid(), form.errors
    data = form.cleaned_data
    # Ticked out of order, stored in the list's order.
    assert data["programmes"] == ["participation", "household_budget"]
    assert data["employment_support"] is True
    assert (data["starts_on"], data["ends_on"]) == (dt.date(2026, 12, 1), dt.date(2027, 5, 31))
    assert form.fields["programmes"].label == "※利用する事業"
    assert form.fields["employment_support"].label == "※就労支援の対象とする"


def test_the_plan_period_cannot_end_before_it_starts() -> None:
    form = _plan_form(starts_on="R9.4.1", ends_on="R9.3.31")
    assert not form.is_valid()
    assert form.errors["ends_on"] == ["プラン期間の終了日は、開始日以降の日付にしてください。"]
    assert _plan_form(starts_on="R9.4.1", ends_on="R9.4.1").is_valid()  # one day is a period


@pytest.mark.parametrize(
    ("kind", "programme"),
    [(PlanKind.PARTICIPATION, Programme.PARTICIPATION), (PlanKind.OUTREACH, Programme.OUTREACH)],
)
def test_a_participation_or_outreach_plan_uses_its_programme(kind: str, programme: str) -> None:
    """The kind says which programme the plan is the use of: left unticked, it is ticked (as ◎ implies ○)."""
    form = _plan_form(kind=kind, programmes=[Programme.HOUSING_BENEFIT])
    assert form.is_valid(), form.errors
    assert form.cleaned_data["programmes"] == [programme, Programme.HOUSING_BENEFIT]
    collaboration = _plan_form(programmes=[Programme.HOUSING_BENEFIT])
    assert collaboration.is_valid() and collaboration.cleaned_data["programmes"] == ["housing_benefit"]


def test_a_new_plan_starts_its_needs_from_the_latest_assessment(j: dict[str, Any], client_for: Any) -> None:
    case = j["case"]
    Plan.objects.filter(case=case).delete()
    Case.objects.filter(pk=case.pk).update(status=CaseStatus.PLANNING)
    page = client_for(j["users"]["coordinator"]).get(reverse("cases:plan_new", args=[case.pk]))
    html = page.content.decode()
    assert "母の介護と生活費の不足が重なっている。" in html
    assert 'name="programmes"' in html and "※利用する事業" in html and "※は国への報告対象の項目です。" in html


def test_a_new_plan_is_saved_with_its_items_and_shown(j: dict[str, Any], client_for: Any) -> None:
    case, hub = j["case"], j["agencies"]["shakyo"]
    Plan.objects.filter(case=case).delete()
    Case.objects.filter(pk=case.pk).update(status=CaseStatus.PLANNING)
    client = client_for(j["users"]["coordinator"])
    data = {**PLAN, "kind": PlanKind.PARTICIPATION, "r-TOTAL_FORMS": "1", "r-INITIAL_FORMS": "0"}
    data |= {"r-0-agency": hub.pk, "r-0-actions": "全体の調整"}
    response = client.post(reverse("cases:plan_new", args=[case.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    plan = Plan.objects.get(case=case)
    assert plan.programmes == ["participation", "household_budget"]
    assert (plan.needs, plan.person_tasks) == ("母の介護と生活費の不足", "週に1回、居場所に顔を出す。")
    assert plan.employment_support and plan.starts_on == dt.date(2026, 12, 1)
    html = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "参加支援事業" in html and "家計改善支援事業" in html and "住居確保給付金" not in html
    assert "※就労支援" in html and "対象とする" in html and "令和8年12月1日〜令和9年5月31日" in html
    assert "週に1回、居場所に顔を出す。" in html and "母の介護サービスを整え" in html


def test_a_new_version_starts_from_the_one_in_force(j: dict[str, Any]) -> None:
    """プランを見直す: the next version carries the needs, policy, the person's tasks and the programmes; its
    period is its own, to be set."""
    plan = j["plan"]
    Plan.objects.filter(pk=plan.pk).update(
        policy="母の介護を整える。",
        person_tasks="居場所に通う。",
        programmes=["participation"],
        employment_support=True,
        starts_on=dt.date(2026, 12, 1),
        ends_on=dt.date(2027, 3, 31),
    )
    move_case(_viewer(j), j["case"], "review_plan", actor=_actor(j))
    new = Plan.objects.get(previous=plan)
    assert new.version == 2 and new.status == PlanStatus.DRAFT
    assert (new.policy, new.person_tasks, new.programmes) == (
        "母の介護を整える。",
        "居場所に通う。",
        ["participation"],
    )
    assert new.employment_support is True
    assert (new.starts_on, new.ends_on) == (None, None)
    # The needs were never written on version 1: they start from the latest assessment.
    assert new.needs == "母の介護と生活費の不足が重なっている。"


def test_a_new_version_keeps_needs_already_written(j: dict[str, Any]) -> None:
    Plan.objects.filter(pk=j["plan"].pk).update(needs="長男の孤立")
    move_case(_viewer(j), j["case"], "review_plan", actor=_actor(j))
    assert Plan.objects.get(previous=j["plan"]).needs == "長男の孤立"


# --- 評価シート: the form ---------------------------------------------------------------------------------

EVALUATION = {
    "evaluated_on": "R8.12.5",
    "reasons": "居場所に通えるようになった。",
    "implementation": "社協が月2回訪問。包括が母の介護サービスを調整した。",
    "improvements": [Improvement.HOUSING, Improvement.MOTIVATION],
    "employed": "on",
    "employed_on": "R8.11.25",
    "income_increased": "on",
    "income_increase": "30000",
    "remaining_issues": "母の膝の痛み。",
    "direction": Direction.CLOSE,
    "closure_code": "goal_met",
}


def _evaluation_form(**changes: Any) -> EvaluationForm:
    data = {**EVALUATION, **changes}
    return EvaluationForm({k: v for k, v in data.items() if v is not None})


def test_the_evaluation_form_keeps_the_outcomes() -> None:
    form = _evaluation_form()
    assert form.is_valid(), form.errors
    data = form.cleaned_data
    assert data["improvements"] == ["motivation", "housing"]  # the list's order
    assert data["employed_on"] == dt.date(2026, 11, 25) and data["income_increase"] == 30000
    assert form.fields["improvements"].label == "※本人の変化（自立に向けた改善）"
    assert form.fields["closure_code"].label == "※終結理由区分"


def test_where_the_case_goes_next_is_always_said() -> None:
    form = _evaluation_form(direction=None, closure_code=None)
    assert not form.is_valid()
    assert form.errors["direction"] == ["今後の方向性を選んでください。"]


def test_closing_needs_a_closure_code() -> None:
    form = _evaluation_form(closure_code=None)
    assert not form.is_valid()
    assert form.errors["closure_code"] == ["終結するときは、終結理由区分を選んでください。"]


@pytest.mark.parametrize("direction", [Direction.REPLAN, Direction.REFER, Direction.WATCH])
def test_a_closure_code_only_when_closing(direction: str) -> None:
    form = _evaluation_form(direction=direction)
    assert not form.is_valid()
    assert form.errors["closure_code"] == ["終結理由区分は、今後の方向性が「終結」のときだけ選びます。"]
    assert _evaluation_form(direction=direction, closure_code=None).is_valid()


def test_employed_needs_the_day_work_began() -> None:
    form = _evaluation_form(employed_on=None)
    assert not form.is_valid()
    assert form.errors["employed_on"] == ["就労したときは、就労開始日を入力してください。"]


def test_the_day_work_began_needs_employed() -> None:
    form = _evaluation_form(employed=None)
    assert not form.is_valid()
    assert form.errors["employed_on"] == ["就労開始日は、「就労した」にチェックを入れたときに入力します。"]


def test_the_day_work_began_is_not_in_the_future() -> None:
    form = _evaluation_form(employed_on="R8.12.6")
    assert not form.is_valid()
    assert form.errors["employed_on"] == ["未来の日付は入力できません。"]


def test_an_increase_only_with_income_increased() -> None:
    form = _evaluation_form(income_increased=None)
    assert not form.is_valid()
    assert form.errors["income_increase"] == [
        "増収額は、「収入が増えた」にチェックを入れたときに入力します。"
    ]
    # The amount is optional: staff often do not know it.
    assert _evaluation_form(income_increase=None).is_valid()


def _evaluate(client: Any, case: Case, **changes: Any) -> Any:
    data = {**EVALUATION, "g-TOTAL_FORMS": "1", "g-INITIAL_FORMS": "0", "g-0-result": "met", **changes}
    return client.post(
        reverse("cases:evaluation_new", args=[case.pk]), {k: v for k, v in data.items() if v is not None}
    )


def test_an_evaluation_is_saved_and_shown_but_closes_nothing_by_itself(
    j: dict[str, Any], client_for: Any
) -> None:
    case = j["case"]
    client = client_for(j["users"]["coordinator"])
    response = _evaluate(client, case)
    assert response.status_code == 302, response.content.decode()[:2000]
    e = Evaluation.objects.get()
    assert e.improvements == ["motivation", "housing"] and e.employed_on == dt.date(2026, 11, 25)
    assert (e.direction, e.closure_code, e.income_increase) == ("close", "goal_met", 30000)
    case.refresh_from_db()
    assert case.status == CaseStatus.SUPPORT and case.closure_code == ""
    html = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "自立意欲の向上・改善" in html and "住まいの確保・安定" in html and "孤立の解消" not in html
    assert "就労した（令和8年11月25日から）" in html and "月額 30,000円" in html
    assert "※終結理由区分" in html and "目標達成（自立）" in html and "母の膝の痛み。" in html


def test_the_evaluation_form_refuses_and_writes_nothing(j: dict[str, Any], client_for: Any) -> None:
    page = _evaluate(client_for(j["users"]["coordinator"]), j["case"], direction=None, closure_code=None)
    assert page.status_code == 200 and "今後の方向性を選んでください。" in page.content.decode()
    assert not Evaluation.objects.exists()


# --- 終結理由区分: copied when the meeting closes the case, cleared on reopening ------------------------------


def _close_at_the_meeting(j: dict[str, Any], client: Any) -> Any:
    meeting = factories.meeting_body(j)["meeting"]
    case = j["case"]
    response = client.post(
        reverse("meetings:case_item_new", args=[case.pk]), {"meeting": meeting.pk, "kind": "closure"}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    item = AgendaItem.objects.get(case=case, kind="closure")
    data = {
        "lock_version": str(item.lock_version),
        "outcome": "close",
        "discussion": "目標を達成したため終結。",
        "a-TOTAL_FORMS": "0",
        "a-INITIAL_FORMS": "0",
    }
    return client.post(reverse("meetings:item", args=[item.pk]), data)


def _evaluation(j: dict[str, Any], on: dt.date, code: str) -> Evaluation:
    e = Evaluation.objects.create(
        case=j["case"],
        evaluated_on=on,
        goal_result=GoalResult.MET,
        reasons="達成",
        direction=Direction.CLOSE,
        closure_code=code,
        author_name="テスト 職員",
    )
    GoalEvaluation.objects.create(evaluation=e, position=1, goal="外に出る", result=GoalResult.MET)
    return e


def test_the_meetings_closure_takes_the_latest_evaluations_code_and_reopening_clears_it(
    j: dict[str, Any], client_for: Any
) -> None:
    client = client_for(j["users"]["coordinator"])
    _evaluation(j, dt.date(2026, 12, 1), "moved")
    _evaluation(j, dt.date(2026, 12, 4), "handed_over")
    assert _close_at_the_meeting(j, client).status_code == 302
    case = Case.objects.get(pk=j["case"].pk)
    assert case.status == CaseStatus.CLOSED and case.closure_code == "handed_over"
    assert case.closure_reason.strip() != ""
    client.post(reverse("cases:action", args=[case.pk, "reopen"]), {"note": "母が入院した"})
    case.refresh_from_db()
    assert case.status == CaseStatus.ASSESSMENT
    assert (case.closure_code, case.closure_reason, case.closed_on) == ("", "", None)


# --- 支援経過記録: the form, the stage, the page and the API -------------------------------------------------


NOTE = {
    "kind": NoteKind.HOME_VISIT,
    "on": "R8.12.4",
    "minutes": "30",
    "text": "自宅を訪問。本人と母と話す。",
    "starts_at": "14:30",
    "counterparts": [Counterpart.FAMILY, Counterpart.PERSON],
    "counterpart_name": "母",
    "place": Place.HOME,
    "place_note": "",
    "next_action": "来週、居場所の見学に同行する。",
}


def test_the_note_form_reads_a_time_as_staff_type_it() -> None:
    form = NoteForm({**NOTE, "starts_at": "１４時３０分"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["starts_at"] == dt.time(14, 30)
    assert form.cleaned_data["counterparts"] == ["person", "family"]  # the list's order
    bad = NoteForm({**NOTE, "starts_at": "25:00"})
    assert not bad.is_valid()
    assert bad.errors["starts_at"] == ["時刻は0:00〜23:59で入力してください。"]


@pytest.mark.parametrize(
    ("status", "stage"),
    [
        (CaseStatus.INTAKE, Stage.INTAKE),
        (CaseStatus.ASSESSMENT, Stage.ASSESSMENT),
        (CaseStatus.AWAITING_MEETING, Stage.PLANNING),
        (CaseStatus.SUPPORT, Stage.SUPPORT),
    ],
)
def test_the_note_takes_its_stage_from_the_case(
    j: dict[str, Any], client_for: Any, status: str, stage: str
) -> None:
    case = j["case"]
    Case.objects.filter(pk=case.pk).update(status=status)
    client = client_for(j["users"]["coordinator"])
    # A stage posted with the note is not read: it is the case's.
    response = client.post(reverse("cases:note_new", args=[case.pk]), {**NOTE, "stage": "closure"})
    assert response.status_code == 302
    note = ProgressNote.objects.get()
    assert note.stage == stage
    assert (note.starts_at, note.counterparts, note.place) == (dt.time(14, 30), ["person", "family"], "home")
    # A later move of the case does not change the stage the note was written in.
    Case.objects.filter(pk=case.pk).update(status=CaseStatus.CLOSED)
    note.refresh_from_db()
    assert note.stage == stage


def test_the_timeline_shows_who_where_the_stage_and_what_next(j: dict[str, Any], client_for: Any) -> None:
    case = j["case"]
    client = client_for(j["users"]["coordinator"])
    client.post(reverse("cases:note_new", args=[case.pk]), NOTE)
    html = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "令和8年12月4日 14:30〜" in html
    assert "相手方：本人・家族（母）" in html and "場所：本人宅" in html
    assert "支援・モニタリング" in html and "来週、居場所の見学に同行する。" in html
    # The quick form stays quick: the new items are folded away until needed.
    assert "<summary>相手方・場所・次回予定</summary>" in html
    assert '<details class="disclosure">' in html


def test_a_refused_note_comes_back_with_what_was_typed_and_the_details_open(
    j: dict[str, Any], client_for: Any
) -> None:
    case = j["case"]
    page = client_for(j["users"]["coordinator"]).post(
        reverse("cases:note_new", args=[case.pk]), {**NOTE, "starts_at": "朝"}
    )
    html = page.content.decode()
    assert page.status_code == 200 and "時刻として読み取れません。" in html
    assert '<details class="disclosure" open>' in html
    assert "自宅を訪問。本人と母と話す。" in html and "来週、居場所の見学に同行する。" in html
    assert not ProgressNote.objects.exists()


def test_a_note_through_the_api_has_the_new_items(j: dict[str, Any], client_for: Any) -> None:
    case = j["case"]
    client = client_for(j["users"]["coordinator"])
    note = {
        "kind": "phone",
        "on": "2026-12-04",
        "starts_at": "09:15",
        "counterparts": ["agency"],
        "counterpart_name": "北部包括 北村さん",
        "place": "remote",
        "text": "電話で母の近況を確認した。",
        "next_action": "月末に再度電話する。",
    }
    response = client.post(f"/api/v1/cases/{case.pk}/notes", note, content_type="application/json")
    assert response.status_code == 201, response.content.decode()
    body = response.json()
    assert (body["starts_at"], body["counterparts"], body["place"]) == ("09:15:00", ["agency"], "remote")
    assert (body["stage"], body["stage_label"]) == ("support", "支援・モニタリング")
    assert body["next_action"] == "月末に再度電話する。"
    listed = client.get(f"/api/v1/cases/{case.pk}").json()["notes"][0]
    assert listed["counterpart_name"] == "北部包括 北村さん" and listed["stage"] == "support"
    bad = client.post(
        f"/api/v1/cases/{case.pk}/notes", {**note, "place": "moon"}, content_type="application/json"
    )
    assert bad.status_code == 422
    assert ProgressNote.objects.count() == 1


# --- the A4 sheets ----------------------------------------------------------------------------------------


@pytest.fixture
def recorded(j: dict[str, Any]) -> dict[str, Any]:
    """The plan, the evaluation and notes with every new item filled in, the case closed by the meeting."""
    plan = j["plan"]
    Plan.objects.filter(pk=plan.pk).update(
        needs="母の介護と生活費の不足が重なり、長男は20年近く家の外の人と話していない。",
        policy="母の介護サービスを整えながら、長男が家の外とつながる機会を少しずつつくる。",
        person_tasks="週に1回、社協の居場所に顔を出す。眠れないことを医師に相談する。",
        programmes=["participation", "household_budget", "other_field"],
        employment_support=True,
        starts_on=dt.date(2026, 12, 1),
        ends_on=dt.date(2027, 5, 31),
        next_review_on=dt.date(2027, 3, 1),
    )
    consent = j["consent"]
    consent.purpose = "世帯の生活の立て直しのため"
    consent.save(update_fields=["purpose"])
    consent.shared_agencies.set([j["agencies"]["houkatsu_north"], j["agencies"]["division"]])
    evaluation = Evaluation.objects.create(
        case=j["case"],
        plan=plan,
        evaluated_on=dt.date(2026, 12, 4),
        goal_result=GoalResult.MET,
        reasons="居場所に週1回通えるようになった。",
        implementation="社協が月2回訪問し、包括が母の介護サービスを調整した。家計の相談は2回。",
        improvements=["motivation", "participation", "budget"],
        employed=True,
        employed_on=dt.date(2026, 11, 25),
        income_increased=True,
        income_increase=30000,
        person_view="外に出るのが前ほど怖くなくなった。",
        remaining_issues="母の膝の痛みが強くなっている。",
        direction=Direction.CLOSE,
        closure_code="goal_met",
        keep_watching=True,
        watch_note="社協CSWが月1回電話",
        author_name="テスト 職員",
    )
    GoalEvaluation.objects.create(evaluation=evaluation, position=1, goal="月に1回、誰かと話す", result="met")
    Case.objects.filter(pk=j["case"].pk).update(
        status=CaseStatus.CLOSED, closed_on=DAY, closure_reason="目標を達成した。", closure_code="goal_met"
    )
    north, hub = j["agencies"]["houkatsu_north"], j["agencies"]["shakyo"]
    ProgressNote.objects.create(
        case=j["case"],
        agency=hub,
        kind=NoteKind.HOME_VISIT,
        on=dt.date(2026, 11, 28),
        starts_at=dt.time(14, 30),
        minutes=45,
        counterparts=["person", "family"],
        counterpart_name="母",
        place=Place.HOME,
        stage=Stage.SUPPORT,
        text="自宅を訪問。本人は居間に出てきて、母と三人で20分ほど話す。眠れない日が続いていると話す。",
        next_action="来週、居場所の見学に同行する。",
        author_name="佐藤 真理子",
    )
    ProgressNote.objects.create(
        case=j["case"],
        agency=north,
        kind=NoteKind.PHONE,
        on=dt.date(2026, 12, 2),
        counterparts=["agency"],
        counterpart_name="テスト市社会福祉協議会",
        place=Place.REMOTE,
        stage=Stage.SUPPORT,
        text="社協と情報共有。母のデイサービス利用は安定。\n" * 50,
        next_action="母の受診結果を社協へ連絡する。\n" * 30,
        author_name="北村 さくら",
    )
    return {**j, "evaluation": evaluation}


def test_the_plan_sheet_prints_the_new_items(recorded: dict[str, Any]) -> None:
    text = _text(plan_sheet(Plan.objects.get(pk=recorded["plan"].pk), today=DAY))
    assert "解決すべき課題" in text and "長男は20年近く家の外の人と話していない。" in text
    assert "総合的な" in text and "家の外とつながる機会を少しずつつくる。" in text
    assert "本人の取り組むこと" in text and "眠れないことを医師に相談する。" in text
    # Every programme is listed, the used ones ticked, the item marked as reported.
    assert "※利用する事業" in text and "■参加支援事業" in text and "■家計改善支援事業" in text
    assert "□アウトリーチ等を通じた継続的支援事業" in text and "□住居確保給付金" in text
    assert "■他分野の制度・サービス（介護・障害・子ども等）" in text
    assert "※就労支援■就労支援の対象とする" in text and "※会議日" in text
    assert "プラン期間令和8年12月1日〜令和9年5月31日" in text and "令和9年3月1日" in text
    # 情報共有への同意: the consent the case stands on.
    assert "情報共有への同意" in text and "同意日令和8年11月20日" in text
    assert "■多機関協働の利用申込み" in text and "■重層的支援会議での検討" in text
    assert re.search(
        "情報共有：(北部地域包括支援センター、地域福祉課|地域福祉課、北部地域包括支援センター)", text
    )
    assert "世帯の生活の立て直しのため" in text and "※は国への報告対象項目" in text


def test_the_evaluation_sheet_prints_the_new_items(recorded: dict[str, Any]) -> None:
    text = _text(evaluation_sheet(recorded["evaluation"], today=DAY))
    assert "支援の実施状況" in text and "家計の相談は2回。" in text
    assert (
        "※本人の変化（自立に向けた改善）" in text
        and "意欲・関係性・社会参加" in text
        and "健康・生活" in text
    )
    assert "■自立意欲の向上・改善" in text and "■社会参加の機会の増加" in text and "■家計の改善" in text
    assert "□孤立の解消" in text and "□就職活動の開始" in text
    assert "※就労■就労した（就労開始日：令和8年11月25日）" in text
    assert "※増収■収入が増えた（月額30,000円）" in text
    assert "残された課題" in text and "母の膝の痛みが強くなっている。" in text
    assert "■終結" in text and "□再プラン（支援継続）" in text and "□他機関・他制度へつなぐ" in text
    assert "※終結理由区分" in text and "■目標達成（自立）" in text and "□転出" in text
    assert "終結理由区分目標達成（自立）" in text  # the case's, as the meeting closed it
    assert "プラン期間令和8年12月1日〜令和9年5月31日" in text and "※は国への報告対象項目" in text


def test_the_progress_sheet_has_the_references_columns(recorded: dict[str, Any]) -> None:
    case = recorded["case"]
    pdf = progress_sheet(case, case.notes.all(), today=DAY)
    text = _text(pdf)
    for column in ("日付・時刻", "手段", "相手方", "場所", "段階", "内容", "今後の対応", "対応者"):
        assert column in text, column
    assert "14:30〜" in text and "（45分）" in text
    assert "本人・家族（母）" in text and "本人宅" in text and "支援・モニタリング" in text
    assert "来週、居場所の見学に同行する。" in text and "佐藤真理子" in text
    # A long 内容 and 今後の対応 run on in rows of their own, printed whole.
    assert "（続き）" in text
    assert text.count("母のデイサービス利用は安定。") == 50
    assert text.count("母の受診結果を社協へ連絡する。") == 30


def test_the_sheets_render_to_png(recorded: dict[str, Any], tmp_path: Path) -> None:
    """Render every page of the three sheets so a person can look at them (tests/artifacts/national-*.png)."""
    if shutil.which("pdftoppm") is None:
        skip_or_fail("pdftoppm（poppler-utils）がないため PDF の画像化を省略しました")
    case = recorded["case"]
    sheets = {
        "plan": plan_sheet(Plan.objects.get(pk=recorded["plan"].pk), today=DAY),
        "evaluation": evaluation_sheet(recorded["evaluation"], today=DAY),
        "progress": progress_sheet(case, case.notes.all(), today=DAY),
    }
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for name, pdf in sheets.items():
        source = tmp_path / f"{name}.pdf"
        source.write_bytes(pdf)
        target = ARTIFACTS / f"national-{name}"
        subprocess.run(["pdftoppm", "-png", "-r", "70", str(source), str(target)], check=True)
        pages = sorted(ARTIFACTS.glob(f"national-{name}-*.png"))
        assert pages and all(p.stat().st_size > 10_000 for p in pages), name
