"""市町村一覧の取り込み: the preview shows every change and writes nothing; renames and codes that do not match
the name on record wait for the officer's tick; errors are reported by line, in every file format."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from kasane.audit.actor import Actor
from kasane.audit.models import AuditEntry
from kasane.readiness import import_batches, importer
from kasane.readiness.models import Block, ImportBatch, MunicipalityProfile, ReadinessRating, Region
from kasane.readiness.services import new_sheet
from kasane.tenancy.models import Municipality, Prefecture

pytestmark = pytest.mark.django_db

HEADER = "市町村コード,市町村名,ふりがな,振興局,ブロック,人口,面積,実施状況,実施年度\n"


def _csv(text: str, encoding: str = "utf-8-sig") -> SimpleUploadedFile:
    return SimpleUploadedFile("municipalities.csv", text.encode(encoding), content_type="text/csv")


def _xlsx(rows: list[list[Any]]) -> SimpleUploadedFile:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("一覧.xlsx", buffer.getvalue())


def _town(
    prefecture: Prefecture, code: str, name: str, *, block: str, region: str, **extra: Any
) -> Municipality:
    municipality = Municipality.objects.create(
        prefecture=prefecture, code=code, name=name, population=extra.pop("population", 4300)
    )
    MunicipalityProfile.objects.create(
        municipality=municipality,
        block=Block.objects.get_or_create(prefecture=prefecture, name=block)[0],
        region=Region.objects.get_or_create(prefecture=prefecture, name=region)[0],
        bureau=region,
        name_kana=extra.pop("kana", ""),
        status=extra.pop("status", "implementing"),
        status_year=extra.pop("status_year", 2021),
    )
    return municipality


def _rate(municipality: Municipality, user: Any) -> ReadinessRating:
    return ReadinessRating.objects.create(
        municipality=municipality,
        item="situation",
        stage=2,
        evidence="アセスメントシートを3者で作成した。",
        rated_on=dt.date(2025, 6, 1),
        rated_by=user,
    )


@pytest.fixture
def hokkaido(world: dict[str, Any]) -> dict[str, Any]:
    """北海道 with 津別町 (rated, with a sheet) and 音威子府村, and the officer acting for it."""
    prefecture = Prefecture.objects.create(code="01", name="北海道")
    ken = world["users"]["prefecture"]
    tsubetsu = _town(prefecture, "015440", "津別町", block="道東", region="オホーツク", kana="つべつちょう")
    otoineppu = _town(prefecture, "014630", "音威子府村", block="道北", region="上川", population=700)
    rating = _rate(tsubetsu, ken)
    sheet = new_sheet(tsubetsu, ken, dt.date(2025, 5, 1))
    actor = Actor(user=ken, prefecture=prefecture)
    return {
        "prefecture": prefecture,
        "actor": actor,
        "tsubetsu": tsubetsu,
        "otoineppu": otoineppu,
        "rating": rating,
        "sheet": sheet,
    }


def _start(h: dict[str, Any], body: str, *, listed: list[str] | None = None) -> Any:
    parsed = importer.parse(importer.read_table("一覧.csv", (HEADER + body).encode()))
    return import_batches.start(
        prefecture=h["prefecture"],
        filename="一覧.csv",
        parsed=parsed,
        listed_regions=listed or [],
        actor=h["actor"],
    )


def test_two_wrong_codes_do_not_turn_tsubetsu_into_otoineppu(hokkaido: dict[str, Any]) -> None:
    """The reported case: the two towns' codes swapped in the file. Both rows are flagged; unticked, nothing moves."""
    preview, batch = _start(
        hokkaido,
        "01544,音威子府村,おといねっぷむら,上川,道北,700,,実施中,R3\n"
        "01463,津別町,つべつちょう,オホーツク,道東,4300,,実施中,R3\n",
    )
    assert batch is not None and [r["kind"] for r in preview.rows] == ["update", "update"]
    first = preview.rows[0]
    assert (
        first["rename"]
        and first["flags"][0] == "名称が変わります：市町村コード「015440」は登録上「津別町」です。"
    )
    assert (
        "「音威子府村」は市町村コード「014630」で登録されています。コードの誤りではありませんか。"
        in first["flags"]
    )
    assert ["市町村名", "津別町", "音威子府村"] in first["diffs"]
    assert Municipality.objects.get(code="015440").name == "津別町"  # the preview wrote nothing
    applied = import_batches.apply(batch, confirmed=set(), actor=hokkaido["actor"])
    assert (applied.counts["applied_updated"], applied.counts["skipped"], applied.changes) == (0, 2, [])
    tsubetsu = Municipality.objects.get(code="015440")
    assert (
        tsubetsu.name == "津別町"
        and str(tsubetsu.profile.block) == "道東"
        and str(tsubetsu.profile.region) == "オホーツク"
    )
    assert ReadinessRating.objects.get().municipality.name == "津別町"
    assert tsubetsu.readiness_sheets.get() == hokkaido["sheet"]


