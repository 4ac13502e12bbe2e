"""専門家派遣の一覧の出力: the columns the officer counts, the 年度 filter, CSV safe in Excel, audited,
support staff only."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import openpyxl
import pytest
import time_machine

from kasane.audit.models import AuditEntry
from kasane.dispatch.exports import HEADER
from kasane.dispatch.models import Achievement, Dispatch, DispatchStatus, Expert, GoalOutcome, Workshop

from .helpers import advanced, client

pytestmark = pytest.mark.django_db

TODAY = dt.datetime(2026, 12, 7, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=9)))


@pytest.fixture
def x(d: dict[str, Any]) -> dict[str, Any]:
    with time_machine.travel(TODAY, tick=False):
        dispatch = advanced(d)["dispatch"]
        dispatch.experts.set(d["experts"][:1])
        goal = dispatch.goals.get()
        GoalOutcome.objects.create(
            goal=goal,
            changes="勉強会を開いた。",
            evidence="参加30人",
            achievement=Achievement.PARTLY,
            recorded_on=dt.date(2026, 12, 1),
            recorded_by=d["ken"],
        )
        Workshop.objects.create(
            dispatch=dispatch, title="第2回", held_on=dt.date(2027, 1, 20), place="市役所", programme="未定"
        )
        withdrawn = Dispatch.objects.create(
            prefecture=dispatch.prefecture,
            fiscal_year=2025,
            municipality=d["other_municipality"],
            status=DispatchStatus.WITHDRAWN,
            withdrawn_reason='=HYPERLINK("http://x")',
            requested_on=dt.date(2025, 6, 1),
            requested_by="保健福祉課",
            request_text="相談",
            created_by=d["ken"],
        )
        withdrawn.experts.set([Expert.objects.create(prefecture=dispatch.prefecture, name="=1+1")])
    return {**d, "dispatch": dispatch, "withdrawn": withdrawn}


def test_csv_of_one_year_with_every_column(x: dict[str, Any]) -> None:
    with time_machine.travel(TODAY, tick=False):
        response = client(x["ken"]).get("/dispatch/export.csv?year=2026")
    assert response.status_code == 200
    body = response.getvalue().decode("utf-8")
    assert body.startswith("\ufeff")
    lines = body.lstrip("\ufeff").splitlines()
    assert lines[0] == ",".join(HEADER)
    assert len(lines) == 2  # 2025's withdrawn dispatch is another 年度
    row = lines[1].split(",")
    assert row[:3] == ["令和8年度", "テスト市", "ワークショップ実施"]
    assert row[6] == "工藤 修"
    assert row[7] == "令和8年6月1日"
    assert row[8:11] == ["1", "1", "1"]  # one goal; one workshop held, one planned
    assert row[11] == "一部達成1（目標1件のうち1件を整理）"
    assert (
        "filename*=UTF-8''%E5%B0%82%E9%96%80%E5%AE%B6%E6%B4%BE%E9%81%A3_%E4%BB%A4%E5%92%8C8%E5%B9%B4%E5%BA%A6.csv"
        in response["Content-Disposition"]
    )
    entry = AuditEntry.objects.filter(action="dispatch.exported").get()
    assert entry.details == {"format": "csv", "fiscal_year": 2026, "rows": 1}


def test_xlsx_of_every_year_guards_against_formulas(x: dict[str, Any]) -> None:
    with time_machine.travel(TODAY, tick=False):
        response = client(x["ken"]).get("/dispatch/export.xlsx")
        csv = client(x["ken"]).get("/dispatch/export.csv").getvalue().decode("utf-8")
    ws = openpyxl.load_workbook(io.BytesIO(response.getvalue())).active
    rows = list(ws.iter_rows(values_only=True))
    assert list(rows[0]) == list(HEADER)
    assert [r[0] for r in rows[1:]] == ["令和7年度", "令和8年度"]
    withdrawn = rows[1]
    assert withdrawn[2] == "取りやめ"
    assert withdrawn[11] == '取りやめ（=HYPERLINK("http://x")）'  # text, never a formula
    assert ws.cell(row=2, column=12).data_type == "s"
    assert rows[2][3] == dt.datetime(2026, 5, 1)  # 依頼日 as a date
    assert withdrawn[6] == "=1+1" and ws.cell(row=2, column=7).data_type == "s"
    assert ",'=1+1," in csv  # a field starting with = is quoted so that no spreadsheet runs it


def test_only_support_staff_export(x: dict[str, Any]) -> None:
    for key in ("city", "soudanin", "other_city"):
        assert client(x["users"][key]).get("/dispatch/export.csv").status_code == 403
    assert client(x["ken"]).get("/dispatch/export.pdf").status_code == 404
    assert client(x["ken"]).post("/dispatch/export.csv").status_code == 405
    assert not AuditEntry.objects.filter(action="dispatch.exported").exists()
    # Another prefecture's officer gets a file of their own prefecture: none of these rows.
    body = client(x["outsider"]).get("/dispatch/export.csv").getvalue().decode("utf-8")
    assert "テスト市" not in body and len(body.splitlines()) == 1
