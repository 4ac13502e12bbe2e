"""The audit chain is keyed (HMAC under a key outside the database) and its heads are published outside the
database, so neither re-forging the chain nor cutting off its newest entries passes `kasane audit verify`
(issue 12, point 15)."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from kasane import audit
from kasane.audit.heads import head_file, publish_head
from kasane.audit.models import GENESIS_HASH, AuditEntry
from kasane.audit.verify import verify_chain

from .test_trail import _drop_triggers, _entries

pytestmark = pytest.mark.django_db
NOON = dt.datetime(2026, 6, 1, 3, 0, tzinfo=dt.UTC)  # 12:00 in Tokyo


def _reforge_without_key(start: int) -> None:
    """What someone with write access to the database but not the key does after editing the entry at seq
    ``start`` (of the chain with no municipality): recompute every hash from there on with plain SHA-256,
    exactly as the unkeyed chain did."""
    entries = list(AuditEntry.objects.filter(chain=0, seq__gte=start).order_by("seq"))
    previous = AuditEntry.objects.filter(chain=0, seq=start - 1).values_list("entry_hash", flat=True).first()
    previous = previous or GENESIS_HASH
    with connection.cursor() as cursor:
        for entry in entries:
            payload = json.dumps(
                entry.hashed_content(), ensure_ascii=False, sort_keys=True, separators=(",", ":")
            )
            digest = hashlib.sha256((previous + payload).encode()).hexdigest()
            cursor.execute(
                "UPDATE audit_auditentry SET prev_hash = %s, entry_hash = %s WHERE id = %s",
                [previous, digest, entry.pk],
            )
            previous = digest


def _cut_newest(keep: int) -> None:
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditentry WHERE chain = 0 AND seq > %s", [keep])


def _at(seq: int) -> AuditEntry:
    return AuditEntry.objects.get(chain=0, seq=seq)


def test_an_entry_edited_and_the_chain_recomputed_without_the_key_is_caught() -> None:
    entries = _entries(6)
    _drop_triggers()
    with connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditentry SET action = 'auth.login' WHERE id = %s", [entries[2].pk])
    _reforge_without_key(1)  # the whole chain, so every link fits
    report = verify_chain()
    assert report.first_break is not None and report.first_break.entry_id == entries[0].pk
    assert "鍵を使わずに計算されたハッシュです" in report.first_break.reason
    with pytest.raises(CommandError, match=f"1 番目（#{entries[0].pk}）：鍵を使わずに"):
        call_command("audit", "verify")


def test_the_chain_verifies_only_with_its_own_key(settings: Any) -> None:
    entries = _entries(3)
    assert verify_chain(full=True).ok
    settings.AUDIT_KEY = "another-installation's-key-" * 2
    report = verify_chain(full=True)
    assert report.first_break is not None and report.first_break.entry_id == entries[0].pk
    assert "鍵が違います" in report.first_break.reason


def test_deleting_the_newest_entries_after_a_head_is_caught() -> None:
    _entries(5)
    with time_machine.travel(NOON, tick=False):
        head = publish_head()
    assert (head.count, head.last_id, head.chains) == (5, 0, {0: (5, _at(5).entry_hash)})
    _entries(2)
    assert verify_chain().ok
    _drop_triggers()
    _cut_newest(3)
    report = verify_chain(full=True)
    # What is left is a whole chain; only the head shows that entries are gone.
    assert report.first_break is None and report.checked == 3
    assert report.head_problems == (
        "2026/06/01 12:00 の控え（5 件）にある市町村のない記録の連鎖の 5 番目がありません。"
        "4 番目以降の記録が削除されています",
    )
    with pytest.raises(CommandError, match="4 番目以降の記録が削除されています"):
        call_command("audit", "verify", "--full")


def test_a_chain_rewritten_past_a_head_is_caught_even_if_it_verifies() -> None:
    """Whoever holds the key (a stolen copy, the service account) can re-forge the chain; the published head
    still shows it, as long as it was copied somewhere they cannot write."""
    _entries(4)
    with time_machine.travel(NOON, tick=False):
        publish_head()
    _drop_triggers()
    with connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditentry SET action = 'auth.login' WHERE id = %s", [_at(2).pk])
    previous = _at(1).entry_hash
    for entry in list(AuditEntry.objects.filter(chain=0, seq__gte=2).order_by("seq")):
        entry.prev_hash = previous
        previous = entry.compute_hash()
        AuditEntry.objects.filter(pk=entry.pk).update(prev_hash=entry.prev_hash, entry_hash=previous)
    report = verify_chain()
    assert report.first_break is None
    assert report.head_problems == (
        "2026/06/01 12:00 の控え（4 件）の市町村のない記録の連鎖 4 番目とハッシュが一致しません。"
        "記録が作り直されています",
    )


def test_a_tampered_head_file_is_reported() -> None:
    _entries(5)
    publish_head()
    _entries(1)
    publish_head()
    path = head_file()
    first, second = path.read_text().splitlines()
    # Someone lowers the newest head to hide entries they will delete, and leaves a stray line.
    lowered = json.loads(second) | {"count": 5, "last_id": 5}
    path.write_text(f"{first}\n{json.dumps(lowered)}\nnot a head\n")
    report = verify_chain()
    assert report.first_break is None
    assert report.head_problems[0].startswith("控えの 2 行目は署名が一致しません。控えが書き換えられています")
    assert report.head_problems[1].startswith("控えの 3 行目を読み取れません")
    # The trail still records the head as published (five entries, a head, one entry, this head).
    assert report.head_problems[2].startswith(f"監査ログ #{_at(8).pk} に記録された控えが、控えのファイル")
    assert len(report.head_problems) == 3
    with pytest.raises(CommandError, match="控えの 2 行目は署名が一致しません"):
        call_command("audit", "verify")


def test_publish_head_command_writes_a_private_signed_line(settings: Any, tmp_path: Path) -> None:
    settings.AUDIT_HEAD_DIR = tmp_path / "heads"
    _entries(2)
    out = io.StringIO()
    with time_machine.travel(NOON, tick=False):
        call_command("audit", "publish-head", stdout=out)
    path = tmp_path / "heads" / "heads.jsonl"
    assert "2026/06/01 12:00 の控え（2 件）を" in out.getvalue()
    line = json.loads(path.read_text())
    assert line["count"] == 2 and line["last_id"] == 0 and line["kind"] == "head"
    assert line["chains"] == {"0": [2, _at(2).entry_hash]}
    assert out.getvalue().splitlines()[-1] == path.read_text().strip()  # the cron log keeps a copy
    assert path.stat().st_mode & 0o777 == 0o600 and path.parent.stat().st_mode & 0o777 == 0o700
    verified = io.StringIO()
    call_command("audit", "verify", stdout=verified)
    # The head is recorded in the trail too (the third entry), so the file cannot quietly lose it.
    assert _at(3).action == "audit.head_published"
    assert _at(3).details == line | {"signature": line["signature"]}
    assert "監査ログは正常です（1 本の連鎖の 3 件を最初の記録から検証。" in verified.getvalue()
    assert "控え 1 件と一致）" in verified.getvalue()


def test_a_backup_is_held_only_against_the_heads_it_is_old_enough_to_contain() -> None:
    _entries(3)
    publish_head()
    _entries(2)
    publish_head()
    _drop_triggers()
    _cut_newest(3)  # as a backup taken between the two heads looks
    assert verify_chain(backup=True).ok
    assert not verify_chain().ok
    # But a backup that disagrees with a head it does contain is refused.
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditentry WHERE chain = 0 AND seq = 3")
    audit.log("auth.login")  # a different third entry, properly keyed
    report = verify_chain(backup=True)
    assert report.first_break is None
    assert report.head_problems and "連鎖 3 番目とハッシュが一致しません" in report.head_problems[0]


def test_a_restore_line_retires_the_heads_beyond_the_restored_end() -> None:
    _entries(3)
    publish_head()
    _entries(2)
    publish_head()
    _drop_triggers()
    _cut_newest(3)  # the restore brought back the first three entries
    publish_head(kind="restore")
    audit.log("system.restore")
    report = verify_chain()
    assert (
        report.ok and report.heads_checked == 2
    )  # the head at 3 and the restore line; the head at 5 retired


def test_a_head_published_while_verify_reads_is_not_taken_for_a_lost_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Review: verify read the file, then the trail; a publish in between (overlapping timers) looked like a
    head lost from the file."""
    from kasane.audit import verify

    _entries(2)
    publish_head()
    real = verify.read_heads

    def racing() -> Any:
        reading = real()
        publish_head()  # its line after the reading, its record in the trail
        return reading

    monkeypatch.setattr(verify, "read_heads", racing)
    report = verify_chain()
    assert report.ok, report.head_problems
    monkeypatch.undo()
    assert verify_chain().ok  # and the next run sees both


def test_a_restore_refiles_heads_only_from_a_trail_that_verifies() -> None:
    """Review: a record slipped into a broken trail must not be filed as a head (a restore line would retire
    every head after it)."""
    _entries(2)
    publish_head()
    path = head_file()
    lines = path.read_text().splitlines()
    path.write_text("")  # as on another machine
    _drop_triggers()
    with connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditentry SET action = 'auth.logout' WHERE id = %s", [_at(1).pk])
    publish_head(kind="restore")
    assert lines[0] not in path.read_text()  # not filed again from the broken trail
    assert verify_chain().first_break is not None