def test_a_rename_without_the_tick_is_not_applied_and_with_it_is(hokkaido: dict[str, Any]) -> None:
    body = "01544,津別町,,オホーツク,道東,4200,,実施中,R3\n01463,おといねっぷ村,,上川,道北,700,,実施中,R3\n"
    _preview, batch = _start(hokkaido, body)
    applied = import_batches.apply(batch, confirmed=set(), actor=hokkaido["actor"])
    assert Municipality.objects.get(code="014630").name == "音威子府村"
    assert Municipality.objects.get(code="015440").population == 4200  # the unflagged row went in
    assert applied.counts["skipped"] == 1 and applied.counts["applied_updated"] == 1
    _preview, batch = _start(hokkaido, body)
    applied = import_batches.apply(batch, confirmed={"014630"}, actor=hokkaido["actor"])
    assert Municipality.objects.get(code="014630").name == "おといねっぷ村"
    assert applied.counts["applied_renamed"] == 1 and applied.counts["skipped"] == 0


def test_a_new_code_carrying_a_registered_name_is_flagged(hokkaido: dict[str, Any]) -> None:
    preview, batch = _start(hokkaido, "01543,津別町,,オホーツク,道東,4300,,実施中,R3\n")
    row = preview.rows[0]
    assert (
        row["kind"] == "new" and "「津別町」は市町村コード「015440」で登録されています。" in row["flags"][0]
    )
    import_batches.apply(batch, confirmed=set(), actor=hokkaido["actor"])
    assert not Municipality.objects.filter(code="015431").exists()


def test_the_preview_lists_each_field_old_and_new(hokkaido: dict[str, Any]) -> None:
    preview, _batch = _start(
        hokkaido,
        "01544,津別町,つべつちょう,オホーツク,道北,4100,716.80,移行準備事業,R6\n"
        "01463,音威子府村,,上川,道北,700,,実施中,2021\n",
    )
    update, unchanged = preview.rows
    assert update["kind"] == "update" and not update["flags"] and not update["rename"]
    assert update["diffs"] == [
        ["ブロック", "道東", "道北"],
        ["実施状況", "実施中", "移行準備事業"],
        ["実施（予定）年度", "令和3年度（2021年度）", "令和6年度（2024年度）"],
        ["人口", "4,300人", "4,100人"],
        ["面積", "（空欄）", "716.80㎢"],
    ]
    assert unchanged["kind"] == "unchanged"
    assert preview.counts() == {
        "new": 0,
        "updated": 1,
        "renamed": 0,
        "unchanged": 1,
        "errors": 0,
        "flagged": 0,
    }


def test_a_column_the_file_lacks_leaves_that_field_alone(hokkaido: dict[str, Any]) -> None:
    parsed = importer.parse(
        importer.read_table("一覧.csv", "市町村コード,市町村名,実施状況\n01544,津別町,実施中\n".encode())
    )
    preview, batch = import_batches.start(
        prefecture=hokkaido["prefecture"],
        filename="a.csv",
        parsed=parsed,
        listed_regions=[],
        actor=hokkaido["actor"],
    )
    assert preview.rows[0]["kind"] == "unchanged" and batch is not None


