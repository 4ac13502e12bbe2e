"""``log_bulk``, the lean append for loads of thousands (issue 20, the bulk path): the same entries as
``log_many``, on the same chains, with hashes the verifier accepts."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import transaction

from kasane import audit
from kasane.audit.actor import Actor
from kasane.audit.models import AuditEntry, Basis
from kasane.audit.trail import Item, log_bulk, log_many
from kasane.audit.verify import chain_break, verify_chain

from .test_trail import _drop_triggers

pytestmark = pytest.mark.django_db

# What an entry says, without its place in the chain (id, seq, hashes) or its time.
_CONTENT = (
    "actor_id",
    "actor_username",
    "actor_name",
    "agency_id",
    "agency_name",
    "municipality_id",
    "chain",
    "action",
    "object_type",
    "object_id",
    "object_label",
    "person_id",
    "basis",
    "basis_ref",
    "ip_address",
    "details",
)


def _items(world: dict[str, Any]) -> list[Item]:
    north, other = world["agencies"]["houkatsu_north"], world["agencies"]["other"]
    return [
        Item(obj=north, details={"n": 1}),
        # An agency of the neighbour: filed under the neighbour's municipality, on its chain, as log_many does.
        Item(obj=other, details={"n": 2}),
        Item(
            object_type="casework.person",
            object_id=7,
            person_id=7,
            basis=Basis.CONSENT,
            basis_ref="consent:3",
            details={"password": "hunter2-secret", "note": "髙橋"},
        ),
        Item(object_type="casework.person", object_id=8, person_id=8, basis=Basis.OWN),
    ]


def _content(entries: Any) -> list[tuple[Any, ...]]:
    return [tuple(getattr(e, name) for name in _CONTENT) for e in entries]


def test_log_bulk_writes_what_log_many_writes_and_the_verifier_accepts_it(world: dict[str, Any]) -> None:
    actor = Actor(user=world["users"]["city"], municipality=world["municipality"], client_address="192.0.2.7")
    items = _items(world)
    with transaction.atomic():
        log_many("person.bulk_added", items, actor=actor)
    with transaction.atomic():
        assert log_bulk("person.bulk_added", items, actor=actor) == len(items)
    rows = list(AuditEntry.objects.order_by("id"))
    many, lean = rows[: len(items)], rows[len(items) :]
    assert _content(lean) == _content(many)
    assert next(e for e in lean if e.person_id == "7").details == {"password": "********", "note": "髙橋"}
    # Each chain goes on where log_many left it: the city's three entries, then the neighbour's one.
    city, neighbour = world["municipality"].pk, world["other_municipality"].pk
    assert [(e.chain, e.seq) for e in many] == [(city, 1), (city, 2), (city, 3), (neighbour, 1)]
    assert [(e.chain, e.seq) for e in lean] == [(city, 4), (city, 5), (city, 6), (neighbour, 2)]
    assert chain_break() is None
    report = verify_chain(full=True)
    assert report.ok, report
    assert report.checked == 2 * len(items)


def test_entries_logged_one_at_a_time_after_a_bulk_append_continue_the_chain(world: dict[str, Any]) -> None:
    city = world["municipality"]
    actor = Actor(user=world["users"]["city"], municipality=city)
    first = audit.log("agency.updated", actor=actor)
    with transaction.atomic():
        log_bulk(
            "person.bulk_added",
            [Item(object_type="casework.person", object_id=n, person_id=n) for n in range(1, 301)],
            actor=actor,
            municipality=city,
        )
    last = audit.log("agency.updated", actor=actor)
    assert (first.seq, last.seq) == (1, 302)
    assert last.prev_hash == AuditEntry.objects.get(chain=city.pk, seq=301).entry_hash
    assert verify_chain(full=True).ok


def test_a_changed_bulk_entry_is_found(world: dict[str, Any]) -> None:
    """The lean rows are held to the same hash as any other: a row edited in place breaks the chain there."""
    city = world["municipality"]
    with transaction.atomic():
        log_bulk(
            "person.bulk_added",
            [Item(object_type="casework.person", object_id=n, person_id=n) for n in range(1, 4)],
            actor=Actor(user=world["users"]["city"]),
            municipality=city,
        )
    assert verify_chain(full=True).ok
    _drop_triggers()
    changed = AuditEntry.objects.get(chain=city.pk, seq=2)
    AuditEntry.objects.filter(pk=changed.pk).update(person_id="99")
    found = chain_break()
    assert found is not None and found.entry_id == changed.pk
