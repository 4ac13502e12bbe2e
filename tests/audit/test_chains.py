"""One chain per municipality, checkpoints for an incremental verify, one append per request for the reads
(issue 20, the audit goal)."""

from __future__ import annotations

import datetime as dt
import io
import json
import threading
from collections.abc import Iterator
from typing import Any

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.db.utils import OperationalError
from django.http import HttpRequest, HttpResponse
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from kasane import audit
from kasane.audit.heads import head_file, publish_head
from kasane.audit.middleware import AuditBatchMiddleware
from kasane.audit.models import GENESIS_HASH, AuditCheckpoint, AuditEntry
from kasane.audit.trail import _PG_LOCK_CLASS
from kasane.audit.verify import verify_chain
from kasane.tenancy.models import Municipality
from tests.clock import morning_of

from .test_trail import _drop_triggers

pytestmark = pytest.mark.django_db
ON_POSTGRESQL = connection.vendor == "postgresql"


@pytest.fixture(autouse=True)
def _pinned_clock() -> Iterator[None]:
    """Entries, heads and checkpoints are stamped with the time, and one test writes a head dated 2026-05-01:
    the run stands on one day after it, ticking so that entries keep their order."""
    with time_machine.travel(morning_of(dt.date(2026, 12, 7)), tick=True):
        yield


def _log(municipality: Municipality | None, n: int) -> list[AuditEntry]:
    return [audit.log("agency.updated", municipality=municipality, details={"n": i}) for i in range(n)]


def _sql(statement: str, *params: Any) -> None:
    with connection.cursor() as cursor:
        cursor.execute(statement, list(params))


def _legacy(n: int) -> list[AuditEntry]:
    """Rows as the single global chain wrote them before the chains: explicit ids from 1, the id hashed, no
    chain or seq."""
    previous, rows = GENESIS_HASH, []
    for number in range(1, n + 1):
        entry = AuditEntry(
            action="auth.login", created_at=timezone.now(), prev_hash=previous, details={"n": number}
        )
        entry.pk = number
        entry.entry_hash = entry.compute_hash()
        entry.save(force_insert=True)
        previous = entry.entry_hash
        rows.append(entry)
    if ON_POSTGRESQL:  # as migration 0003 does once
        _sql("SELECT setval(pg_get_serial_sequence('audit_auditentry', 'id'), %s, true)", n)
    return rows


def test_each_municipality_has_its_own_chain(
    municipality: Municipality, other_municipality: Municipality
) -> None:
    here = _log(municipality, 2)
    there = _log(other_municipality, 3)
    nowhere = _log(None, 1)
    more_here = _log(municipality, 1)
    assert [(e.chain, e.seq) for e in here + more_here] == [(municipality.pk, s) for s in (1, 2, 3)]
    assert [(e.chain, e.seq) for e in there] == [(other_municipality.pk, s) for s in (1, 2, 3)]
    assert [(e.chain, e.seq) for e in nowhere] == [(0, 1)]
    # Each chain starts from genesis and links only its own entries.
    assert here[0].prev_hash == there[0].prev_hash == GENESIS_HASH
    assert more_here[0].prev_hash == here[1].entry_hash
    report = verify_chain(full=True)
    assert report.ok and report.checked == 7 and report.chains == 3


