"""Importing an event's participant list (kasane.events.roster_import, roster_file, roster_views): the file
read in every encoding Excel saves, each row judged 新規・重複・エラー by its line, nothing written before the
confirmation or when any row is wrong, one audit entry, and the undo of exactly one import."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core import signing
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from kasane.audit.actor import Actor
from kasane.events import roster_import
from kasane.events.models import EventGroup, ParticipantCategory, Registration, RegistrationChannel
from kasane.events.roster_file import RosterFileError, read_table, template_xlsx
from kasane.events.roster_views import SALT

from .helpers import register
from .roster_world import actions_since, audit_mark, csv_bytes, rw, xlsx_bytes

pytestmark = pytest.mark.django_db
__all__ = ["rw"]

ROWS = [
    ["岩手 花子", "イワテ ハナコ", "テスト市", "地域福祉課", "市町村職員", "社会福祉士", "hanako@example.jp"],
    ["盛岡 一郎", "もりおか いちろう", "岩手県盛岡市", "保健福祉部", "", "保健師", ""],
    ["県北 次郎", "", "", "県北広域振興局", "振興局", "", "jiro@example.jp"],
]


def _upload(client: Any, event: Any, content: bytes, name: str = "名簿.csv") -> Any:
    return client.post(
        f"/events/{event.pk}/participants/import/", {"file": SimpleUploadedFile(name, content)}
    )


def _actor(rw: dict[str, Any]) -> Actor:
    return Actor(user=rw["users"]["prefecture"], prefecture=rw["event"].prefecture)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp932"])
def test_csv_is_read_in_utf8_with_or_without_bom_and_in_shift_jis(encoding: str) -> None:
    table = read_table("名簿.csv", csv_bytes([*ROWS, ["髙橋 ①", "", "", "", "", "", ""]], encoding))
    assert table[0][0] == "氏名"  # no BOM left on the first heading
    assert table[1][0] == "岩手 花子"
    assert table[4][0] == "髙橋 ①"  # cp932's own characters


def test_xlsx_is_read_and_other_files_are_refused_in_japanese() -> None:
    table = read_table("名簿.XLSX", xlsx_bytes([["岩手 花子", None, "テスト市", None, None, None, 12.0]]))
    assert table[1][:3] == ["岩手 花子", "", "テスト市"] and table[1][6] == "12"
    with pytest.raises(RosterFileError, match="古い形式"):
        read_table("名簿.xls", b"x")
    with pytest.raises(RosterFileError, match="Excelファイルとして読み込めません"):
        read_table("名簿.xlsx", b"not a workbook")
    with pytest.raises(RosterFileError, match="CSV"):
        read_table("名簿.pdf", b"%PDF")
    with pytest.raises(RosterFileError, match="文字コード"):
        read_table("名簿.csv", "氏名\n".encode() + b"\x81\xff\xfe")


def test_each_row_is_judged_with_its_line_and_reason(rw: dict[str, Any]) -> None:
    event = rw["event"]
    register(event, "既存 太郎", rw["municipality"], organisation="地域福祉課", email="Taro@Example.jp")
    register(event, "岩手　花子", rw["municipality"], organisation="地域福祉課")  # same name and 所属
    rows = [
        ROWS[1],
        ["", "", "テスト市", "", "", "", ""],
        ["札幌 三郎", "", "札幌市", "", "", "", ""],
        ["岩手 四郎", "", "", "", "市町村職員", "", ""],
        ["岩手 五郎", "", "テスト市", "", "幹部", "", ""],
        ["岩手 六郎", "", "テスト市", "", "", "", "six@example"],
        ["岩手 七郎", "山田", "テスト市", "", "", "", ""],
        ["別名 太郎", "", "テスト市", "", "", "", "taro@example.jp"],
        ROWS[0],
        ["盛岡　一郎", "", "盛岡市", "保健福祉部", "", "", ""],
        ["ﾃｽﾄ 八郎", "ﾃｽﾄ ﾊﾁﾛｳ", "岩手県 テスト市", "", "関係機関", "", "hachi@example.jp"],
        ["郡部 九郎", "", "紫波郡テスト市", "", "", "", ""],
    ]
    preview = roster_import.check(read_table("a.csv", csv_bytes(rows)), event)
    verdicts = {row.line: (row.status, " ".join(row.reasons)) for row in preview.rows}
    assert verdicts[2][0] == roster_import.NEW
    assert verdicts[3] == (roster_import.ERROR, "氏名が空欄です。")
    assert verdicts[4] == (roster_import.ERROR, "市町村「札幌市」は岩手県の市町村にありません。")
    assert preview.rows[2].category == ""  # no 区分 guessed from a town that is not there
    assert verdicts[5] == (roster_import.ERROR, "区分が市町村職員のときは、市町村を書いてください。")
    assert verdicts[6][0] == roster_import.ERROR and "区分「幹部」は使えません" in verdicts[6][1]
    assert verdicts[7] == (roster_import.ERROR, "メールアドレス「six@example」の形が正しくありません。")
    assert verdicts[8][0] == roster_import.ERROR and "ひらがなかカタカナ" in verdicts[8][1]
    assert verdicts[9] == (
        roster_import.DUPLICATE,
        "既に登録があります（メールアドレスが同じ：既存 太郎さん）。",
    )
    assert verdicts[10] == (
        roster_import.DUPLICATE,
        "既に登録があります（氏名と所属が同じ：岩手　花子さん）。",
    )
    assert verdicts[11] == (roster_import.DUPLICATE, "2行目と同じ人です（氏名と所属が同じ）。")
    assert verdicts[12][0] == roster_import.NEW
    assert preview.rows[-1].municipality == rw["municipality"]  # a 郡 before the town's name is read past
    eight = preview.rows[-2]
    assert (eight.name, eight.kana, eight.municipality, eight.category) == (
        "テスト 八郎",
        "てすと　はちろう",
        rw["municipality"],
        ParticipantCategory.AGENCY,
    )
    first = preview.rows[0]
    assert first.municipality == rw["morioka"] and first.category == ParticipantCategory.MUNICIPAL
    assert not preview.can_apply


def test_defaults_and_file_level_problems(rw: dict[str, Any]) -> None:
    event = rw["event"]
    preview = roster_import.check(
        read_table("a.csv", csv_bytes([["道 職員", "", "", "", "", "", ""]])), event
    )
    assert preview.rows[0].category == ParticipantCategory.OTHER
    no_name = roster_import.check([["ふりがな", "所属"], ["あ", "い"]], event)
    assert no_name.problems == ["1行目（見出しの行）に「氏名」の列がありません。"]
    assert roster_import.check([["氏名"]], event).problems == ["見出しの行のほかに、取り込む行がありません。"]
    assert roster_import.check([], event).problems == ["ファイルに何も書かれていません。"]
    extra = roster_import.check([["お名前", "備考"], ["岩手 花子", "午後のみ"]], event)
    assert extra.ignored_columns == ["備考"] and extra.can_apply


def test_capacity_is_warned_not_refused(rw: dict[str, Any]) -> None:
    event = rw["event"]
    event.capacity = 2
    event.save()
    register(event, "既存 太郎", rw["municipality"])
    preview = roster_import.check(read_table("a.csv", csv_bytes(ROWS)), event)
    assert preview.capacity_note == "取り込むと参加者は4人になり、定員（2人）を超えます。"
    assert preview.can_apply


def test_nothing_is_written_before_confirmation_then_once_with_one_audit_entry(rw: dict[str, Any]) -> None:
    event, client = rw["event"], rw["client"]
    register(event, "県北 次郎", None, organisation="県北広域振興局")
    mark = audit_mark()
    response = _upload(client, event, csv_bytes(ROWS, "cp932"), "名簿.csv")
    assert response.status_code == 200
    page = response.content.decode()
    assert "新規 2人" in page and "重複 1人" in page and "新規の2人を登録する" in page
    assert event.registrations.count() == 1 and actions_since(mark) == []
    token = response.context["token"]
    response = client.post(f"/events/{event.pk}/participants/import/confirm/", {"token": token})
    imported = list(event.registrations.filter(channel=RegistrationChannel.IMPORT).order_by("pk"))
    assert [r.name for r in imported] == ["岩手 花子", "盛岡 一郎"]
    batch = imported[0].import_batch
    assert batch.startswith("20261207-") and {r.import_batch for r in imported} == {batch}
    assert imported[0].email == "hanako@example.jp" and imported[0].name_kana == "いわて　はなこ"
    assert response.url == f"/events/{event.pk}/participants/import/{batch}/"
    assert actions_since(mark) == ["events.roster_imported"]
    # The same token again: everyone is registered by now, nothing more is written.
    client.post(f"/events/{event.pk}/participants/import/confirm/", {"token": token})
    assert event.registrations.count() == 3 and actions_since(mark) == ["events.roster_imported"]


def test_a_bad_row_writes_nothing_even_when_forced(rw: dict[str, Any]) -> None:
    event, client = rw["event"], rw["client"]
    rows = [*ROWS, ["岩手 花子二", "", "宇宙市", "", "", "", ""]]
    response = _upload(client, event, xlsx_bytes(rows), "名簿.xlsx")
    page = response.content.decode()
    assert "5行目" in page and "市町村「宇宙市」は岩手県の市町村にありません。" in page
    assert "登録する</button>" not in page
    # A hand-made confirmation of the same file is refused as a whole.
    mark = audit_mark()
    token = signing.dumps(
        {"event": event.pk, "table": read_table("a.xlsx", xlsx_bytes(rows)), "type": "xlsx"},
        salt=SALT,
        compress=True,
    )
    response = client.post(f"/events/{event.pk}/participants/import/confirm/", {"token": token}, follow=True)
    assert "取り込めない行があるため、何も登録していません" in response.content.decode()
    assert event.registrations.count() == 0 and actions_since(mark) == []


def test_a_failure_while_writing_leaves_nothing(rw: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    event = rw["event"]

    def fail(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(roster_import.audit, "log", fail)
    with pytest.raises(RuntimeError):
        roster_import.apply(event, read_table("a.csv", csv_bytes(ROWS)), file_type="csv", actor=_actor(rw))
    assert event.registrations.count() == 0


def test_a_token_is_tied_to_its_event_and_unforgeable(rw: dict[str, Any]) -> None:
    event, client = rw["event"], rw["client"]
    other = rw["elsewhere"]
    token = signing.dumps(
        {"event": other.pk, "table": [["氏名"], ["某"]], "type": "csv"}, salt=SALT, compress=True
    )
    for bad in (token, "garbage"):
        response = client.post(
            f"/events/{event.pk}/participants/import/confirm/", {"token": bad}, follow=True
        )
        assert "もう一度ファイルを選んでください" in response.content.decode()
    assert Registration.objects.count() == 0


def test_undo_removes_exactly_that_import_until_attendance_or_a_group(rw: dict[str, Any]) -> None:
    event, client = rw["event"], rw["client"]
    actor = _actor(rw)
    kept = register(event, "手入力 さん", rw["municipality"])
    first, _ = roster_import.apply(
        event, read_table("a.csv", csv_bytes(ROWS[:1])), file_type="csv", actor=actor
    )
    second, _ = roster_import.apply(
        event, read_table("a.csv", csv_bytes(ROWS[1:])), file_type="csv", actor=actor
    )
    page = client.get(f"/events/{event.pk}/participants/import/{second}/").content.decode()
    assert "この取り込みを元に戻す</button>" in page and "盛岡 一郎" in page and "岩手 花子" not in page
    mark = audit_mark()
    response = client.post(f"/events/{event.pk}/participants/import/{second}/undo/")
    assert response.url == f"/events/{event.pk}/participants/"
    assert sorted(event.registrations.values_list("name", flat=True)) == ["岩手 花子", "手入力 さん"]
    assert actions_since(mark) == ["events.roster_import_undone"]
    assert client.get(f"/events/{event.pk}/participants/import/{second}/").status_code == 404
    # Once one of the import's people attended, or was put in a group, the import stays.
    hanako = event.registrations.get(import_batch=first)
    hanako.attended = True
    hanako.save()
    response = client.post(f"/events/{event.pk}/participants/import/{first}/undo/", follow=True)
    assert "1人に、出席またはグループが記録されているため、元に戻せません" in response.content.decode()
    hanako.attended = False
    hanako.group = EventGroup.objects.create(event=event, number=1)
    hanako.save()
    with pytest.raises(roster_import.RosterImportError):
        roster_import.undo(event, first, actor=actor)
    assert event.registrations.count() == 2 and kept.pk in event.registrations.values_list("pk", flat=True)
    with pytest.raises(roster_import.RosterImportError, match="見つかりません"):
        roster_import.undo(event, "", actor=actor)


def test_pages_and_template_of_another_prefecture_or_batch_answer_404(rw: dict[str, Any]) -> None:
    client, other = rw["client"], rw["elsewhere"]
    assert client.get(f"/events/{other.pk}/participants/import/").status_code == 404
    assert (
        client.get(f"/events/{rw['event'].pk}/participants/import/20261207-1000-abcdef/").status_code == 404
    )
    response = client.get("/events/participants/import-template/")
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    assert [c.value for c in workbook["参加者名簿"][1]] == [
        "氏名",
        "ふりがな",
        "市町村",
        "所属",
        "区分",
        "職種",
        "メールアドレス",
    ]
    assert workbook["参加者名簿"].max_row == 1  # no example row to import by mistake
    assert [c.value for c in workbook["選択肢"]["B"] if c.value][1:] == ["テスト市", "となり町", "盛岡市"]


def test_the_template_filled_in_imports() -> None:
    content = template_xlsx(["テスト市"])
    table = read_table("t.xlsx", content)
    assert table == [["氏名", "ふりがな", "市町村", "所属", "区分", "職種", "メールアドレス"]]