def test_regions_are_set_by_name_and_an_unknown_one_is_an_error_unless_listed(
    hokkaido: dict[str, Any],
) -> None:
    body = "01544,津別町,,オホーツク総合振興局,道東,4300,,実施中,R3\n"
    preview, batch = _start(hokkaido, body)
    assert batch is None and preview.rows[0]["kind"] == "error" and preview.rows[0]["line"] == 2
    assert "振興局「オホーツク総合振興局」は登録されていません" in preview.rows[0]["message"]
    preview, batch = _start(hokkaido, body, listed=["オホーツク総合振興局"])
    assert ["振興局", "オホーツク", "オホーツク総合振興局（新しく登録）"] in preview.rows[0]["diffs"]
    import_batches.apply(batch, confirmed=set(), actor=hokkaido["actor"])
    profile = MunicipalityProfile.objects.get(municipality__code="015440")
    assert str(profile.region) == "オホーツク総合振興局" and profile.bureau == "オホーツク総合振興局"


def test_a_code_of_another_prefecture_is_refused(hokkaido: dict[str, Any]) -> None:
    preview, batch = _start(hokkaido, "03201,盛岡市,,,道央,280000,,実施中,R3\n")
    assert batch is None
    assert preview.rows[0]["message"] == (
        "市町村コード「032018」は北海道の市町村のコードではありません（北海道のコードは「01」で始まります）。"
    )


def test_apply_refuses_when_a_record_changed_after_the_preview(hokkaido: dict[str, Any]) -> None:
    _preview, batch = _start(
        hokkaido,
        "01544,津別町,,オホーツク,道北,4100,,実施中,R3\n01543,美幌町,,オホーツク,道東,19000,,検討中,\n",
    )
    MunicipalityProfile.objects.filter(municipality__code="015440").update(status="preparing")
    with pytest.raises(
        import_batches.ImportRefused, match="プレビューの後に、津別町の登録内容が変わりました"
    ):
        import_batches.apply(batch, confirmed=set(), actor=hokkaido["actor"])
    assert not Municipality.objects.filter(code="015431").exists()  # nothing half-written
    assert ImportBatch.objects.get().state == "pending"
    assert not AuditEntry.objects.filter(action="readiness.imported").exists()


# --- through the pages (岩手県, the world's prefecture) ---


@pytest.fixture
def iwate(world: dict[str, Any], prefecture: Prefecture) -> dict[str, Any]:
    morioka = _town(prefecture, "032018", "盛岡市", block="県央", region="盛岡", population=280_000)
    miyako = _town(prefecture, "032026", "宮古市", block="沿岸", region="宮古", population=48_000)
    _rate(morioka, world["users"]["prefecture"])
    return {"client": None, "morioka": morioka, "miyako": miyako, "user": world["users"]["prefecture"]}


def test_the_screen_counts_say_what_would_happen_and_the_tick_applies_the_flagged_row(
    iwate: dict[str, Any], client_for: Any
) -> None:
    client = client_for(iwate["user"])
    body = HEADER + (
        "03201,宮古市,,宮古,沿岸,48000,,実施中,R3\n"  # 盛岡市's code with 宮古市's name
        "03202,宮古市役所,,宮古,沿岸,48000,,実施中,R3\n"  # a typo: rename
        "03203,大船渡市,おおふなとし,,沿岸,34000,,検討中,\n"  # new
    )
    response = client.post(reverse("readiness:import"), {"file": _csv(body, "cp932")})
    assert response.status_code == 200 or response.status_code == 302
    html = client.get(response["Location"]).content.decode()
    assert "新規 1件・更新 2件（うち名称変更 2件）・変更なし 0件・エラー 0件" in html
    assert "確認が必要な行（2件）" in html and html.count('name="confirm"') == 2
    assert Municipality.objects.get(code="032018").name == "盛岡市"
    batch = ImportBatch.objects.get()
    response = client.post(
        reverse("readiness:import_apply", args=[batch.pk]), {"confirm": ["032026"]}, follow=True
    )
    html = response.content.decode()
    assert (
        "反映しました。新規 1件・更新 1件（うち名称変更 1件）・変更なし 0件。確認のチェックがなかった1件は反映していません。"
        in html
    )
    assert Municipality.objects.get(code="032018").name == "盛岡市"
    assert Municipality.objects.get(code="032026").name == "宮古市役所"
    assert AuditEntry.objects.filter(action="readiness.imported").count() == 1
    response = client.post(
        reverse("readiness:import_apply", args=[batch.pk]), {"confirm": ["032018"]}, follow=True
    )
    assert "すでに反映されています" in response.content.decode()
    assert Municipality.objects.get(code="032018").name == "盛岡市"


