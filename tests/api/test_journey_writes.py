"""The journey's writes one by one: idempotency keys, the page's rules as 422 in Japanese with nothing
written, look-alikes before a new person, consent withdrawal, and the version check of plans."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
import time_machine
from django.test import Client

from kasane.api.models import IdempotencyKey
from kasane.audit.models import AuditEntry
from kasane.casework.models import Consultation, Household, Person, Status
from tests import factories
from tests.clock import morning_of

pytestmark = pytest.mark.django_db

NOW = morning_of(dt.date(2026, 11, 23))


@pytest.fixture(autouse=True)
def _late_november_2026() -> Iterator[Any]:
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def records(world: dict[str, Any]) -> dict[str, Any]:
    return factories.journey(world)


def staff(world: dict[str, Any], who: str) -> Client:
    client = Client()
    client.force_login(world["users"][who])
    return client


def post(client: Client, path: str, body: dict[str, Any], **headers: Any) -> Any:
    return client.post(path, body, content_type="application/json", **headers)


HOUSEHOLD = {"person": {"name": "佐々木 ハル", "kana": "ささき はる", "birth_date": "1950-01-02"}}


def test_the_same_key_answers_the_first_create_again_without_writing(
    world: dict[str, Any], time_machine: Any
) -> None:
    client = staff(world, "soudanin")
    first = post(client, "/api/v1/households", HOUSEHOLD, HTTP_IDEMPOTENCY_KEY="order-0001")
    again = post(client, "/api/v1/households", HOUSEHOLD, HTTP_IDEMPOTENCY_KEY="order-0001")
    assert first.status_code == again.status_code == 201
    assert first.json() == again.json()
    assert Person.objects.count() == 1
    assert AuditEntry.objects.filter(action="person.created").count() == 1
    # Kept without personal data: the record's kind and number only.
    kept = IdempotencyKey.objects.get()
    assert (kept.kind, kept.record_id, kept.status) == ("household", first.json()["id"], 201)
    assert "佐々木" not in f"{kept.key}{kept.fingerprint}{kept.kind}"

    # Another body under the same key is refused, in Japanese, and writes nothing.
    other = {"person": {"name": "佐々木 ナツ", "kana": "ささき なつ"}}
    reused = post(client, "/api/v1/households", other, HTTP_IDEMPOTENCY_KEY="order-0001")
    assert reused.status_code == 422
    assert reused.json()["detail"].startswith(
        "この Idempotency-Key は、24時間以内に別の内容の登録で使われています。"
    )
    assert reused.json()["errors"][0]["loc"] == ["header", "Idempotency-Key"]
    assert Person.objects.count() == 1

    # Another caller's key of the same name is its own.
    coordinator = staff(world, "coordinator")
    theirs = post(
        coordinator, "/api/v1/households", other | {"confirmed_new": True}, HTTP_IDEMPOTENCY_KEY="order-0001"
    )
    assert theirs.status_code == 201 and Person.objects.count() == 2

    # After 24 hours the key is free again: the same body creates anew (look-alikes judged first).
    time_machine.move_to(NOW + dt.timedelta(hours=24, minutes=1))
    client = staff(world, "soudanin")  # the idle session has ended meanwhile
    later = post(
        client, "/api/v1/households", HOUSEHOLD | {"confirmed_new": True}, HTTP_IDEMPOTENCY_KEY="order-0001"
    )
    assert later.status_code == 201 and later.json()["id"] != first.json()["id"]
    assert IdempotencyKey.objects.filter(key="order-0001").count() == 2  # one per caller


def test_a_refused_create_keeps_no_key_and_may_be_sent_again_corrected(world: dict[str, Any]) -> None:
    client = staff(world, "soudanin")
    bad = post(
        client, "/api/v1/households", {"person": {"name": "　", "kana": "Sasaki"}}, HTTP_IDEMPOTENCY_KEY="k-1"
    )
    assert bad.status_code == 422
    assert bad.json() == {
        "detail": "入力内容に誤りがあります。",
        "errors": [
            {"loc": ["body", "payload", "person", "name"], "message": "氏名を入力してください。"},
            {
                "loc": ["body", "payload", "person", "kana"],
                "message": "ふりがなはひらがなかカタカナで入力してください。",
            },
        ],
    }
    assert not Household.objects.exists() and not IdempotencyKey.objects.exists()
    good = post(client, "/api/v1/households", HOUSEHOLD, HTTP_IDEMPOTENCY_KEY="k-1")
    assert good.status_code == 201


def test_a_replayed_answer_is_read_again_through_the_access_check(
    world: dict[str, Any], records: dict[str, Any]
) -> None:
    """The replay shows the record as it is now, to a caller who may still see it."""
    client = staff(world, "soudanin")
    mother = records["mother"]
    body = {
        "covers_meeting": True,
        "shared_agencies": [world["agencies"]["houkatsu_south"].pk],
        "obtained_on": "2026-11-22",
    }
    path = f"/api/v1/persons/{mother.pk}/consents"
    first = post(client, path, body, HTTP_IDEMPOTENCY_KEY="consent-1")
    assert first.status_code == 201 and first.json()["is_active"]
    withdrawn = post(
        client,
        f"/api/v1/consents/{first.json()['id']}/withdrawal",
        {"withdrawn_on": "2026-11-23", "withdrawal_note": "本人から撤回の申出があった。"},
    )
    assert withdrawn.status_code == 200 and not withdrawn.json()["is_active"]
    reads = AuditEntry.objects.filter(action="consent.viewed", object_id=str(first.json()["id"]))
    read_before = reads.count()
    again = post(client, path, body, HTTP_IDEMPOTENCY_KEY="consent-1")
    assert again.status_code == 201 and again.json()["is_active"] is False
    assert (
        AuditEntry.objects.filter(action="consent.recorded", object_id=str(first.json()["id"])).count() == 1
    )
    assert reads.count() == read_before + 1  # the replay is a read, recorded as one
    # Withdrawing twice is refused for the consent's state.
    twice = post(
        client,
        f"/api/v1/consents/{first.json()['id']}/withdrawal",
        {"withdrawn_on": "2026-11-23", "withdrawal_note": "重ねて送った。"},
    )
    assert twice.status_code == 409 and twice.json() == {"detail": "この同意はすでに撤回されています。"}


def test_look_alikes_are_named_before_a_new_person_is_created(
    world: dict[str, Any], records: dict[str, Any], make_user: Any
) -> None:
    client = staff(world, "soudanin")
    twin = {"person": {"name": "髙橋 ミツ", "kana": "たかはし みつ"}}
    found = post(client, "/api/v1/households", twin)
    assert found.status_code == 409
    assert f"（番号：{records['mother'].pk}）" in found.json()["detail"]
    assert AuditEntry.objects.filter(action="person.lookalikes_shown").count() == 1
    assert Person.objects.filter(name="髙橋 ミツ").count() == 1
    assert post(client, "/api/v1/households", twin | {"confirmed_new": True}).status_code == 201
    assert Person.objects.filter(name="髙橋 ミツ").count() == 2
    # Another agency's staff are told of nobody they may not see: for them there is no look-alike.
    south = Client()
    south.force_login(make_user("south", world["agencies"]["houkatsu_south"], "soudanin"))
    assert post(south, "/api/v1/households", twin).status_code == 201


def test_intake_is_refused_by_the_consultation_forms_rules_and_writes_nothing(
    world: dict[str, Any], records: dict[str, Any]
) -> None:
    client = staff(world, "soudanin")
    body = {
        "person_id": records["mother"].pk,
        "received_at": "2026-11-22T09:00:00",
        "route": "agency",
        "topics": ["other"],
        "complaint": "家賃を滞納している。",
        "life": {"disability_card": "none", "card_kinds": ["physical"]},
    }
    before = Consultation.objects.count()
    response = post(client, "/api/v1/consultations", body)
    assert response.status_code == 422
    where = {tuple(e["loc"][2:]): e["message"] for e in response.json()["errors"]}
    assert where[("referrer_agency_id",)] == (
        "把握ルートが「関係機関からの紹介」のときは、紹介元の機関を選ぶか、機関名を入力してください。"
    )
    assert where[("topic_other",)] == "「その他」を選んだときは、内容を入力してください。"
    assert where[("life", "card_kinds")] == (
        "手帳の種類を選んだときは、障害者手帳の「所持」「申請中」などを選んでください。"
    )
    # An unknown code is refused by the document itself, never defaulted.
    unknown = post(client, "/api/v1/consultations", body | {"channel": "fax"})
    assert unknown.status_code == 422 and unknown.json()["errors"][0]["loc"] == ["body", "payload", "channel"]
    assert Consultation.objects.count() == before
    # Fixed, it is recorded, with a time without zone read as Tokyo time.
    fixed = body | {"route": "self", "topics": ["debt"], "life": {}}
    created = post(client, "/api/v1/consultations", fixed)
    assert created.status_code == 201, created.content.decode()
    assert created.json()["received_at"].startswith("2026-11-22T00:00:00")  # 09:00 in Tokyo, stored in UTC


def test_a_withdrawn_consent_hides_the_referrals_person_from_the_receiver(
    world: dict[str, Any], records: dict[str, Any]
) -> None:
    hub, north = staff(world, "coordinator"), staff(world, "soudanin")
    referral = records["referral"]
    shown = hub.get(f"/api/v1/referrals/{referral.pk}").json()
    assert shown["person"] == {"id": records["mother"].pk, "url": f"/api/v1/persons/{records['mother'].pk}"}
    response = post(
        north,
        f"/api/v1/consents/{records['consent'].pk}/withdrawal",
        {"withdrawn_on": "2026-11-23", "withdrawal_note": "本人から撤回の申出があった。"},
    )
    assert response.status_code == 200
    assert AuditEntry.objects.filter(action="consent.withdrawn").count() == 1
    hidden = hub.get(f"/api/v1/referrals/{referral.pk}").json()
    assert hidden["person"] is None and hidden["shared"] is None
    # The receiver may not withdraw another agency's consent: it does not see it.
    assert (
        post(
            hub,
            f"/api/v1/consents/{records['consent'].pk}/withdrawal",
            {"withdrawn_on": "2026-11-23", "withdrawal_note": "x"},
        ).status_code
        == 404
    )


def test_referral_steps_need_a_reason_where_the_page_asks_one(
    world: dict[str, Any], records: dict[str, Any]
) -> None:
    hub = staff(world, "coordinator")
    referral = factories.referral(
        records["consultation"], world["agencies"]["shakyo"], records["consent"], "requested"
    )
    path = f"/api/v1/referrals/{referral.pk}/transitions"
    no_reason = post(hub, path, {"action": "decline"})
    assert no_reason.status_code == 422
    assert no_reason.json()["errors"] == [
        {"loc": ["body", "payload", "note"], "message": "理由を入力してください。"}
    ]
    declined = post(hub, path, {"action": "decline", "note": "まず地域包括で状況を確認してください。"})
    assert declined.status_code == 200 and declined.json()["status"] == "declined"
    referral.refresh_from_db()
    assert referral.status == Status.DECLINED
    assert AuditEntry.objects.filter(action="referral.decline", object_id=str(referral.pk)).count() == 1


def test_a_plan_is_edited_by_the_hub_on_the_version_it_read(
    world: dict[str, Any], records: dict[str, Any]
) -> None:
    case = records["case"]
    case.status = "planning"
    case.save(update_fields=["status"])
    hub, team = staff(world, "coordinator"), staff(world, "soudanin")
    body = {
        "kind": "participation",
        "long_term_goal": "地域の活動に参加する",
        "short_term_goals": "月に1回、畑の作業に行く",
        "roles": [{"agency_id": world["agencies"]["shakyo"].pk, "actions": "同行"}],
    }
    assert post(team, f"/api/v1/cases/{case.pk}/plans", body).status_code == 403
    created = post(hub, f"/api/v1/cases/{case.pk}/plans", body)
    assert created.status_code == 201, created.content.decode()
    plan = created.json()
    assert plan["kind"] == "participation" and plan["version"] == 1
    # Roles are required, as on the page; each row is checked by the page's role form.
    empty_role = body | {"roles": [{"agency_id": world["agencies"]["other"].pk, "actions": "訪問"}]}
    refused = hub.put(
        f"/api/v1/plans/{plan['id']}",
        empty_role | {"lock_version": plan["lock_version"]},
        content_type="application/json",
    )
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["loc"] == ["body", "payload", "roles", 0, "agency_id"]
    saved = hub.put(
        f"/api/v1/plans/{plan['id']}",
        body | {"lock_version": plan["lock_version"]},
        content_type="application/json",
    )
    assert saved.status_code == 200
    stale = hub.put(
        f"/api/v1/plans/{plan['id']}",
        body | {"lock_version": plan["lock_version"]},
        content_type="application/json",
    )
    assert stale.status_code == 409
    assert "上書きはしていません。" in stale.json()["detail"]
    # Nobody outside the case learns the plan exists.
    outsider = staff(world, "city")
    elsewhere = outsider.put(
        f"/api/v1/plans/{plan['id']}", body | {"lock_version": 0}, content_type="application/json"
    )
    assert elsewhere.status_code == 404


def test_every_write_is_documented_with_its_refusals_in_japanese(client: Client) -> None:
    document = client.get("/api/v1/openapi.json").json()
    writes = {
        (method, path): operation
        for path, operations in document["paths"].items()
        for method, operation in operations.items()
        if method != "get"
    }
    assert len(writes) == 15
    for (_method, path), operation in writes.items():
        assert {"400", "401", "403", "404", "422"} <= set(operation["responses"]), path
        assert any("\u3040" <= ch <= "\u30ff" or "\u4e00" <= ch <= "\u9fff" for ch in operation["summary"])
        if path in ("/api/v1/cases/{case_id}/notes", "/api/v1/outreach/targets/{target_id}/contacts"):
            continue
        assert "409" in operation["responses"], path
    keyed = {
        path
        for (method, path), op in writes.items()
        if any(p["name"] == "Idempotency-Key" for p in op.get("parameters", []))
    }
    assert keyed == {
        "/api/v1/households",
        "/api/v1/households/{household_id}/members",
        "/api/v1/consultations",
        "/api/v1/persons/{person_id}/consents",
        "/api/v1/referrals",
        "/api/v1/cases",
        "/api/v1/cases/{case_id}/assessments",
        "/api/v1/cases/{case_id}/plans",
        "/api/v1/cases/{case_id}/evaluations",
        "/api/v1/cases/{case_id}/notes",
        "/api/v1/outreach/targets/{target_id}/contacts",
    }


def test_a_new_persons_household_members_are_named_at_intake(world: dict[str, Any]) -> None:
    client = staff(world, "soudanin")
    son = {"name": "佐藤 健", "kana": "さとう けん", "relationship": "eldest_son", "birth_date": "1971-05-05"}
    body = {
        "person": {"name": "佐藤 キヨ", "kana": "さとう きよ", "address": "テスト市南町2-1"},
        "members": [son],
        "received_at": "2026-11-22T14:00:00+09:00",
        "topics": ["care"],
        "complaint": "息子と二人暮らしで、介護が難しくなってきた。",
    }
    too_many = post(client, "/api/v1/consultations", body | {"members": [son] * 4})
    assert too_many.status_code == 422
    assert too_many.json()["errors"] == [
        {
            "loc": ["body", "payload", "members"],
            "message": "相談受付で登録できる世帯員は3人までです。ほかの方は世帯の画面から追加してください。",
        }
    ]
    assert not Person.objects.exists()
    created = post(client, "/api/v1/consultations", body)
    assert created.status_code == 201, created.content.decode()
    household = client.get(created.json()["household"]["url"]).json()
    assert [(m["name"], m["relationship"], m["address"]) for m in household["members"]] == [
        ("佐藤 キヨ", "self", "テスト市南町2-1"),
        ("佐藤 健", "eldest_son", "テスト市南町2-1"),
    ]
    # A person on record keeps their household's own page for that.
    known = body | {"person": None, "person_id": created.json()["person"]["id"]}
    refused = post(client, "/api/v1/consultations", known)
    assert refused.status_code == 422 and refused.json()["errors"][0]["loc"] == ["body", "payload", "members"]


def test_a_note_sent_twice_with_its_key_is_recorded_once(
    world: dict[str, Any], records: dict[str, Any]
) -> None:
    client = staff(world, "coordinator")
    path = f"/api/v1/cases/{records['case'].pk}/notes"
    note = {"kind": "phone", "on": "2026-11-22", "text": "電話で近況を確認した。"}
    first = post(client, path, note, HTTP_IDEMPOTENCY_KEY="visit-2026-11-22")
    again = post(client, path, note, HTTP_IDEMPOTENCY_KEY="visit-2026-11-22")
    assert (first.status_code, first.json()) == (again.status_code, again.json()) == (201, first.json())
    assert records["case"].notes.count() == 1
    # The key names one create: used on another case's notes, it is refused.
    other_case = factories.case(
        factories.person(world["agencies"]["houkatsu_north"], "山本 一", "やまもと はじめ"),
        world["agencies"]["shakyo"],
        records["consent"],
        [],
    )
    moved = post(
        client, f"/api/v1/cases/{other_case.pk}/notes", note, HTTP_IDEMPOTENCY_KEY="visit-2026-11-22"
    )
    assert moved.status_code == 422 and other_case.notes.count() == 0
