"""Issue 21, 機関・職員の取り込み: the municipal administrator brings the agency and staff lists in from the
workbook kasane provides (or CSV in UTF-8 or Shift_JIS), sees every row's outcome and every error by line
before anything is written, applies all of it or nothing, hands out the temporary passwords shown once, and
can undo the last import while nothing has been built on it."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from kasane.accounts.models import Membership, User
from kasane.agencies.models import Agency, AgencyKind, OperationForm
from kasane.audit.models import AuditEntry
from kasane.staff import import_file
from kasane.staff.models import StaffImport

pytestmark = pytest.mark.django_db

AGENCY_HEAD = [
    "機関名",
    "ふりがな",
    "種別",
    "分野",
    "運営形態",
    "受託・運営法人",
    "担当圏域",
    "電話番号",
    "多機関協働",
]
STAFF_HEAD = ["ユーザー名", "氏名", "ふりがな", "メールアドレス", "所属機関", "役割"]
AGENCIES = [
    ["東部地域包括支援センター", "とうぶ", "地域包括支援センター", "高齢", "委託", "社会福祉法人かさね会", "北部圏域", "0197-11-2222", ""],
    ["ひきこもり相談窓口", "", "自立相談支援機関", "生活困窮、その他", "直営", "", "", "", "○"],
]  # fmt: skip
STAFF = [
    ["tobu.sato", "佐藤 花子", "さとう はなこ", "sato@example.jp", "東部地域包括支援センター", "相談員"],
    ["tobu.taka", "髙橋 一郎", "たかはし いちろう", "", "東部地域包括支援センター", "機関管理者"],
    ["tobu.taka", "髙橋 一郎", "たかはし いちろう", "", "ひきこもり相談窓口", "相談員"],
    ["hokubu.new", "北 次郎", "", "", "北部地域包括支援センター", "閲覧のみ"],
]  # fmt: skip


def workbook(agencies: list[list[str]] | None = None, staff: list[list[str]] | None = None) -> bytes:
    book = Workbook()
    first = book.active
    assert first is not None
    first.title = "機関"
    first.append(AGENCY_HEAD)
    for row in AGENCIES if agencies is None else agencies:
        first.append(row)
    people = book.create_sheet("職員")
    people.append(STAFF_HEAD)
    for row in STAFF if staff is None else staff:
        people.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def upload(client: Client, content: bytes, name: str = "一覧.xlsx") -> Any:
    file = io.BytesIO(content)
    file.name = name
    return client.post(reverse("staff:import"), {"file": file})


def applied(client: Client, content: bytes | None = None) -> tuple[StaffImport, Any]:
    response = upload(client, workbook() if content is None else content)
    assert response.status_code == 302, response.content.decode()
    batch = StaffImport.objects.get(pk=response.url.rstrip("/").split("/")[-1])
    return batch, client.post(reverse("staff:import_apply", args=[batch.pk]))


@pytest.fixture
def city(world: dict[str, Any], client_for: Any) -> Client:
    return client_for(world["users"]["city"])


def test_the_preview_writes_nothing_and_shows_each_row(world: dict[str, Any], city: Client) -> None:
    before = (Agency.objects.count(), User.objects.count(), Membership.objects.count())
    response = upload(city, workbook())
    assert response.status_code == 302
    page = city.get(response.url).content.decode()
    assert (Agency.objects.count(), User.objects.count(), Membership.objects.count()) == before
    assert "取り込む内容の確認" in page and "東部地域包括支援センター" in page
    assert "機関：新規 2件" in page and "職員：新規 3件・所属の追加 1件" in page
    assert "髙橋 一郎" in page  # kept as typed: NFKC would not touch 髙, but nothing else may either


def test_applying_creates_agencies_staff_and_memberships_and_shows_passwords_once(
    world: dict[str, Any], city: Client
) -> None:
    batch, response = applied(city)
    assert response.status_code == 200
    page = response.content.decode()
    east = Agency.objects.get(name="東部地域包括支援センター")
    assert east.kind == AgencyKind.HOUKATSU and east.operation_form == OperationForm.CONTRACTED
    assert east.contractor == "社会福祉法人かさね会" and east.area == world["areas"]["north"]
    assert east.municipality == world["municipality"] and east.is_listed
    assert [f.name for f in east.support_fields.all()] == ["高齢"]
    window = Agency.objects.get(name="ひきこもり相談窓口")
    assert window.runs_collaboration and {f.name for f in window.support_fields.all()} == {
        "生活困窮",
        "その他",
    }
    taka = User.objects.get(username="tobu.taka")
    assert taka.full_name == "髙橋 一郎" and taka.must_set_password
    assert sorted((m.agency.name, m.role.code) for m in taka.memberships.all()) == [
        ("ひきこもり相談窓口", "soudanin"),
        ("東部地域包括支援センター", "agency_admin"),
    ]
    assert (
        User.objects.get(username="hokubu.new").memberships.get().agency
        == world["agencies"]["houkatsu_north"]
    )
    assert page.count('class="temporary-password"') == 3 and "tobu.sato" in page
    # The temporary passwords work, and are kept nowhere but in the response.
    password = page.split('class="temporary-password">')[1].split("<")[0]
    assert User.objects.get(username="tobu.sato").check_password(password)
    assert password not in str(list(AuditEntry.objects.values_list("details", flat=True)))
    assert password not in str(StaffImport.objects.get(pk=batch.pk).rows)
    entry = AuditEntry.objects.filter(action="staff.imported").get()
    assert entry.details["staff_created"] == 3 and entry.details["agencies_created"] == 2
    assert AuditEntry.objects.filter(action="staff.created").count() == 3
    # Applying twice does nothing more.
    again = city.post(reverse("staff:import_apply", args=[batch.pk]), follow=True)
    assert "すでに反映されています" in again.content.decode()
    assert User.objects.filter(username__startswith="tobu.").count() == 2


def test_errors_are_listed_by_line_and_nothing_is_kept(world: dict[str, Any], city: Client) -> None:
    agencies = [
        *AGENCIES,
        ["どこかの機関", "", "宇宙センター", "高齢", "委託", "", "", "12", ""],
        ["東部地域包括支援センター", "", "地域包括支援センター", "高齢", "直営", "", "", "", ""],
    ]
    staff = [
        *STAFF,
        ["bad name", "山田 太郎", "ヤマダ", "x@", "存在しない機関", "市長"],
        ["soudanin", "別人 太郎", "", "", "東部地域包括支援センター", "相談員"],
        ["", "", "", "", "", ""],
    ]
    response = upload(city, workbook(agencies, staff))
    page = response.content.decode()
    assert response.status_code == 200 and "反映できません" in page
    assert (
        StaffImport.objects.count() == 0
        and not Agency.objects.filter(name="東部地域包括支援センター").exists()
    )
    assert "4行目" in page and "種別「宇宙センター」は選択肢にありません" in page
    assert "受託・運営法人：委託の場合は、受託している法人名を入力してください" in page
    assert "電話番号は市外局番から" in page and "種別：" not in page
    assert "機関名「東部地域包括支援センター」が2行目と重複しています" in page
    assert "<li>ユーザー名には半角英数字" in page and "メールアドレス：有効な" in page
    assert "所属機関「存在しない機関」は登録されていないか" in page and "役割「市長」は選択肢にないか" in page
    assert "このユーザー名の職員は「soudanin 職員」として登録されています" in page
    assert "<title>エラーがあります" in page


def test_names_reserved_for_system_keys_are_refused(world: dict[str, Any], city: Client) -> None:
    staff = [["apikey.0badcafe", "[システム] 生活困窮システム", "", "", "地域福祉課", "相談員"]]
    page = upload(city, workbook([], staff)).content.decode()
    assert "「apikey.」で始まるユーザー名は、APIキーのために予約されています" in page
    assert "氏名を「[システム]」で始めることはできません" in page


def test_a_member_of_an_agency_row_in_error_points_at_that_row(world: dict[str, Any], city: Client) -> None:
    agencies = [["新しい窓口", "", "宇宙センター", "高齢", "直営", "", "", "", ""]]
    staff = [["mado.ichi", "窓口 一郎", "", "", "新しい窓口", "相談員"]]
    page = upload(city, workbook(agencies, staff)).content.decode()
    assert "所属機関「新しい窓口」は、機関シートの2行目のエラーを直すと登録できます" in page


def test_roles_beyond_what_the_administrator_may_grant_are_refused(
    world: dict[str, Any], city: Client
) -> None:
    response = upload(city, workbook([], [["kenno", "県 職員", "", "", "地域福祉課", "都道府県担当"]]))
    assert "役割「都道府県担当」は選択肢にないか、付与できない役割です" in response.content.decode()
    assert not User.objects.filter(username="kenno").exists()


def test_agencies_and_staff_of_another_municipality_are_out_of_reach(
    world: dict[str, Any], city: Client
) -> None:
    staff = [
        ["tonari.x", "隣 一郎", "", "", "となり町地域包括支援センター", "相談員"],
        ["tonari", "tonari 職員", "", "", "地域福祉課", "相談員"],  # the neighbour's administrator
    ]
    page = upload(city, workbook([], staff)).content.decode()
    assert (
        "所属機関「となり町地域包括支援センター」は登録されていないか、管理できる機関ではありません" in page
    )
    assert "このユーザー名はすでに使われています" in page
    assert not Membership.objects.filter(
        user__username="tonari", agency=world["agencies"]["division"]
    ).exists()


def test_a_batch_of_another_municipality_answers_404(
    world: dict[str, Any], city: Client, client_for: Any
) -> None:
    batch, _ = applied(city)
    other = client_for(world["users"]["other_city"])
    assert other.get(reverse("staff:import_batch", args=[batch.pk])).status_code == 404
    assert other.post(reverse("staff:import_undo", args=[batch.pk])).status_code == 404
    assert StaffImport.objects.get(pk=batch.pk).state == StaffImport.State.APPLIED


@pytest.mark.parametrize("role", ["agency_admin", "soudanin"])
def test_only_the_municipal_administrator_imports(world: dict[str, Any], client_for: Any, role: str) -> None:
    user = {"agency_admin": world["users"]["agency_admin"], "soudanin": world["users"]["soudanin"]}[role]
    client = client_for(user)
    assert client.get(reverse("staff:import")).status_code == 403
    assert client.get(reverse("staff:import_template")).status_code == 403
    assert upload(client, workbook()).status_code == 403
    assert not Agency.objects.filter(name="東部地域包括支援センター").exists()


def test_an_existing_agency_is_updated_and_blank_cells_change_nothing(
    world: dict[str, Any], city: Client
) -> None:
    north = world["agencies"]["houkatsu_north"]
    north.phone = "0197-00-0001"
    north.save()
    row = ["北部地域包括支援センター", "ほくぶ", "地域包括支援センター", "", "", "", "", "", ""]
    response = upload(city, workbook([row], []))
    preview = city.get(response.url).content.decode()
    assert "ふりがな：（空欄） → <strong>ほくぶ</strong>" in preview and "機関：新規 0件・更新 1件" in preview
    batch = StaffImport.objects.get()
    city.post(reverse("staff:import_apply", args=[batch.pk]))
    north.refresh_from_db()
    assert north.name_kana == "ほくぶ" and north.phone == "0197-00-0001"  # the blank cell kept the phone
    # The same file again changes nothing.
    again = upload(city, workbook([row], []))
    assert "機関：新規 0件・更新 0件・変更なし 1件" in city.get(again.url).content.decode()


def test_undo_restores_everything_as_it_was(world: dict[str, Any], city: Client) -> None:
    north = world["agencies"]["houkatsu_north"]
    kana_before = north.name_kana
    agencies = [
        *AGENCIES,
        ["北部地域包括支援センター", "ほくぶ", "地域包括支援センター", "", "", "", "", "", ""],
    ]

    def live() -> tuple[int, int, int]:
        return (
            Agency.objects.filter(is_active=True).count(),
            User.objects.filter(is_active=True).count(),
            Membership.objects.count(),
        )

    before = live()
    batch, _ = applied(city, workbook(agencies))
    assert Agency.objects.get(pk=north.pk).name_kana == "ほくぶ"
    response = city.post(reverse("staff:import_undo", args=[batch.pk]), follow=True)
    assert "取り込みを元に戻しました" in response.content.decode()
    assert live() == before
    # The rows the audit trail names stay, retired: no login, no listing, their names free.
    sato = User.objects.get(full_name="佐藤 花子")
    assert not sato.is_active and not sato.has_usable_password() and sato.username != "tobu.sato"
    east = Agency.objects.get(name__startswith="東部地域包括支援センター")
    assert not east.is_active and not east.is_listed and east.name != "東部地域包括支援センター"
    staff_page = city.get(reverse("staff:list")).content.decode()
    assert "佐藤 花子" not in staff_page
    assert Agency.objects.get(pk=north.pk).name_kana == kana_before
    assert StaffImport.objects.get(pk=batch.pk).state == StaffImport.State.UNDONE
    assert AuditEntry.objects.filter(action="staff.import_undone").count() == 1
    # The same file can then be imported again: the user names are free.
    _, response = applied(city, workbook(agencies))
    assert response.status_code == 200 and User.objects.get(username="tobu.sato").is_active
    assert Agency.objects.get(name="東部地域包括支援センター").is_active


def test_undo_is_refused_once_someone_has_logged_in(world: dict[str, Any], city: Client) -> None:
    batch, _ = applied(city)
    sato = User.objects.get(username="tobu.sato")
    sato.must_set_password = False
    sato.save()
    response = city.post(reverse("staff:import_undo", args=[batch.pk]), follow=True)
    assert "ログインを始めた職員がいます（佐藤 花子）" in response.content.decode()
    assert User.objects.filter(username="tobu.sato").exists()
    assert StaffImport.objects.get(pk=batch.pk).state == StaffImport.State.APPLIED


def test_undo_is_refused_once_an_agency_it_updated_was_edited(world: dict[str, Any], city: Client) -> None:
    row = ["北部地域包括支援センター", "ほくぶ", "地域包括支援センター", "", "", "", "", "", ""]
    batch, _ = applied(city, workbook([row], []))
    north = world["agencies"]["houkatsu_north"]
    north.refresh_from_db()
    north.hours = "平日 9時〜17時"
    north.save()
    response = city.post(reverse("staff:import_undo", args=[batch.pk]), follow=True)
    assert "取り込んだ後に編集された機関があります（北部地域包括支援センター）" in response.content.decode()


def test_undo_is_refused_once_an_agency_it_created_has_records(
    world: dict[str, Any], city: Client, make_user: Any
) -> None:
    batch, _ = applied(city)
    make_user("later", Agency.objects.get(name="ひきこもり相談窓口"))
    response = city.post(reverse("staff:import_undo", args=[batch.pk]), follow=True)
    assert "その後の記録や所属があります（ひきこもり相談窓口）" in response.content.decode()
    assert Agency.objects.get(name="ひきこもり相談窓口").is_active


def test_only_the_latest_import_is_undone(world: dict[str, Any], city: Client) -> None:
    first, _ = applied(city)
    applied(city, workbook([], [["late.one", "遅 一郎", "", "", "地域福祉課", "相談員"]]))
    response = city.post(reverse("staff:import_undo", args=[first.pk]), follow=True)
    assert "最後に反映した取り込みだけ" in response.content.decode()


def test_a_change_after_the_preview_stops_the_apply(
    world: dict[str, Any], city: Client, make_user: Any
) -> None:
    response = upload(city, workbook())
    batch = StaffImport.objects.get()
    make_user("tobu.sato", world["agencies"]["shakyo"])
    response = city.post(reverse("staff:import_apply", args=[batch.pk]), follow=True)
    assert "プレビューの後に登録内容が変わりました" in response.content.decode()
    assert not Agency.objects.filter(name="東部地域包括支援センター").exists()  # all or nothing


@pytest.mark.parametrize("encoding", ["utf-8-sig", "cp932"])
def test_a_csv_holds_one_list_in_either_encoding(world: dict[str, Any], city: Client, encoding: str) -> None:
    lines = [",".join(STAFF_HEAD), "kita.csv,髙﨑 三郎,たかさき さぶろう,,北部地域包括支援センター,相談員"]
    response = upload(city, ("\r\n".join(lines) + "\r\n").encode(encoding), name="職員.csv")
    assert response.status_code == 302
    city.post(reverse("staff:import_apply", args=[StaffImport.objects.get().pk]))
    assert User.objects.get(username="kita.csv").full_name == "髙﨑 三郎"


def test_a_file_without_either_list_is_refused(world: dict[str, Any], city: Client) -> None:
    page = upload(city, "氏名,住所\r\n山田,北町\r\n".encode(), name="x.csv").content.decode()
    assert (
        "機関の一覧（見出し「機関名」「種別」）も職員の一覧（見出し「ユーザー名」）も見つかりません" in page
    )
    page = upload(city, b"PK\x03\x04 not really", name="x.xlsx").content.decode()
    assert "Excelファイルとして読み込めません" in page


def test_the_template_has_both_sheets_the_choices_and_no_example_rows(
    world: dict[str, Any], city: Client
) -> None:
    response = city.get(reverse("staff:import_template"))
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["機関", "職員", "選択肢", "記入のしかた"]
    assert [c.value for c in book["職員"][1]] == [names[0] for names in import_file.STAFF_COLUMNS.values()]
    assert book["機関"].max_row == 1 and book["職員"].max_row == 1
    roles = [row[4].value for row in book["選択肢"].iter_rows(min_row=2) if row[4].value]
    assert "相談員" in roles and "都道府県担当" not in roles
    areas = [row[3].value for row in book["選択肢"].iter_rows(min_row=2) if row[3].value]
    assert areas == ["北部圏域", "南部圏域"]
    # Importing it untouched is refused as empty, not applied as nothing.
    page = upload(city, response.content).content.decode()
    assert "見出しの行のほかに、取り込む行がありません" in page and not StaffImport.objects.exists()


def test_the_staff_list_links_the_import_for_the_municipal_administrator(
    world: dict[str, Any], city: Client, client_for: Any
) -> None:
    assert reverse("staff:import") in city.get(reverse("staff:list")).content.decode()
    admin = client_for(world["users"]["agency_admin"])
    assert reverse("staff:import") not in admin.get(reverse("staff:list")).content.decode()


def test_a_preview_left_a_week_is_dropped(
    world: dict[str, Any], city: Client, make_user: Any, client_for: Any
) -> None:
    upload(city, workbook())
    left = StaffImport.objects.get()
    StaffImport.objects.filter(pk=left.pk).update(uploaded_at=left.uploaded_at - dt.timedelta(days=8))
    colleague = client_for(make_user("shi2", world["agencies"]["division"], "city_program"))
    upload(colleague, workbook([], [["late.one", "遅 一郎", "", "", "地域福祉課", "相談員"]]))
    assert not StaffImport.objects.filter(pk=left.pk).exists()  # the names it held go with it
    assert StaffImport.objects.count() == 1
