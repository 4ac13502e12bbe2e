"""アウトリーチ through the API (kasane.api.outreach): the outreach worker's device lists, reads and logs
contacts through the same rule book, access helper, form and service as the pages."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from kasane.audit.models import AuditEntry, Basis
from kasane.outreach.models import Contact, Stage, StageChange, Target
from tests import factories
from tests.clock import morning_of

pytestmark = pytest.mark.django_db

DAY = dt.date(2026, 11, 24)
CONTACT = {"on": "2026-11-24", "method": "phone", "with_whom": "family", "outcome": "family_talked"}


@pytest.fixture(autouse=True)
def _clock() -> Iterator[None]:
    with time_machine.travel(morning_of(DAY), tick=True):
        yield


@pytest.fixture
def r(world: dict[str, Any]) -> dict[str, Any]:
    """The 8050 household, and the 社協's outreach target of the son, raised a month ago, with one contact."""
    records = factories.journey(world)
    target = factories.outreach_target(world, person=records["son"], raised_on=dt.date(2026, 10, 20))
    factories.outreach_contact(target, on=dt.date(2026, 11, 10), outcome="away", next_step="手紙を出す")
    return {**records, "target": target}


@pytest.fixture
def coordinator(client_for: Any, world: dict[str, Any]) -> Client:
    return client_for(world["users"]["coordinator"])


def _url(target: Target, rest: str = "") -> str:
    return f"/api/v1/outreach/targets/{target.pk}{rest}"


def _post(client: Client, target: Target, body: Any) -> Any:
    return client.post(_url(target, "/contacts"), body, content_type="application/json")


def _entries(action: str) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(action=action).order_by("id"))


def test_the_list_shows_the_visible_targets_and_audits_the_names_shown(
    coordinator: Client, world: dict[str, Any], r: dict[str, Any]
) -> None:
    unlinked = factories.outreach_target(world, label="港町の60代男性", raised_on=dt.date(2026, 11, 1))
    # Another agency's target, of the same person: no basis for the 社協.
    other = factories.outreach_target(world, label="北部包括の対象", person=r["son"])
    Target.objects.filter(pk=other.pk).update(owner_agency=world["agencies"]["houkatsu_north"])
    rows = coordinator.get("/api/v1/outreach/targets").json()
    assert [t["id"] for t in rows] == [unlinked.pk, r["target"].pk]  # no contact yet comes first
    assert other.pk not in {t["id"] for t in rows}
    assert rows[1] == {
        "id": r["target"].pk,
        "number": f"R8-{r['target'].pk:04d}",
        "label": "○○町の80代女性と50代の息子の世帯",
        "area": "○○町",
        "stage": "information",
        "stage_label": "情報把握",
        "raised_on": "2026-10-20",
        "last_contact_on": "2026-11-10",
        "person_id": r["son"].pk,
        "owner_agency": "テスト市社会福祉協議会",
    }
    assert rows[0]["person_id"] is None and rows[0]["last_contact_on"] is None
    # One entry naming everyone shown: the unlinked target names nobody.
    [listed] = _entries("outreach_target.listed")
    assert listed.details == {"persons": [r["son"].pk], "count": 1}
    assert listed.basis == Basis.OWN


def test_the_list_filters_by_stage_and_pages_by_fifty(
    coordinator: Client, world: dict[str, Any], r: dict[str, Any]
) -> None:
    for i in range(50):
        factories.outreach_target(world, label=f"対象{i}", stage=Stage.ATTEMPTING)
    attempting = coordinator.get("/api/v1/outreach/targets", {"stage": "attempting"}).json()
    assert len(attempting) == 50 and {t["stage"] for t in attempting} == {"attempting"}
    assert [
        t["id"] for t in coordinator.get("/api/v1/outreach/targets", {"stage": "information"}).json()
    ] == [r["target"].pk]
    first, second = (coordinator.get("/api/v1/outreach/targets", {"page": n}) for n in (1, 2))
    # The whole count and the next page, as the keyset-paged lists give them; the filter is kept.
    assert first["X-Total-Count"] == second["X-Total-Count"] == "51"
    assert first["Link"] == '<http://testserver/api/v1/outreach/targets?page=2>; rel="next"'
    assert "Link" not in second
    assert (len(first.json()), [t["id"] for t in second.json()]) == (50, [r["target"].pk])  # contacted last
    attempting_page = coordinator.get("/api/v1/outreach/targets", {"stage": "attempting", "page": 1})
    assert attempting_page["X-Total-Count"] == "50" and "Link" not in attempting_page
    assert coordinator.get("/api/v1/outreach/targets", {"page": 3}).json() == []
    response = coordinator.get("/api/v1/outreach/targets", {"stage": "lost"})
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"loc": ["query", "stage"], "message": "指定できる値ではありません。"}
    ]


