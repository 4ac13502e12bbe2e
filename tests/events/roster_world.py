"""A pinned day and an event for the participant-list tests (test_roster_*.py, test_exports.py)."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator
from typing import Any

import pytest
import time_machine
from django.test import Client
from openpyxl import Workbook

from kasane.audit.models import AuditEntry
from kasane.events.models import EventKind
from kasane.tenancy.models import Municipality, Prefecture
from tests.clock import morning_of

from .helpers import make_event

DAY = dt.date(2026, 12, 7)
HEADER = ["氏名", "ふりがな", "市町村", "所属", "区分", "職種", "メールアドレス"]


@pytest.fixture
def rw(world: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """岩手県 (テスト市, となり町 and 盛岡市), a training on 令和8年11月20日 and ken's client, on 令和8年12月7日."""
    with time_machine.travel(morning_of(DAY), tick=True):
        prefecture = world["municipality"].prefecture
        morioka = Municipality.objects.create(prefecture=prefecture, code="032018", name="盛岡市")
        ken = world["users"]["prefecture"]
        event = make_event(
            prefecture,
            ken,
            "第2回 人材養成研修",
            dt.date(2026, 11, 20),
            kind=EventKind.TRAINING,
            place="岩手県庁 講堂",
        )
        hokkaido = Prefecture.objects.create(code="01", name="北海道")
        elsewhere = make_event(hokkaido, ken, "道の研修", dt.date(2026, 11, 20))
        client = Client()
        client.force_login(ken)
        yield {**world, "event": event, "morioka": morioka, "elsewhere": elsewhere, "client": client}


def csv_bytes(rows: list[list[str]], encoding: str = "utf-8", header: list[str] | None = None) -> bytes:
    lines = [",".join(header or HEADER), *(",".join(r) for r in rows)]
    return ("\r\n".join(lines) + "\r\n").encode(encoding)


def xlsx_bytes(rows: list[list[Any]], header: list[str] | None = None) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(header or HEADER)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def audit_mark() -> int:
    last = AuditEntry.objects.order_by("-id").first()
    return last.id if last else 0


def actions_since(mark: int) -> list[str]:
    return list(AuditEntry.objects.filter(id__gt=mark).order_by("id").values_list("action", flat=True))
