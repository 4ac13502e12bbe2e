"""The 参加支援 pages as staff use them: the list with its tabs, the urgent starts waiting for the meeting and
the follow-ups due; starting one from a case or a つなぎ; the engagement page and its forms; the assessment;
the ranked candidates and a proposal; a placement's page and each of its small forms, posted as the page
posts them (each form has its own prefix); the 紹介票 PDF, which carries only what the person agreed to. Bad
input gets a Japanese message and writes nothing; the wrong method gets 405; outsiders get 404. The pages'
query counts are pinned in test_query_counts.py."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess
from typing import Any

import pytest
from pypdf import PdfReader

from kasane.audit.models import AuditEntry, Basis
from kasane.participation import hosts, services
from kasane.participation.models import (
    Assessment,
    Engagement,
    EngagementStatus,
    FollowUp,
    HostConsent,
    HostNote,
    Placement,
    Review,
    Stage,
    StageChange,
)
from tests.conftest import ARTIFACTS, skip_or_fail

from .helpers import (
    DAY,
    actor,
    approve_participation_plan,
    assessment,
    audit_mark,
    days_ago,
    engagement,
    from_referral,
    host,
    member,
    placement,
    referral_for,
    viewer,
)

pytestmark = pytest.mark.django_db

INDEX = "/participation/"
NOT_OWNER = "参加支援の記録は、担当する機関の職員が行います。"
BEFORE_DECISION = "重層的支援会議でプランが決定されるまで、受け入れ先の提案はできません。"


def page_of(client: Any, path: str, **kwargs: Any) -> str:
    response = client.get(path, **kwargs)
    assert response.status_code == 200, (path, response.status_code)
    return str(response.content.decode())


def section(page: str, title_id: str) -> str:
    """One section of a page, from its heading to the end of the section."""
    start = page.index(f'id="{title_id}"')
    return page[start : page.find("</section>", start)]


def post(client: Any, path: str, data: dict[str, Any], status: int = 200) -> str:
    """Posts as the page does and follows the redirect; the page shown at the end."""
    response = client.post(path, data, follow=True)
    assert response.status_code == status, (path, response.status_code)
    return str(response.content.decode())


def written() -> tuple[int, ...]:
    """How many participation rows there are, to show that a refused form wrote nothing."""
    models = (Engagement, Assessment, Placement, StageChange, HostConsent, HostNote, FollowUp, Review)
    return tuple(m.objects.count() for m in models)


def coordinator(w: dict[str, Any], client_for: Any) -> Any:
    return client_for(w["users"]["coordinator"])


# --- the list ------------------------------------------------------------------------------------------------


@pytest.fixture
def listed(w: dict[str, Any]) -> dict[str, Engagement]:
    """One 参加支援 of each kind the tabs tell apart, all the 社協's: the son's, from the case, whose plan the
    meeting approved, in a trial whose follow-up is overdue; the mother's, from a つなぎ, waiting for the
    meeting; 次郎's, begun before the meeting's decision twelve days ago; 三郎's, ended."""
    v, a = viewer(w), actor(w)
    son = engagement(w, approved=True)
    placement(w, son, stage=Stage.TRIAL)  # its follow-up was due 11 days ago
    mother = from_referral(w)
    jiro = member(w, "髙橋 次郎", "たかはし じろう")
    urgent = services.start_engagement(
        v, jiro, case=None, referral=referral_for(w, jiro), started_on=days_ago(20), actor=a
    )
    services.record_urgent_start(v, urgent, days_ago(12), "本人が急いでいる", actor=a)
    saburo = member(w, "髙橋 三郎", "たかはし さぶろう")
    ended = services.start_engagement(
        v, saburo, case=None, referral=referral_for(w, saburo), started_on=days_ago(20), actor=a
    )
    services.end_engagement(v, ended, days_ago(2), "withdrew", "", actor=a)
    return {"son": son, "mother": mother, "jiro": urgent, "saburo": ended}


def names_in(client: Any, shown: str) -> set[str]:
    rows = section(page_of(client, f"{INDEX}?list={shown}"), "list-title")
    return {n for n in ("一郎", "ミツ", "次郎", "三郎") if f"{n}さん</a>" in rows}