def test_one_target_with_its_stage_history_and_an_audited_read(
    coordinator: Client, world: dict[str, Any], r: dict[str, Any]
) -> None:
    target = r["target"]
    data = coordinator.get(_url(target)).json()
    assert data["description"] == "息子が10年ほど外出していない様子。母は足が悪い。"
    assert (data["person_id"], data["household_id"], data["lead"]) == (
        r["son"].pk,
        r["household"].pk,
        "kyodo 職員",
    )
    assert (data["source"], data["source_label"]) == ("own_work", "自機関の活動（訪問・地域の情報）")
    assert (data["basis"], data["basis_label"]) == ("own", "自機関の記録")
    assert (data["route"], data["close_reason"], data["closed_on"]) == (None, None, None)
    assert data["stage_history"] == [
        {
            "from_stage": None,
            "from_stage_label": "",
            "to_stage": "information",
            "to_stage_label": "情報把握",
            "on": "2026-10-20",
            "note": "",
            "author_name": "kyodo 職員",
        }
    ]
    # A pointer to a 支援会議 item is never part of what the API says about a target.
    assert not {k for k in data if "meeting" in k or "item" in k}
    [read] = _entries("outreach_target.viewed")
    assert (read.person_id, read.basis, read.basis_ref) == (
        str(r["son"].pk),
        Basis.OWN,
        f"target:{target.pk}",
    )


def test_the_contacts_of_a_target_latest_first(coordinator: Client, r: dict[str, Any]) -> None:
    target = r["target"]
    factories.outreach_contact(
        target,
        on=dt.date(2026, 11, 20),
        outcome="family_talked",
        method="phone",
        with_whom="family",
        minutes=0,
    )
    answer = coordinator.get(_url(target, "/contacts"))
    rows = answer.json()
    assert [c["on"] for c in rows] == ["2026-11-20", "2026-11-10"] and answer["X-Total-Count"] == "2"
    assert rows[0] | {"id": 0} == {
        "id": 0,
        "agency": "テスト市社会福祉協議会",
        "on": "2026-11-20",
        "method": "phone",
        "method_label": "電話",
        "with_whom": "family",
        "with_whom_label": "家族",
        "outcome": "family_talked",
        "outcome_label": "家族と話せた",
        "minutes": 0,
        "text": "訪問したが不在。メモを投函した。",
        "next_step": "",
        "next_on": None,
        "author_name": "kyodo 職員",
    }
    assert rows[1]["next_step"] == "手紙を出す"
    assert coordinator.get(_url(target, "/contacts"), {"page": 2}).json() == []
    assert _entries("outreach_target.viewed")[-1].person_id == str(r["son"].pk)


def test_a_contact_logged_through_the_api(coordinator: Client, r: dict[str, Any]) -> None:
    target = r["target"]
    body = {
        **CONTACT,
        "minutes": 15,
        "text": "母と玄関先で話せた。",
        "next_step": "再訪",
        "next_on": "2026-12-01",
    }
    response = _post(coordinator, target, body)
    assert response.status_code == 201, response.content.decode()
    data = response.json()
    contact = Contact.objects.get(pk=data["id"])
    assert (contact.target_id, contact.agency_id, contact.author_name) == (
        target.pk,
        target.owner_agency_id,
        "kyodo 職員",
    )
    assert data | {"id": 0} == {
        "id": 0,
        "agency": "テスト市社会福祉協議会",
        "on": "2026-11-24",
        "method": "phone",
        "method_label": "電話",
        "with_whom": "family",
        "with_whom_label": "家族",
        "outcome": "family_talked",
        "outcome_label": "家族と話せた",
        "minutes": 15,
        "text": "母と玄関先で話せた。",
        "next_step": "再訪",
        "next_on": "2026-12-01",
        "author_name": "kyodo 職員",
    }
    target.refresh_from_db()
    assert (target.last_contact_on, target.stage) == (DAY, Stage.INFORMATION)  # no stage given: it stays
    [entry] = _entries("outreach_contact.recorded")
    assert (entry.person_id, entry.basis, entry.details) == (
        str(r["son"].pk),
        Basis.OWN,
        {"method": "phone", "outcome": "family_talked"},
    )
    # The defaults: a visit to the person.
    minimal = _post(coordinator, target, {"on": "2026-11-23", "outcome": "away"}).json()
    assert (minimal["method"], minimal["with_whom"], minimal["minutes"]) == ("visit", "person", None)


