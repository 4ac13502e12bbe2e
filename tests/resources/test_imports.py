"""The spreadsheet staff fill in: the template, the export that round-trips through it, and imports from
.xlsx and from CSV in UTF-8 or Shift_JIS, all or nothing with every problem named by its row."""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from typing import Any

import pytest
from openpyxl import load_workbook

from kasane.audit.models import AuditEntry
from kasane.resources import sheets, table_import
from kasane.resources.imports import ImportRefused, ImportResult
from kasane.resources.models import Category, Frequency, Load, Organization, OrganizationKind, Service, Status
from kasane.resources.queries import services_in, with_details
from kasane.resources.table_columns import HEADERS
from kasane.tenancy.models import Area, Municipality
from tests.resources.helpers import FORMULA, actor_for, build_register, snapshot

pytestmark = pytest.mark.django_db


@pytest.fixture
def register(world: dict[str, Any]) -> list[Service]:
    return build_register(world["municipality"], world["areas"]["north"])


def _export(municipality: Municipality) -> bytes:
    return sheets.export_xlsx(list(with_details(services_in(municipality)).order_by("pk")))


def _import(world: dict[str, Any], municipality: Municipality, body: bytes, name: str) -> ImportResult:
    return table_import.import_table(municipality, body, name, actor=actor_for(world, municipality))


