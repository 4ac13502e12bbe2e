from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.db.utils import DatabaseError
from django.urls import reverse
from openpyxl import load_workbook

from kasane import audit
from kasane.audit.models import GENESIS_HASH, AppendOnlyError, AuditEntry, Basis
from kasane.audit.verify import verify_chain

pytestmark = pytest.mark.django_db


def _drop_triggers() -> None:
    """What an attacker with direct database access would do first. Rolled back with the test."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("DROP TRIGGER audit_no_update")
            cursor.execute("DROP TRIGGER audit_no_delete")
        else:
            cursor.execute("DROP TRIGGER audit_no_update_delete ON audit_auditentry")


def _entries(n: int) -> list[AuditEntry]:
    return [audit.log("agency.updated", details={"n": i}) for i in range(n)]


def test_entries_are_chained() -> None:
    first, second, third = _entries(3)
    # No municipality: the chain of its own (0), numbered from 1.
    assert [(e.chain, e.seq) for e in (first, second, third)] == [(0, 1), (0, 2), (0, 3)]
    assert first.prev_hash == GENESIS_HASH
    assert second.prev_hash == first.entry_hash
    assert third.prev_hash == second.entry_hash
    report = verify_chain()
    assert report.ok and report.checked == 3


def test_disclosure_basis_is_recorded_as_data(world: dict[str, Any]) -> None:
    entry = audit.log(
        "case.viewed",
        user=world["users"]["coordinator"],
        agency=world["agencies"]["shakyo"],
        person_id=42,
        basis=Basis.SW106_6,
        basis_ref="meeting:7",
    )
    entry.refresh_from_db()
    assert entry.basis == "sw106_6" and entry.get_basis_display() == "社会福祉法第106条の6（支援会議）"
    assert entry.person_id == "42" and entry.municipality == world["municipality"]


def test_secrets_are_masked() -> None:
    entry = audit.log("staff.password_reset", details={"password": "hunter2-secret", "note": "ok"})
    assert entry.details == {"password": "********", "note": "ok"}


def test_app_cannot_change_or_delete_entries() -> None:
    (entry,) = _entries(1)
    entry.action = "auth.login"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()


def test_database_refuses_update_and_delete() -> None:
    first, second = _entries(2)
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.filter(pk=first.pk).update(action="tampered")
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.filter(pk=second.pk).delete()
    assert verify_chain().ok


def test_verify_reports_a_changed_row() -> None:
    entries = _entries(5)
    _drop_triggers()
    with connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditentry SET action = 'auth.login' WHERE id = %s", [entries[2].pk])
    report = verify_chain()
    assert not report.ok
    assert report.first_break is not None and report.first_break.entry_id == entries[2].pk
    assert "変更" in report.first_break.reason
    assert report.checked == 2


def test_verify_reports_a_deleted_row() -> None:
    entries = _entries(5)
    _drop_triggers()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditentry WHERE id = %s", [entries[1].pk])
    report = verify_chain()
    assert report.first_break is not None and report.first_break.entry_id == entries[2].pk
    assert report.first_break.reason == "2 番目から 2 番目が欠落しています"


def test_verify_reports_a_row_inserted_out_of_order() -> None:
    entries = _entries(3)
    _drop_triggers()
    # A forged row with a valid-looking own hash, slotted in by renumbering the tail.
    with connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditentry SET seq = seq + 100 WHERE id = %s", [entries[2].pk])
    forged = AuditEntry(
        action="auth.login", prev_hash=entries[1].entry_hash, created_at=entries[1].created_at, chain=0, seq=3
    )
    forged.entry_hash = forged.compute_hash()
    forged.save(force_insert=True)
    report = verify_chain()
    assert report.first_break is not None and report.first_break.entry_id == entries[2].pk


def test_audit_verify_command(capsys: Any) -> None:
    entries = _entries(3)
    out = io.StringIO()
    call_command("audit", "verify", "--full", stdout=out)
    assert (
        "監査ログは正常です（1 本の連鎖の 3 件を最初の記録から検証。控えはまだありません。" in out.getvalue()
    )
    _drop_triggers()
    with connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditentry SET object_label = 'x' WHERE id = %s", [entries[1].pk])
    with pytest.raises(
        CommandError, match=f"市町村のない記録の連鎖 2 番目（#{entries[1].pk}）：記録の内容が変更"
    ):
        call_command("audit", "verify", "--full")


# The page and exports


def test_audit_page_access(client_for: Any, world: dict[str, Any]) -> None:
    url = reverse("audit:list")
    anon = client_for(None).get(url)
    assert anon.status_code == 302 and anon.url.startswith(reverse("accounts:login"))
    for role in ["soudanin", "coordinator", "agency_admin", "viewer", "prefecture"]:
        assert client_for(world["users"][role]).get(url).status_code == 403, role
    assert client_for(world["users"]["city"]).get(url).status_code == 200


def test_audit_page_shows_only_own_municipality(client_for: Any, world: dict[str, Any]) -> None:
    audit.log("agency.updated", agency=world["agencies"]["shakyo"], obj=world["agencies"]["shakyo"])
    audit.log("agency.updated", agency=world["agencies"]["other"], obj=world["agencies"]["other"])
    body = client_for(world["users"]["city"]).get(reverse("audit:list")).content.decode()
    assert "テスト市社会福祉協議会" in body
    assert "となり町地域包括支援センター" not in body
    other = client_for(world["users"]["other_city"]).get(reverse("audit:list")).content.decode()
    assert "となり町地域包括支援センター" in other and "テスト市社会福祉協議会" not in other


def test_audit_filters(client_for: Any, world: dict[str, Any]) -> None:
    users = world["users"]
    audit.log("auth.login", user=users["soudanin"])
    audit.log("auth.login", user=users["coordinator"])
    audit.log("agency.updated", user=users["coordinator"], agency=world["agencies"]["shakyo"], person_id=9)
    client = client_for(users["city"])
    body = client.get(reverse("audit:list"), {"user": "kyodo"}).content.decode()
    assert body.count("<tr>") - 1 == 2
    body = client.get(reverse("audit:list"), {"action": "auth.login"}).content.decode()
    assert body.count("<tr>") - 1 == 2
    body = client.get(reverse("audit:list"), {"person": "9"}).content.decode()
    assert "本人ID 9" in body and body.count("<tr>") - 1 == 1
    body = client.get(reverse("audit:list"), {"since": "2030-01-02", "until": "2030-01-01"}).content.decode()
    assert "期間の終わりは始まり以降の日付にしてください。" in body


def test_exports_are_filtered_and_audited(client_for: Any, world: dict[str, Any]) -> None:
    users = world["users"]
    audit.log("auth.login", user=users["soudanin"])
    audit.log("auth.login", user=users["coordinator"])
    client = client_for(users["city"])
    response = client.get(reverse("audit:export_csv"), {"user": "soudanin"})
    assert response.status_code == 200
    text = response.getvalue().decode("utf-8")
    assert text.startswith("\ufeff番号,日時,職員")
    assert "soudanin 職員" in text and "kyodo 職員" not in text
    assert "filename*=UTF-8''" in response["Content-Disposition"]
    exported = AuditEntry.objects.filter(action="audit.exported").get()
    assert exported.details["format"] == "csv" and exported.details["filters"] == {"user": "soudanin"}

    response = client.get(reverse("audit:export_xlsx"), {"action": "auth.login"})
    sheet = load_workbook(io.BytesIO(response.getvalue())).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("番号", "日時", "職員")
    assert {r[5] for r in rows[1:]} == {"ログイン"}
    assert len(rows) == 3
    assert client_for(users["soudanin"]).get(reverse("audit:export_csv")).status_code == 403


def test_an_export_streams_the_whole_trail_as_it_was_and_records_its_count(
    client_for: Any, world: dict[str, Any]
) -> None:
    """No cap: every entry up to the moment of asking, counted exactly in the export's own entry, which is
    written before the file is sent and is not in it; entries made while the file is sent are not in it either."""
    users = world["users"]
    for _ in range(5):
        audit.log("auth.login", user=users["soudanin"])
    client = client_for(users["city"])
    for fmt in ("csv", "xlsx"):
        response = client.get(reverse(f"audit:export_{fmt}"))
        assert response.streaming
        exported = AuditEntry.objects.filter(action="audit.exported").latest("id")
        audit.log("auth.login", user=users["soudanin"])  # while the file is on its way
        if fmt == "csv":
            lines = response.getvalue().decode("utf-8-sig").splitlines()[1:]
            numbers = [int(line.split(",")[0]) for line in lines]
        else:
            sheet = load_workbook(io.BytesIO(response.getvalue())).active
            numbers = [int(row[0]) for row in sheet.iter_rows(min_row=2, values_only=True)]
        trail = AuditEntry.objects.filter(municipality=exported.municipality, id__lt=exported.pk)
        assert numbers == sorted(trail.values_list("id", flat=True)) and len(numbers) >= 5
        assert exported.details["rows"] == len(numbers)


def test_audit_page_query_count_is_constant(
    client_for: Any, world: dict[str, Any], django_assert_max_num_queries: Any
) -> None:
    client = client_for(world["users"]["city"])
    client.get(reverse("audit:list"))
    for _ in range(30):
        audit.log("auth.login", user=world["users"]["soudanin"])
    with django_assert_max_num_queries(12):
        client.get(reverse("audit:list"))
