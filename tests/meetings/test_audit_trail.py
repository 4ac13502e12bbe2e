"""The audit trail: every meeting action is recorded on the basis of its item (§106-6, consent or none), and
never with what was said in a §106-6 item."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest

from kasane.audit.actions import ACTIONS
from kasane.audit.models import AuditEntry, Basis
from kasane.meetings.models import AgendaItem, ItemKind

from .helpers import (
    SECRET,
    audit_mark,
    awaiting_meeting,
    entries_since,
    post_minutes,
    submit_case,
    support_form,
)

pytestmark = pytest.mark.django_db


def _named_items(entry: AuditEntry) -> set[int]:
    """The agenda items an entry names: its object, or the items a listing showed."""
    named = set(entry.details.get("items", []))
    if entry.object_type == "meetings.agendaitem":
        named.add(int(entry.object_id))
    return named


def test_every_meeting_action_is_audited_on_the_items_basis(
    w: dict[str, Any], client_for: Any, make_user: Any
) -> None:
    users, m, r = w["users"], w["m"], w["r"]
    item, meeting = m["support_item"], m["meeting"]
    support_ref = f"meeting:{meeting.pk}"
    city, coordinator, pledged = (client_for(users[k]) for k in ("city", "coordinator", "pledged"))
    expected: list[tuple[str, Basis, Callable[[], Any]]] = [
        ("agenda_item.viewed", Basis.SW106_6, lambda: pledged.get(f"/meetings/items/{item.pk}/")),
        ("agenda_item.listed", Basis.SW106_6, lambda: pledged.get(f"/meetings/{meeting.pk}/")),
        ("minutes.pdf", Basis.SW106_6, lambda: pledged.get(f"/meetings/{meeting.pk}/minutes.pdf")),
        ("agenda_item.listed", Basis.SW106_6, lambda: pledged.get("/meetings/actions/")),
        (
            "agenda_item.minutes",
            Basis.SW106_6,
            lambda: post_minutes(city, item, item.lock_version, discussion="見守りを続ける"),
        ),
        (
            "agenda_item.created",
            Basis.SW106_6,
            lambda: city.post(f"/meetings/{meeting.pk}/items/support/", support_form([users["pledged"]])),
        ),
        (
            "action_item.done",
            Basis.SW106_6,
            lambda: pledged.post(f"/meetings/actions/{m['action'].pk}/done/"),
        ),
    ]
    for action, basis, call in expected:
        mark = audit_mark()
        response = call()
        assert response.status_code in (200, 302), (action, response.status_code)
        entries = [e for e in entries_since(mark) if e.action == action]
        assert entries, f"{action} left no entry"
        for entry in entries:
            assert (entry.basis, entry.basis_ref) == (basis, support_ref), (action, entry.basis)
            assert _named_items(entry), action
    assert all(
        item.pk in _named_items(e)
        for e in AuditEntry.objects.filter(
            action__in=["agenda_item.viewed", "agenda_item.listed", "minutes.pdf"]
        )
    )
    # A 重層的支援会議 item: put on the agenda on the person's consent, read by the invited city on it too.
    case = awaiting_meeting(w)
    mark = audit_mark()
    assert submit_case(coordinator, case, meeting).status_code == 302
    layered = AgendaItem.objects.get(case=case)
    created = [e for e in entries_since(mark) if e.action == "agenda_item.created"]
    assert [(e.basis, e.person_id) for e in created] == [(Basis.CONSENT, str(r["mother"].pk))]
    assert created[0].details["consent"] == r["consent"].pk
    layered.invited.add(users["city"])
    mark = audit_mark()
    assert city.get(f"/meetings/items/{layered.pk}/").status_code == 200
    assert [(e.action, e.basis) for e in entries_since(mark)] == [("agenda_item.viewed", Basis.CONSENT)]
    mark = audit_mark()
    assert city.get(f"/meetings/{meeting.pk}/").status_code == 200
    listed = {
        i: e.basis for e in entries_since(mark) if e.action == "agenda_item.listed" for i in _named_items(e)
    }
    support_items = AgendaItem.objects.filter(kind=ItemKind.SUPPORT_CASE, invited=users["city"])
    assert listed == {
        layered.pk: Basis.CONSENT,
        **dict.fromkeys(support_items.values_list("pk", flat=True), Basis.SW106_6),
    }
    # A promotion item holds no personal data: no basis, no person.
    mark = audit_mark()
    city.post(f"/meetings/{meeting.pk}/items/promotion/", {"title": "担い手の不足", "situation": ""})
    promo = [e for e in entries_since(mark) if e.action == "agenda_item.created"]
    assert [(e.basis, e.person_id) for e in promo] == [(Basis.NONE, "")]
    # Every action the meetings app wrote has a Japanese label in the audit catalogue.
    used = set(AuditEntry.objects.values_list("action", flat=True))
    assert {a for a in used if a not in ACTIONS} == set()


def test_the_compartments_content_never_reaches_the_audit_trail(w: dict[str, Any], client_for: Any) -> None:
    """The trail is kept forever and shown to auditors: it names the item, never what was said in it."""
    item = w["m"]["support_item"]
    city = client_for(w["users"]["city"])
    post_minutes(
        city, item, item.lock_version, situation=SECRET["situation"], discussion=SECRET["discussion"]
    )
    city.get(f"/meetings/items/{item.pk}/")
    dump = json.dumps(
        list(AuditEntry.objects.values("object_label", "details", "basis_ref")), ensure_ascii=False
    )
    for text in (SECRET["situation"], SECRET["discussion"], item.title, item.subject_name):
        assert text not in dump
