"""The 支援ケース一覧 as a clerk opens it in Excel: dates that sort as dates and read in 和暦, a header that
filters and stays in view, the 次回見直し日 and 最終記録日 of each case, ふりがな that sorts, and the same number
of queries however many cases it lists.

Every date below is fixed and none is compared with today, so the tests hold on any day."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from kasane.audit.models import AuditEntry
from kasane.casework.models import Case, Plan, PlanKind, PlanStatus, ProgressNote
from kasane.casework.queries import lists
from kasane.casework.queries.lists import EXPORT_HEADER
from kasane.lib.exports import WAREKI_DATE_FORMAT
from tests import factories

ERA_FORMAT = 'ggge"年"m"月"d"日"'


@pytest.fixture
def story(world: dict[str, Any]) -> dict[str, Any]:
    return {**world, "r": factories.journey(world)}


def _sheet(client: Client, query: str = "") -> Worksheet:
    response = client.get(f"/cases/export.xlsx{query}")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.getvalue())).active
    assert isinstance(sheet, Worksheet)
    return sheet


def _columns(sheet: Worksheet) -> dict[str, int]:
    return {str(cell.value): cell.column for cell in sheet[1]}


def _row_of(sheet: Worksheet, case: Case) -> int:
    rows = [cell.row for cell in sheet["A"][1:] if cell.value == case.number]
    assert len(rows) == 1, f"case {case.number} is not listed once"
    return rows[0]


def _another_case(story: dict[str, Any], name: str, kana: str, status: str = "support") -> Case:
    north, hub = story["agencies"]["houkatsu_north"], story["agencies"]["shakyo"]
    person = factories.person(north, name, kana)
    return factories.case(person, hub, factories.consent(person, north), [north], status=status)


def _note(case: Case, on: dt.date) -> ProgressNote:
    return ProgressNote.objects.create(
        case=case, agency=case.owner_agency, on=on, text="本人と面談した。", author_name="テスト 職員"
    )


def test_dates_are_excel_dates_shown_in_wareki(story: dict[str, Any], client_for: Any) -> None:
    r = story["r"]
    _note(r["case"], dt.date(2026, 12, 3))
    sheet = _sheet(client_for(story["users"]["coordinator"]))
    cell = sheet.cell(row=_row_of(sheet, r["case"]), column=_columns(sheet)["※受付日"])
    # A date, not the text 令和8年11月21日: it sorts by day and filters by year and month.
    assert cell.is_date and cell.data_type == "d"
    assert cell.value.date() == dt.date(2026, 11, 21)
    assert cell.number_format == WAREKI_DATE_FORMAT and ERA_FORMAT in cell.number_format
    assert WAREKI_DATE_FORMAT.startswith("[$-411]")  # the form LibreOffice renders as well as Excel


def test_a_closed_case_has_its_closing_day_as_a_date(story: dict[str, Any], client_for: Any) -> None:
    closed = _another_case(story, "佐藤 花子", "さとう はなこ", status="closed")
    Case.objects.filter(pk=closed.pk).update(
        closed_on=dt.date(2027, 3, 31), closure_reason="就労が決まった。"
    )
    sheet = _sheet(client_for(story["users"]["coordinator"]), "?list=closed")
    cell = sheet.cell(row=_row_of(sheet, closed), column=_columns(sheet)["※終結日"])
    assert cell.is_date and cell.value.date() == dt.date(2027, 3, 31)
    assert ERA_FORMAT in cell.number_format


def test_the_header_filters_and_stays_in_view(story: dict[str, Any], client_for: Any) -> None:
    _note(story["r"]["case"], dt.date(2026, 12, 3))
    _another_case(story, "佐藤 花子", "さとう はなこ")
    sheet = _sheet(client_for(story["users"]["coordinator"]))
    assert sheet.max_row == 3 and sheet.max_column == len(EXPORT_HEADER) == 28
    assert sheet.auto_filter.ref == "A1:AB3"  # the header and every row under it
    assert sheet.freeze_panes == "A2"
    columns = _columns(sheet)
    widths = {name: sheet.column_dimensions[get_column_letter(i)].width for name, i in columns.items()}
    # A date column shows 令和8年11月21日 whole; the header 次回見直し日 leaves room for its filter button.
    assert widths["※受付日"] >= 15 and widths["次回見直し日"] >= 15 and widths["最終記録日"] >= 15
    # Japanese text is full-width: 多機関協働事業者 and テスト市社会福祉協議会 need two columns a character.
    assert widths["多機関協働事業者"] >= len("テスト市社会福祉協議会") * 2
    assert max(widths.values()) <= 50


def test_next_review_and_last_record_columns(story: dict[str, Any], client_for: Any) -> None:
    r = story["r"]
    Plan.objects.filter(pk=r["plan"].pk).update(next_review_on=dt.date(2027, 2, 15))
    # Two plans are active at once (多機関協働 and 参加支援): the earlier review comes first.
    Plan.objects.create(
        case=r["case"],
        kind=PlanKind.PARTICIPATION,
        version=1,
        status=PlanStatus.ACTIVE,
        long_term_goal="地域の活動に参加したい",
        short_term_goals="週に1回、居場所に通う",
        next_review_on=dt.date(2027, 1, 20),
        author_name="テスト 職員",
    )
    # A draft's review day is not a review anyone is due for.
    Plan.objects.create(
        case=r["case"],
        kind=PlanKind.OUTREACH,
        version=1,
        status=PlanStatus.DRAFT,
        long_term_goal="—",
        short_term_goals="—",
        next_review_on=dt.date(2026, 12, 1),
        author_name="テスト 職員",
    )
    for day in (dt.date(2026, 12, 3), dt.date(2027, 1, 8), dt.date(2026, 12, 24)):
        _note(r["case"], day)
    quiet = _another_case(story, "佐藤 花子", "さとう はなこ")
    sheet = _sheet(client_for(story["users"]["coordinator"]))
    columns = _columns(sheet)
    assert list(columns).index("次回見直し日") < list(columns).index("最終記録日") == len(columns) - 1
    row = _row_of(sheet, r["case"])
    review = sheet.cell(row=row, column=columns["次回見直し日"])
    last = sheet.cell(row=row, column=columns["最終記録日"])
    assert review.is_date and review.value.date() == dt.date(2027, 1, 20)
    assert last.is_date and last.value.date() == dt.date(2027, 1, 8)
    assert ERA_FORMAT in review.number_format and ERA_FORMAT in last.number_format
    # No plan under way and nothing recorded yet: the cells are empty, not a date nor a dash.
    row = _row_of(sheet, quiet)
    assert sheet.cell(row=row, column=columns["次回見直し日"]).value is None
    assert sheet.cell(row=row, column=columns["最終記録日"]).value is None


def test_furigana_is_written_one_way_so_it_sorts(story: dict[str, Any], client_for: Any) -> None:
    typed = {
        "髙橋 次郎": "ﾀｶﾊｼ　ｼﾞﾛｳ",
        "高橋 三郎": "タカハシ サブロウ",
        "阿部 花子": "  あべ　 はなこ ",
        "髙橋 優": "たかはし　ユウ",
        "千葉 ヴィオラ": "ﾁﾊﾞ ｳﾞｨｵﾗ",
    }
    cases = {name: _another_case(story, name, kana) for name, kana in typed.items()}
    sheet = _sheet(client_for(story["users"]["coordinator"]))
    columns = _columns(sheet)
    kana = {
        sheet.cell(row=_row_of(sheet, c), column=columns["本人"]).value: sheet.cell(
            row=_row_of(sheet, c), column=columns["ふりがな"]
        ).value
        for c in [*cases.values(), story["r"]["case"]]
    }
    # The name stays as typed (髙 is not 高); only ふりがな is written one way.
    assert kana == {
        "髙橋 次郎": "たかはし　じろう",
        "高橋 三郎": "たかはし　さぶろう",
        "阿部 花子": "あべ　はなこ",
        "髙橋 優": "たかはし　ゆう",
        "千葉 ヴィオラ": "ちば　ゔぃおら",
        "髙橋 ミツ": "たかはし　みつ",
    }
    # Sorted as Excel sorts text, the 髙橋 family stands together, by given name.
    assert sorted(kana.values()) == [
        "あべ　はなこ",
        "たかはし　さぶろう",
        "たかはし　じろう",
        "たかはし　みつ",
        "たかはし　ゆう",
        "ちば　ゔぃおら",
    ]


def _count(client: Client) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get("/cases/export.xlsx")
    assert response.status_code == 200
    # PostgreSQL's advisory lock of the audit trail is left out, as in test_queries.py.
    return sum("pg_advisory_xact_lock" not in q["sql"] for q in ctx.captured_queries)


# 13: session, user, memberships; the cases (read in chunks of EXPORT_CHUNK: the dates, the プラン決定日 and whether the source consultation
# may be shown are subqueries of that one query, not a query a row); their team members and those members'
# agencies; their approved plans, assessments and evaluations (one query each, for the 利用事業, 主な課題 and
# outcome columns of issue 17); the audit entry (its savepoint, the chain's head, one insert for every case
# listed, the release).
PINNED = 13


def test_the_query_count_is_pinned_however_many_cases(story: dict[str, Any], client_for: Any) -> None:
    client = client_for(story["users"]["coordinator"])
    _count(client)  # the first request of a session also touches the session and the user's row
    before = _count(client)
    for i in range(4):
        more = _another_case(story, f"佐藤 {i}郎", f"さとう {i}ろう")
        Plan.objects.filter(case=more).update(next_review_on=dt.date(2027, 1, 10 + i))
        _note(more, dt.date(2026, 12, 1 + i))
        _note(more, dt.date(2026, 12, 10 + i))
    after = _count(client)
    assert len(list(_sheet(client).iter_rows(min_row=2))) == 5
    assert before == after, f"{before} queries for one case, {after} for five"
    assert after == PINNED


def test_the_cases_are_read_in_chunks_in_the_list_order(
    story: dict[str, Any], client_for: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A long list is read a chunk at a time (keyset on 受付日 and id): the same rows in the same order as in
    one go, six queries a chunk, and a disclosure entry for each case with the list's full count."""
    client = client_for(story["users"]["coordinator"])
    for i in range(4):
        more = _another_case(story, f"佐藤 {i}郎", f"さとう {i}ろう")
        # Three share one 受付日, so the first chunk ends between two cases of one day.
        Case.objects.filter(pk=more.pk).update(opened_on=dt.date(2026, 11, 2 - i // 3))
    _count(client)
    whole = [[c.value for c in row] for row in _sheet(client).iter_rows()]
    monkeypatch.setattr(lists, "EXPORT_CHUNK", 2)
    queries = _count(client)
    chunked = [[c.value for c in row] for row in _sheet(client).iter_rows()]
    assert chunked == whole and len(whole) == 1 + 5
    # Three chunks (2, 2, 1): six queries each where the one go took six in all.
    assert queries == PINNED + 2 * 6
    entries = AuditEntry.objects.filter(action="case.exported").order_by("-id")[:5]
    assert {e.details["count"] for e in entries} == {5}
    assert sorted(int(e.object_id) for e in entries) == sorted(Case.objects.values_list("pk", flat=True))