def test_each_tab_lists_its_engagements(
    w: dict[str, Any], client_for: Any, listed: dict[str, Engagement]
) -> None:
    client = coordinator(w, client_for)
    assert names_in(client, "open") == {"一郎", "ミツ", "次郎"}
    assert names_in(client, "unknown") == {"一郎", "ミツ", "次郎"}  # an unknown tab is the default one
    assert names_in(client, "waiting") == {"ミツ", "次郎"}
    assert names_in(client, "urgent") == {"次郎"}
    assert names_in(client, "ended") == {"三郎"}
    assert names_in(client, "all") == {"一郎", "ミツ", "次郎", "三郎"}
    page = page_of(client, f"{INDEX}?list=waiting")
    assert "<title>参加支援（会議の決定待ち）" in page
    assert 'href="?list=waiting" aria-current="page"' in page
    rows = section(page, "list-title")
    assert "令和8年10月15日 決定" not in rows and "決定前に開始" in rows and "1件 進行中" not in rows
    assert "令和8年10月15日 決定" in section(page_of(client, f"{INDEX}?list=open"), "list-title")
    assert "1件 進行中" in section(page_of(client, f"{INDEX}?list=open"), "list-title")


def test_the_urgent_panel_counts_the_days_waited_until_the_meeting_decides(
    w: dict[str, Any], client_for: Any, listed: dict[str, Engagement]
) -> None:
    client = coordinator(w, client_for)
    panel = section(page_of(client, INDEX), "urgent-title")
    assert "髙橋 次郎さん" in panel and "令和8年11月12日から" in panel
    assert '<strong class="overdue">12日</strong> 決定待ち' in panel
    assert "ミツさん" not in panel and "一郎さん" not in panel
    # Linked to the household's case, whose plan the meeting has approved: off the panel.
    services.link_case(viewer(w), listed["jiro"], w["r"]["case"], actor=actor(w))
    assert 'id="urgent-title"' not in page_of(client, INDEX)


def test_follow_ups_due_show_the_overdue_ones(
    w: dict[str, Any], client_for: Any, listed: dict[str, Engagement]
) -> None:
    client = coordinator(w, client_for)
    due = section(page_of(client, INDEX), "due-title")
    assert "令和8年11月13日（期限切れ）" in due and "髙橋 一郎さん・みどり農園 就労体験" in due
    FollowUp.objects.update(due_on=DAY + dt.timedelta(days=3))
    due = section(page_of(client, INDEX), "due-title")
    assert "（期限切れ）" not in due and "令和8年11月27日" in due
    FollowUp.objects.update(due_on=DAY + dt.timedelta(days=8))  # beyond the week
    assert "1週間以内のフォローアップの予定はありません。" in page_of(client, INDEX)


def test_the_stage_funnel_counts_the_placements(
    w: dict[str, Any], client_for: Any, listed: dict[str, Engagement]
) -> None:
    stages = section(page_of(coordinator(w, client_for), INDEX), "stage-title")
    assert '<span class="queue__count">1</span>体験' in stages
    assert '<span class="queue__count">0</span>提案' in stages


def test_another_agency_lists_none_and_each_list_is_audited(
    w: dict[str, Any], client_for: Any, listed: dict[str, Engagement]
) -> None:
    other = client_for(w["users"]["other_agency"])
    for shown in ("open", "all"):
        assert names_in(other, shown) == set(), shown
    page = page_of(other, INDEX)
    assert 'id="urgent-title"' not in page and "一郎" not in page
    mark = audit_mark()
    page_of(coordinator(w, client_for), f"{INDEX}?list=all")
    entry = AuditEntry.objects.get(id__gt=mark, action="participation.listed")
    people = {e.person_id for e in listed.values()}
    assert set(entry.details["persons"]) == people


def test_staff_who_see_no_personal_data_are_refused(w: dict[str, Any], client_for: Any) -> None:
    assert client_for(w["users"]["viewer"]).get(INDEX).status_code == 403
    assert client_for(None).get(INDEX).status_code == 302  # to the login


# --- starting one --------------------------------------------------------------------------------------------


def test_the_start_page_offers_the_case_and_the_referral_and_starts_one(
    w: dict[str, Any], client_for: Any
) -> None:
    client = coordinator(w, client_for)
    case, ref, mother = w["r"]["case"], w["r"]["referral"], w["r"]["mother"]
    page = page_of(client, "/participation/new/")
    assert f'value="case-{case.pk}-{mother.pk}"' in page and f'value="referral-{ref.pk}"' in page
    assert "髙橋 ミツさん" in page
    assert "髙橋 ミツ" not in page_of(client, "/participation/new/", data={"q": "すずき"})
    response = client.post("/participation/new/", {"source": f"referral-{ref.pk}", "started_on": "R8.11.20"})
    e = Engagement.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/participation/{e.pk}/"
    assert (e.person, e.referral, e.started_on) == (mother, ref, dt.date(2026, 11, 20))
    # The mother, begun, is no longer offered.
    page = page_of(client, "/participation/new/")
    assert f'value="referral-{ref.pk}"' not in page and f'value="case-{case.pk}-{mother.pk}"' not in page


