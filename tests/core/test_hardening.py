"""Hardening from the outside review (issue 12): nothing a member of staff sees is cached, the health check
answers monitors over plain HTTP in production, and a forged X-Real-IP never reaches the audit trail."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import sqlite3
import subprocess
from pathlib import Path
from typing import Any

import pytest
from django.test import RequestFactory

from kasane.audit.actor import client_ip
from tests import factories
from tests.clock import python_command, subprocess_env

from .test_ops import GOOD_AUDIT_KEY, GOOD_KEY, run_kasane

pytestmark = pytest.mark.django_db


def test_staff_pages_and_downloads_are_not_stored(world: dict[str, Any], client_for: Any) -> None:
    r = factories.journey(world)
    staff = client_for(world["users"]["soudanin"])
    for url in (f"/people/{r['mother'].pk}/", f"/cases/consultations/{r['consultation'].pk}/sheet.pdf", "/"):
        response = staff.get(url)
        assert response.status_code == 200, url
        assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"], url
    login_page = client_for(None).get("/accounts/login/")
    assert "no-store" not in login_page.get("Cache-Control", "")


def test_healthz_answers_over_plain_http_in_production(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KASANE_", "DJANGO_", "DATABASE_URL"))}
    env.update(
        {
            "KASANE_DATA_DIR": str(tmp_path),
            "KASANE_ENV": "production",
            "KASANE_SECRET_KEY": GOOD_KEY,
            "KASANE_AUDIT_KEY": GOOD_AUDIT_KEY,
            "KASANE_ALLOWED_HOSTS": "127.0.0.1,testserver",
            "DJANGO_SETTINGS_MODULE": "kasane.settings",
        }
    )
    script = (
        "import django; django.setup()\n"
        "from django.core.management import call_command; call_command('migrate', verbosity=0)\n"
        "from django.test import Client\n"
        "c = Client()\n"
        "print(c.get('/healthz').status_code, c.get('/accounts/login/').status_code)\n"
    )
    result = subprocess.run(
        python_command("-c", script), env=subprocess_env(env), capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    # The health check answers; every other page still goes to HTTPS.
    assert result.stdout.split() == ["200", "301"]


def test_a_forged_real_ip_header_is_not_recorded(settings: Any) -> None:
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    factory = RequestFactory()
    forged = factory.get("/", HTTP_X_REAL_IP="<script>alert(1)</script>", REMOTE_ADDR="10.0.0.5")
    assert client_ip(forged) == "10.0.0.5"
    proxied = factory.get("/", HTTP_X_REAL_IP=" 192.0.2.7 ", REMOTE_ADDR="127.0.0.1")
    assert client_ip(proxied) == "192.0.2.7"
    settings.SECURE_PROXY_SSL_HEADER = None
    direct = factory.get("/", HTTP_X_REAL_IP="192.0.2.7", REMOTE_ADDR="127.0.0.1")
    assert client_ip(direct) == "127.0.0.1"  # without the proxy, the header is not trusted at all


def test_the_database_and_its_backups_are_the_service_users_alone(tmp_path: Path) -> None:
    data = tmp_path / "data"
    assert run_kasane(["migrate", "-v", "0"], {}, data).returncode == 0
    assert run_kasane(["backup"], {}, data).returncode == 0
    modes = {p.relative_to(data).as_posix(): p.stat().st_mode & 0o777 for p in [data, *data.rglob("*")]}
    assert modes["."] == 0o700
    assert modes["kasane.sqlite3"] == 0o600
    assert modes["backups"] == 0o700
    # The audit key and the heads the backup published live beside the database, private too.
    assert modes["audit_key"] == 0o600
    assert modes["audit_heads"] == 0o700 and modes["audit_heads/heads.jsonl"] == 0o600
    backups = [name for name in modes if name.startswith("backups/")]
    # The copy and the signed head written beside it (what the copy must contain).
    assert len(backups) == 2 and {modes[name] for name in backups} == {0o600}
    assert [name for name in backups if name.endswith(".sqlite3.head")]
    # Nothing in the data directory is readable by another user (the WAL files follow the database).
    assert not [name for name, mode in modes.items() if mode & 0o077]


def _trail_entry_backup(tmp_path: Path) -> tuple[Path, Path]:
    """A data directory whose audit trail has an entry (a restore is audited), and a backup of it."""
    data = tmp_path / "data"
    assert run_kasane(["migrate", "-v", "0"], {}, data).returncode == 0
    first = tmp_path / "first.sqlite3"
    assert run_kasane(["backup", str(first)], {}, data).returncode == 0
    assert run_kasane(["restore", str(first), "--yes"], {}, data).returncode == 0
    backup = tmp_path / "with-entry.sqlite3"
    assert run_kasane(["backup", str(backup)], {}, data).returncode == 0
    return data, backup


def _rehash_without_key(db: sqlite3.Connection) -> None:
    """Recompute the chain of a copy with plain SHA-256, as the unkeyed chain was computed: all that someone
    who holds the copy but not the audit key can do. Each chain from its own start; a chained entry's place is
    its chain and seq, a legacy one's its id."""
    last: dict[int | None, str] = {}
    db.row_factory = sqlite3.Row
    for row in db.execute("SELECT * FROM audit_auditentry ORDER BY chain, seq, id").fetchall():
        columns = row.keys()  # iterating a Row gives its values, not its column names
        content = {key.removesuffix("_id") if key in FOREIGN_KEYS else key: row[key] for key in columns}
        for key in ("prev_hash", "entry_hash", *(("id",) if row["seq"] is not None else ("chain", "seq"))):
            del content[key]
        previous = last.get(row["chain"], "0" * 64)
        moment = dt.datetime.fromisoformat(row["created_at"]).replace(tzinfo=dt.UTC)
        content["created_at"] = moment.isoformat(timespec="microseconds")
        content["details"] = json.loads(row["details"])
        payload = json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        digest = hashlib.sha256((previous + payload).encode()).hexdigest()
        db.execute(
            "UPDATE audit_auditentry SET prev_hash = ?, entry_hash = ? WHERE id = ?",
            (previous, digest, row["id"]),
        )
        last[row["chain"]] = digest