def test_the_stage_moves_with_the_contact_when_its_outcome_allows(
    coordinator: Client, r: dict[str, Any]
) -> None:
    target = r["target"]
    response = _post(coordinator, target, {**CONTACT, "stage": "family"})
    assert response.status_code == 201
    target.refresh_from_db()
    assert (target.stage, target.stage_changed_on) == (Stage.FAMILY, DAY)
    change = StageChange.objects.filter(target=target).latest("pk")
    assert (change.from_stage, change.to_stage, change.on) == (Stage.INFORMATION, Stage.FAMILY, DAY)
    history = coordinator.get(_url(target)).json()["stage_history"]
    assert [(s["from_stage"], s["to_stage"]) for s in history] == [
        (None, "information"),
        ("information", "family"),
    ]
    assert len(_entries("outreach_contact.recorded")) == 1


@pytest.mark.parametrize(
    ("body", "message"),
    [
        # Only an away and a family talk so far: meeting the person is not shown by any contact.
        (
            {**CONTACT, "stage": "person"},
            "「本人とつながる」にするには、本人と会えた・話せた接触記録が必要です。",
        ),
        ({**CONTACT, "stage": "closed"}, "この段階は「支援につなぐ」「終了」の操作で記録します。"),
        ({**CONTACT, "stage": "handed_over"}, "この段階は「支援につなぐ」「終了」の操作で記録します。"),
    ],
)
def test_a_stage_the_outcomes_do_not_support_is_refused_and_nothing_is_written(
    coordinator: Client, r: dict[str, Any], body: dict[str, Any], message: str
) -> None:
    target = r["target"]
    response = _post(coordinator, target, body)
    assert (response.status_code, response.json()) == (400, {"detail": message})
    target.refresh_from_db()
    assert target.stage == Stage.INFORMATION and target.last_contact_on == dt.date(2026, 11, 10)
    assert Contact.objects.filter(target=target).count() == 1
    assert StageChange.objects.filter(target=target).count() == 1
    assert not _entries("outreach_contact.recorded")


@pytest.mark.parametrize(
    ("body", "status", "expected"),
    [
        (
            {**CONTACT, "on": "2026-11-25"},
            400,
            {"detail": "未来の日付は入力できません。"},
        ),
        (
            {**CONTACT, "outcome": "vanished"},
            422,
            [{"loc": ["body", "payload", "outcome"], "message": "指定できる値ではありません。"}],
        ),
        (
            {"on": "2026-11-24"},
            422,
            [{"loc": ["body", "payload", "outcome"], "message": "必須です。"}],
        ),
        (
            {**CONTACT, "on": "11月24日"},
            422,
            [{"loc": ["body", "payload", "on"], "message": "日付は YYYY-MM-DD の形で指定してください。"}],
        ),
        (
            {**CONTACT, "minutes": -5},
            422,
            [{"loc": ["body", "payload", "minutes"], "message": "0 以上の値を指定してください。"}],
        ),
        (
            {**CONTACT, "next_step": "再" * 201},
            422,
            [{"loc": ["body", "payload", "next_step"], "message": "200 文字以内で指定してください。"}],
        ),
        # PostgreSQL text cannot hold NUL.
        (
            {**CONTACT, "text": "a\x00b"},
            422,
            [{"loc": ["body", "payload", "text"], "message": "使用できない文字が含まれています。"}],
        ),
    ],
)
def test_bad_input_is_refused_in_japanese_and_nothing_is_written(
    coordinator: Client, r: dict[str, Any], body: dict[str, Any], status: int, expected: Any
) -> None:
    target = r["target"]
    response = _post(coordinator, target, body)
    assert response.status_code == status, response.content.decode()
    if status == 422:
        assert response.json() == {"detail": "入力内容に誤りがあります。", "errors": expected}
    else:
        assert response.json() == expected
    assert Contact.objects.filter(target=target).count() == 1
    target.refresh_from_db()
    assert target.last_contact_on == dt.date(2026, 11, 10)
    assert not _entries("outreach_contact.recorded")


def test_an_unreadable_body_is_refused_in_japanese(coordinator: Client, r: dict[str, Any]) -> None:
    response = _post(coordinator, r["target"], "{")
    assert (response.status_code, response.json()) == (
        400,
        {"detail": "リクエスト本文を JSON として読み取れません。"},
    )
    assert Contact.objects.filter(target=r["target"]).count() == 1