def test_the_start_form_says_what_is_missing_and_writes_nothing(w: dict[str, Any], client_for: Any) -> None:
    client = coordinator(w, client_for)
    before = written()
    response = client.post("/participation/new/", {"started_on": "R8.11.20"})
    assert response.status_code == 400
    assert "始まりとなるケースかつなぎを選んでください。" in response.content.decode()
    ref = w["r"]["referral"]
    response = client.post("/participation/new/", {"source": f"referral-{ref.pk}", "started_on": "R8.11.25"})
    assert response.status_code == 400 and "未来の日付は入力できません。" in response.content.decode()
    response = client.post("/participation/new/", {"source": "referral-999999", "started_on": "R8.11.20"})
    assert response.status_code == 400
    assert written() == before


def test_a_reader_is_told_they_may_not_start_one(w: dict[str, Any], client_for: Any) -> None:
    client = client_for(w["users"]["reader"])
    case, mother = w["r"]["case"], w["r"]["mother"]
    data = {"source": f"case-{case.pk}-{mother.pk}", "started_on": "R8.11.20"}
    response = client.post("/participation/new/", data)
    assert response.status_code == 400 and NOT_OWNER in response.content.decode()
    assert not Engagement.objects.exists()


# --- the engagement page -------------------------------------------------------------------------------------


def test_the_engagement_page_shows_the_assessment_the_placements_and_the_reviews(
    w: dict[str, Any], client_for: Any
) -> None:
    e = engagement(w, approved=True)
    assessment(e)
    placement(w, e, stage=Stage.VISIT)
    services.add_review(viewer(w), e, Review(on=days_ago(1), attendance="週1回、午前中"), actor=actor(w))
    page = page_of(coordinator(w, client_for), f"/participation/{e.pk}/")
    assert "髙橋 一郎さんの参加支援" in page and "54歳" in page
    assert "重層的支援会議で参加支援プランが決定されています（令和8年10月15日）" in page
    assert "土に触る仕事をしてみたい" in page and "「誰とも話さなくていいなら行ってみたい」" in page
    assert "みどり農園 就労体験" in page and "提案 10/20 → 見学 10/25" in page
    assert "週1回、午前中" in page
    assert f'action="/participation/{e.pk}/end/"' in page


def test_the_case_team_reads_the_page_without_its_forms(w: dict[str, Any], client_for: Any) -> None:
    e = engagement(w, urgent=True)
    page = page_of(client_for(w["users"]["soudanin"]), f"/participation/{e.pk}/")
    assert "会議の決定前に支援を始めています" in page and "から50日" in page
    assert "<form" not in section(page, "reviews-title") and "/end/" not in page and "/urgent/" not in page


def test_an_urgent_start_is_recorded_from_the_page(w: dict[str, Any], client_for: Any) -> None:
    e = engagement(w, ago=30)
    client = coordinator(w, client_for)
    before = written()
    response = client.post(f"/participation/{e.pk}/urgent/", {"urgent-on": "R8.11.20", "urgent-reason": ""})
    assert response.status_code == 400 and "決定前に始める理由を書いてください。" in response.content.decode()
    response = client.post(
        f"/participation/{e.pk}/urgent/", {"urgent-on": "R8.10.1", "urgent-reason": "急ぐ"}
    )
    assert response.status_code == 400
    assert "決定前に支援を始めた日は、受付日より前にできません。" in response.content.decode()
    e.refresh_from_db()
    assert e.urgent_started_on is None and written() == before
    page = post(client, f"/participation/{e.pk}/urgent/", {"urgent-on": "R8.11.20", "urgent-reason": "急ぐ"})
    assert "会議の決定前に支援を始めたことを記録しました。" in page and "（令和8年11月20日から4日）" in page


def test_a_referral_engagement_is_linked_to_the_case_from_the_page(
    w: dict[str, Any], client_for: Any
) -> None:
    e = from_referral(w)
    client = coordinator(w, client_for)
    page = page_of(client, f"/participation/{e.pk}/")
    case = w["r"]["case"]
    assert f'<option value="{case.pk}">' in page
    page = post(client, f"/participation/{e.pk}/case/", {"link-case": str(case.pk)})
    assert "ケースと結び付けました。" in page
    e.refresh_from_db()
    assert e.case == case


