"""Operations: settings from the environment, production hardening, headers, backup and restore."""

from __future__ import annotations

import os
import re
import sqlite3
import subprocess
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from kasane.core.backup import BackupError, backup_to, check_backup
from tests.clock import python_command, subprocess_env

SRC = Path(__file__).resolve().parents[2] / "src" / "kasane"
GOOD_KEY = "k" * 20 + "a-real-random-looking-secret-key-0123456789-xyz"
GOOD_AUDIT_KEY = "a" * 10 + "another-random-looking-audit-key-0123456789"
PRODUCTION = {
    "KASANE_ENV": "production",
    "KASANE_SECRET_KEY": GOOD_KEY,
    "KASANE_AUDIT_KEY": GOOD_AUDIT_KEY,
    "KASANE_ALLOWED_HOSTS": "kasane.lg.jp",
}


def run_kasane(args: list[str], env: dict[str, str], tmp_path: Path) -> subprocess.CompletedProcess[str]:
    full_env = {
        k: v for k, v in os.environ.items() if not k.startswith(("KASANE_", "DJANGO_", "DATABASE_URL"))
    }
    full_env.update({"KASANE_DATA_DIR": str(tmp_path), **env})
    return subprocess.run(
        python_command("-m", "kasane", *args),
        env=subprocess_env(full_env),
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_refuses_to_start_without_a_secret_key(tmp_path: Path) -> None:
    result = run_kasane(
        ["check"], {"KASANE_ENV": "production", "KASANE_ALLOWED_HOSTS": "kasane.lg.jp"}, tmp_path
    )
    assert result.returncode != 0 and "KASANE_SECRET_KEY" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts(tmp_path: Path) -> None:
    env = {k: v for k, v in PRODUCTION.items() if k != "KASANE_ALLOWED_HOSTS"}
    result = run_kasane(["check"], env, tmp_path)
    assert result.returncode != 0 and "KASANE_ALLOWED_HOSTS" in result.stderr


def test_production_refuses_to_start_without_its_own_audit_key(tmp_path: Path) -> None:
    """The audit chain's key is never generated in production (a new key would orphan the chain), and is not
    the secret key (rotating that must not break the chain)."""
    missing = {k: v for k, v in PRODUCTION.items() if k != "KASANE_AUDIT_KEY"}
    result = run_kasane(["check"], missing, tmp_path)
    assert result.returncode != 0 and "KASANE_AUDIT_KEY must be set" in result.stderr
    assert not (tmp_path / "audit_key").exists()
    result = run_kasane(["check"], {**PRODUCTION, "KASANE_AUDIT_KEY": GOOD_KEY}, tmp_path)
    assert result.returncode != 0 and "KASANE_AUDIT_KEY must differ from KASANE_SECRET_KEY" in result.stderr


def test_development_generates_a_private_audit_key_once(tmp_path: Path) -> None:
    assert run_kasane(["check"], {}, tmp_path).returncode == 0
    key = (tmp_path / "audit_key").read_text()
    assert len(key) >= 43 and (tmp_path / "audit_key").stat().st_mode & 0o777 == 0o600
    assert key != (tmp_path / "secret_key").read_text()
    assert run_kasane(["check"], {}, tmp_path).returncode == 0
    assert (tmp_path / "audit_key").read_text() == key


def test_bad_environment_value_is_named(tmp_path: Path) -> None:
    result = run_kasane(["check"], {"KASANE_IDLE_TIMEOUT_MINUTES": "half an hour"}, tmp_path)
    assert result.returncode != 0 and "KASANE_IDLE_TIMEOUT_MINUTES" in result.stderr


def test_check_deploy_is_clean_with_production_settings(tmp_path: Path) -> None:
    result = run_kasane(["check", "--deploy", "--fail-level", "WARNING"], PRODUCTION, tmp_path)
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


def test_development_keeps_data_outside_the_source_tree() -> None:
    repo = Path(__file__).resolve().parents[2]
    assert not Path(settings.DATA_DIR).is_relative_to(repo)


@pytest.mark.django_db
def test_security_headers(client: Any) -> None:
    response = client.get("/accounts/login/")
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_templates_load_nothing_from_outside_and_have_no_inline_script_or_style() -> None:
    for path in SRC.rglob("*.html"):
        text = path.read_text()
        assert not re.search(r"(src|href)=\"(https?:)?//", text), path
        assert "<script>" not in text and not re.search(r"<script(?![^>]*\bsrc=)", text), path
        assert " style=" not in text and "<style" not in text, path
        assert not re.search(r"\son[a-z]+=", text), path
    css = (SRC / "core" / "static" / "kasane" / "kasane.css").read_text()
    assert "@import" not in css and "url(http" not in css


@pytest.mark.django_db
def test_static_assets_are_served_locally(client: Any) -> None:
    for path in [
        "/static/kasane/kasane.css",
        "/static/kasane/kasane.js",
        "/static/django_htmx/htmx-2.min.js",
    ]:
        response = client.get(path)
        assert response.status_code == 200, path


@pytest.mark.django_db
def test_healthz(client: Any) -> None:
    assert client.get("/healthz").json() == {"status": "ok"}


# Backup and restore (SQLite)


@pytest.mark.django_db
def test_backup_command_on_this_engine(tmp_path: Path) -> None:
    """SQLite gets a file; PostgreSQL gets pointed to pg_dump instead of a half-working copy."""
    target = tmp_path / "x.sqlite3"
    if connection.vendor == "postgresql":
        with pytest.raises(CommandError, match="pg_dump"):
            call_command("backup", str(target))
        return
    # The test database lives in memory; the file round trip is test_backup_round_trip below.
    with pytest.raises(CommandError, match="メモリ上のデータベース"):
        call_command("backup", str(target))


def test_backup_will_not_overwrite(tmp_path: Path, settings: Any) -> None:
    target = tmp_path / "exists.sqlite3"
    target.write_text("x")
    with pytest.raises(BackupError, match="すでに存在します"):
        backup_to(target)


def test_backup_round_trip(tmp_path: Path) -> None:
    """Back up a live database while a writer holds it open, change it, restore, and see the old state."""
    data = tmp_path / "data"
    env = {"KASANE_DATA_DIR": str(data)}
    assert run_kasane(["migrate", "-v", "0"], env, tmp_path).returncode == 0
    db_path = data / "kasane.sqlite3"
    writer = sqlite3.connect(db_path)
    writer.execute("INSERT INTO tenancy_prefecture (code, name) VALUES ('03', '岩手県')")
    writer.commit()
    # A reader inside an open transaction does not stop the backup.
    reader = sqlite3.connect(db_path)
    reader.execute("BEGIN")
    reader.execute("SELECT COUNT(*) FROM tenancy_prefecture").fetchone()
    backup_file = tmp_path / "backup.sqlite3"
    result = run_kasane(["backup", str(backup_file)], env, tmp_path)
    reader.rollback()
    assert result.returncode == 0, result.stderr
    assert "バックアップを保存しました" in result.stdout
    writer.execute("INSERT INTO tenancy_prefecture (code, name) VALUES ('04', '宮城県')")
    writer.commit()
    writer.close()
    reader.close()
    result = run_kasane(["restore", str(backup_file), "--yes"], env, tmp_path)
    assert result.returncode == 0, result.stderr
    restored = sqlite3.connect(db_path)
    assert restored.execute("SELECT name FROM tenancy_prefecture ORDER BY code").fetchall() == [("岩手県",)]
    # The restore itself is on the (restored) audit trail, and the chain still verifies.
    assert restored.execute("SELECT action FROM audit_auditentry ORDER BY id DESC LIMIT 1").fetchone() == (
        "system.restore",
    )
    restored.close()
    verify = run_kasane(["audit", "verify"], env, tmp_path)
    assert verify.returncode == 0 and "監査ログは正常です" in verify.stdout


def test_restore_refuses_a_file_that_is_not_a_kasane_database(tmp_path: Path) -> None:
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"this is not sqlite")
    with pytest.raises(BackupError, match="読めません"):
        check_backup(junk)
    other = tmp_path / "other.sqlite3"
    sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.commit()
    with pytest.raises(BackupError, match="kasane のデータベースではありません"):
        check_backup(other)
    with pytest.raises(BackupError, match="見つかりません"):
        check_backup(tmp_path / "missing.sqlite3")


