"""The 8050 story through the API, from intake to closure: another system drives each step with its API key
(and the hub's own staff once through the browser's session, with CSRF), through the same forms, services and
audit entries as the pages; at each step another agency's key gets 404 for what was written.

The 重層的支援会議's decisions (approval of the plan, closure) are taken at a sitting and recorded on the
meeting's pages (no API writes a meeting's decision): those two steps use the pages, as in
tests/casework/test_journey.py.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
import time_machine
from django.conf import settings
from django.test import Client
from django.urls import reverse

from kasane.accounts.apikeys.models import ApiKey
from kasane.accounts.apikeys.services import issue_key
from kasane.audit.actor import Actor
from kasane.audit.models import AuditEntry
from kasane.casework.models import Case, CaseStatus, PlanStatus
from tests import factories
from tests.clock import morning_of

pytestmark = pytest.mark.django_db

CSRF = "journey0" * 4  # any 32 letters: Django compares the cookie with the header


@pytest.fixture(autouse=True)
def _late_november_2026() -> Iterator[None]:
    """The story's dates are typed for late November 2026 (consent on the 20th, the case on the 21st)."""
    with time_machine.travel(morning_of(dt.date(2026, 11, 23)), tick=True):
        yield


def issue(world: dict[str, Any], agency: str, *scopes: str) -> tuple[ApiKey, dict[str, Any]]:
    key, secret = issue_key(
        name=f"{world['agencies'][agency].name}の相談記録システム",
        agency=world["agencies"][agency],
        scopes=list(scopes),
        expires_at=None,
        actor=Actor(user=world["users"]["city"], municipality=world["municipality"]),
    )
    return key, {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


class System:
    """Another system calling the API with its key."""

    def __init__(self, key: ApiKey, headers: dict[str, Any]) -> None:
        self.key, self.headers, self.client = key, headers, Client()

    def get(self, path: str) -> Any:
        return self.client.get(path, **self.headers)

    def post(self, path: str, body: dict[str, Any], status: int, **headers: Any) -> dict[str, Any]:
        response = self.client.post(path, body, content_type="application/json", **self.headers, **headers)
        assert response.status_code == status, response.content.decode()
        data: dict[str, Any] = response.json()
        return data

    def put(self, path: str, body: dict[str, Any], status: int) -> dict[str, Any]:
        response = self.client.put(path, body, content_type="application/json", **self.headers)
        assert response.status_code == status, response.content.decode()
        data: dict[str, Any] = response.json()
        return data


def written(action: str, system: System, obj_id: int) -> AuditEntry:
    """The audit entry of the write: the system's own account, its agency, and the record."""
    entry = AuditEntry.objects.filter(action=action).latest("id")
    assert entry.actor_id == system.key.user_id
    assert entry.actor_name == f"[システム] {system.key.name}"
    assert entry.agency_id == system.key.agency_id
    assert entry.object_id == str(obj_id)
    return entry


def hidden_from(outsider: System, *paths: str) -> None:
    for path in paths:
        response = outsider.get(path)
        assert response.status_code == 404, path
        assert response.json() == {"detail": "見つかりません。"}


def test_the_8050_story_from_intake_to_closure(world: dict[str, Any], make_user: Any) -> None:
    agencies, users = world["agencies"], world["users"]
    hub_agency = agencies["shakyo"]
    hub_agency.runs_collaboration = True
    hub_agency.save(update_fields=["runs_collaboration"])
    north = System(*issue(world, "houkatsu_north", "case.view", "case.edit"))
    hub = System(*issue(world, "shakyo", "case.view", "case.edit", "collaboration.coordinate"))
    south = System(*issue(world, "houkatsu_south", "case.view", "case.edit"))

    # 北部包括 hears of an 80-year-old mother and her son who has not left the house in years.
    household = north.post(
        "/api/v1/households",
        {
            "person": {
                "name": "髙橋 ミツ",
                "kana": "たかはし みつ",
                "sex": "female",
                "birth_date": "1944-04-02",
                "address": "テスト市北町1-2-3",
                "phone": "0197-12-3456",
            },
            "members": [
                {
                    "name": "髙橋 一郎",
                    "kana": "たかはし いちろう",
                    "sex": "male",
                    "birth_date": "1972-06-01",
                    "relationship": "eldest_son",
                }
            ],
        },
        201,
    )
    mother_id, son_id = (m["id"] for m in household["members"])
    assert household["members"][1]["address"] == "テスト市北町1-2-3"  # the household's, as on the page
    assert household["members"][0]["household"] == {
        "id": household["id"],
        "url": f"/api/v1/households/{household['id']}",
    }
    written("person.created", north, son_id)
    hidden_from(south, f"/api/v1/households/{household['id']}", f"/api/v1/persons/{mother_id}")

    # 相談受付 with the A票・B票 fields, and the mother's consent to 多機関協働 and to share with the hub.
    consultation = north.post(
        "/api/v1/consultations",
        {
            "person_id": mother_id,
            "received_at": "2026-11-20T10:30:00+09:00",
            "channel": "visit",
            "route": "self",
            "visitor": "self",
            "topics": ["withdrawal", "care"],
            "main_topic": "withdrawal",
            "situations": ["8050"],
            "complaint": "息子が20年以上ひきこもっている。自分が倒れたら息子はどうなるのか。",
            "wishes": "息子が安心して暮らせるようになってほしい。",
            "life": {"employment": "pensioner", "housing": "owned", "income_sources": ["pension"]},
            "response": "collaboration",
            "consent_variant": "with",
            "consent": {
                "covers_collaboration": True,
                "covers_meeting": True,
                "shared_agencies": [hub_agency.pk],
                "obtained_on": "2026-11-20",
                "method": "written",
            },
        },
        201,
    )
    assert consultation["person"]["id"] == mother_id
    assert consultation["life"]["employment"] == "pensioner"
    assert consultation["topics"] == ["withdrawal", "care"]
    entry = written("consultation.recorded", north, consultation["id"])
    assert entry.person_id == str(mother_id)
    hidden_from(south, f"/api/v1/consultations/{consultation['id']}")
    consent_id = AuditEntry.objects.get(action="consent.recorded").object_id

    # つなぎ to the 多機関協働 agency, sharing what was chosen and nothing else.
    referral = north.post(
        "/api/v1/referrals",
        {
            "consultation_id": consultation["id"],
            "to_agency_id": hub_agency.pk,
            "shared_fields": ["name", "birth_date", "complaint"],
            "basis": "consent",
            "consent_id": int(consent_id),
            "message": "8050の世帯です。多機関協働での支援をお願いします。",
        },
        201,
    )
    assert referral["status"] == "requested"
    assert referral["consultation"]["id"] == consultation["id"]
    written("referral.sent", north, referral["id"])
    hidden_from(south, f"/api/v1/referrals/{referral['id']}")
    received = hub.get(f"/api/v1/referrals/{referral['id']}").json()
    assert set(received["shared"]) == {
        "name",
        "kana",
        "birth_date",
        "birth_date_label",
        "complaint",
        "wishes",
    }
    assert received["consultation"] is None  # the hub does not see the intake itself
    assert received["person"]["id"] == mother_id

    # The hub accepts; only the receiver can, and a step the state does not allow is a 409.
    refused = north.post(f"/api/v1/referrals/{referral['id']}/transitions", {"action": "accept"}, 409)
    assert refused == {"detail": "この操作はつなぎ先の機関が行います。"}
    accepted = hub.post(f"/api/v1/referrals/{referral['id']}/transitions", {"action": "accept"}, 200)
    assert accepted["status"] == "accepted"
    written("referral.accept", hub, referral["id"])
    assert south.post(f"/api/v1/referrals/{referral['id']}/transitions", {"action": "complete"}, 404)

    # 同意: the hub records the mother's own application for 多機関協働 (利用申込み).
    consent = hub.post(
        f"/api/v1/persons/{mother_id}/consents",
        {"covers_collaboration": True, "covers_meeting": True, "obtained_on": "2026-11-21"},
        201,
    )
    assert consent["is_active"] and consent["person"]["id"] == mother_id
    written("consent.recorded", hub, consent["id"])
    withdrawal = {"withdrawn_on": "2026-11-22", "withdrawal_note": "撤回の申出"}
    assert south.post(f"/api/v1/consents/{consent['id']}/withdrawal", withdrawal, 404)
    assert north.post(f"/api/v1/consents/{consent['id']}/withdrawal", withdrawal, 404)  # the hub's own

    # The case opens from the accepted つなぎ; the sender joins the team and sees the loop close.
    case = hub.post(
        "/api/v1/cases",
        {"referral_id": referral["id"], "title": "8050・長期ひきこもり", "opened_on": "2026-11-21"},
        201,
    )
    case_path = f"/api/v1/cases/{case['id']}"
    assert case["status"] == "intake" and case["referral"]["id"] == referral["id"]
    assert case["household"]["id"] == household["id"]
    written("case.opened", hub, case["id"])
    assert north.get(f"/api/v1/referrals/{referral['id']}").json()["status"] == "in_progress"
    assert north.get(case_path).status_code == 200  # on the team
    household_now = north.get(f"/api/v1/households/{household['id']}").json()
    assert household_now["cases"] == [{"id": case["id"], "url": case_path}]
    hidden_from(south, case_path)

    # Assessment: first the step, then the sheet with a row for each member.
    refused = hub.post(f"{case_path}/transitions", {"action": "start_planning"}, 409)
    assert (
        refused["detail"]
        == "ケースが「受付」のため、「プラン作成に進む」はできません（アセスメント中のときにできます）。"
    )
    hub.post(f"{case_path}/transitions", {"action": "start_assessment"}, 200)
    written("case.start_assessment", hub, case["id"])
    assessment = hub.post(
        f"{case_path}/assessments",
        {
            "assessed_on": "2026-11-21",
            "household_situation": "母（82）と長男（54）の二人暮らし。",
            "household_issues": "母の介護と、長男の社会とのつながり。",
            "urgency": "medium",
            "employment": "pensioner",
            "members": [
                {"person_id": mother_id, "situation": "足腰が弱り通院が難しい", "issues": "介護保険の申請"},
                {"person_id": son_id, "situation": "20年以上ひきこもっている", "issues": "外出の機会"},
            ],
        },
        201,
    )
    assert assessment["version"] == 1 and len(assessment["members"]) == 2
    assert assessment["case"] == {"id": case["id"], "url": case_path}
    written("assessment.recorded", hub, assessment["id"])
    assert south.post(
        f"{case_path}/assessments", {"assessed_on": "2026-11-21", "household_situation": "?"}, 404
    )
    assert north.post(
        f"{case_path}/assessments", {"assessed_on": "2026-11-21", "household_situation": "?"}, 403
    )
    hub.post(f"{case_path}/transitions", {"action": "start_planning"}, 200)

    # The plan, with its roles; an edit on a stale version is refused with 409 and overwrites nothing.
    plan_body: dict[str, Any] = {
        "kind": "collaboration",
        "long_term_goal": "息子が安心して暮らせるようになりたい",
        "short_term_goals": "月に1回、誰かと話す",
        "next_review_on": "2027-02-28",
        "person_agreed": True,
        "person_agreed_on": "2026-11-21",
        "roles": [
            {
                "agency_id": agencies["houkatsu_north"].pk,
                "actions": "母の介護保険の申請支援",
                "frequency": "月1回",
            },
            {"agency_id": hub_agency.pk, "actions": "長男への訪問", "frequency": "週1回"},
        ],
    }
    plan = hub.post(f"{case_path}/plans", plan_body, 201)
    written("plan.created", hub, plan["id"])
    assert north.put(f"/api/v1/plans/{plan['id']}", {**plan_body, "lock_version": 0}, 403)
    assert south.put(f"/api/v1/plans/{plan['id']}", {**plan_body, "lock_version": 0}, 404)
    edited = hub.put(
        f"/api/v1/plans/{plan['id']}",
        {**plan_body, "short_term_goals": "月に2回、誰かと話す", "lock_version": plan["lock_version"]},
        200,
    )
    assert edited["short_term_goals"] == "月に2回、誰かと話す"
    assert edited["lock_version"] == plan["lock_version"] + 1
    written("plan.updated", hub, plan["id"])
    stale = hub.put(
        f"/api/v1/plans/{plan['id']}",
        {**plan_body, "short_term_goals": "上書きしようとした目標", "lock_version": plan["lock_version"]},
        409,
    )
    assert stale["detail"].startswith("このプランは、あなたが編集を始めた後に他の職員が保存しました。")
    assert hub.get(case_path).json()["plans"][0]["short_term_goals"] == "月に2回、誰かと話す"
    hub.post(f"{case_path}/transitions", {"action": "submit_plan"}, 200)
    written("case.submit_plan", hub, case["id"])

    # The 重層的支援会議 approves the plan at its sitting (the meeting's page).
    meeting = factories.meeting_body(world)["meeting"]
    coordinator = Client(enforce_csrf_checks=False)
    coordinator.force_login(users["coordinator"])
    _decide(coordinator, case["id"], meeting, "plan_approval", "approved")
    shown = hub.get(case_path).json()
    assert shown["status"] == "support" and shown["plans"][0]["status"] == PlanStatus.APPROVED

    # 支援経過: 北部包括's system, on the team, records a visit; the hub's coordinator records one in the browser,
    # with the session and its CSRF token (refused without it).
    note = north.post(
        f"{case_path}/notes", {"kind": "home_visit", "on": "2026-11-22", "text": "母を訪問した。"}, 201
    )
    written("note.recorded", north, note["id"])
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(users["coordinator"])
    browser.cookies[settings.CSRF_COOKIE_NAME] = CSRF
    visit = {"kind": "home_visit", "on": "2026-11-22", "text": "長男と玄関先で話せた。"}
    without = browser.post(f"{case_path}/notes", visit, content_type="application/json")
    assert without.status_code == 403
    assert without.json()["detail"].startswith("CSRF トークンの確認に失敗しました。")
    with_token = browser.post(
        f"{case_path}/notes", visit, content_type="application/json", HTTP_X_CSRFTOKEN=CSRF
    )
    assert with_token.status_code == 201
    notes = hub.get(case_path).json()["notes"]
    assert {n["id"] for n in notes} == {note["id"], with_token.json()["id"]}
    hidden_from(south, case_path)

    # Closure: the evaluation (one row per 短期目標 of the plan), then the meeting's decision.
    evaluation_body: dict[str, Any] = {
        "evaluated_on": "2026-11-22",
        "reasons": "定期的に外出できている",
        "improvements": ["participation", "isolation"],
        "direction": "close",
        "goals": [{"result": "met"}],
    }
    missing_code = hub.post(f"{case_path}/evaluations", evaluation_body, 422)
    assert missing_code["errors"][0]["loc"][:3] == ["body", "payload", "closure_code"]
    evaluation = hub.post(f"{case_path}/evaluations", evaluation_body | {"closure_code": "goal_met"}, 201)
    assert evaluation["goal_result"] == "met"
    assert evaluation["goals"] == [{"goal": "月に2回、誰かと話す", "result": "met", "comment": ""}]
    written("evaluation.recorded", hub, evaluation["id"])
    assert south.post(f"{case_path}/evaluations", evaluation_body, 404)
    _decide(coordinator, case["id"], meeting, "closure", "close", discussion="目標を達成した")
    closed = hub.get(case_path).json()
    assert closed["status"] == CaseStatus.CLOSED and closed["closed_on"] is not None
    assert Case.objects.get().status == CaseStatus.CLOSED
    # Staff cannot close by hand: closure is the meeting's.
    refused = hub.post(f"{case_path}/transitions", {"action": "close"}, 422)
    assert refused["errors"][0]["loc"] == ["body", "payload", "action"]
    hidden_from(south, case_path, f"/api/v1/households/{household['id']}")


def _decide(client: Client, case_id: int, meeting: Any, kind: str, outcome: str, **extra: str) -> None:
    """Put the case on the sitting's agenda and record the item's outcome, on the meeting's pages."""
    from kasane.meetings.models import AgendaItem

    response = client.post(
        reverse("meetings:case_item_new", args=[case_id]), {"meeting": meeting.pk, "kind": kind}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    item = AgendaItem.objects.filter(case_id=case_id, kind=kind).latest("pk")
    data = {
        "lock_version": str(item.lock_version),
        "outcome": outcome,
        "a-TOTAL_FORMS": "0",
        "a-INITIAL_FORMS": "0",
    }
    response = client.post(reverse("meetings:item", args=[item.pk]), data | extra)
    assert response.status_code == 302, response.content.decode()[:2000]