FOREIGN_KEYS = {"actor_id", "agency_id", "municipality_id"}


def test_restore_refuses_a_backup_whose_audit_trail_was_altered(tmp_path: Path) -> None:
    data, backup = _trail_entry_backup(tmp_path)
    db = sqlite3.connect(backup)
    for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type='trigger'").fetchall():
        db.execute(f'DROP TRIGGER "{name}"')  # whoever alters a copy can drop its triggers too
    db.execute('UPDATE audit_auditentry SET details = \'{"source": "elsewhere"}\'')
    _rehash_without_key(db)  # and recompute every hash, so every link fits
    db.commit()
    db.close()
    before = (data / "kasane.sqlite3").read_bytes()
    result = run_kasane(["restore", str(backup), "--yes"], {}, data)
    assert result.returncode != 0
    assert "監査ログは改ざんまたは欠落があるため復元できません" in result.stderr
    assert "鍵を使わずに計算されたハッシュです" in result.stderr
    assert (data / "kasane.sqlite3").read_bytes() == before  # nothing was overwritten


def test_a_restore_keeps_the_trail_verifiable_against_the_published_heads(tmp_path: Path) -> None:
    """A backup is older than the newest heads by nature: the restore retires the heads beyond its end, and
    the trail verifies afterwards; the heads it is old enough to contain still hold."""
    data, backup = _trail_entry_backup(tmp_path)  # the backup published a head at 1 entry
    run_kasane(["restore", str(backup), "--yes"], {}, data)  # entry 2: a restore
    published = run_kasane(["audit", "publish-head"], {}, data)
    # Every head is recorded in the trail: the backup holds 4 entries (two heads, their records), then the
    # restore line's record and the restore itself.
    assert published.returncode == 0 and "の控え（6 件）を" in published.stdout
    result = run_kasane(["restore", str(backup), "--yes"], {}, data)  # back to 1 entry, then a new 2
    assert result.returncode == 0, result.stderr
    verify = run_kasane(["audit", "verify"], {}, data)
    assert verify.returncode == 0, verify.stderr
    assert "監査ログは正常です（1 本の連鎖の 6 件を最初の記録から検証。控え" in verify.stdout


def _cut_copy(backup: Path, keep: int) -> None:
    """What someone who holds a copy (but not the audit key) can do unnoticed by the chain: cut off its newest
    entries. What is left is a whole chain, older than every head in the file."""
    db = sqlite3.connect(backup)
    for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type='trigger'").fetchall():
        db.execute(f'DROP TRIGGER "{name}"')
    db.execute("DELETE FROM audit_auditentry WHERE id > ?", (keep,))
    db.commit()
    db.close()


def test_restore_refuses_a_backup_whose_newest_entries_were_cut_off(tmp_path: Path) -> None:
    """Issue 12 review: the heads newer than a backup's end are skipped when a backup is checked, so a copy cut
    back before its own head passed. The seal beside the backup holds the file's digest and its trail's end."""
    data, backup = _trail_entry_backup(tmp_path)
    beside = tmp_path / "with-entry.sqlite3.head"
    seal = json.loads(beside.read_text())
    db = sqlite3.connect(backup)
    (last,) = db.execute("SELECT MAX(id) FROM audit_auditentry").fetchone()
    db.close()
    assert seal["kind"] == "backup" and seal["last_id"] == last == 4 and len(seal["sha256"]) == 64
    pristine = backup.read_bytes()
    _cut_copy(backup, keep=3)  # only the newest entry: the head published before the copy is still inside
    before = (data / "kasane.sqlite3").read_bytes()
    result = run_kasane(["restore", str(backup), "--yes"], {}, data)
    assert result.returncode != 0
    assert "監査ログは改ざんまたは欠落があるため復元できません" in result.stderr
    assert (
        "ファイルの内容が控え with-entry.sqlite3.head と一致しません（作成時の監査ログ 4 件、最後は #4）"
        in result.stderr
    )
    assert (data / "kasane.sqlite3").read_bytes() == before
    # Nor does a seal made of what the copy itself holds: every head line is in the trail, but a head line
    # is signed under another domain than a seal.
    db = sqlite3.connect(backup)
    (details,) = db.execute(
        "SELECT details FROM audit_auditentry WHERE action = 'audit.head_published' ORDER BY id DESC LIMIT 1"
    ).fetchone()
    db.close()
    beside.write_text(details)
    forged = run_kasane(["restore", str(backup), "--yes"], {}, data)
    assert forged.returncode != 0 and "with-entry.sqlite3.head の署名が一致しません" in forged.stderr
    # The original copy with its own seal restores.
    backup.write_bytes(pristine)
    beside.write_text(json.dumps(seal))
    assert run_kasane(["restore", str(backup), "--yes"], {}, data).returncode == 0