@pytest.mark.parametrize("fmt", ["utf-8", "cp932", "xlsx"])
def test_errors_by_line_in_every_format_and_nothing_written(
    fmt: str, iwate: dict[str, Any], client_for: Any
) -> None:
    rows = [
        ["市町村コード", "市町村名", "振興局", "ブロック", "人口", "実施状況", "実施年度"],
        ["03201", "盛岡市", "盛岡", "県北", "290000", "実施中", "R3"],  # 2: fine (an update)
        ["032030", "大船渡市", "", "沿岸", "34000", "検討中", ""],  # 3: wrong check digit
        ["01544", "津別町", "", "道東", "4300", "実施中", "R3"],  # 4: another prefecture's code
        ["03205", "花巻市", "花巻", "県央", "93000", "実施中", "R3"],  # 5: unknown region
        ["03206", "北上市", "", "県南", "九万", "実施中", "R3"],  # 6: population
    ]
    text = "\n".join(",".join(r) for r in rows) + "\n"
    upload = _xlsx(rows) if fmt == "xlsx" else _csv(text, fmt)
    response = client_for(iwate["user"]).post(reverse("readiness:import"), {"file": upload})
    html = response.content.decode()
    assert response.status_code == 200 and "反映できません（エラー 4件）" in html
    assert "新規 0件・更新 1件（うち名称変更 0件）・変更なし 0件・エラー 4件" in html
    for line, text in (
        (3, "検査数字が正しくありません"),
        (4, "岩手県の市町村のコードではありません"),
        (5, "振興局「花巻」は登録されていません"),
        (6, "人口「九万」は数字で入力してください"),
    ):
        assert f"{line}行目" in html and text in html
    assert not ImportBatch.objects.exists() and not Block.objects.filter(name="県北").exists()
    assert Municipality.objects.get(code="032018").population == 280_000


def test_a_duplicate_name_and_an_overlong_one_are_errors() -> None:
    result = importer.parse(
        importer.read_table(
            "a.csv",
            (
                HEADER
                + "03201,盛岡市,,,,1,,実施中,R3\n03202,盛岡市,,,,1,,実施中,R3\n03203,"
                + "あ" * 41
                + ",,,,1,,実施中,R3\n"
            ).encode(),
        )
    )
    assert result.errors == [
        (3, "市町村名「盛岡市」が2行目と重複しています。"),
        (4, f"市町村名「{'あ' * 41}」は長すぎます（40文字まで）。"),
    ]


def test_a_pending_batch_of_another_prefecture_answers_404(iwate: dict[str, Any], client_for: Any) -> None:
    other = Prefecture.objects.create(code="01", name="北海道")
    batch = ImportBatch.objects.create(
        prefecture=other,
        filename="x.csv",
        uploaded_by=iwate["user"],
        uploaded_at=dt.datetime(2026, 4, 1, tzinfo=dt.UTC),
    )
    client = client_for(iwate["user"])
    assert client.get(reverse("readiness:import_batch", args=[batch.pk])).status_code == 404
    assert client.post(reverse("readiness:import_apply", args=[batch.pk])).status_code == 404
