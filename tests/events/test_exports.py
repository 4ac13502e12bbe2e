"""The participants and their attendance as Excel and CSV (kasane.events.exports): the columns staff asked
for, 申込日時 in 和暦, CSV in UTF-8 with BOM, nothing a participant typed running as a formula, audited."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from openpyxl import load_workbook

from kasane.events.models import EventGroup, RegistrationChannel

from .helpers import register
from .roster_world import actions_since, audit_mark, rw

pytestmark = pytest.mark.django_db
__all__ = ["rw"]

HEADER = [
    "氏名",
    "ふりがな",
    "市町村",
    "所属",
    "区分",
    "職種",
    "メール",
    "申込の方法",
    "申込日時",
    "グループ",
    "出席",
]


@pytest.fixture
def registered(rw: dict[str, Any]) -> None:
    event = rw["event"]
    group = EventGroup.objects.create(event=event, number=2)
    register(
        event,
        "岩手 花子",
        rw["municipality"],
        name_kana="いわて はなこ",
        organisation='=HYPERLINK("http://evil.example")',
        occupation="+社会福祉士",
        email="hanako@example.jp",
        attended=True,
        group=group,
        channel=RegistrationChannel.IMPORT,
    )
    register(
        event, "@盛岡 一郎", rw["morioka"], organisation="-保健福祉部", channel=RegistrationChannel.PUBLIC
    )


def test_csv_has_bom_the_columns_and_no_formula(rw: dict[str, Any], registered: None) -> None:
    mark = audit_mark()
    response = rw["client"].get(f"/events/{rw['event'].pk}/participants/export/csv/")
    body = response.getvalue()
    assert response.streaming and body.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert rows[0] == HEADER
    assert rows[1] == [
        "岩手 花子",
        "いわて はなこ",
        "テスト市",
        '\'=HYPERLINK("http://evil.example")',
        "市町村職員",
        "'+社会福祉士",
        "hanako@example.jp",
        "名簿の取り込み",
        "令和8年12月7日 10:00",
        "グループ2",
        "出席",
    ]
    assert rows[2][0] == "'@盛岡 一郎" and rows[2][3] == "'-保健福祉部" and rows[2][7] == "申込フォーム"
    assert rows[2][10] == ""
    assert actions_since(mark) == ["events.participants_exported"]
    assert (
        "参加者と出席.csv" in response["Content-Disposition"]
        or "%E5%8F%82" in response["Content-Disposition"]
    )


def test_xlsx_stores_every_text_as_text(rw: dict[str, Any], registered: None) -> None:
    response = rw["client"].get(f"/events/{rw['event'].pk}/participants/export/xlsx/")
    sheet = load_workbook(io.BytesIO(response.getvalue()))["参加者と出席"]
    assert [c.value for c in sheet[1]] == HEADER
    cell = sheet["D2"]
    assert cell.value == '=HYPERLINK("http://evil.example")' and cell.data_type == "s"
    assert sheet["K2"].value == "出席" and sheet["J2"].value == "グループ2"


def test_unknown_format_and_other_prefecture_answer_404(rw: dict[str, Any]) -> None:
    client = rw["client"]
    assert client.get(f"/events/{rw['event'].pk}/participants/export/pdf/").status_code == 404
    assert client.get(f"/events/{rw['elsewhere'].pk}/participants/export/csv/").status_code == 404


def test_pages_and_files_take_as_many_queries_for_many_people(rw: dict[str, Any]) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from kasane.audit.actor import Actor
    from kasane.events import roster_import
    from kasane.events.roster_file import read_table

    from .roster_world import csv_bytes

    event, client = rw["event"], rw["client"]
    actor = Actor(user=rw["users"]["prefecture"], prefecture=event.prefecture)
    group = EventGroup.objects.create(event=event, number=1)

    def counts(batch: str) -> list[int]:
        found = []
        for path in (
            "export/csv/",
            "sign-in-sheet/",
            "name-tags/",
            "certificates/",
            "import/",
            f"import/{batch}/",
        ):
            with CaptureQueriesContext(connection) as queries:
                assert client.get(f"/events/{event.pk}/participants/{path}").status_code == 200, path
            found.append(len(queries))
        return found

    def grow(n: int, start: int) -> str:
        rows = [[f"参加 {start + i}", "", "テスト市", f"課{start + i}", "", "", ""] for i in range(n)]
        batch, _ = roster_import.apply(
            event, read_table("a.csv", csv_bytes(rows)), file_type="csv", actor=actor
        )
        event.registrations.filter(import_batch=batch).update(attended=True, group=group)
        return batch

    first = grow(2, 0)
    counts(first)  # the first request of a session loads what later ones find cached
    few = counts(first)
    many = counts(grow(20, 100))
    assert few == many
