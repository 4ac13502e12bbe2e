"""Consistent copies of the SQLite database, taken and restored with SQLite's online backup API."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import sqlite3
from pathlib import Path

from django.db import connection, connections
from django.db.migrations.loader import MigrationLoader

from kasane.audit.heads import publish_head
from kasane.audit.models import audit_key
from kasane.audit.verify import verify_chain
from kasane.lib.env import private_file

REQUIRED_TABLES = {"django_migrations", "audit_auditentry", "accounts_user", "agencies_agency"}


class BackupError(RuntimeError):
    pass


def head_beside(path: Path) -> Path:
    """The seal written beside a backup once it is complete: the SHA-256 of the file and its audit trail's last
    entry, signed with the audit key. Without it, a copy whose newest entries were cut off is still a whole
    chain, older than the heads in the file, and would pass."""
    return path.with_name(path.name + ".head")


# A seal's signature is made with the audit key under its own domain, so no head line (which the trail also
# records, in every backup) and no entry hash can ever pass for a seal.
_SEAL_DOMAIN = b"kasane-backup-seal\n"


def _file_digest(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _sign_seal(fields: dict[str, object]) -> str:
    payload = json.dumps(fields, sort_keys=True, separators=(",", ":")).encode()
    return hmac.new(audit_key(), _SEAL_DOMAIN + payload, hashlib.sha256).hexdigest()


def _seal(path: Path) -> str:
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        count, last_id = db.execute("SELECT COUNT(*), COALESCE(MAX(id), 0) FROM audit_auditentry").fetchone()
        row = db.execute("SELECT entry_hash FROM audit_auditentry WHERE id = ?", (last_id,)).fetchone()
    finally:
        db.close()
    fields: dict[str, object] = {
        "kind": "backup",
        "sha256": _file_digest(path),
        "count": int(count),
        "last_id": int(last_id),
        "last_hash": row[0] if row else "",
        "sealed_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
    }
    return json.dumps({**fields, "signature": _sign_seal(fields)}, sort_keys=True, separators=(",", ":"))


def _seal_problem(path: Path, *, without_head: bool) -> str:
    """What is wrong between the backup and its seal, or "" when the file is exactly what was sealed."""
    beside = head_beside(path)
    if not beside.is_file():
        if without_head:
            return ""
        raise BackupError(
            f"バックアップの控え {beside.name} が見つかりません。バックアップと同じ場所に置いてください。"
            "控えがないと、末尾の記録を削られたバックアップを見分けられません。"
            "控えなしで復元する場合は --without-head を付けてください（復元の記録に残ります）。"
        )
    try:
        data = json.loads(beside.read_text(encoding="utf-8", errors="replace"))
        signature = str(data.pop("signature"))
        signed = data.get("kind") == "backup" and hmac.compare_digest(signature, _sign_seal(data))
    except (ValueError, KeyError, TypeError, AttributeError):
        signed = False
    if not signed:
        return f"控え {beside.name} の署名が一致しません（書き換え、または別の監査ログの鍵）"
    if data["sha256"] != _file_digest(path):
        return (
            f"ファイルの内容が控え {beside.name} と一致しません（作成時の監査ログ {data['count']} 件、"
            f"最後は #{data['last_id']}）。バックアップが書き換えられたか、壊れています"
        )
    return ""


def sqlite_path() -> Path:
    if connection.vendor != "sqlite":
        raise BackupError(
            "PostgreSQL のバックアップは pg_dump で取得してください（docs/operations.md を参照）。"
        )
    name = str(connection.settings_dict["NAME"])
    if connection.is_in_memory_db():  # type: ignore[attr-defined]
        raise BackupError("メモリ上のデータベースはバックアップできません。")
    return Path(name)


def backup_to(target: Path) -> Path:
    """Copy the live database page by page; writers may keep working while it runs. A signed head of the
    audit trail is published first, so the copy contains it and a restore can hold the copy against it."""
    if target.exists():
        raise BackupError(f"{target} はすでに存在します。別のファイル名を指定してください。")
    source_path = sqlite_path()
    publish_head()
    target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    private_file(target)  # a backup holds everything: only the service user may read it
    source = sqlite3.connect(source_path)
    dest = sqlite3.connect(target)
    try:
        with dest:
            source.backup(dest, pages=1024)
        dest.execute("PRAGMA journal_mode=DELETE")
    finally:
        dest.close()
        source.close()
    check_backup(target)
    # Sealed once complete: the file's digest and its trail's end, as the copy holds them.
    private_file(head_beside(target))
    head_beside(target).write_text(_seal(target) + "\n", encoding="utf-8")
    return target


def check_backup(path: Path, *, verify_trail: bool = False, without_head: bool = False) -> int:
    """Refuse a file that is not an intact kasane database of a version this kasane knows; with
    ``verify_trail`` (before a restore) also one whose audit trail does not verify, or that lacks what the
    signed head written beside it says it holds (unless ``without_head``: the operator restores a copy whose
    head was lost, knowingly). Returns its number of audit entries."""
    if not path.is_file():
        raise BackupError(f"{path} が見つかりません。")
    try:
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            result = db.execute("PRAGMA integrity_check").fetchone()
            if not result or result[0] != "ok":
                raise BackupError(f"{path} は壊れています（integrity_check: {result}）。")
            tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
            missing = REQUIRED_TABLES - tables
            if missing:
                raise BackupError(
                    f"{path} は kasane のデータベースではありません（{', '.join(sorted(missing))} がありません）。"
                )
            _check_migrations(
                path, {(a, n) for a, n in db.execute("SELECT app, name FROM django_migrations")}
            )
            entries = int(db.execute("SELECT COUNT(*) FROM audit_auditentry").fetchone()[0])
        finally:
            db.close()
    except sqlite3.DatabaseError as error:
        raise BackupError(f"{path} は SQLite のデータベースとして読めません：{error}") from None
    if verify_trail:
        _check_chain(path, without_head=without_head)
    return entries


def _check_migrations(path: Path, applied: set[tuple[str, str]]) -> None:
    """A backup made by a newer kasane (or one from before a regenerated migration) cannot be restored here:
    its tables would not match the code."""
    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    unknown = sorted(applied - known)
    if unknown:
        names = "、".join(f"{app}.{name}" for app, name in unknown[:5])
        raise BackupError(
            f"{path} は、この kasane にないデータベースの更新（{names} など {len(unknown)} 件）を含んでいます。"
            "同じ版かより新しい版の kasane で復元してください。"
        )


def _check_chain(path: Path, *, without_head: bool) -> None:
    """The backup must be exactly the file that was sealed, and its audit trail must verify with the audit key
    and agree with every published head it is old enough to contain, before it replaces the live one."""
    sealed = _seal_problem(path, without_head=without_head)
    alias = "kasane_backup_check"
    connections.databases[alias] = {
        **connections.databases["default"],
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": f"file:{path}?mode=ro",
        "OPTIONS": {"uri": True},
        "HOST": "",
        "PORT": "",
        "USER": "",
        "PASSWORD": "",
        "CONN_MAX_AGE": 0,
        "CONN_HEALTH_CHECKS": False,
    }
    try:
        report = verify_chain(using=alias, backup=True)
    finally:
        connections[alias].close()
        del connections.databases[alias]
    if not report.ok or sealed:
        brk = report.first_break
        problems = [f"No.{brk.entry_id}：{brk.reason}"] if brk else []
        problems += [*report.head_problems, *([sealed] if sealed else [])]
        raise BackupError(
            f"{path} の監査ログは改ざんまたは欠落があるため復元できません（{'／'.join(problems)}）。"
        )


def restore_from(source_path: Path, *, without_head: bool = False) -> None:
    """Overwrite the live database with a checked backup, inside SQLite's locking, and say so in the head
    file: the heads beyond the backup's end described entries the restore has just replaced."""
    check_backup(source_path, verify_trail=True, without_head=without_head)
    target_path = sqlite_path()
    connection.close()
    source = sqlite3.connect(f"file:{source_path}?mode=ro", uri=True)
    dest = sqlite3.connect(target_path)
    try:
        source.backup(dest)
    finally:
        dest.close()
        source.close()
    publish_head(kind="restore")