def test_a_review_and_the_end_from_the_page(w: dict[str, Any], client_for: Any) -> None:
    e = engagement(w, approved=True)
    p = placement(w, e, stage=Stage.TRIAL)
    client = coordinator(w, client_for)
    before = written()
    response = client.post(f"/participation/{e.pk}/review/", {"review-on": "R8.11.24"})
    assert response.status_code == 400 and "参加の状況を書いてください。" in response.content.decode()
    assert written() == before
    page = post(
        client, f"/participation/{e.pk}/review/", {"review-on": "R8.11.24", "review-attendance": "週2回"}
    )
    assert "評価を記録しました。" in page and "週2回" in page
    end = {"end-on": "R8.11.24", "end-reason": "settled", "end-note": ""}
    response = client.post(f"/participation/{e.pk}/end/", end)
    assert response.status_code == 400
    assert "「みどり農園 就労体験」での受け入れが続いています。" in response.content.decode()
    services.move_stage(viewer(w), p, Stage.ENDED, DAY, "定着", actor=actor(w))
    page = post(client, f"/participation/{e.pk}/end/", end)
    assert "参加支援を終了しました。" in page and "令和8年11月24日に終了しました（参加が定着し終了）" in page
    e.refresh_from_db()
    assert e.status == EngagementStatus.ENDED


# --- the assessment ------------------------------------------------------------------------------------------


def assessment_data(**extra: Any) -> dict[str, Any]:
    return {
        "assessed_on": "R8.11.20",
        "wishes": "畑の仕事",
        "strengths": "",
        "interests": ["farm"],
        "days": ["TU", "TH"],
        "from_time": "10:00",
        "to_time": "15:00",
        "area": "",
        "travel": "walk",
        "max_load": "medium",
        **extra,
    }


def test_an_assessment_is_recorded_and_leads_to_the_candidates(w: dict[str, Any], client_for: Any) -> None:
    e = engagement(w)
    client = coordinator(w, client_for)
    assert "参加に向けたアセスメント" in page_of(client, f"/participation/{e.pk}/assessment/")
    response = client.post(f"/participation/{e.pk}/assessment/", assessment_data(needs_quiet="on"))
    assert response.status_code == 302 and response["Location"] == f"/participation/{e.pk}/match/"
    first = e.assessments.get()
    assert (first.version, first.wishes, first.days, first.from_time, first.needs_quiet) == (
        1,
        "畑の仕事",
        ["TU", "TH"],
        dt.time(10),
        True,
    )
    # The form starts from the last version; another post is a new version.
    assert "畑の仕事" in page_of(client, f"/participation/{e.pk}/assessment/")
    client.post(f"/participation/{e.pk}/assessment/", assessment_data(wishes="カフェの手伝い"))
    assert list(e.assessments.values_list("version", "wishes")) == [(2, "カフェの手伝い"), (1, "畑の仕事")]


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"wishes": ""}, "本人がやってみたいことを、本人の言葉で書いてください。"),
        ({"to_time": "09:00"}, "「まで」は「から」より後の時刻にしてください。"),
        ({"assessed_on": "あした"}, "日付として読み取れません。"),
        ({"assessed_on": "R8.11.30"}, "未来の日付は入力できません。"),
        ({"days": ["XX"]}, "正しく選択してください。"),
    ],
)
def test_a_bad_assessment_says_why_and_writes_nothing(
    w: dict[str, Any], client_for: Any, extra: dict[str, Any], message: str
) -> None:
    e = engagement(w)
    mark = audit_mark()
    response = coordinator(w, client_for).post(f"/participation/{e.pk}/assessment/", assessment_data(**extra))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Assessment.objects.exists()
    assert not AuditEntry.objects.filter(id__gt=mark, action="participation.assessed").exists()


def test_only_the_owners_editors_reach_the_assessment(w: dict[str, Any], client_for: Any) -> None:
    e = engagement(w)
    for key in ("soudanin", "reader"):  # the case team and the owner's reader see the engagement, not this
        assert client_for(w["users"][key]).get(f"/participation/{e.pk}/assessment/").status_code == 404, key


# --- matching and the proposal -------------------------------------------------------------------------------


