"""Issue 21, bringing records in: a municipality's Excel ケース一覧 or a kintone export becomes households and
persons of the agency staff choose, through a mapping screen and a check that lists every problem by line and
writes nothing, then one atomic apply that records which import made each record, and an undo as a whole while
nothing has been added on top."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.timezone import localdate
from openpyxl import Workbook

from kasane import audit
from kasane.audit.models import AuditEntry
from kasane.casework.models import Household, Person, Relationship, Sex
from kasane.imports.models import ImportedRecord, RecordImport
from kasane.lib.dates import today, wareki
from tests import factories

pytestmark = pytest.mark.django_db

# A kintone app's export ("ファイルに書き出す", CSV, Shift_JIS by default): its own columns first, field names as headings.
KINTONE = (
    "レコード番号,作成者,作成日時,世帯ID,氏名,フリガナ,性別,生年月日,住所,電話番号,携帯電話,続柄,更新日時\r\n"
    "1,菊池,2024-04-01 09:00,H-1,髙橋 ミツ,ﾀｶﾊｼ ﾐﾂ,女,昭和20年5月1日,かさね市北町1-2,0197-11-1111,,本人,2024-04-01 09:00\r\n"
    "2,菊池,2024-04-01 09:00,H-1,髙橋 一郎,タカハシ イチロウ,男,1975/8/20,かさね市北町1-2,0197-11-1111,090-1111-2222,長男,2024-04-01 09:00\r\n"
    "3,菊池,2024-04-02 10:00,,山﨑 花子,やまさき はなこ,女性,H2.3.4,かさね市南町3,,,,2024-04-02 10:00\r\n"
)


def upload(client: Client, content: bytes, name: str, agency: Any) -> Any:
    file = io.BytesIO(content)
    file.name = name
    return client.post(reverse("imports:upload"), {"file": file, "agency": agency.pk})


@pytest.fixture
def staff(world: dict[str, Any], client_for: Any) -> Client:
    return client_for(world["users"]["soudanin"])


def _batch() -> RecordImport:
    return RecordImport.objects.get()


@pytest.mark.parametrize("encoding", ["cp932", "utf-8-sig"])
def test_a_kintone_export_is_mapped_checked_and_applied(
    world: dict[str, Any], staff: Client, encoding: str
) -> None:
    north = world["agencies"]["houkatsu_north"]
    response = upload(staff, KINTONE.encode(encoding), "kintone.csv", north)
    assert response.status_code == 302
    batch = _batch()
    # kintone's own columns (レコード番号, 作成者, 作成日時, 更新日時) are not taken; the field names are guessed.
    assert batch.mapping == {
        "3": "household_key",
        "4": "name",
        "5": "kana",
        "6": "sex",
        "7": "birth_date",
        "8": "address",
        "9": "phone",
        "10": "mobile",
        "11": "relationship",
    }
    page = staff.get(response.url).content.decode()
    assert "世帯 2件・本人と世帯員 3人" in page and Person.objects.count() == 0
    staff.post(reverse("imports:apply", args=[batch.pk]))
    mitsu = Person.objects.get(name="髙橋 ミツ")
    ichiro = Person.objects.get(name="髙橋 一郎")
    hanako = Person.objects.get(name="山﨑 花子")
    assert mitsu.kana == "たかはし みつ" and ichiro.kana == "たかはし いちろう"
    assert mitsu.birth_date == dt.date(1945, 5, 1) and hanako.birth_date == dt.date(1990, 3, 4)
    assert mitsu.household == ichiro.household != hanako.household
    assert mitsu.is_main and not ichiro.is_main and ichiro.relationship == Relationship.ELDEST_SON
    assert hanako.sex == Sex.FEMALE and ichiro.mobile == "090-1111-2222"
    assert {p.owner_agency for p in (mitsu, ichiro, hanako)} == {north}
    assert mitsu.household.address == "かさね市北町1-2"
    assert ImportedRecord.objects.filter(batch=batch).count() == 5  # 2 households, 3 persons
    # Each person's trail names the import; the import has its own entry.
    entries = AuditEntry.objects.filter(action="person.bulk_added", person_id=str(mitsu.pk))
    assert "kintone.csv" in entries.get().details["source"]
    assert AuditEntry.objects.filter(action="records.imported").count() == 1
    # The file's copy is gone once the records hold the data.
    assert RecordImport.objects.get(pk=batch.pk).table == []
    # Found by search like anyone recorded by hand (the name index is written).
    result = staff.get(reverse("households:search"), {"name": "たかはし"}).content.decode()
    assert "髙橋 ミツ" in result


def test_problems_are_listed_by_line_and_nothing_is_written(world: dict[str, Any], staff: Client) -> None:
    bad = (
        "氏名,生年月日,性別,続柄,メール\r\n"
        "佐藤 一,昭和99年1月1日,男,,\r\n"
        ",1970/1/1,女,,\r\n"
        "鈴木 二,2999/1/1,不詳,いとこ,x@\r\n"
        "田中 三,1960/1/1,男,,\r\n"
    )
    response = upload(staff, bad.encode(), "一覧.csv", world["agencies"]["houkatsu_north"])
    page = staff.get(response.url).content.decode()
    assert "読み取れない行があるため、反映できません（3行）" in page
    assert "2行目" in page and "生年月日「昭和99年1月1日」" in page
    assert "3行目" in page and "氏名がありません" in page
    assert "性別「不詳」は 男・女・その他 のいずれかにしてください" in page
    assert "続柄「いとこ」は読み取れません" in page and "メールアドレス「x@」の形が正しくありません" in page
    assert "生年月日「2999/1/1」が今日より後です" in page
    assert "<title>問題があります" in page
    response = staff.post(reverse("imports:apply", args=[_batch().pk]), follow=True)
    assert "読み取れない行があります" in response.content.decode()
    assert Person.objects.count() == 0 and Household.objects.count() == 0


def test_the_mapping_is_chosen_by_staff(world: dict[str, Any], staff: Client) -> None:
    table = "No,お名前,誕生,カナ\r\n1,佐藤 一,S30.1.2,サトウ ハジメ\r\n"
    upload(staff, table.encode(), "一覧.csv", world["agencies"]["houkatsu_north"])
    batch = _batch()
    page = staff.get(reverse("imports:mapping", args=[batch.pk])).content.decode()
    assert "「氏名」（または「姓」）にあたる列を選んでください" in page
    staff.post(
        reverse("imports:mapping", args=[batch.pk]),
        {"column_0": "", "column_1": "name", "column_2": "birth_date", "column_3": "kana"},
    )
    staff.post(reverse("imports:apply", args=[batch.pk]))
    sato = Person.objects.get()
    assert (sato.name, sato.kana, sato.birth_date) == ("佐藤 一", "さとう はじめ", dt.date(1955, 1, 2))


def test_an_excel_list_with_family_and_given_names_apart(world: dict[str, Any], staff: Client) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["姓", "名", "セイ", "メイ", "生年月日"])
    sheet.append(["齋藤", "誠", "ｻｲﾄｳ", "ﾏｺﾄ", dt.datetime(1980, 2, 29)])
    out = io.BytesIO()
    book.save(out)
    upload(staff, out.getvalue(), "一覧.xlsx", world["agencies"]["houkatsu_north"])
    staff.post(reverse("imports:apply", args=[_batch().pk]))
    person = Person.objects.get()
    assert (person.name, person.kana, person.birth_date) == (
        "齋藤 誠",
        "さいとう まこと",
        dt.date(1980, 2, 29),
    )


def test_undo_removes_what_the_import_made(world: dict[str, Any], staff: Client) -> None:
    upload(staff, KINTONE.encode("cp932"), "kintone.csv", world["agencies"]["houkatsu_north"])
    batch = _batch()
    staff.post(reverse("imports:apply", args=[batch.pk]))
    assert Person.objects.count() == 3
    response = staff.post(reverse("imports:undo", args=[batch.pk]), follow=True)
    assert "取り込みを元に戻しました" in response.content.decode()
    assert Person.objects.count() == 0 and Household.objects.count() == 0
    assert RecordImport.objects.get(pk=batch.pk).state == RecordImport.State.UNDONE
    assert AuditEntry.objects.filter(action="records.import_undone").count() == 1


def test_undo_is_refused_once_records_were_added_on_top(world: dict[str, Any], staff: Client) -> None:
    north = world["agencies"]["houkatsu_north"]
    upload(staff, KINTONE.encode("cp932"), "kintone.csv", north)
    batch = _batch()
    staff.post(reverse("imports:apply", args=[batch.pk]))
    factories.consultation(Person.objects.get(name="山﨑 花子"), north)
    response = staff.post(reverse("imports:undo", args=[batch.pk]), follow=True)
    # The consultation names the person and the household: both stand in the way.
    assert "2件にその後の記録（相談・同意・ケースなど）があります" in response.content.decode()
    assert Person.objects.count() == 3


def test_undo_is_refused_once_a_person_was_changed(world: dict[str, Any], staff: Client) -> None:
    upload(staff, KINTONE.encode("cp932"), "kintone.csv", world["agencies"]["houkatsu_north"])
    batch = _batch()
    staff.post(reverse("imports:apply", args=[batch.pk]))
    applied_at = RecordImport.objects.get().applied_at
    assert applied_at is not None
    later = applied_at + dt.timedelta(seconds=1)
    Person.objects.filter(name="山﨑 花子").update(updated_at=later)
    response = staff.post(reverse("imports:undo", args=[batch.pk]), follow=True)
    assert "1件がその後変更されています" in response.content.decode()


def test_a_file_imported_twice_is_pointed_out(world: dict[str, Any], staff: Client) -> None:
    north = world["agencies"]["houkatsu_north"]
    upload(staff, KINTONE.encode("cp932"), "kintone.csv", north)
    staff.post(reverse("imports:apply", args=[_batch().pk]))
    response = upload(staff, KINTONE.encode("cp932"), "kintone.csv", north)
    assert "3人は、同じ氏名・生年月日の方がすでに" in staff.get(response.url).content.decode()


def test_only_agencies_the_user_records_for_and_only_their_own_pending_upload(
    world: dict[str, Any], staff: Client, client_for: Any
) -> None:
    north = world["agencies"]["houkatsu_north"]
    response = upload(staff, KINTONE.encode("cp932"), "kintone.csv", world["agencies"]["shakyo"])
    assert "正しく選択してください" in response.content.decode() or "選択" in response.content.decode()
    assert not RecordImport.objects.exists()
    upload(staff, KINTONE.encode("cp932"), "kintone.csv", north)
    batch = _batch()
    # The pending upload holds the file's rows: nobody else sees it, colleagues included.
    colleague = client_for(world["users"]["city"])
    assert colleague.get(reverse("imports:mapping", args=[batch.pk])).status_code == 404
    assert colleague.post(reverse("imports:apply", args=[batch.pk])).status_code == 404
    other = client_for(world["users"]["other_city"])
    assert other.get(reverse("imports:batch", args=[batch.pk])).status_code == 404
    viewer = client_for(world["users"]["viewer"])
    assert viewer.get(reverse("imports:upload")).status_code == 403
    assert Person.objects.count() == 0


# A ケース一覧 kept in Excel by an agency: one row per person, with the first consultation.
def case_list() -> str:
    """Intakes a year and a half and a year ago, whatever today is (written in 和暦 and in 西暦)."""
    first, second = today() - dt.timedelta(days=540), today() - dt.timedelta(days=365)
    return (
        "世帯番号,氏名,ふりがな,生年月日,続柄,受付日,相談方法,相談内容,主訴\r\n"
        f"1,佐藤 ハナ,さとう はな,S15.2.3,本人,{wareki(first)},電話,介護、ひきこもり・不登校、年金のこと,"
        "息子がひきこもっている。\r\n"
        "1,佐藤 守,さとう まもる,S50.6.7,長男,,,,\r\n"
        f"2,鈴木 太郎,すずき たろう,1960/1/1,本人,{second:%Y/%m/%d},来所,仕事探し,仕事が見つからない。\r\n"
    )


def test_rows_with_a_date_of_intake_record_a_consultation(world: dict[str, Any], staff: Client) -> None:
    north = world["agencies"]["houkatsu_north"]
    response = upload(staff, case_list().encode("cp932"), "ケース一覧.csv", north)
    page = staff.get(response.url).content.decode()
    assert "世帯 2件・本人と世帯員 3人・相談受付 2件" in page
    assert "相談に来た人「本人」" in page and "対応「自機関で継続支援」" in page  # columns the file lacks
    staff.post(reverse("imports:apply", args=[_batch().pk]))
    hana = Person.objects.get(name="佐藤 ハナ")
    intake = hana.consultations.get()
    assert intake.owner_agency == north and intake.channel == "phone"
    assert intake.topics == ["care", "withdrawal", "other"] and intake.topic_other == "年金のこと"
    assert intake.complaint == "息子がひきこもっている。" and intake.household == hana.household
    assert localdate(intake.received_at) == today() - dt.timedelta(days=540)
    assert not Person.objects.get(name="佐藤 守").consultations.exists()
    assert AuditEntry.objects.filter(action="consultation.recorded").count() == 2
    # Undo takes the consultations too.
    staff.post(reverse("imports:undo", args=[_batch().pk]))
    assert Person.objects.count() == 0


def test_consultation_cells_are_checked_by_the_intake_form(world: dict[str, Any], staff: Client) -> None:
    bad = "氏名,受付日,相談方法,主訴\r\n佐藤 一,R6.4.1,伝書鳩,困っている\r\n鈴木 二,,来所,困っている\r\n田中 三,R6.4.1,来所,\r\n"
    response = upload(staff, bad.encode(), "一覧.csv", world["agencies"]["houkatsu_north"])
    page = staff.get(response.url).content.decode()
    assert "相談の方法「伝書鳩」は次のいずれかにしてください：来所、電話、訪問" in page
    assert "相談の受付日がありません" in page
    assert "主訴（相談の内容）を入力してください" in page


def test_undo_is_refused_once_an_imported_consultation_was_closed(
    world: dict[str, Any], staff: Client
) -> None:
    upload(staff, case_list().encode("cp932"), "ケース一覧.csv", world["agencies"]["houkatsu_north"])
    batch = _batch()
    staff.post(reverse("imports:apply", args=[batch.pk]))
    intake = Person.objects.get(name="鈴木 太郎").consultations.get()
    audit.log("consultation.closed", obj=intake)
    response = staff.post(reverse("imports:undo", args=[batch.pk]), follow=True)
    assert "1件がその後変更されています" in response.content.decode()


def test_a_file_past_the_row_limit_is_refused_whole(
    world: dict[str, Any], staff: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kasane.imports import services

    monkeypatch.setattr(services, "MAX_ROWS", 2)
    page = upload(staff, KINTONE.encode("cp932"), "kintone.csv", world["agencies"]["houkatsu_north"]).content
    assert "一度に取り込めるのは2行までです" in page.decode() and not RecordImport.objects.exists()