@pytest.mark.parametrize("tamper", ["change", "delete", "insert", "reorder"])
def test_tampering_in_one_chain_is_found_and_named(
    tamper: str, municipality: Municipality, other_municipality: Municipality
) -> None:
    here = _log(municipality, 4)
    _log(other_municipality, 4)
    _drop_triggers()
    if tamper == "change":
        _sql("UPDATE audit_auditentry SET action = 'auth.login' WHERE id = %s", here[1].pk)
    elif tamper == "delete":
        _sql("DELETE FROM audit_auditentry WHERE id = %s", here[1].pk)
    elif tamper == "insert":
        _sql("UPDATE audit_auditentry SET seq = 5 WHERE id = %s", here[3].pk)
        _sql("UPDATE audit_auditentry SET seq = 4 WHERE id = %s", here[2].pk)
        forged = AuditEntry(
            action="auth.login",
            created_at=here[1].created_at,
            chain=municipality.pk,
            seq=3,
            prev_hash=here[1].entry_hash,
            municipality=municipality,
        )
        forged.entry_hash = forged.compute_hash()
        forged.save(force_insert=True)
    else:  # swap the places of the second and third entries
        _sql("UPDATE audit_auditentry SET seq = 99 WHERE id = %s", here[1].pk)
        _sql("UPDATE audit_auditentry SET seq = 2 WHERE id = %s", here[2].pk)
        _sql("UPDATE audit_auditentry SET seq = 3 WHERE id = %s", here[1].pk)
    report = verify_chain(full=True)
    assert len(report.breaks) == 1, report.breaks  # the neighbour's chain is whole
    broken = report.breaks[0]
    assert broken.where.startswith("テスト市の連鎖 ")
    expected = {
        "change": ("テスト市の連鎖 2 番目", "記録の内容が変更されています"),
        "delete": ("テスト市の連鎖 3 番目", "2 番目から 2 番目が欠落しています"),
        "insert": ("テスト市の連鎖 4 番目", "直前の記録とのつながりが一致しません"),
        "reorder": ("テスト市の連鎖 2 番目", "直前の記録とのつながりが一致しません"),
    }[tamper]
    assert (broken.where, broken.reason[: len(expected[1])]) == expected
    with pytest.raises(CommandError, match=expected[0]):
        call_command("audit", "verify", "--full")


def test_a_row_outside_every_chain_is_found(municipality: Municipality) -> None:
    _log(municipality, 2)
    _drop_triggers()
    forged = AuditEntry(action="auth.login", created_at=timezone.now(), seq=1, prev_hash=GENESIS_HASH)
    forged.entry_hash = forged.compute_hash()
    forged.save(force_insert=True)
    report = verify_chain(full=True)
    assert report.first_break is not None and report.first_break.entry_id == forged.pk
    assert "どの連鎖にも属さない記録" in report.first_break.reason


def test_legacy_rows_still_verify_beside_the_chains(municipality: Municipality) -> None:
    legacy = _legacy(4)
    # A head published before the chains: the whole trail's last id and hash, no chains.
    old = {"kind": "head", "count": 4, "last_id": 4, "last_hash": legacy[-1].entry_hash}
    old["published_at"] = dt.datetime(2026, 5, 1, tzinfo=dt.UTC).isoformat(timespec="microseconds")
    from kasane.audit.heads import _append_line, _sign

    _append_line(json.dumps({**old, "signature": _sign(old)}, sort_keys=True, separators=(",", ":")))
    new = _log(municipality, 2)
    assert new[0].pk > 4 and (new[0].chain, new[0].seq) == (municipality.pk, 1)
    head = publish_head()
    assert (head.last_id, head.last_hash) == (4, legacy[-1].entry_hash)
    report = verify_chain(full=True)
    assert report.ok and report.checked == 4 + 2 + 1 and report.heads_checked == 2
    # A legacy row changed is still found, as the old chain's.
    _drop_triggers()
    _sql("UPDATE audit_auditentry SET action = 'auth.logout' WHERE id = 2")
    report = verify_chain(full=True)
    assert report.first_break is not None and report.first_break.entry_id == 2
    assert report.first_break.where == "分割前の連鎖"


def test_a_legacy_looking_row_appended_after_the_legacy_chain_is_found(municipality: Municipality) -> None:
    _legacy(3)
    verify_chain()  # checkpoints at the legacy end
    _drop_triggers()
    forged = AuditEntry(action="auth.login", created_at=timezone.now(), prev_hash=GENESIS_HASH)
    forged.pk = 50
    forged.entry_hash = forged.compute_hash()
    forged.save(force_insert=True)
    report = verify_chain()
    assert report.resumed == 1  # from the legacy chain's checkpoint
    assert report.first_break is not None and report.first_break.entry_id == 50


