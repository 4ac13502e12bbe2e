"""Imports refuse what would hurt the server or the register before reading it whole: a file that inflates
past the limit, more rows than a register holds, a broken sheet, JSON nested without end — each with a
Japanese message and nothing written — and an import by someone who does not keep the register."""

from __future__ import annotations

import io
import json
import zipfile
from typing import Any

import pytest

from kasane.audit.actor import Actor
from kasane.resources import hsds_import, hsds_tabular, imports, services, table_import
from kasane.resources.imports import ImportRefused
from kasane.resources.models import Organization, Service
from kasane.resources.sheets import template_xlsx
from kasane.resources.table_columns import HEADERS

from .helpers import actor_for

pytestmark = pytest.mark.django_db


def _csv(rows: int) -> bytes:
    lines = [",".join(HEADERS)]
    for k in range(rows):
        cells = {h: "" for h in HEADERS}
        cells.update({"名称": f"サロン{k}", "運営団体": "中町自治会", "種類": "サロン"})
        lines.append(",".join(cells[h] for h in HEADERS))
    return "\n".join(lines).encode("utf-8")


def test_a_zip_that_inflates_past_the_limit_is_refused_unread(
    world: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(hsds_tabular, "MAX_INFLATED_BYTES", 1000)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("services.csv", "id,name\n" + "x" * 5000)
    m = world["municipality"]
    with pytest.raises(ImportRefused, match="大きすぎます"):
        hsds_import.import_document(m, out.getvalue(), "register.zip", actor=actor_for(world, m))


def test_more_rows_than_a_register_holds_are_refused(
    world: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(table_import, "MAX_RECORDS", 2)
    m = world["municipality"]
    with pytest.raises(ImportRefused, match="行が多すぎます"):
        table_import.import_table(m, _csv(3), "register.csv", actor=actor_for(world, m))
    assert not Service.objects.exists()
    assert table_import.import_table(m, _csv(2), "register.csv", actor=actor_for(world, m)).created == 2


def test_a_broken_sheet_is_refused_in_japanese(world: dict[str, Any]) -> None:
    good = zipfile.ZipFile(io.BytesIO(template_xlsx()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as broken:
        for info in good.infolist():
            data = good.read(info)
            if info.filename.startswith("xl/worksheets/sheet"):
                data = data[: len(data) // 2]  # cut off inside the XML
            broken.writestr(info, data)
    m = world["municipality"]
    with pytest.raises(ImportRefused) as refused:
        table_import.import_table(m, out.getvalue(), "register.xlsx", actor=actor_for(world, m))
    assert "読み取れませんでした" in refused.value.errors[0]


def test_json_nested_without_end_is_refused(world: dict[str, Any]) -> None:
    m = world["municipality"]
    with pytest.raises(ImportRefused, match="入れ子が深すぎ"):
        hsds_import.import_document(m, b"[" * 200_000, "register.json", actor=actor_for(world, m))


def test_too_many_services_in_json_are_refused(
    world: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(hsds_import, "MAX_RECORDS", 1)
    m = world["municipality"]
    body = json.dumps([{"id": "a"}, {"id": "b"}]).encode()
    with pytest.raises(ImportRefused, match="多すぎます"):
        hsds_import.import_document(m, body, "register.json", actor=actor_for(world, m))


def test_only_those_who_keep_the_register_import(world: dict[str, Any]) -> None:
    m = world["municipality"]
    reader = Actor(user=world["users"]["soudanin"], municipality=m)
    with pytest.raises(ImportRefused, match="権限がありません"):
        table_import.import_table(m, _csv(1), "register.csv", actor=reader)
    assert not Service.objects.exists()
    assert imports.MAX_RECORDS == 10_000


def test_only_those_who_keep_the_register_save_a_service(world: dict[str, Any]) -> None:
    m = world["municipality"]
    reader = Actor(user=world["users"]["soudanin"], municipality=m)
    with pytest.raises(services.RegisterError, match="権限がありません"):
        services.save_service(
            Service(name="サロン"), Organization(name="自治会"), None, [], changed=[], actor=reader
        )
    assert not Organization.objects.exists()