def test_the_candidates_page_waits_for_an_assessment(w: dict[str, Any], client_for: Any) -> None:
    e = engagement(w)
    response = coordinator(w, client_for).get(f"/participation/{e.pk}/match/")
    assert response.status_code == 302 and response["Location"] == f"/participation/{e.pk}/assessment/"


def test_the_candidates_are_ranked_with_their_reasons_and_one_is_proposed(
    w: dict[str, Any], client_for: Any
) -> None:
    e = engagement(w, approved=True)
    assessment(e, area=w["areas"]["north"])
    farm = host(w)
    salon = host(w, "港町サロン", categories=("salon",), area="south", suits_shy=False, byday="MO")
    host(w, "となり町農園 体験", municipality=w["other_municipality"], area=None)
    client = coordinator(w, client_for)
    page = page_of(client, f"/participation/{e.pk}/match/")
    assert page.index("みどり農園 就労体験") < page.index("港町サロン") and "となり町" not in page
    assert "✓ 希望する種類（農家・農作業）" in page and "△ 通える曜日・時間に合う日程がない" in page
    assert "✓ 体への負担がふつう" in page
    assert page.count("この受け入れ先を提案する") == 2
    data = {"propose-service": str(farm.pk), "propose-on": "R8.11.24", "propose-reasons": "畑に興味"}
    response = client.post(f"/participation/{e.pk}/match/", data)
    p = Placement.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/participation/placements/{p.pk}/"
    assert (p.service, p.proposed_on, p.reasons) == (farm, DAY, "畑に興味")
    assert salon.placements.count() == 0


def test_a_proposal_the_rules_refuse_says_why(w: dict[str, Any], client_for: Any) -> None:
    e = engagement(w)
    assessment(e)
    farm = host(w)
    elsewhere = host(w, "となり町農園 体験", municipality=w["other_municipality"], area=None)
    client = coordinator(w, client_for)
    assert "提案はできません（候補の確認はできます）" in page_of(client, f"/participation/{e.pk}/match/")
    data = {"propose-service": str(farm.pk), "propose-on": "R8.11.24"}
    response = client.post(f"/participation/{e.pk}/match/", data)
    assert response.status_code == 400 and BEFORE_DECISION in response.content.decode()
    approve_participation_plan(w["r"]["case"], days_ago(1))
    response = client.post(f"/participation/{e.pk}/match/", {**data, "propose-service": str(elsewhere.pk)})
    assert (
        response.status_code == 400
        and "この市町村の社会資源から選んでください。" in response.content.decode()
    )
    response = client.post(f"/participation/{e.pk}/match/", {"propose-service": str(farm.pk)})
    assert response.status_code == 400 and "提案日を入力してください。" in response.content.decode()
    assert not Placement.objects.exists()


def test_the_case_team_sees_the_candidates_without_proposing(w: dict[str, Any], client_for: Any) -> None:
    e = engagement(w, approved=True)
    assessment(e)
    farm = host(w)
    client = client_for(w["users"]["soudanin"])
    page = page_of(client, f"/participation/{e.pk}/match/")
    assert "みどり農園 就労体験" in page and "この受け入れ先を提案する" not in page
    response = client.post(
        f"/participation/{e.pk}/match/", {"propose-service": farm.pk, "propose-on": "R8.11.24"}
    )
    assert response.status_code == 400 and NOT_OWNER in response.content.decode()
    assert AuditEntry.objects.filter(action="participation.matched", basis=Basis.CASE_TEAM).exists()


# --- the placement page --------------------------------------------------------------------------------------


@pytest.fixture
def trial(w: dict[str, Any]) -> Placement:
    e = engagement(w, approved=True)
    assessment(e)
    return placement(w, e, stage=Stage.TRIAL)


def placement_url(p: Placement, action: str = "") -> str:
    return f"/participation/placements/{p.pk}/{action}"


def test_the_placement_page_shows_its_stages_follow_ups_host_and_consent(
    w: dict[str, Any], client_for: Any, trial: Placement
) -> None:
    page = page_of(coordinator(w, client_for), placement_url(trial))
    assert "みどり農園 就労体験での受け入れ" in page and "髙橋 一郎さん" in page
    assert '<li aria-current="step" class="stepper__current">体験' in page
    assert "次のフォローアップ：令和8年11月13日（期限を過ぎています）" in page
    assert "同意はまだ記録されていません。" in page
    for action in ("stage/", "host/", "consent/", "notes/", "follow-up/"):
        assert f'action="{placement_url(trial, action)}"' in page, action
    assert 'value="settled"' in page and 'value="visit"' not in page  # only the steps the table allows


