"""専門家派遣: the steps in their order, through the pages staff use; de-identified worksheets; the outcome
moving the municipality's readiness; who sees what (the municipality's own staff read only, others 404)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
import time_machine

from kasane.audit.models import AuditEntry
from kasane.dispatch.models import Dispatch, DispatchStatus, GoalOutcome, WorksheetEntry, Workshop
from kasane.lib.dates import today
from kasane.readiness.models import ReadinessRating
from kasane.tenancy.models import Municipality

from .helpers import YEAR, advanced, client, workshop_form

pytestmark = pytest.mark.django_db

# The steps carry dates of 令和8年度 (a hearing in June, an outcome in December): the clock stands after them.
NOW = dt.datetime(2026, 12, 7, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=9)))


@pytest.fixture(autouse=True)
def clock() -> Iterator[None]:
    with time_machine.travel(NOW, tick=False):
        yield


def _day(offset: int) -> str:
    return (today() + dt.timedelta(days=offset)).isoformat()


def messages_of(response: Any) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


def new_dispatch(d: dict[str, Any], **extra: Any) -> Dispatch:
    data = {
        "municipality": d["municipality"].pk,
        "fiscal_year": YEAR,
        "requested_on": "R8.5.12",
        "requested_by": "地域福祉課（主査）",
        "request_text": "庁内の理解を進めたい。参加支援の受け入れ先も探したい。",
        "themes": ["internal", "participation"],
        "experts": [d["experts"][0].pk],
        **extra,
    }
    response = client(d["fasi"]).post("/dispatch/new/", data)
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    return Dispatch.objects.get(municipality=data["municipality"], fiscal_year=data["fiscal_year"])


HEARING = {
    "held_on": "R8.6.18",
    "method": "online",
    "attendees": "地域福祉課長、同課主査、市社協 地域福祉課長",
    "lead_division": "保健福祉部 地域福祉課",
    "promoter": "地域福祉課の主査が中心。",
    "trigger_case": "80代の母と50代の長男の世帯で、包括と社協がばらばらに関わっていた。",
    "agencies_status": "包括4か所（委託）。",
    "finance": "未着手。",
    "vision_clarity": "地域福祉計画の目指す姿はあるが、事業で何を実現するかは整理できていない。",
}


def test_the_steps_in_their_order(d: dict[str, Any]) -> None:
    fasi, ken = client(d["fasi"]), client(d["ken"])
    dispatch = new_dispatch(d)
    assert dispatch.status == DispatchStatus.RECEIVED
    assert list(dispatch.experts.all()) == [d["experts"][0]]

    # No hearing before the prefecture decides; the contractor cannot decide.
    response = fasi.post(f"/dispatch/{dispatch.pk}/hearings/new/", HEARING)
    assert response.status_code == 200
    assert "道との協議で派遣を決定してから" in response.content.decode()
    response = fasi.post(f"/dispatch/{dispatch.pk}/decide/", {"agreed_on": "R8.5.26"}, follow=True)
    assert "都道府県の担当者が記録します" in " ".join(messages_of(response))
    response = ken.post(f"/dispatch/{dispatch.pk}/decide/", {"agreed_on": "R8.5.26"}, follow=True)
    dispatch.refresh_from_db()
    assert dispatch.agreed_on == dt.date(2026, 5, 26) and dispatch.agreed_by == d["ken"]

    # No goal before the hearing; the hearing moves it on and reads like 図表 2-5.
    response = fasi.post(
        f"/dispatch/{dispatch.pk}/goals/new/",
        {"text": "x", "readiness_item": "internal", "agreed_on": "R8.7.1"},
    )
    assert "先にヒアリングを記録してください" in response.content.decode()
    assert fasi.post(f"/dispatch/{dispatch.pk}/hearings/new/", HEARING).status_code == 302
    dispatch.refresh_from_db()
    assert dispatch.status == DispatchStatus.HEARD
    page = fasi.get(f"/dispatch/{dispatch.pk}/").content.decode()
    for heading in (
        "① 重層的支援体制の体制整備の検討のきっかけ",
        "② 重層的支援体制の体制整備に関する現況",
        "③ 重層的支援体制整備事業を通じて目指すところ",
    ):
        assert heading in page
    assert "推進役・機関（庁内・民間）の有無" in page and "地域福祉課の主査が中心。" in page

    # No workshop before a goal; a goal agreed with the municipality moves it on.
    response = fasi.post(f"/dispatch/{dispatch.pk}/workshops/new/", workshop_form(_day(-3)))
    assert "先に目標を登録してください" in response.content.decode()
    assert (
        fasi.post(
            f"/dispatch/{dispatch.pk}/goals/new/",
            {
                "text": "庁内の関係課が事業の意義を共有する",
                "readiness_item": "internal",
                "agreed_on": "R8.7.10",
            },
        ).status_code
        == 302
    )
    dispatch.refresh_from_db()
    assert dispatch.status == DispatchStatus.GOALS_SET
    goal = dispatch.goals.get()
    assert (
        fasi.post(
            f"/dispatch/goals/{goal.pk}/actions/new/",
            {"what": "庁内勉強会を開く", "who": "地域福祉課", "due_on": "R8.11.30"},
        ).status_code
        == 302
    )
    action = goal.actions.get()
    fasi.post(f"/dispatch/actions/{action.pk}/done/")
    action.refresh_from_db()
    assert action.done_on == today()

    # A workshop still to come does not count as held, and cannot say who came; one that took place does.
    response = fasi.post(f"/dispatch/{dispatch.pk}/workshops/new/", workshop_form(_day(20)))
    assert "参加者数と振り返りは入力できません" in response.content.decode()
    assert not dispatch.workshops.exists()
    planned_form = {k: v for k, v in workshop_form(_day(20)).items() if not k.startswith("count_")}
    assert fasi.post(f"/dispatch/{dispatch.pk}/workshops/new/", planned_form).status_code == 302
    dispatch.refresh_from_db()
    assert dispatch.status == DispatchStatus.GOALS_SET
    planned = dispatch.workshops.get()
    response = fasi.post(
        f"/dispatch/workshops/{planned.pk}/worksheets/new/",
        {"group_label": "1班", "success_case": "80代の母の世帯"},
    )
    assert "開催日以降に入力します" in response.content.decode()
    # Outcomes come after the workshop.
    response = fasi.post(f"/dispatch/goals/{goal.pk}/outcome/", _outcome())
    assert "ワークショップを実施した後" in response.content.decode()
    assert (
        fasi.post(
            f"/dispatch/workshops/{planned.pk}/", workshop_form(_day(-1), (d["experts"][0].pk,))
        ).status_code
        == 302
    )
    dispatch.refresh_from_db()
    assert dispatch.status == DispatchStatus.WORKSHOP_HELD
    workshop = Workshop.objects.get(pk=planned.pk)
    assert workshop.participant_total == 12 + 6 + 8 + 3 + 2 + 2 + 5
    assert list(workshop.experts.all()) == [d["experts"][0]]

    # Not concluded before every goal has its outcome.
    response = fasi.post(f"/dispatch/{dispatch.pk}/conclude/", follow=True)
    assert "すべての目標の成果を整理してから" in " ".join(messages_of(response))
    assert fasi.post(f"/dispatch/goals/{goal.pk}/outcome/", _outcome()).status_code == 302
    response = fasi.post(f"/dispatch/{dispatch.pk}/conclude/", follow=True)
    dispatch.refresh_from_db()
    assert dispatch.status == DispatchStatus.CONCLUDED
    assert "成果整理済" in response.content.decode()

    # A concluded dispatch is closed to changes.
    response = fasi.post(
        f"/dispatch/{dispatch.pk}/goals/new/",
        {"text": "追加", "readiness_item": "talent", "agreed_on": "R8.12.1"},
    )
    assert "成果整理済の派遣は変更できません" in response.content.decode()
    assert dispatch.goals.count() == 1
    actions = list(
        AuditEntry.objects.filter(
            action__startswith="dispatch.", object_id__in=[str(dispatch.pk)]
        ).values_list("action", flat=True)
    )
    assert {"dispatch.created", "dispatch.decided", "dispatch.concluded"} <= set(actions)


def _outcome(**extra: Any) -> dict[str, Any]:
    return {
        "changes": "関係課の係長が事業の意義を説明できるようになった。",
        "evidence": "庁内勉強会に18人が参加。要綱案を部長会議に報告。",
        "achievement": "partly",
        "next_steps": "福祉部以外の参加",
        "recorded_on": "R8.12.1",
        **extra,
    }


@pytest.mark.parametrize(
    ("field", "text", "message"),
    [
        ("success_case", "80代の女性（連絡先 090-1234-5678）の世帯。", "電話番号のような数字"),
        ("failed_case", "長男（ＴＥＬ ０１５５－２３－４５６７）が相談に来た。", "電話番号のような数字"),
        ("failed_case", "母（S15.3.2生）と長男の世帯。", "生年月日のような日付"),
        ("success_factors", "生年月日を確かめて、包括が記録を探した。", "生年月日のような日付"),
        ("missing_resources", "本人は昭和45年3月2日生まれで、", "生年月日のような日付"),
    ],
)
def test_worksheets_refuse_identifiers(d: dict[str, Any], field: str, text: str, message: str) -> None:
    r = advanced(d)
    url = f"/dispatch/workshops/{r['workshop'].pk}/worksheets/new/"
    response = client(d["fasi"]).post(url, {"group_label": "1班", field: text})
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page and "個人が特定できる情報" in page
    assert not WorksheetEntry.objects.exists()


def test_worksheet_page_tells_what_not_to_write_and_keeps_de_identified_cases(d: dict[str, Any]) -> None:
    r = advanced(d)
    fasi = client(d["fasi"])
    url = f"/dispatch/workshops/{r['workshop'].pk}/worksheets/new/"
    assert (
        "個人が特定できる情報（氏名・住所・生年月日など）は書かないでください"
        in fasi.get(url).content.decode()
    )
    response = fasi.post(url, {"group_label": "1班"})
    assert "ケースか要因の欄を1つ以上入力してください" in response.content.decode()
    data = {
        "group_label": "2班（障がい・困窮）",
        "success_case": "40代の女性と70代の父の世帯。令和7年10月に父が入院し、相談支援専門員が包括に伝えた。",
        "success_factors": "日頃の連絡会で顔を合わせていた。",
        "failed_case": "20代の単身男性。保健師が訪問を続けたが会えなかった。",
        "missing_agencies": "精神科の医療機関",
        "missing_resources": "短時間から通える居場所",
    }
    assert fasi.post(url, data).status_code == 302
    entry = WorksheetEntry.objects.get()
    assert entry.missing_agencies == "精神科の医療機関"
    page = fasi.get(f"/dispatch/{r['dispatch'].pk}/").content.decode()
    assert "(b) 足りなかった機関" in page and "短時間から通える居場所" in page


def test_a_hearing_refuses_an_identifier_in_the_case_that_started_it(d: dict[str, Any]) -> None:
    r = advanced(d, DispatchStatus.HEARD)
    response = client(d["fasi"]).post(
        f"/dispatch/hearings/{r['hearing'].pk}/", {**HEARING, "trigger_case": "80代の母（電話0155-23-4567）"}
    )
    assert "電話番号のような数字" in response.content.decode()
    r["hearing"].refresh_from_db()
    assert r["hearing"].trigger_case == ""


def test_the_outcome_can_move_the_municipality_readiness(d: dict[str, Any]) -> None:
    r = advanced(d)
    fasi = client(d["fasi"])
    url = f"/dispatch/goals/{r['goal'].pk}/outcome/"
    response = fasi.post(url, _outcome(update_rating="on"))
    assert "更新する段階を選んでください" in response.content.decode()
    assert not GoalOutcome.objects.exists() and not ReadinessRating.objects.exists()
    assert (
        fasi.post(url, _outcome(update_rating="on", new_stage="2", tools_used=["study_internal"])).status_code
        == 302
    )
    outcome = GoalOutcome.objects.get()
    rating = ReadinessRating.objects.get()
    assert outcome.rating == rating
    assert (rating.municipality, rating.item, rating.stage) == (d["municipality"], "internal", 2)
    assert rating.evidence == "庁内勉強会に18人が参加。要綱案を部長会議に報告。"
    assert rating.tools_used == ["study_internal"] and rating.rated_on == dt.date(2026, 12, 1)
    assert AuditEntry.objects.filter(action="readiness.rated").count() == 1
    page = fasi.get(f"/dispatch/{r['dispatch'].pk}/").content.decode()
    assert "「庁内の共通理解」を「進行中」に更新" in page
    # Correcting it shows what was recorded, not today's date.
    assert fasi.get(url).context["form"]["recorded_on"].value() == "令和8年12月1日"
    # Without the box ticked, the outcome is kept and readiness is left alone.
    assert fasi.post(url, _outcome(achievement="achieved")).status_code == 302
    assert ReadinessRating.objects.count() == 1
    assert GoalOutcome.objects.get().achievement == "achieved"


def test_withdrawing_needs_a_reason_and_ends_the_dispatch(d: dict[str, Any]) -> None:
    r = advanced(d, DispatchStatus.GOALS_SET)
    fasi = client(d["fasi"])
    url = f"/dispatch/{r['dispatch'].pk}/withdraw/"
    response = fasi.post(url, {"reason": ""}, follow=True)
    assert "取りやめの理由を入力してください" in " ".join(messages_of(response))
    response = fasi.post(
        url, {"reason": "町の体制変更のため、来年度に改めて依頼を受けることになった。"}, follow=True
    )
    r["dispatch"].refresh_from_db()
    assert r["dispatch"].status == DispatchStatus.WITHDRAWN
    assert "この派遣は取りやめになりました" in response.content.decode()
    response = fasi.post(f"/dispatch/{r['dispatch'].pk}/workshops/new/", workshop_form(_day(-1)))
    assert "取りやめた派遣は変更できません" in response.content.decode()


def test_the_year_list_counts_against_six_and_warns_past_it(d: dict[str, Any]) -> None:
    prefecture = d["municipality"].prefecture
    for i in range(6):
        m = Municipality.objects.create(
            prefecture=prefecture, code=f"0399{i:02d}", name=f"町{i}", population=5000
        )
        Dispatch.objects.create(
            prefecture=prefecture,
            fiscal_year=YEAR,
            municipality=m,
            requested_on=today(),
            requested_by="課",
            request_text="相談",
            created_by=d["ken"],
            status=DispatchStatus.WITHDRAWN if i == 0 else DispatchStatus.RECEIVED,
        )
    page = client(d["ken"]).get("/dispatch/").content.decode()
    assert "5 / 6" in page and "目安の6市町村程度を超えています" not in page
    response = client(d["fasi"]).post(
        "/dispatch/new/",
        {
            "municipality": d["municipality"].pk,
            "fiscal_year": YEAR,
            "requested_on": "R8.11.1",
            "requested_by": "課",
            "request_text": "相談",
        },
        follow=True,
    )
    assert "6 / 6" in client(d["ken"]).get("/dispatch/").content.decode()
    assert not any("超えています" in m for m in messages_of(response))
    response = client(d["fasi"]).post(
        "/dispatch/new/",
        {
            "municipality": d["other_municipality"].pk,
            "fiscal_year": YEAR,
            "requested_on": "R8.11.2",
            "requested_by": "課",
            "request_text": "相談",
        },
        follow=True,
    )
    assert any("7市町村になり" in m for m in messages_of(response))
    page = client(d["ken"]).get("/dispatch/").content.decode()
    assert "7 / 6" in page and "目安の6市町村程度を超えています" in page
    # The same municipality twice in one year is refused.
    response = client(d["fasi"]).post(
        "/dispatch/new/",
        {
            "municipality": d["other_municipality"].pk,
            "fiscal_year": YEAR,
            "requested_on": "R8.11.3",
            "requested_by": "課",
            "request_text": "再度",
        },
    )
    assert "すでに登録されています" in response.content.decode()


def test_a_planned_workshop_is_registered_before_anyone_is_counted(d: dict[str, Any]) -> None:
    r = advanced(d, DispatchStatus.GOALS_SET)
    r["workshop"].delete()
    data = {k: v for k, v in workshop_form(_day(14)).items() if not k.startswith("count_")}
    response = client(d["fasi"]).post(f"/dispatch/{r['dispatch'].pk}/workshops/new/", data)
    assert response.status_code == 302
    planned = Workshop.objects.get(dispatch=r["dispatch"])
    assert planned.participant_total == 0
    page = client(d["fasi"]).get(f"/dispatch/{r['dispatch'].pk}/").content.decode()
    assert "開催予定" in page and "開催後に、所属ごとの人数を記録します。" in page
    response = client(d["fasi"]).post(f"/dispatch/workshops/{planned.pk}/", {**data, "count_city": "-1"})
    assert response.status_code == 200 and Workshop.objects.get(pk=planned.pk).count_city == 0