def test_a_seal_belongs_to_its_own_backup(tmp_path: Path) -> None:
    data, backup = _trail_entry_backup(tmp_path)
    older = tmp_path / "first.sqlite3"
    (tmp_path / "first.sqlite3.head").write_text((tmp_path / "with-entry.sqlite3.head").read_text())
    swapped = run_kasane(["restore", str(older), "--yes"], {}, data)
    assert (
        swapped.returncode != 0 and "ファイルの内容が控え first.sqlite3.head と一致しません" in swapped.stderr
    )
    assert backup.exists()


def test_restore_needs_the_head_beside_the_backup_or_says_it_went_without(tmp_path: Path) -> None:
    data, backup = _trail_entry_backup(tmp_path)
    beside = tmp_path / "with-entry.sqlite3.head"
    line = json.loads(beside.read_text())
    beside.write_text(json.dumps(line | {"last_id": 2}))
    forged = run_kasane(["restore", str(backup), "--yes"], {}, data)
    assert forged.returncode != 0 and "with-entry.sqlite3.head の署名が一致しません" in forged.stderr
    beside.unlink()
    missing = run_kasane(["restore", str(backup), "--yes"], {}, data)
    assert missing.returncode != 0
    assert "バックアップの控え with-entry.sqlite3.head が見つかりません" in missing.stderr
    assert "--without-head" in missing.stderr
    knowingly = run_kasane(["restore", str(backup), "--yes", "--without-head"], {}, data)
    assert knowingly.returncode == 0, knowingly.stderr
    db = sqlite3.connect(data / "kasane.sqlite3")
    (details,) = db.execute(
        "SELECT details FROM audit_auditentry WHERE action = 'system.restore' ORDER BY id DESC LIMIT 1"
    ).fetchone()
    db.close()
    assert json.loads(details) == {"source": str(backup), "head_checked": False}


def test_a_lost_or_truncated_head_file_is_reported(tmp_path: Path) -> None:
    data, _backup = _trail_entry_backup(tmp_path)
    heads = data / "audit_heads" / "heads.jsonl"
    lines = heads.read_text().splitlines()
    assert len(lines) == 3 and run_kasane(["audit", "verify"], {}, data).returncode == 0
    heads.write_text(lines[0] + "\n")  # the newest two lines cut off
    truncated = run_kasane(["audit", "verify"], {}, data)
    assert truncated.returncode != 0
    assert "に記録された控えが、控えのファイル" in truncated.stderr
    assert (
        "控えのファイルが削除・切り詰め・書き換えられています（ほかに 1 件の控えでも同様です）"
        in truncated.stderr
    )
    heads.unlink()
    assert "に記録された控えが" in run_kasane(["audit", "verify"], {}, data).stderr


def test_a_restore_on_another_machine_files_the_backups_heads_again(tmp_path: Path) -> None:
    """Disaster recovery: the backup and its head travel, the old head file does not. The restore files the
    heads the restored trail records (their signatures hold under the same audit key), so verify passes."""
    data, backup = _trail_entry_backup(tmp_path)
    elsewhere = tmp_path / "new-machine"
    assert run_kasane(["migrate", "-v", "0"], {}, elsewhere).returncode == 0
    (elsewhere / "audit_key").write_bytes((data / "audit_key").read_bytes())
    restored = run_kasane(["restore", str(backup), "--yes"], {}, elsewhere)
    assert restored.returncode == 0, restored.stderr
    verify = run_kasane(["audit", "verify"], {}, elsewhere)
    assert verify.returncode == 0, verify.stderr
    lines = (elsewhere / "audit_heads" / "heads.jsonl").read_text().splitlines()
    assert [json.loads(x)["kind"] for x in lines] == ["head", "restore", "head", "restore"]


def test_restore_refuses_a_backup_from_a_kasane_it_does_not_know(tmp_path: Path) -> None:
    data, backup = _trail_entry_backup(tmp_path)
    db = sqlite3.connect(backup)
    db.execute(
        "INSERT INTO django_migrations (app, name, applied) VALUES ('casework', '9999_from_the_future', '2031-01-01')"
    )
    db.commit()
    db.close()
    result = run_kasane(["restore", str(backup), "--yes"], {}, data)
    assert result.returncode != 0
    assert "この kasane にないデータベースの更新（casework.9999_from_the_future" in result.stderr