def test_moving_the_stage_from_the_page(w: dict[str, Any], client_for: Any, trial: Placement) -> None:
    client = coordinator(w, client_for)
    before = written()
    response = client.post(placement_url(trial, "stage/"), {"stage-to": "proposed", "stage-on": "R8.11.24"})
    assert response.status_code == 400 and "正しく選択してください。" in response.content.decode()
    response = client.post(placement_url(trial, "stage/"), {"stage-to": "suspended", "stage-on": "R8.11.24"})
    assert response.status_code == 400 and "終了・中断の理由を書いてください。" in response.content.decode()
    response = client.post(placement_url(trial, "stage/"), {"stage-on": "R8.11.24"})
    assert response.status_code == 400 and "次の段階を選んでください。" in response.content.decode()
    assert written() == before
    page = post(client, placement_url(trial, "stage/"), {"stage-to": "settled", "stage-on": "R8.11.24"})
    assert "受け入れの段階を記録しました。" in page
    trial.refresh_from_db()
    assert trial.stage == Stage.SETTLED and trial.service.hosted_before


def test_the_host_contact_from_the_page(w: dict[str, Any], client_for: Any, trial: Placement) -> None:
    client = coordinator(w, client_for)
    data = {"host-contact": "田中さん", "host-phone": "0197-11-2222", "host-follow_up_days": "0"}
    response = client.post(placement_url(trial, "host/"), data)
    assert response.status_code == 400 and "1〜180日で入力してください。" in response.content.decode()
    page = post(client, placement_url(trial, "host/"), {**data, "host-follow_up_days": "7"})
    assert "受け入れ先の担当者を保存しました。" in page and "田中さん　0197-11-2222" in page
    trial.refresh_from_db()
    assert trial.follow_up_days == 7


def test_a_consent_and_its_withdrawal_from_the_page(
    w: dict[str, Any], client_for: Any, trial: Placement
) -> None:
    client = coordinator(w, client_for)
    data = {"consent-obtained_on": "R8.11.20", "consent-method": "written"}
    response = client.post(placement_url(trial, "consent/"), data)
    assert (
        response.status_code == 400 and "同意を得た項目を1つ以上選んでください。" in response.content.decode()
    )
    assert not HostConsent.objects.exists()
    page = post(client, placement_url(trial, "consent/"), {**data, "consent-fields_": ["wishes", "days"]})
    assert "受け入れ先への情報提供の同意を記録しました。" in page
    assert "本人がやってみたいこと、通える曜日・時間" in page and "紹介票（A4 PDF）を作る" in page
    consent = HostConsent.objects.get()
    other = placement(w, trial.engagement, host(w, "ひだまりカフェ 居場所"))
    assert client.post(placement_url(other, f"consent/{consent.pk}/withdraw/")).status_code == 404
    page = post(client, placement_url(trial, f"consent/{consent.pk}/withdraw/"), {})
    assert "同意の撤回を記録しました。これ以降、紹介票は作れません。" in page
    assert "以前の同意：令和8年11月20日〜令和8年11月24日" in page and "紹介票（A4 PDF）を作る" not in page
    page = post(client, placement_url(trial, f"consent/{consent.pk}/withdraw/"), {})
    assert "この同意はすでに撤回されています。" in page


def test_a_host_note_from_the_page(w: dict[str, Any], client_for: Any, trial: Placement) -> None:
    client = coordinator(w, client_for)
    response = client.post(placement_url(trial, "notes/"), {"note-on": "R8.11.24", "note-kind": "tasks"})
    assert response.status_code == 400 and "内容を書いてください。" in response.content.decode()
    response = client.post(placement_url(trial, "notes/"), {"note-on": "R8.11.24", "note-text": "袋詰め"})
    assert response.status_code == 400 and "内容の種類を選んでください。" in response.content.decode()
    assert not HostNote.objects.exists()
    data = {"note-on": "R8.11.24", "note-kind": "tasks", "note-text": "野菜の袋詰めを切り出した"}
    page = post(client, placement_url(trial, "notes/"), data)
    assert "受け入れ先支援の記録を保存しました。" in page and "野菜の袋詰めを切り出した" in page