def test_incremental_verify_starts_at_the_checkpoint(municipality: Municipality) -> None:
    _log(municipality, 5)
    first = verify_chain()
    assert first.ok and first.checked == 5 and first.resumed == 0 and not first.full
    checkpoint = AuditCheckpoint.objects.get(chain=municipality.pk)
    assert (checkpoint.seq, checkpoint.signed()) == (5, True)
    later = _log(municipality, 3)
    second = verify_chain()
    assert second.ok and second.checked == 3 and second.resumed == 1
    assert AuditCheckpoint.objects.filter(chain=municipality.pk).latest("seq").seq == 8
    out = io.StringIO()
    _log(municipality, 1)
    call_command("audit", "verify", stdout=out)
    assert "1 本の連鎖の 1 件を検証。うち 1 本は前回の検証済み地点から検証しました。" in out.getvalue()
    assert "--full を付けてください" in out.getvalue()
    # A change after the checkpoint is found by the incremental verify.
    _drop_triggers()
    _log(municipality, 2)
    tail = AuditEntry.objects.get(chain=municipality.pk, seq=10)
    _sql("UPDATE audit_auditentry SET action = 'auth.login' WHERE id = %s", tail.pk)
    assert verify_chain().first_break is not None
    assert later  # the checkpoint at 8 stands


def test_a_change_before_the_checkpoint_is_found_only_in_full(municipality: Municipality) -> None:
    """By design: the incremental verify trusts what an earlier verify found whole. Only its checkpoint's own
    entry is checked again; --full walks everything."""
    entries = _log(municipality, 5)
    assert verify_chain().ok
    _drop_triggers()
    _sql("UPDATE audit_auditentry SET action = 'auth.login' WHERE id = %s", entries[1].pk)
    assert verify_chain().ok
    report = verify_chain(full=True)
    assert report.first_break is not None and report.first_break.entry_id == entries[1].pk
    with pytest.raises(CommandError, match="テスト市の連鎖 2 番目"):
        call_command("audit", "verify", "--full")
    # The checkpoint's own entry changed is found without --full.
    _sql("UPDATE audit_auditentry SET action = 'auth.login' WHERE id = %s", entries[4].pk)
    report = verify_chain()
    assert (
        report.first_break is not None and report.first_break.reason == "検証済み地点の記録が変更されています"
    )


def test_entries_deleted_through_the_checkpoint_are_found(municipality: Municipality) -> None:
    entries = _log(municipality, 4)
    assert verify_chain().ok
    _drop_triggers()
    _sql("DELETE FROM audit_auditentry WHERE id = %s", entries[3].pk)
    report = verify_chain()
    assert report.first_break is not None and "検証済み地点の記録がありません" in report.first_break.reason


def test_an_entry_deleted_before_the_checkpoint_is_found_without_full(
    municipality: Municipality, other_municipality: Municipality
) -> None:
    """The daily verify counts each chain up to its checkpoint from the index: a deleted old entry (the trace of
    someone's own snooping last week) is found without walking the chain, and without the key."""
    entries = _log(municipality, 5)
    _log(other_municipality, 2)
    assert verify_chain().ok
    _drop_triggers()
    _sql("DELETE FROM audit_auditentry WHERE id = %s", entries[1].pk)
    report = verify_chain()
    assert report.first_break is not None
    assert "検証済み地点（5 番目）までの記録が 4 件です（削除されています" in report.first_break.reason
    assert "テスト市の連鎖" in report.first_break.where


def test_a_chain_deleted_whole_is_found_from_its_checkpoint(
    municipality: Municipality, other_municipality: Municipality
) -> None:
    _log(municipality, 3)
    _log(other_municipality, 2)
    assert verify_chain().ok
    _drop_triggers()
    _sql("DELETE FROM audit_auditentry WHERE chain = %s", municipality.pk)
    report = verify_chain()
    assert report.first_break is not None and "検証済み地点の記録がありません" in report.first_break.reason