def test_outsiders_get_404_and_the_refusal_is_recorded(
    client_for: Any, world: dict[str, Any], r: dict[str, Any]
) -> None:
    target = r["target"]
    # 北部包括 keeps the household's records, but has no basis on the 社協's outreach.
    client = client_for(world["users"]["soudanin"])
    for response in (
        client.get(_url(target)),
        client.get(_url(target, "/contacts")),
        _post(client, target, CONTACT),
    ):
        assert (response.status_code, response.json()) == (404, {"detail": "見つかりません。"})
    assert client.get("/api/v1/outreach/targets").json() == []
    denied = _entries("access.denied")
    assert len(denied) == 3
    assert {(e.object_type, e.object_id, e.details["exists"]) for e in denied} == {
        ("outreach.target", str(target.pk), True)
    }
    assert not _entries("outreach_target.viewed") and not _entries("outreach_target.listed")
    assert Contact.objects.filter(target=target).count() == 1
    # Roles that see no personal data are refused outright, as for case records.
    viewer = client_for(world["users"]["viewer"])
    assert viewer.get(_url(target)).status_code == 403
    assert viewer.get("/api/v1/outreach/targets").status_code == 403
    # The anonymous get 401.
    assert client_for(None).get("/api/v1/outreach/targets").status_code == 401


def test_a_reader_with_a_basis_sees_but_may_not_log(
    client_for: Any, world: dict[str, Any], r: dict[str, Any]
) -> None:
    target = r["target"]
    # The son's consent, taken by the 社協, names 北部包括.
    factories.consent(
        r["son"],
        world["agencies"]["shakyo"],
        collaboration=False,
        shared=[world["agencies"]["houkatsu_north"]],
    )
    client = client_for(world["users"]["soudanin"])
    assert client.get(_url(target)).json()["basis"] == "consent"
    assert [t["id"] for t in client.get("/api/v1/outreach/targets").json()] == [target.pk]
    response = _post(client, target, CONTACT)
    assert (response.status_code, response.json()) == (
        403,
        {"detail": "アウトリーチの記録は担当機関の職員が行います。"},
    )
    assert Contact.objects.filter(target=target).count() == 1


def test_a_closed_target_takes_no_contact(
    coordinator: Client, world: dict[str, Any], r: dict[str, Any]
) -> None:
    target = r["target"]
    Target.objects.filter(pk=target.pk).update(stage=Stage.CLOSED, close_reason="settled", closed_on=DAY)
    response = _post(coordinator, target, CONTACT)
    assert (response.status_code, response.json()) == (
        403,
        {"detail": "終了した対象です。続ける場合は先に再開してください。"},
    )
    assert Contact.objects.filter(target=target).count() == 1
    data = coordinator.get(_url(target)).json()
    assert (data["stage"], data["close_reason"], data["close_reason_label"]) == (
        "closed",
        "settled",
        "状況が落ち着いた",
    )


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_query_counts_do_not_grow_with_the_records(
    coordinator: Client, world: dict[str, Any], r: dict[str, Any]
) -> None:
    target = r["target"]
    urls = ["/api/v1/outreach/targets", _url(target), _url(target, "/contacts")]
    coordinator.get(urls[0])  # the session's first request stamps it
    before = [_queries(coordinator, url) for url in urls]
    for i in range(5):
        other = factories.outreach_target(world, label=f"対象{i}", person=r["mother"])
        factories.outreach_contact(other)
        factories.outreach_contact(target, on=dt.date(2026, 11, 11 + i))
        StageChange.objects.create(
            target=target, from_stage="", to_stage="attempting", on=DAY, author_name="x"
        )
    assert [_queries(coordinator, url) for url in urls] == before


def test_the_openapi_document_lists_the_outreach_operations(client: Client) -> None:
    doc = client.get("/api/v1/openapi.json").json()
    paths = doc["paths"]
    assert set(paths["/api/v1/outreach/targets"]) == {"get"}
    assert set(paths["/api/v1/outreach/targets/{target_id}"]) == {"get"}
    assert set(paths["/api/v1/outreach/targets/{target_id}/contacts"]) == {"get", "post"}
    post = paths["/api/v1/outreach/targets/{target_id}/contacts"]["post"]
    assert {"201", "400", "401", "403", "404", "422"} == set(post["responses"])
    assert post["tags"] == ["アウトリーチ（個人情報）"]
    # Coded fields carry the model choices' codes.
    schemas = doc["components"]["schemas"]
    assert schemas["Stage"]["enum"] == [s.value for s in Stage]
    assert schemas["Outcome"]["enum"] == ["away", "no_answer", "refused", "family_talked", "met", "talked"]
