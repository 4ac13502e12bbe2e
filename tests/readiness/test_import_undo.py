"""市町村一覧の取り込みを元に戻す: the previous state of every row comes back exactly, the latest batch only, and
never over a change made since."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from kasane.audit.actor import Actor
from kasane.audit.models import AuditEntry
from kasane.readiness import import_batches, importer
from kasane.readiness.import_preview import snapshot
from kasane.readiness.models import Block, ImportBatch, MunicipalityProfile, ReadinessRating, Region
from kasane.readiness.services import new_sheet
from kasane.tenancy.models import Municipality, Prefecture

pytestmark = pytest.mark.django_db

HEADER = "市町村コード,市町村名,ふりがな,振興局,ブロック,人口,面積,実施状況,実施年度\n"
# 津別町 renamed, moved to another block and region, status, year, population, area and kana changed; a new
# town in a new block and a new (listed) region; 美幌町's profile is created (it had none).
BODY = (
    "01544,つべつ町,ツベツ,上川,道北,4100,716.80,移行準備事業,R6\n"
    "01545,斜里町,しゃりちょう,知床,道東北,11000,737.13,検討中,\n"
    "01543,美幌町,びほろちょう,オホーツク,道東,19000,,実施予定,R8\n"
)


@pytest.fixture
def h(world: dict[str, Any]) -> dict[str, Any]:
    prefecture = Prefecture.objects.create(code="01", name="北海道")
    ken = world["users"]["prefecture"]
    east = Block.objects.create(prefecture=prefecture, name="道東", sort_order=1)
    north = Block.objects.create(prefecture=prefecture, name="道北", sort_order=2)
    okhotsk = Region.objects.create(prefecture=prefecture, name="オホーツク", sort_order=1)
    Region.objects.create(prefecture=prefecture, name="上川", sort_order=2)
    tsubetsu = Municipality.objects.create(
        prefecture=prefecture, code="015440", name="津別町", population=4300
    )
    MunicipalityProfile.objects.create(
        municipality=tsubetsu,
        block=east,
        region=okhotsk,
        bureau="オホーツク総合振興局",  # the old text, kept exactly even though it differs from the region's name
        name_kana="つべつちょう",
        status="implementing",
        status_year=2021,
    )
    bihoro = Municipality.objects.create(prefecture=prefecture, code="015431", name="美幌町", population=None)
    otoineppu = Municipality.objects.create(prefecture=prefecture, code="014630", name="音威子府村")
    MunicipalityProfile.objects.create(municipality=otoineppu, block=north, status="considering")
    rating = ReadinessRating.objects.create(
        municipality=tsubetsu,
        item="situation",
        stage=2,
        evidence="アセスメントシートを3者で作成した。",
        rated_on=dt.date(2025, 6, 1),
        rated_by=ken,
    )
    new_sheet(tsubetsu, ken, dt.date(2025, 5, 1))
    return {
        "prefecture": prefecture,
        "actor": Actor(user=ken, prefecture=prefecture),
        "user": ken,
        "tsubetsu": tsubetsu,
        "bihoro": bihoro,
        "rating": rating,
    }


def _apply(h: dict[str, Any], body: str = BODY, confirmed: set[str] | None = None) -> ImportBatch:
    parsed = importer.parse(importer.read_table("一覧.csv", (HEADER + body).encode()))
    _preview, batch = import_batches.start(
        prefecture=h["prefecture"],
        filename="一覧.csv",
        parsed=parsed,
        listed_regions=["知床"],
        actor=h["actor"],
    )
    assert batch is not None
    return import_batches.apply(batch, confirmed=confirmed or {"015440"}, actor=h["actor"])


def _states(*municipalities: Municipality) -> list[dict[str, Any]]:
    return [
        snapshot(Municipality.objects.select_related("profile__block").get(pk=m.pk)) for m in municipalities
    ]


def test_undo_restores_every_row_exactly(h: dict[str, Any]) -> None:
    before = _states(h["tsubetsu"], h["bihoro"])
    batch = _apply(h)
    tsubetsu = Municipality.objects.get(pk=h["tsubetsu"].pk)
    assert (
        tsubetsu.name == "つべつ町"
        and str(tsubetsu.profile.block) == "道北"
        and tsubetsu.profile.bureau == "上川"
    )
    assert (
        Municipality.objects.filter(code="015458").exists() and Block.objects.filter(name="道東北").exists()
    )
    assert batch.counts["applied_new"] == 1 and batch.counts["applied_renamed"] == 1
    import_batches.undo(batch, actor=h["actor"])
    assert _states(h["tsubetsu"], h["bihoro"]) == before
    tsubetsu = Municipality.objects.select_related("profile__block", "profile__region").get(
        pk=h["tsubetsu"].pk
    )
    assert (tsubetsu.name, str(tsubetsu.profile.block), str(tsubetsu.profile.region)) == (
        "津別町",
        "道東",
        "オホーツク",
    )
    assert (tsubetsu.profile.status, tsubetsu.profile.status_year, tsubetsu.profile.bureau) == (
        "implementing",
        2021,
        "オホーツク総合振興局",
    )
    assert ReadinessRating.objects.get(pk=h["rating"].pk).municipality == tsubetsu
    assert tsubetsu.readiness_sheets.count() == 1
    assert not MunicipalityProfile.objects.filter(municipality=h["bihoro"]).exists()
    assert not Municipality.objects.filter(code="015458").exists()
    assert (
        not Block.objects.filter(name="道東北").exists() and not Region.objects.filter(name="知床").exists()
    )
    assert ImportBatch.objects.get().state == "undone"
    assert list(
        AuditEntry.objects.filter(action__startswith="readiness.import")
        .order_by("pk")
        .values_list("action", flat=True)
    ) == [
        "readiness.import_previewed",
        "readiness.imported",
        "readiness.import_undone",
    ]


def test_undo_is_refused_when_a_row_was_changed_since(h: dict[str, Any]) -> None:
    batch = _apply(h)
    MunicipalityProfile.objects.filter(municipality=h["tsubetsu"]).update(status="implementing")
    with pytest.raises(import_batches.ImportRefused, match="この取り込みの後に、つべつ町の登録内容"):
        import_batches.undo(batch, actor=h["actor"])
    assert Municipality.objects.get(pk=h["tsubetsu"].pk).name == "つべつ町"  # nothing half-undone
    assert Municipality.objects.filter(code="015458").exists()
    assert ImportBatch.objects.get().state == "applied"


def test_a_record_on_a_town_the_import_created_blocks_undo(h: dict[str, Any]) -> None:
    batch = _apply(h)
    new_sheet(Municipality.objects.get(code="015458"), h["user"], dt.date(2026, 5, 1))
    with pytest.raises(
        import_batches.ImportRefused, match="新しく登録した斜里町に、その後シート・評価などの記録"
    ):
        import_batches.undo(batch, actor=h["actor"])
    assert Municipality.objects.get(pk=h["tsubetsu"].pk).name == "つべつ町"


def test_a_rating_added_since_does_not_block_undo_and_stays_with_its_town(h: dict[str, Any]) -> None:
    batch = _apply(h)
    ReadinessRating.objects.create(
        municipality=h["tsubetsu"],
        item="internal",
        stage=1,
        evidence="勉強会",
        rated_on=dt.date(2026, 5, 2),
        rated_by=h["user"],
    )
    import_batches.undo(batch, actor=h["actor"])
    assert ReadinessRating.objects.filter(municipality__name="津別町").count() == 2


def test_only_the_latest_applied_batch_can_be_undone(h: dict[str, Any]) -> None:
    first = _apply(h)
    second = _apply(h, "01463,音威子府村,,上川,道北,650,,検討中,\n")
    with pytest.raises(import_batches.ImportRefused, match="最後に反映した取り込み"):
        import_batches.undo(first, actor=h["actor"])
    import_batches.undo(second, actor=h["actor"])
    import_batches.undo(first, actor=h["actor"])  # now the latest not yet undone
    assert Municipality.objects.get(pk=h["tsubetsu"].pk).name == "津別町"
    with pytest.raises(import_batches.ImportRefused):
        import_batches.undo(first, actor=h["actor"])


def test_history_page_offers_undo_for_the_latest_only(
    world: dict[str, Any], prefecture: Prefecture, client_for: Any
) -> None:
    user = world["users"]["prefecture"]
    client = client_for(user)
    Block.objects.create(prefecture=prefecture, name="県央")
    for population in ("280000", "281000"):
        body = HEADER + f"03201,盛岡市,,,県央,{population},,実施中,R3\n"
        upload = {"file": _upload(body)}
        location = client.post(reverse("readiness:import"), upload)["Location"]
        batch_id = int(location.rstrip("/").split("/")[-1])
        client.post(reverse("readiness:import_apply", args=[batch_id]))
    html = client.get(reverse("readiness:import_history")).content.decode()
    assert html.count(">元に戻す</button>") == 1
    assert "新規 0件・更新 1件（うち名称変更 0件）・変更なし 0件・エラー 0件" in html
    latest = ImportBatch.objects.filter(state="applied").order_by("-applied_at", "-pk")[0]
    response = client.post(reverse("readiness:import_undo", args=[latest.pk]), follow=True)
    assert "取り込みを元に戻しました" in response.content.decode()
    assert Municipality.objects.get(code="032018").population == 280_000
    assert client.get(reverse("readiness:import_undo", args=[latest.pk])).status_code == 405


def _upload(body: str) -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("一覧.csv", body.encode("utf-8"), content_type="text/csv")