def test_a_follow_up_from_the_page(w: dict[str, Any], client_for: Any, trial: Placement) -> None:
    client = coordinator(w, client_for)
    response = client.post(placement_url(trial, "follow-up/"), {"followup-done_on": "R8.11.24"})
    assert (
        response.status_code == 400
        and "本人と受け入れ先の様子を書いてください。" in response.content.decode()
    )
    data = {"followup-done_on": "R8.11.24", "followup-note": "休まず通えている", "followup-next_on": ""}
    page = post(client, placement_url(trial, "follow-up/"), data)
    assert "フォローアップを記録しました。" in page and "休まず通えている" in page
    assert "次のフォローアップ：令和8年12月8日" in page
    FollowUp.objects.filter(done_on__isnull=True).delete()
    response = client.post(placement_url(trial, "follow-up/"), data)
    assert (
        response.status_code == 400
        and "予定されているフォローアップがありません。" in response.content.decode()
    )


def test_the_case_team_reads_a_placement_but_changes_nothing(
    w: dict[str, Any], client_for: Any, trial: Placement
) -> None:
    client = client_for(w["users"]["soudanin"])
    page = page_of(client, placement_url(trial))
    assert "みどり農園 就労体験での受け入れ" in page and "<form" not in section(page, "host-title")
    before = written()
    response = client.post(placement_url(trial, "stage/"), {"stage-to": "settled", "stage-on": "R8.11.24"})
    assert response.status_code == 400 and NOT_OWNER in response.content.decode()
    assert written() == before


# --- the 紹介票 ------------------------------------------------------------------------------------------------


def consent_to(w: dict[str, Any], p: Placement, fields: list[str]) -> HostConsent:
    return hosts.record_host_consent(viewer(w), p, fields, days_ago(2), "written", actor=actor(w))


def sheet(client: Any, p: Placement, items: list[str]) -> Any:
    return client.post(placement_url(p, "sheet.pdf"), {"sheet-items": items})


def text_of(response: Any) -> str:
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    return "".join(page.extract_text() for page in reader.pages).replace(" ", "").replace("\u3000", "")


def test_the_sheet_carries_only_the_items_chosen_and_consented(
    w: dict[str, Any], client_for: Any, trial: Placement
) -> None:
    consent = consent_to(w, trial, ["wishes", "days", "limits", "name"])
    client = coordinator(w, client_for)
    text = text_of(sheet(client, trial, ["wishes", "days", "limits"]))
    assert "参加支援紹介票" in text and "みどり農園みどり農園就労体験御中" in text
    assert "土に触る仕事をしてみたい" in text and "火・木曜10:00〜15:00" in text
    assert "時間：午前中は起きにくい" in text and "人との関わり：大人数は苦手" in text
    # Neither the name, the kana, the age, the strengths nor the staff's contact.
    for absent in ("髙橋", "一郎", "たかはし", "54歳", "黙々と作業する", "kyodo"):
        assert absent not in text, absent
    # The name only when it is both chosen and consented.
    text = text_of(sheet(client, trial, ["wishes", "name"]))
    assert "髙橋一郎" in text and "氏名" in text
    # Each sheet is a disclosure to the host on the person's consent: what went, to whom, on which consent.
    entries = AuditEntry.objects.filter(action="participation.referral_sheet").order_by("id")
    assert [e.details["items"] for e in entries] == [["wishes", "days", "limits"], ["wishes", "name"]]
    assert {(e.person_id, e.basis, e.basis_ref, e.object_id) for e in entries} == {
        (str(trial.engagement.person_id), Basis.CONSENT, f"host_consent:{consent.pk}", str(trial.pk))
    }
    assert entries[0].details["host"] == "みどり農園（みどり農園 就労体験）"


def test_an_item_not_consented_makes_no_sheet(w: dict[str, Any], client_for: Any, trial: Placement) -> None:
    consent_to(w, trial, ["wishes"])
    client = coordinator(w, client_for)
    for items in (["name"], ["wishes", "name"], []):
        response = sheet(client, trial, items)
        assert response.status_code == 302, items
        assert response["Location"] == placement_url(trial)
    page = page_of(client, placement_url(trial))
    assert "同意を得た項目の中から、紹介票に載せる項目を選んでください。" in page


def test_no_sheet_without_a_standing_consent(w: dict[str, Any], client_for: Any, trial: Placement) -> None:
    client = coordinator(w, client_for)
    message = "本人の同意（受け入れ先への情報提供）が記録されていないため、紹介票は作れません。"
    assert message in post(client, placement_url(trial, "sheet.pdf"), {"sheet-items": ["wishes"]})
    consent = consent_to(w, trial, ["wishes", "name"])
    hosts.withdraw_host_consent(viewer(w), consent, DAY, actor=actor(w))
    assert message in post(client, placement_url(trial, "sheet.pdf"), {"sheet-items": ["wishes"]})