def test_a_checkpoint_with_a_bad_signature_is_reported_and_not_used(municipality: Municipality) -> None:
    entries = _log(municipality, 4)
    # Someone plants a checkpoint past a change they made, hoping verify starts after it.
    _drop_triggers()
    _sql("UPDATE audit_auditentry SET action = 'auth.login' WHERE id = %s", entries[1].pk)
    AuditCheckpoint.objects.create(
        chain=municipality.pk,
        seq=4,
        entry_hash=entries[3].entry_hash,
        created_at=timezone.now(),
        signature="0" * 64,
    )
    report = verify_chain()
    assert report.resumed == 0 and report.first_break is not None
    assert report.first_break.entry_id == entries[1].pk
    assert report.checkpoint_problems == (
        "テスト市の連鎖の検証済み地点（4 番目）は署名が一致しません。"
        "検証済み地点が書き換えられています（この地点は使わずに検証しました）",
    )
    assert not AuditCheckpoint.objects.exclude(signature="0" * 64).exists()  # nothing written over a break


def test_heads_describe_every_chain(municipality: Municipality, other_municipality: Municipality) -> None:
    _log(municipality, 3)
    _log(other_municipality, 2)
    head = publish_head()
    assert set(head.chains) == {municipality.pk, other_municipality.pk}
    assert head.chains[other_municipality.pk][0] == 2
    line = json.loads(head_file().read_text().splitlines()[-1])
    assert line["chains"][str(municipality.pk)][0] == 3
    _drop_triggers()
    _sql("DELETE FROM audit_auditentry WHERE chain = %s AND seq = 2", other_municipality.pk)
    report = verify_chain(full=True)
    assert any(
        "となり町の連鎖の 2 番目がありません。2 番目以降の記録が削除されています" in p
        for p in report.head_problems
    )


def test_a_restore_line_retires_heads_per_chain(
    municipality: Municipality, other_municipality: Municipality
) -> None:
    _log(municipality, 2)
    publish_head()
    _log(other_municipality, 2)  # a chain the restored copy will not have
    publish_head()
    _drop_triggers()
    _sql("DELETE FROM audit_auditentry WHERE chain = %s", other_municipality.pk)
    _sql("DELETE FROM audit_auditentry WHERE chain = 0 AND seq > 1")  # the second head's record
    publish_head(kind="restore")
    report = verify_chain(full=True)
    assert report.ok, report.head_problems
    assert report.heads_checked == 2  # the first head and the restore line


# One append per request


def _request() -> HttpRequest:
    request = HttpRequest()
    request.method = "GET"
    return request


def test_a_page_that_records_several_reads_appends_them_once(municipality: Municipality) -> None:
    seen_inside: list[int] = []

    def page(request: HttpRequest) -> HttpResponse:
        for n in range(3):
            audit.log("person.viewed", municipality=municipality, person_id=n)
        seen_inside.append(AuditEntry.objects.count())
        return HttpResponse("ok")

    with CaptureQueriesContext(connection) as queries:
        AuditBatchMiddleware(page)(_request())
    assert seen_inside == [0]  # kept until the page had answered
    inserts = [q["sql"] for q in queries.captured_queries if q["sql"].startswith("INSERT")]
    assert len(inserts) == 1
    entries = list(AuditEntry.objects.order_by("seq"))
    assert [e.seq for e in entries] == [1, 2, 3] and len({e.created_at for e in entries}) == 1
    assert verify_chain(full=True).ok


