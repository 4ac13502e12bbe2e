"""The case journey through the web pages: intake → referral → case → plan → decision → notes → closure → reopen,
with the access rules checked from both sides at each step."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from kasane.audit.models import AuditEntry, Basis
from kasane.casework.models import (
    Case,
    CaseStatus,
    Consent,
    Consultation,
    Person,
    Plan,
    PlanStatus,
    Referral,
    Status,
)
from tests import factories
from tests.clock import morning_of


@pytest.fixture(autouse=True)
def _late_november_2026() -> Iterator[None]:
    """The journey types its dates as staff would in late November 2026 (R8.11.21, the next review R9.5.1):
    the clock stands there, so that they stay in the past and the future they were written for."""
    with time_machine.travel(morning_of(dt.date(2026, 11, 23)), tick=True):
        yield


@pytest.fixture
def casework(world: dict[str, Any], make_agency: Any, make_user: Any) -> dict[str, Any]:
    agencies = world["agencies"]
    agencies["shakyo"].runs_collaboration = True
    agencies["shakyo"].save()
    municipality = world["municipality"]
    agencies["shogai"] = make_agency(
        municipality, "障害者相談支援センターひまわり", kind="shogai_sodan", fields=("disability",)
    )
    agencies["jiritsu"] = make_agency(
        municipality, "自立相談支援センター", kind="jiritsu_sodan", fields=("poverty",)
    )
    users = world["users"]
    users["shogai"] = make_user("shogai", agencies["shogai"], "soudanin")
    users["jiritsu"] = make_user("jiritsu", agencies["jiritsu"], "soudanin")
    users["south"] = make_user("south", agencies["houkatsu_south"], "soudanin")
    return world


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _intake(client: Client, **extra: str) -> Any:
    data = {
        "p-name": "髙橋 ミツ",
        "p-kana": "たかはし みつ",
        "p-sex": "female",
        "p-birth_date": "S19.4.10",
        "p-address": "テスト市北町1-2-3",
        "p-phone": "0197-11-2222",
        "received_at_0": "R8.11.20",
        "received_at_1": "10:00",
        "channel": "visit",
        "visitor": "self",
        "topics": ["withdrawal", "care", "income"],
        "main_topic": "withdrawal",
        "situations": ["8050", "isolation"],
        "complaint": "50代の息子が長年ひきこもっている。自分が亡くなった後が心配。",
        "wishes": "息子が少しでも外とつながってほしい。",
        "response": "collaboration",
        "consent_variant": "with",
        "c-covers_collaboration": "on",
        "c-covers_meeting": "on",
        "c-obtained_on": "令和8年11月20日",
        "c-method": "written",
    }
    data.update(extra)
    return client.post(reverse("consultations:new"), data)


def test_intake_with_wareki_birth_date_creates_person_consultation_and_consent(
    casework: dict[str, Any],
) -> None:
    client = _client(casework["users"]["soudanin"])
    response = _intake(client)
    assert response.status_code == 302, response.content.decode()[:2000]
    person = Person.objects.get()
    assert person.name == "髙橋 ミツ"  # variant kanji kept exactly
    assert person.birth_date.isoformat() == "1944-04-10"
    consultation = Consultation.objects.get()
    assert consultation.main_topic == "withdrawal"
    assert consultation.consent is not None and consultation.consent.covers_collaboration
    # Responding "多機関協働へつなぐ" goes straight to the referral form, pointed at the hub.
    assert response["Location"].startswith(reverse("referrals:new"))
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert f'value="{casework["agencies"]["shakyo"].pk}" selected' in page.content.decode()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("p-birth_date", "昭和65年1月1日", "昭和は64年"),
        ("p-name", "", "氏名を入力してください"),
        ("complaint", "", "主訴"),
        ("c-obtained_on", "", "同意日を入力してください"),
    ],
)
def test_intake_bad_input_is_refused_in_japanese_and_writes_nothing(
    casework: dict[str, Any], field: str, value: str, message: str
) -> None:
    client = _client(casework["users"]["soudanin"])
    audit_before = AuditEntry.objects.count()
    response = _intake(client, **{field: value})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Person.objects.exists() and not Consultation.objects.exists() and not Consent.objects.exists()
    assert AuditEntry.objects.count() == audit_before


def test_intake_offers_duplicates_before_creating(casework: dict[str, Any]) -> None:
    client = _client(casework["users"]["soudanin"])
    assert _intake(client).status_code == 302
    # Same person typed with the common kanji and katakana: offered, not silently duplicated.
    response = _intake(client, **{"p-name": "高橋 ミツ", "p-kana": "タカハシ ミツ"})
    assert response.status_code == 200
    assert "同じ方がすでに登録されていませんか" in response.content.decode()
    assert Person.objects.count() == 1
    existing = Person.objects.get()
    response = _intake(client, **{"p-name": "高橋 ミツ", "duplicate_choice": str(existing.pk)})
    assert response.status_code == 302
    assert Person.objects.count() == 1 and Consultation.objects.count() == 2


def test_duplicates_are_not_offered_from_another_agency(casework: dict[str, Any]) -> None:
    assert _intake(_client(casework["users"]["soudanin"])).status_code == 302
    response = _intake(_client(casework["users"]["south"]))
    assert response.status_code == 302  # no candidate offered: the other agency's record is invisible
    assert Person.objects.count() == 2


def _refer_to_hub(casework: dict[str, Any]) -> Referral:
    client = _client(casework["users"]["soudanin"])
    _intake(client)
    consultation = Consultation.objects.get()
    response = client.post(
        reverse("referrals:new"),
        {
            "consultation": consultation.pk,
            "to_agency": casework["agencies"]["shakyo"].pk,
            "shared_fields": ["name", "birth_date", "phone", "complaint", "topics"],
            "basis": "consent",
            "consent": consultation.consent_id,
            "message": "8050の世帯です。多機関協働での支援をお願いします。",
            "reply_by": "2099-01-31",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    return Referral.objects.get()


def test_referral_shares_only_chosen_fields_and_receiver_sees_them(casework: dict[str, Any]) -> None:
    referral = _refer_to_hub(casework)
    assert "address" not in referral.shared_data
    coordinator = _client(casework["users"]["coordinator"])
    page = coordinator.get(reverse("referrals:detail", args=[referral.pk])).content.decode()
    assert "髙橋 ミツ" in page and "テスト市北町" not in page
    # Before accepting, the hub cannot open the person's record.
    person = Person.objects.get()
    # The consent covers 多機関協働, so the hub sees the person on the consent basis.
    assert coordinator.get(reverse("households:person", args=[person.pk])).status_code == 200
    outsider = _client(casework["users"]["other_city"])
    assert outsider.get(reverse("referrals:detail", args=[referral.pk])).status_code == 404
    assert outsider.get(reverse("households:person", args=[person.pk])).status_code == 404
    bystander = _client(casework["users"]["shogai"])
    assert bystander.get(reverse("referrals:detail", args=[referral.pk])).status_code == 404
    assert bystander.get(reverse("households:person", args=[person.pk])).status_code == 404


def test_decline_needs_a_reason_and_the_sender_can_resend(casework: dict[str, Any]) -> None:
    referral = _refer_to_hub(casework)
    coordinator = _client(casework["users"]["coordinator"])
    url = reverse("referrals:action", args=[referral.pk, "decline"])
    coordinator.post(url, {"note": ""})
    referral.refresh_from_db()
    assert referral.status == Status.REQUESTED
    coordinator.post(url, {"note": "まず地域包括で状況を確認してください。"})
    referral.refresh_from_db()
    assert referral.status == Status.DECLINED
    sender = _client(casework["users"]["soudanin"])
    page = sender.get(reverse("referrals:detail", args=[referral.pk])).content.decode()
    assert "まず地域包括で状況を確認してください。" in page and "別の機関へつなぎ直す" in page
    # The sender cannot accept on the receiver's behalf.
    sender.post(reverse("referrals:action", args=[referral.pk, "accept"]))
    referral.refresh_from_db()
    assert referral.status == Status.DECLINED


def _decide(
    client: Client,
    case: Case,
    meeting: Any,
    kind: str,
    outcome: str,
    *,
    item_exists: bool = False,
    **extra: str,
) -> Any:
    """Put the case on the meeting's agenda (unless already there) and record the item's outcome."""
    from kasane.meetings.models import AgendaItem

    if not item_exists:
        response = client.post(
            reverse("meetings:case_item_new", args=[case.pk]), {"meeting": meeting.pk, "kind": kind}
        )
        assert response.status_code == 302, response.content.decode()[:3000]
    item = AgendaItem.objects.filter(case=case, kind=kind).latest("pk")
    data = {
        "lock_version": str(item.lock_version),
        "outcome": outcome,
        "a-TOTAL_FORMS": "0",
        "a-INITIAL_FORMS": "0",
    }
    return client.post(reverse("meetings:item", args=[item.pk]), data | extra)


def test_the_whole_journey_and_reopening(casework: dict[str, Any]) -> None:
    users, agencies = casework["users"], casework["agencies"]
    referral = _refer_to_hub(casework)
    hub = _client(users["coordinator"])
    hub.post(reverse("referrals:action", args=[referral.pk, "accept"]))
    response = hub.post(
        reverse("cases:new"),
        {"referral": referral.pk, "title": "8050・長期ひきこもり", "opened_on": "R8.11.21"},
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    case = Case.objects.get()
    assert case.status == CaseStatus.INTAKE
    referral.refresh_from_db()
    assert referral.status == Status.IN_PROGRESS  # the sender sees the case start
    # Illegal transition refused with a Japanese message.
    hub.post(reverse("cases:action", args=[case.pk, "submit_plan"]))
    case.refresh_from_db()
    assert case.status == CaseStatus.INTAKE
    hub.post(reverse("cases:action", args=[case.pk, "start_assessment"]))
    person = Person.objects.get()
    response = hub.post(
        reverse("cases:assessment_new", args=[case.pk]),
        {
            "assessed_on": "2026-11-21",
            "household_situation": "母（82）と長男（54）の二人暮らし。",
            "urgency": "medium",
            "m-TOTAL_FORMS": "1",
            "m-INITIAL_FORMS": "1",
            "m-0-person_id": str(person.pk),
            "m-0-situation": "足腰が弱り通院が難しい",
            "m-0-issues": "介護保険の申請が必要",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    hub.post(reverse("cases:action", args=[case.pk, "start_planning"]))
    for key in ("houkatsu_north", "shogai", "jiritsu"):
        hub.post(
            reverse("cases:team_add", args=[case.pk]),
            {"agency": agencies[key].pk, "part": "support", "joined_on": "2026-11-21"},
        )
    roles = [agencies["houkatsu_north"], agencies["shogai"], agencies["shakyo"], agencies["jiritsu"]]
    plan_data: dict[str, Any] = {
        "kind": "collaboration",
        "long_term_goal": "息子が安心して暮らせるようになりたい",
        "short_term_goals": "月に1回、誰かと話す",
        "next_review_on": "2027-02-28",
        "person_agreed": "on",
        "person_agreed_on": "2026-11-21",
        "r-TOTAL_FORMS": str(len(roles)),
        "r-INITIAL_FORMS": "0",
    }
    for i, agency in enumerate(roles):
        plan_data |= {
            f"r-{i}-agency": agency.pk,
            f"r-{i}-actions": f"{agency.name}の役割",
            f"r-{i}-frequency": "月1回",
        }
    response = hub.post(reverse("cases:plan_new", args=[case.pk]), plan_data)
    assert response.status_code == 302, response.content.decode()[:3000]
    plan = Plan.objects.get()
    assert plan.roles.count() == 4
    hub.post(reverse("cases:action", args=[case.pk, "submit_plan"]))
    case.refresh_from_db()
    assert case.status == CaseStatus.AWAITING_MEETING
    # Approval only as a meeting decision.
    hub.post(reverse("cases:action", args=[case.pk, "approve"]))
    case.refresh_from_db()
    assert case.status == CaseStatus.AWAITING_MEETING
    meeting = factories.meeting_body(casework)["meeting"]
    _decide(hub, case, meeting, "plan_approval", "approved")
    case.refresh_from_db()
    plan.refresh_from_db()
    assert case.status == CaseStatus.SUPPORT and plan.status == PlanStatus.APPROVED
    hub.post(reverse("cases:plan_activate", args=[plan.pk]))
    # Two agencies add notes; a team member sees the case, an outsider does not.
    for user in (users["soudanin"], users["shogai"]):
        c = _client(user)
        assert c.get(reverse("cases:detail", args=[case.pk])).status_code == 200
        r = c.post(
            reverse("cases:note_new", args=[case.pk]),
            {"kind": "home_visit", "on": "2026-11-22", "minutes": "30", "text": "訪問した。"},
        )
        assert r.status_code == 302
    assert case.notes.count() == 2
    assert _client(users["south"]).get(reverse("cases:detail", args=[case.pk])).status_code == 404
    # A progress review sets the next review date; one before the meeting is refused, nothing written.
    page = _decide(hub, case, meeting, "progress", "continue", next_review_on="R8.11.1")
    assert "次回見直し日は会議日より後の日付にしてください。" in page.content.decode()
    assert case.decisions.filter(kind="progress").count() == 0
    _decide(hub, case, meeting, "progress", "continue", next_review_on="R9.5.1", item_exists=True)
    plan.refresh_from_db()
    assert plan.next_review_on == dt.date(2027, 5, 1) and plan.status == PlanStatus.ACTIVE
    # Closure: refused without an evaluation, then done.
    closure = {"discussion": "目標を達成した"}
    page = _decide(hub, case, meeting, "closure", "close", **closure)
    assert "終結の前に、終結時の評価（評価シート）を記録してください。" in page.content.decode()
    case.refresh_from_db()
    assert case.status == CaseStatus.SUPPORT
    hub.post(
        reverse("cases:evaluation_new", args=[case.pk]),
        {
            "evaluated_on": "2026-11-22",
            "g-TOTAL_FORMS": "1",
            "g-INITIAL_FORMS": "0",
            "g-0-result": "met",
            "reasons": "定期的に外出できている",
            "direction": "close",
            "closure_code": "goal_met",
        },
    )
    _decide(hub, case, meeting, "closure", "close", item_exists=True, **closure)
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED and case.closed_on is not None
    hub.post(reverse("cases:action", args=[case.pk, "reopen"]), {"note": "母が入院した"})
    case.refresh_from_db()
    assert case.status == CaseStatus.ASSESSMENT
    # A reopened case is assessed afresh before planning.
    hub.post(reverse("cases:action", args=[case.pk, "start_planning"]))
    case.refresh_from_db()
    assert case.status == CaseStatus.ASSESSMENT
    # The household page shows the journey to the hub.
    page = hub.get(reverse("households:household", args=[case.household_id])).content.decode()
    assert "相談受付" in page and "支援経過" in page and "再開する" in page


def test_consent_withdrawal_cuts_team_and_referral_access_at_once(casework: dict[str, Any]) -> None:
    users = casework["users"]
    referral = _refer_to_hub(casework)
    hub = _client(users["coordinator"])
    hub.post(reverse("referrals:action", args=[referral.pk, "accept"]))
    hub.post(reverse("cases:new"), {"referral": referral.pk, "title": "8050", "opened_on": "2026-11-21"})
    case = Case.objects.get()
    hub.post(
        reverse("cases:team_add", args=[case.pk]),
        {"agency": casework["agencies"]["shogai"].pk, "part": "support", "joined_on": "2026-11-21"},
    )
    shogai = _client(users["shogai"])
    assert shogai.get(reverse("cases:detail", args=[case.pk])).status_code == 200
    consent = Consent.objects.get()
    sender = _client(users["soudanin"])
    sender.post(
        reverse("consents:withdraw", args=[consent.pk]),
        {"withdrawn_on": "2026-11-22", "withdrawal_note": "本人から電話で撤回の申し出"},
    )
    assert shogai.get(reverse("cases:detail", args=[case.pk])).status_code == 404
    page = hub.get(reverse("referrals:detail", args=[referral.pk])).content.decode()
    assert "同意を撤回したため" in page and "髙橋 ミツ" not in page
    # Nothing is deleted.
    assert Consultation.objects.count() == 1 and Referral.objects.count() == 1
    assert AuditEntry.objects.filter(action="consent.withdrawn").exists()


def test_every_read_leaves_an_audit_entry_with_its_basis(casework: dict[str, Any]) -> None:
    _intake(_client(casework["users"]["soudanin"]))
    person = Person.objects.get()
    client = _client(casework["users"]["soudanin"])
    before = AuditEntry.objects.count()
    client.get(reverse("households:person", args=[person.pk]))
    entry = AuditEntry.objects.order_by("-id").first()
    assert AuditEntry.objects.count() == before + 1
    assert entry is not None and entry.action == "person.viewed" and entry.basis == Basis.OWN
    assert entry.person_id == str(person.pk)


def test_search_finds_variant_kanji_and_two_character_surnames_within_sight(casework: dict[str, Any]) -> None:
    client = _client(casework["users"]["soudanin"])
    _intake(client)
    for q in ("高橋", "髙橋", "タカハシ", "ﾀｶﾊｼ", "たかはし みつ", "ミツ"):
        page = client.get(reverse("households:search"), {"name": q}).content.decode()
        assert "髙橋 ミツ" in page, q
    page = client.get(reverse("households:search"), {"birth_date": "昭和19年4月10日"}).content.decode()
    assert "髙橋 ミツ" in page
    other = (
        _client(casework["users"]["south"])
        .get(reverse("households:search"), {"name": "高橋"})
        .content.decode()
    )
    assert "髙橋 ミツ" not in other and "見つかりませんでした" in other


def test_every_case_and_referral_action_has_a_japanese_audit_label() -> None:
    from kasane.audit.actions import ACTIONS
    from kasane.casework.workflow.cases import CASE_ACTIONS
    from kasane.casework.workflow.referrals import ACTIONS as REFERRAL_ACTIONS

    codes = [f"case.{c}" for c, a in CASE_ACTIONS.items() if not a.by_decision]
    codes += [f"referral.{c}" for c in REFERRAL_ACTIONS]
    assert [c for c in codes if c not in ACTIONS] == []


def test_two_people_editing_one_plan_never_overwrite_each_other(casework: dict[str, Any]) -> None:
    from tests.factories import journey

    r = journey(casework)
    plan = r["plan"]
    plan.status = PlanStatus.DRAFT
    plan.save()
    case = r["case"]
    case.status = CaseStatus.PLANNING
    case.save()
    first, second = _client(casework["users"]["coordinator"]), _client(casework["users"]["coordinator"])
    url = reverse("cases:plan_edit", args=[plan.pk])
    assert first.get(url).status_code == 200 and second.get(url).status_code == 200
    loaded = plan.lock_version

    def edit(client: Client, goal: str) -> Any:
        return client.post(
            url,
            {
                "kind": "collaboration",
                "long_term_goal": goal,
                "short_term_goals": "月に1回、誰かと話す",
                "lock_version": str(loaded),
                # As the page sends it: the plan's existing roles are the formset's initial forms.
                "r-TOTAL_FORMS": "1",
                "r-INITIAL_FORMS": "1",
                "r-0-agency": casework["agencies"]["shakyo"].pk,
                "r-0-actions": "見守り",
            },
        )

    assert edit(first, "外に出られるようになりたい").status_code == 302
    response = edit(second, "家族と話せるようになりたい")
    assert response.status_code == 200
    assert "他の職員が先に保存しました" in response.content.decode()
    plan.refresh_from_db()
    assert plan.long_term_goal == "外に出られるようになりたい"
    assert plan.lock_version == loaded + 1


def test_scanned_consent_is_checked_stored_and_served_only_through_the_access_check(
    casework: dict[str, Any], settings: Any, tmp_path: Any
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.factories import person

    settings.MEDIA_ROOT = tmp_path
    mitsu = person(casework["agencies"]["houkatsu_north"])
    client = _client(casework["users"]["soudanin"])
    url = reverse("consents:new", args=[mitsu.pk])
    base = {"covers_collaboration": "on", "obtained_on": "R8.11.20", "method": "written"}
    fake = SimpleUploadedFile("同意書.pdf", b"MZ not a pdf", content_type="application/pdf")
    response = client.post(url, {**base, "document": fake})
    assert response.status_code == 200 and "PDF・PNG・JPEG" in response.content.decode()
    assert not Consent.objects.exists()
    nothing = client.post(url, {"obtained_on": "R8.11.20", "method": "written"})
    assert "同意の範囲を1つ以上選んでください" in nothing.content.decode()
    pdf = SimpleUploadedFile("同意書.pdf", b"%PDF-1.4 scanned", content_type="application/pdf")
    assert client.post(url, {**base, "document": pdf}).status_code == 302
    consent = Consent.objects.get()
    document_url = reverse("consents:document", args=[consent.pk])
    response = client.get(document_url)
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")
    assert AuditEntry.objects.filter(action="consent.document_viewed", person_id=str(mitsu.pk)).exists()
    assert _client(casework["users"]["coordinator"]).get(document_url).status_code == 404
    assert _client(casework["users"]["other_city"]).get(document_url).status_code == 404


@pytest.mark.parametrize(
    ("url_name", "data", "message"),
    [
        ("referral", {"basis": "consent", "consent": ""}, "同意を選んでください"),
        ("referral", {"basis": "law_other", "basis_note": ""}, "根拠（法令名や理由）を入力してください"),
        ("referral", {"shared_fields": ["birth_date"]}, "氏名は必ず共有してください"),
        ("referral", {"reply_by": "平成31年5月1日"}, "平成は31年"),
        ("referral", {"reply_by": "2020-01-01"}, "回答希望日が過去の日付です"),
        ("referral", {"message": ""}, "依頼内容を入力してください"),
    ],
)
def test_referral_bad_input_is_refused_in_japanese_and_nothing_is_sent(
    casework: dict[str, Any], url_name: str, data: dict[str, Any], message: str
) -> None:
    from tests.factories import consent, consultation, person

    north = casework["agencies"]["houkatsu_north"]
    mitsu = person(north)
    agreed = consent(mitsu, north, collaboration=True)
    intake = consultation(mitsu, north, agreed)
    client = _client(casework["users"]["soudanin"])
    form = {
        "consultation": intake.pk,
        "to_agency": casework["agencies"]["shakyo"].pk,
        "shared_fields": ["name", "complaint"],
        "basis": "consent",
        "consent": agreed.pk,
        "message": "お願いします。",
        "reply_by": "2099-01-31",
        **data,
    }
    response = client.post(reverse("referrals:new"), form)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Referral.objects.exists()


def test_a_consent_that_does_not_name_the_receiver_cannot_carry_a_referral(casework: dict[str, Any]) -> None:
    from tests.factories import consent, consultation, person

    north = casework["agencies"]["houkatsu_north"]
    mitsu = person(north)
    only_hub = consent(mitsu, north, collaboration=True)
    intake = consultation(mitsu, north, only_hub)
    response = _client(casework["users"]["soudanin"]).post(
        reverse("referrals:new"),
        {
            "consultation": intake.pk,
            "to_agency": casework["agencies"]["shogai"].pk,
            "shared_fields": ["name"],
            "basis": "consent",
            "consent": only_hub.pk,
            "message": "お願いします。",
        },
    )
    assert "このつなぎ先との情報共有が含まれていません" in response.content.decode()
    assert not Referral.objects.exists()


def test_one_open_case_per_household(casework: dict[str, Any]) -> None:
    from tests.factories import journey

    r = journey(casework)
    hub = _client(casework["users"]["coordinator"])
    response = hub.post(
        reverse("cases:new"), {"referral": r["referral"].pk, "title": "二つ目", "opened_on": "2026-11-22"}
    )
    assert response.status_code == 200
    assert "終結していない多機関協働ケースがあります" in response.content.decode()
    assert Case.objects.count() == 1


def test_only_the_hub_opens_cases_and_only_with_a_collaboration_consent(casework: dict[str, Any]) -> None:
    from tests.factories import consent, consultation, person

    north = casework["agencies"]["houkatsu_north"]
    mitsu = person(north)
    intake = consultation(mitsu, north, consent(mitsu, north, collaboration=False, shared=[north]))
    response = _client(casework["users"]["soudanin"]).post(
        reverse("cases:new"), {"consultation": intake.pk, "title": "x", "opened_on": "2026-11-22"}
    )
    assert "多機関協働事業者の職員が受け付けます" in response.content.decode()
    # The hub sees the consultation through nothing: the consent names 北部包括 only, not 多機関協働.
    hub = _client(casework["users"]["coordinator"])
    response = hub.post(
        reverse("cases:new"), {"consultation": intake.pk, "title": "x", "opened_on": "2026-11-22"}
    )
    assert response.status_code == 404
    assert not Case.objects.exists()


def test_home_shows_what_needs_attention(casework: dict[str, Any]) -> None:
    from tests.factories import consent, consultation, person, referral

    north, hub = casework["agencies"]["houkatsu_north"], casework["agencies"]["shakyo"]
    mitsu = person(north)
    agreed = consent(mitsu, north)
    sent = referral(consultation(mitsu, north, agreed), hub, agreed, status=Status.REQUESTED)
    sent.reply_by = dt.date(2026, 1, 5)
    sent.save()
    hub_home = _client(casework["users"]["coordinator"]).get("/").content.decode()
    assert '<strong class="queue__count">1</strong>件 回答待ちのつなぎ' in hub_home
    sender_home = _client(casework["users"]["soudanin"]).get("/").content.decode()
    assert '<strong class="queue__count overdue">1</strong>件 回答期限を過ぎたつなぎ' in sender_home
    assert "今日の確認事項" not in _client(casework["users"]["agency_admin"]).get("/").content.decode()