def test_only_the_owners_editors_make_a_sheet(w: dict[str, Any], client_for: Any, trial: Placement) -> None:
    consent_to(w, trial, ["wishes", "name"])
    for key in ("soudanin", "reader"):
        page = post(client_for(w["users"][key]), placement_url(trial, "sheet.pdf"), {"sheet-items": ["name"]})
        assert NOT_OWNER in page, key
    assert not AuditEntry.objects.filter(action="participation.referral_sheet").exists()
    assert (
        client_for(w["users"]["other_agency"])
        .post(placement_url(trial, "sheet.pdf"), {"sheet-items": ["name"]})
        .status_code
        == 404
    )


def test_the_sheet_looks_like_a_sheet(w: dict[str, Any], client_for: Any, trial: Placement) -> None:
    """Page 1 of the 紹介票 as a picture, to be looked at (tests/artifacts/participation_sheet-1.png)."""
    if shutil.which("pdftoppm") is None:
        skip_or_fail("pdftoppm（poppler-utils）がないため PDF の画像化を省略しました")
    hosts.update_host_contact(viewer(w), trial, "田中 守", "0197-11-2222", 14, actor=actor(w))
    consent_to(w, trial, ["name", "kana", "age", "wishes", "strengths", "limits", "days", "contact"])
    response = sheet(
        coordinator(w, client_for), trial, ["name", "kana", "wishes", "strengths", "limits", "days"]
    )
    assert len(PdfReader(io.BytesIO(response.content)).pages) == 1
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    source = ARTIFACTS / "participation_sheet.pdf"
    source.write_bytes(response.content)
    subprocess.run(
        [
            "pdftoppm",
            "-r",
            "60",
            "-png",
            "-f",
            "1",
            "-l",
            "1",
            str(source),
            str(ARTIFACTS / "participation_sheet"),
        ],
        check=True,
    )
    assert (ARTIFACTS / "participation_sheet-1.png").stat().st_size > 10_000


# --- methods and outsiders -----------------------------------------------------------------------------------


def test_the_wrong_method_is_refused(w: dict[str, Any], client_for: Any, trial: Placement) -> None:
    client = coordinator(w, client_for)
    e = trial.engagement
    for path in (INDEX, f"/participation/{e.pk}/", placement_url(trial)):
        assert client.post(path).status_code == 405, path
    for path in (
        f"/participation/{e.pk}/urgent/",
        f"/participation/{e.pk}/case/",
        f"/participation/{e.pk}/review/",
        f"/participation/{e.pk}/end/",
        placement_url(trial, "stage/"),
        placement_url(trial, "host/"),
        placement_url(trial, "consent/"),
        placement_url(trial, "sheet.pdf"),
        placement_url(trial, "notes/"),
        placement_url(trial, "follow-up/"),
    ):
        assert client.get(path).status_code == 405, path
    for path in (
        "/participation/new/",
        f"/participation/{e.pk}/assessment/",
        f"/participation/{e.pk}/match/",
    ):
        assert client.put(path).status_code == 405, path


def test_outsiders_get_404_everywhere(w: dict[str, Any], client_for: Any, trial: Placement) -> None:
    e = trial.engagement
    consent = consent_to(w, trial, ["wishes"])
    gets = (
        f"/participation/{e.pk}/",
        f"/participation/{e.pk}/assessment/",
        f"/participation/{e.pk}/match/",
        placement_url(trial),
    )
    posts = (
        f"/participation/{e.pk}/urgent/",
        f"/participation/{e.pk}/case/",
        f"/participation/{e.pk}/review/",
        f"/participation/{e.pk}/end/",
        f"/participation/{e.pk}/assessment/",
        f"/participation/{e.pk}/match/",
        placement_url(trial, "stage/"),
        placement_url(trial, "host/"),
        placement_url(trial, "consent/"),
        placement_url(trial, f"consent/{consent.pk}/withdraw/"),
        placement_url(trial, "sheet.pdf"),
        placement_url(trial, "notes/"),
        placement_url(trial, "follow-up/"),
    )
    before = written()
    for key in ("other_agency", "city", "other_city"):
        client = client_for(w["users"][key])
        for path in gets:
            assert client.get(path).status_code == 404, (key, path)
        for path in posts:
            assert client.post(path, {}).status_code == 404, (key, path)
    assert written() == before
    consent.refresh_from_db()
    assert consent.withdrawn_on is None