def _csv(rows: list[dict[str, str]], encoding: str = "utf-8") -> bytes:
    buffer = io.StringIO()
    headers = list(dict.fromkeys(h for row in rows for h in row))
    writer = csv.DictWriter(buffer, fieldnames=headers, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode(encoding)


def _row(name: str, **cells: str) -> dict[str, str]:
    return {"名称": name, "運営団体": "中町自治会", "種類": "サロン", **cells}


def test_template_has_the_columns_an_example_and_a_guide() -> None:
    workbook = load_workbook(io.BytesIO(sheets.template_xlsx()))
    sheet, guide = workbook.worksheets
    assert [c.value for c in sheet[1]] == list(HEADERS)
    assert HEADERS[-1] == "ID" and sheet.max_row == 2
    assert str(sheet["A2"].value).startswith("（例）")
    assert guide.title == "記入のしかた"
    text = "\n".join(str(c.value) for row in guide.iter_rows() for c in row if c.value)
    assert "子ども食堂" in text and "補助なし（自主運営）" in text and "第2・第4水" in text


def test_the_untouched_template_imports_nothing(world: dict[str, Any]) -> None:
    with pytest.raises(ImportRefused) as refused:
        _import(world, world["municipality"], sheets.template_xlsx(), "ひな形.xlsx")
    assert refused.value.errors == ["取り込む行がありません。ひな形の2行目から1行に1つずつ書いてください。"]


def test_export_then_import_updates_and_never_duplicates(
    register: list[Service], world: dict[str, Any]
) -> None:
    home = world["municipality"]
    before = snapshot(home)
    workbook = load_workbook(io.BytesIO(_export(home)))
    sheet = workbook.worksheets[0]
    column = {h: i + 1 for i, h in enumerate(HEADERS)}
    salon_row = next(r for r in range(2, sheet.max_row + 1) if sheet.cell(r, 1).value == "中町ふれあいサロン")
    sheet.cell(salon_row, column["開始時刻"]).value = dt.time(14, 0)  # as Excel stores a typed time
    out = io.BytesIO()
    workbook.save(out)

    result = _import(world, home, out.getvalue(), "社会資源一覧.xlsx")

    assert (result.created, result.updated, result.format) == (0, 3, "xlsx")
    assert Service.objects.filter(municipality=home).count() == 3
    assert Organization.objects.filter(municipality=home).count() == 2
    after = snapshot(home)
    salon = next(s for s in after if s["name"] == "中町ふれあいサロン")
    assert salon["schedules"] == [
        (Frequency.MONTHLY, "2WE,4WE", dt.time(14, 0), dt.time(15, 30), "8月は休み")
    ]
    salon["schedules"] = next(s for s in before if s["name"] == "中町ふれあいサロン")["schedules"]
    assert after == before
    assert AuditEntry.objects.get(action="resource.imported").details == {
        "created": 0, "updated": 3, "format": "xlsx",
    }  # fmt: skip


def _in_template(snap: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """What the template's columns carry: no ages, no organisation phone, no postal code or coordinates."""
    for s in snap:
        s["minimum_age"] = s["maximum_age"] = None
        s["organization"] = s["organization"][:2]
        if s["location"]:
            name, address, _, area, _, _, transportation, accessibility = s["location"]
            s["location"] = (name, address, area, transportation, accessibility)
    return snap


def test_export_into_another_municipality_creates(register: list[Service], world: dict[str, Any]) -> None:
    home, other = world["municipality"], world["other_municipality"]
    north = Area.objects.create(municipality=other, name="北部圏域")
    result = _import(world, other, _export(home), "社会資源一覧.xlsx")
    assert (result.created, result.updated) == (3, 0)
    assert _in_template(snapshot(other)) == _in_template(snapshot(home))
    assert Service.objects.get(municipality=other, name="中町ふれあいサロン").location.area == north
    assert Service.objects.filter(municipality=home).count() == 3


def test_a_column_left_out_keeps_what_the_record_has(register: list[Service], world: dict[str, Any]) -> None:
    home = world["municipality"]
    before = snapshot(home)
    salon = register[0]
    result = _import(
        world, home, _csv([{"ID": str(salon.hsds_id), **_row("中町サロン"), "種類": "サロン"}]), "a.csv"
    )
    assert (result.created, result.updated) == (0, 1)
    after = snapshot(home)
    changed = next(s for s in after if s["name"] == "中町サロン")
    assert changed["categories"] == ["salon"] and changed["minimum_age"] == 15
    assert changed["location"] == before[0]["location"] and changed["schedules"] == before[0]["schedules"]
    assert changed["contact_phone"] == "0197-00-1234" and changed["suits_shy"] is True


def test_every_day_and_weekdays_are_spelled_out(world: dict[str, Any]) -> None:
    _import(world, world["municipality"], _csv([_row("朝の体操", 曜日="毎日\n平日")]), "a.csv")
    every, weekdays = Service.objects.get(name="朝の体操").schedules.order_by("pk")
    assert (every.byday, weekdays.byday) == ("MO,TU,WE,TH,FR,SA,SU", "MO,TU,WE,TH,FR")


def test_other_municipalitys_id_creates_a_record_of_our_own(
    register: list[Service], world: dict[str, Any]
) -> None:
    other = world["other_municipality"]
    theirs = register[2]
    body = _csv([_row("傾聴の会", ID=str(theirs.hsds_id))])
    result = _import(world, other, body, "list.csv")
    assert (result.created, result.updated) == (1, 0)
    assert Service.objects.get(pk=theirs.pk).name == "傾聴ボランティア"
    ours = Service.objects.get(municipality=other)
    assert (ours.name, ours.hsds_id) == ("傾聴の会", theirs.hsds_id)
    assert Organization.objects.get(pk=ours.organization_id).municipality == other
    assert _import(world, other, body, "list.csv").updated == 1


def test_one_bad_line_among_good_ones_imports_nothing(register: list[Service], world: dict[str, Any]) -> None:
    home = world["municipality"]
    body = _csv(
        [_row("朝の体操"), _row("こども広場", 種類="ようちえん"), _row("夕方の居場所", 種類="居場所")]
    )
    with pytest.raises(ImportRefused) as refused:
        _import(world, home, body, "list.csv")
    assert refused.value.errors == ["3行目：種類「ようちえん」は選べません。"]
    assert Service.objects.filter(municipality=home).count() == 3
    assert not AuditEntry.objects.filter(action="resource.imported").exists()


def test_every_problem_is_named_by_its_row(world: dict[str, Any]) -> None:
    theirs = "8c3b0c8e-5d0e-4d6a-9b38-1f0f8a1e2c11"
    rows = [
        _row("", 曜日="月・水", 開始時刻="10:00", 終了時刻="9:00"),
        _row("体操", 運営団体="", 種類="", 圏域="東部", 場所="公民館"),
        _row("手芸", 曜日="随時", 人と話すのが苦手でも参加しやすい="たぶん", 受け入れ可能な人数="数人"),
        _row("読書会", メールアドレス="book@", 開始時刻="10:00", ID=theirs),
        _row("読書会2", 曜日="月\n木", 開始時刻="10:00", ID=theirs, 状況="準備中"),
    ]
    with pytest.raises(ImportRefused) as refused:
        _import(world, world["municipality"], _csv(rows), "list.csv")
    assert refused.value.errors == [
        "2行目：名称を書いてください。",
        "2行目：終了時刻（09:00）は開始時刻（10:00）より後にしてください。",
        "3行目：種類を1つ以上書いてください。",
        "3行目：運営団体を書いてください。",
        "3行目：圏域「東部」はありません（登録されている圏域：北部圏域、南部圏域）。",
        "4行目：人と話すのが苦手でも参加しやすいは ○ か × で書いてください（「たぶん」とあります）。",
        "4行目：受け入れ可能な人数「数人」は数字で書いてください（例：5）。",
        "4行目：曜日が読み取れません：「随時」（例：月・水、毎日、平日、第2・第4水、最終金）",
        "5行目：メールアドレス「book@」の形が正しくありません。",
        "5行目：開始時刻・終了時刻・日程の補足を書くときは、曜日も書いてください。",
        "6行目：状況「準備中」は選べません。",
        "6行目：開始時刻は曜日と同じ行数で書いてください（曜日が2行、開始時刻が1行）。",
        "6行目：IDが5行目と同じです。行を複製したときはIDを空欄にしてください。",
    ]


def test_missing_and_unknown_columns_are_refused(world: dict[str, Any]) -> None:
    body = _csv([{"名前": "朝の体操", "運営団体": "中町自治会", "種類": "サロン"}])
    with pytest.raises(ImportRefused) as refused:
        _import(world, world["municipality"], body, "list.csv")
    assert refused.value.errors == [
        "1行目：「名前」という列はひな形にありません。列名はひな形のとおりにしてください。",
        "1行目：「名称」の列がありません。",
    ]


@pytest.mark.parametrize("encoding", ["cp932", "utf-8-sig", "utf-8"])
def test_csv_in_shift_jis_or_utf8(world: dict[str, Any], encoding: str) -> None:
    rows = [
        _row("農作業体験", 運営団体="髙橋農園", 団体の種類="農家", 種類="農家・農作業、就労体験", ふりがな="ﾉｳｻｷﾞｮｳ ﾀｲｹﾝ",
             体への負担="重い", 送迎あり="はい", 曜日="第1・第3土", 開始時刻="９時", 終了時刻="1130",
             受け入れ可能な人数="２人", 圏域="南部", 場所="髙橋農園の畑"),
        _row("収穫祭の手伝い", 運営団体="髙橋 農園", 種類="ボランティア"),
    ]  # fmt: skip
    result = _import(world, world["municipality"], _csv(rows, encoding), "一覧.csv")
    assert (result.created, result.format) == (2, "csv")
    work = Service.objects.get(name="農作業体験")
    assert work.name_kana == "のうさぎょう\u3000たいけん"
    assert work.categories == [Category.FARM, Category.WORK_EXPERIENCE]
    assert (work.physical_load, work.transport_provided, work.capacity) == (Load.HEAVY, True, 2)
    assert work.organization.name == "髙橋農園" and work.organization.kind == OrganizationKind.FARM
    assert work.location.area == world["areas"]["south"]
    schedule = work.schedules.get()
    assert (schedule.freq, schedule.byday, schedule.opens_at, schedule.closes_at) == (
        Frequency.MONTHLY, "1SA,3SA", dt.time(9, 0), dt.time(11, 30),
    )  # fmt: skip
    # 「髙橋 農園」 is the same organisation: one Organization.
    assert Organization.objects.filter(municipality=world["municipality"]).count() == 1


def test_an_organisation_already_registered_is_reused(register: list[Service], world: dict[str, Any]) -> None:
    home = world["municipality"]
    _import(world, home, _csv([_row("朝の体操", 運営団体="中町　自治会")]), "list.csv")
    assert Organization.objects.filter(municipality=home).count() == 2
    assert Service.objects.get(name="朝の体操").organization_id == register[0].organization_id


def test_two_rows_must_agree_on_an_organisations_kind(world: dict[str, Any]) -> None:
    rows = [_row("体操", 団体の種類="自治会"), _row("手芸", 団体の種類="NPO")]
    with pytest.raises(ImportRefused) as refused:
        _import(world, world["municipality"], _csv(rows), "list.csv")
    assert refused.value.errors == [
        "3行目：団体「中町自治会」の種類が2行目（自治会・地域の団体）と違います。"
    ]


def test_several_schedules_in_one_cell_round_trip(register: list[Service], world: dict[str, Any]) -> None:
    sheet = load_workbook(io.BytesIO(_export(world["municipality"]))).worksheets[0]
    column = {h: i + 1 for i, h in enumerate(HEADERS)}
    farm = next(r for r in range(2, sheet.max_row + 1) if sheet.cell(r, 1).value == "農作業体験")
    assert [sheet.cell(farm, column[h]).value for h in ("曜日", "開始時刻", "終了時刻", "日程の補足")] == [
        "月・水・金\n最終土", "09:00\n", "12:00\n", "\n収穫祭",
    ]  # fmt: skip
    assert sheet.cell(farm, column["状況"]).value == Status.PAUSED.label


def test_formula_looking_text_is_exported_as_text(register: list[Service], world: dict[str, Any]) -> None:
    body = _export(world["municipality"])
    sheet_xml = zipfile.ZipFile(io.BytesIO(body)).read("xl/worksheets/sheet1.xml").decode()
    sheet = load_workbook(io.BytesIO(body)).worksheets[0]
    cells = [c for row in sheet.iter_rows() for c in row if c.value == FORMULA]
    assert len(cells) == 1 and cells[0].data_type == "s"
    assert "<f>" not in sheet_xml