def test_entries_inside_a_transaction_are_appended_with_it(municipality: Municipality) -> None:
    seen_inside: list[int] = []

    def page(request: HttpRequest) -> HttpResponse:
        with transaction.atomic():
            audit.log("agency.updated", municipality=municipality)
            seen_inside.append(AuditEntry.objects.count())
        audit.log("person.viewed", municipality=municipality)
        return HttpResponse("ok")

    AuditBatchMiddleware(page)(_request())
    assert seen_inside == [1]
    assert list(AuditEntry.objects.order_by("seq").values_list("action", flat=True)) == [
        "agency.updated",
        "person.viewed",
    ]


def test_a_failed_append_fails_the_request(
    municipality: Municipality, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kasane.audit import trail

    def page(request: HttpRequest) -> HttpResponse:
        audit.log("person.viewed", municipality=municipality)
        return HttpResponse("ok")

    def broken(chain: int, entries: list[AuditEntry]) -> None:
        raise OperationalError("disk full")

    monkeypatch.setattr(trail, "_append_to", broken)
    with pytest.raises(OperationalError):
        AuditBatchMiddleware(page)(_request())


def test_outside_a_request_entries_are_appended_at_once(municipality: Municipality) -> None:
    audit.log("person.viewed", municipality=municipality)
    assert AuditEntry.objects.count() == 1


def test_the_entries_of_a_request_exist_when_its_response_returns(
    client_for: Any, world: dict[str, Any]
) -> None:
    response = client_for(world["users"]["city"]).get(reverse("audit:export_csv"))
    assert response.status_code == 200
    assert AuditEntry.objects.filter(action="audit.exported").count() == 1


# The lock per chain, on PostgreSQL


if ON_POSTGRESQL:

    @pytest.mark.postgres
    # serialized_rollback: the final flush must leave the rows migrations made (content types, roles) as the
    # later transactional tests expect them, with the ids they were serialized with (PostgreSQL does not
    # restart its sequences on a flush).
    @pytest.mark.django_db(transaction=True, serialized_rollback=True)
    def test_writers_to_different_chains_do_not_wait_for_each_other(
        flushable_audit_trail: None, municipality: Municipality, other_municipality: Municipality
    ) -> None:
        held, release = threading.Event(), threading.Event()
        errors: list[BaseException] = []

        def slow_request() -> None:
            try:
                with transaction.atomic():
                    audit.log("agency.updated", municipality=municipality)
                    held.set()
                    release.wait(timeout=10)
            except BaseException as exc:
                errors.append(exc)
            finally:
                connection.close()

        def append(to: Municipality) -> str:
            try:
                with transaction.atomic():
                    _sql("SET LOCAL lock_timeout = '1s'")
                    audit.log("person.viewed", municipality=to)
                return "appended"
            except OperationalError:
                return "waited"
            finally:
                connection.close()

        outcome: dict[str, str] = {}
        thread = threading.Thread(target=slow_request)
        thread.start()
        assert held.wait(timeout=10)
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT classid::int, objid::int FROM pg_locks WHERE locktype = 'advisory' AND objsubid = 2"
            )
            assert cursor.fetchall() == [(_PG_LOCK_CLASS, municipality.pk)]
        for place in (other_municipality, municipality):
            worker = threading.Thread(target=lambda p=place: outcome.__setitem__(p.name, append(p)))
            worker.start()
            worker.join(timeout=20)
        release.set()
        thread.join(timeout=20)
        assert not errors, errors
        assert outcome == {"となり町": "appended", "テスト市": "waited"}


def test_a_backup_with_one_municipalitys_newest_entries_cut_is_refused(
    municipality: Municipality, other_municipality: Municipality
) -> None:
    """A backup may be older than the newest heads, but not older than a head its own trail records: one
    chain cut short under it, the others whole, is a tampered backup, not an old one."""
    _log(municipality, 3)
    _log(other_municipality, 3)
    publish_head()
    assert verify_chain(backup=True).ok
    _drop_triggers()
    _sql("DELETE FROM audit_auditentry WHERE chain = %s AND seq = 3", municipality.pk)
    report = verify_chain(backup=True)
    assert any("テスト市の連鎖の 3 番目がありません" in p for p in report.head_problems), report.head_problems