def test_demo_command_keeps_data_and_resets(tmp_path: Path) -> None:
    env = {"KASANE_DATA_DIR": str(tmp_path / "data")}
    first = run_kasane(["demo", "--no-serve"], env, tmp_path)
    assert first.returncode == 0, first.stderr
    assert "デモ用の市のデータを作成しています" in first.stdout
    for username in ["soudanin", "kyodo", "shi", "kikan", "ken", "etsuran"]:
        assert f"  {username}" in first.stdout
    assert "パスワード: kasane-demo-2026" in first.stdout
    db = tmp_path / "data" / "kasane.sqlite3"
    assert db.exists()
    marker = sqlite3.connect(db)
    marker.execute("UPDATE agencies_agency SET hours = 'デモ利用者が変更' WHERE id = 1")
    marker.commit()
    marker.close()
    again = run_kasane(["demo", "--no-serve"], env, tmp_path)
    assert "既存のデモデータを使います" in again.stdout
    kept = sqlite3.connect(db).execute("SELECT hours FROM agencies_agency WHERE id = 1").fetchone()
    assert kept == ("デモ利用者が変更",)
    reset = run_kasane(["demo", "--no-serve", "--reset"], env, tmp_path)
    assert "データを消去しました" in reset.stdout and "デモ用の市のデータを作成しています" in reset.stdout
    fresh = sqlite3.connect(db).execute("SELECT hours FROM agencies_agency WHERE id = 1").fetchone()
    assert fresh != ("デモ利用者が変更",)
    bad_port = run_kasane(["demo", "--no-serve", "--port", "70000"], env, tmp_path)
    assert bad_port.returncode != 0 and "1〜65535" in bad_port.stderr
