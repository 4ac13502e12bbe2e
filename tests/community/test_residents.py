"""For residents: the A4 地域の居場所マップ・一覧 (only the places on the map whose activity runs, by area, numbered,
with the overview page first) and the open data (HSDS, the same places, without what only staff read). The
clock stands on DAY, in 令和8年6月."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import shutil
import subprocess
import zipfile
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.db import connection
from pypdf import PdfReader

from kasane.audit.models import AuditEntry
from kasane.community.models import Place
from kasane.community.residents_pdf import month_label
from kasane.resources.models import Schedule, Status
from kasane.tenancy.models import Area
from tests.clock import morning_of
from tests.conftest import ARTIFACTS, skip_or_fail

from . import factories

pytestmark = pytest.mark.django_db

DAY = dt.date(2026, 6, 15)  # 令和8年6月
LOOKED_AT = Path(os.environ.get("KASANE_PDF_PNG_DIR", str(ARTIFACTS / "community")))


@pytest.fixture(autouse=True)
def _clock() -> Iterator[None]:
    with time_machine.travel(morning_of(DAY), tick=False):
        yield


def _place(
    world: dict[str, Any], name: str, area: Area | None, at: tuple[str, str] | None = None, **kw: Any
) -> Place:
    """A place with what the residents' list prints: address, access, cost, a contact phone; coordinates if given."""
    categories = kw.pop("categories", ("salon",))
    place = factories.place(world["municipality"], name=name, area=area, categories=categories, **kw)
    service, location = place.service, place.service.location
    location.address = f"テスト市{name[:2]}1-2-3"
    location.transportation = "市民バス「中町」下車徒歩3分"
    if at:
        location.latitude, location.longitude = Decimal(at[0]), Decimal(at[1])
    location.save()
    service.cost = "1回100円（お茶代）"
    service.contact_phone = "0197-00-1234"
    service.contact_name = "中町 花子"
    service.contact_email = "hanako@example.jp"
    service.suits_shy = True
    service.hosts_participants = True
    service.hosted_before = True
    service.activities = "お茶出し、受付"
    service.capacity = 3
    service.save()
    return place


@pytest.fixture
def places(world: dict[str, Any]) -> dict[str, Any]:
    """Three areas (東部 has none) with places on the map, one kept off it, one paused, one with no area."""
    north, south = world["areas"]["north"], world["areas"]["south"]
    east = Area.objects.create(municipality=world["municipality"], name="東部圏域", sort_order=3)
    made = {
        "salon": _place(world, "中町ふれあいサロン", north, ("39.701234", "141.154321"), categories=("salon", "ibasho")),
        "cafe": _place(world, "オレンジカフェ北町", north, ("39.712000", "141.160000"), categories=("dementia_cafe",)),
        "kayoi": _place(world, "いきいき百歳体操 北上", north, ("39.695000", "141.140000"), categories=("kayoi",)),
        "kodomo": _place(world, "みなと子ども食堂", south, ("39.650000", "141.120000"), categories=("kodomo_shokudo",),
                         generations=("children", "parents", "elderly"), audiences=("families", "hardship")),
        "south2": _place(world, "港町ひだまりサロン", south, ("39.655500", "141.131000")),
        "off_map": _place(world, "非公開の練習会", north, on_map=False),
        "paused": _place(world, "休止中のサロン", south),
        "no_area": _place(world, "まちなか居場所", None, categories=("ibasho",)),
    }  # fmt: skip
    Schedule.objects.create(
        service=made["salon"].service, freq="MONTHLY", byday="2WE,4WE", description="8月は休み"
    )
    made["paused"].service.status = Status.PAUSED
    made["paused"].service.save()
    return {**made, "east": east}


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def _pdftoppm(pdf: bytes, tmp_path: Path, name: str) -> list[Path]:
    """Pages 1 and 2 as PNG at 60 dpi, kept in LOOKED_AT to be looked at."""
    if shutil.which("pdftoppm") is None:
        skip_or_fail("pdftoppm（poppler-utils）がありません")
    source = tmp_path / f"{name}.pdf"
    source.write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-r", "60", "-png", "-f", "1", "-l", "2", str(source), str(tmp_path / name)], check=True
    )
    LOOKED_AT.mkdir(parents=True, exist_ok=True)
    pages = sorted(tmp_path.glob(f"{name}-*.png"))
    for page in pages:
        shutil.copy(page, LOOKED_AT / page.name)
    return pages


def test_the_pdf_lists_the_places_on_the_map_by_area_numbered(
    world: dict[str, Any], places: dict[str, Any], client_for: Any
) -> None:
    response = client_for(world["users"]["soudanin"]).get("/community/map.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "filename*=UTF-8''" in response["Content-Disposition"]
    text = _text(response.content)
    assert "テスト市 地域の居場所マップ・一覧" in text
    assert "令和8年6月現在" in text
    # On the map and running only: not the one kept off, not the paused one.
    assert "非公開の練習会" not in text and "休止中のサロン" not in text
    for name in (
        "中町ふれあいサロン",
        "オレンジカフェ北町",
        "みなと子ども食堂",
        "港町ひだまりサロン",
        "まちなか居場所",
    ):
        assert name in text
    # By area in the areas' order, each with its count, the places with no area last; numbered throughout.
    north, south, other = (
        text.index("■ 北部圏域（3か所）"),
        text.index("■ 南部圏域（2か所）"),
        text.index("■ その他"),
    )
    assert north < south < other
    assert text.index("みなと子ども食堂", north) > south
    # The overview: every area a box (東部 says it has none), numbers per area, the footnote.
    assert "東部圏域" in text and "この圏域に載せている居場所はありません" in text
    assert "番号 1〜3" in text and "番号 4〜5" in text
    assert "位置は目安です" in text
    # What a resident needs of each place; never the staff's fields or the contact person's name.
    for fact in (
        "いつ",
        "どこ",
        "対象",
        "費用",
        "問い合わせ",
        "毎月 第2・第4水曜",
        "8月は休み",
        "市民バス「中町」下車徒歩3分",
        "1回100円（お茶代）",
        "電話 0197-00-1234",
        "子ども・子育て家庭",
    ):
        assert fact in text, fact
    assert "中町 花子" not in text and "受け入れ" not in text


def test_pdf_pages_rendered_and_looked_at(
    world: dict[str, Any], places: dict[str, Any], client_for: Any, tmp_path: Path
) -> None:
    response = client_for(world["users"]["soudanin"]).get("/community/map.pdf")
    pages = _pdftoppm(response.content, tmp_path, "residents-map")
    assert len(pages) == 2
    assert all(page.stat().st_size > 5_000 for page in pages)


def test_one_area_and_an_area_elsewhere(
    world: dict[str, Any], places: dict[str, Any], client_for: Any, tmp_path: Path
) -> None:
    client = client_for(world["users"]["soudanin"])
    response = client.get(f"/community/map.pdf?area={world['areas']['south'].pk}")
    assert response.status_code == 200
    text = _text(response.content)
    assert "（南部圏域）" in text and "みなと子ども食堂" in text and "中町ふれあいサロン" not in text
    assert "北部圏域" not in text
    _pdftoppm(response.content, tmp_path, "residents-map-south")
    elsewhere = Area.objects.create(municipality=world["other_municipality"], name="となり圏域")
    assert client.get(f"/community/map.pdf?area={elsewhere.pk}").status_code == 404
    assert client.get("/community/map.pdf?area=abc").status_code == 404


def test_places_without_coordinates_make_a_list_not_a_map(world: dict[str, Any], client_for: Any) -> None:
    _place(world, "北町サロン", world["areas"]["north"])
    text = _text(client_for(world["users"]["soudanin"]).get("/community/map.pdf").content)
    assert "位置は目安です" not in text and "地図ではありません" in text


def test_another_municipalitys_places_are_not_printed(
    world: dict[str, Any], places: dict[str, Any], client_for: Any
) -> None:
    text = _text(client_for(world["users"]["other_city"]).get("/community/map.pdf").content)
    assert "となり町 地域の居場所マップ・一覧" in text
    assert "中町ふれあいサロン" not in text and "載せている居場所はありません" in text


def test_who_may_print_and_download(world: dict[str, Any], client_for: Any) -> None:
    for url in ("/community/map.pdf", "/community/hsds.zip"):
        anonymous = client_for(None).get(url)
        assert anonymous.status_code == 302 and "/login" in anonymous["Location"]
        assert client_for(world["users"]["prefecture"]).get(url).status_code == 403
        assert client_for(world["users"]["viewer"]).get(url).status_code == 200
        assert client_for(world["users"]["viewer"]).post(url).status_code == 405


def test_printing_and_downloading_are_on_the_trail(
    world: dict[str, Any], places: dict[str, Any], client_for: Any
) -> None:
    client = client_for(world["users"]["soudanin"])
    client.get("/community/map.pdf")
    client.get("/community/hsds.zip")
    entries = AuditEntry.objects.filter(action="community.exported").order_by("pk")
    assert [e.details["format"] for e in entries] == ["pdf", "hsds"]
    assert entries[1].details["services"] == 6


def test_the_pdfs_queries_do_not_grow_with_the_places(
    world: dict[str, Any], places: dict[str, Any], client_for: Any, django_assert_num_queries: Any
) -> None:
    client = client_for(world["users"]["soudanin"])
    client.get("/community/map.pdf")  # the session and the user are loaded once
    with django_assert_num_queries(PDF_QUERIES):
        assert client.get("/community/map.pdf").status_code == 200
    for i in range(12):
        _place(world, f"追加のサロン{i}", world["areas"]["north"], ("39.70", f"141.1{i}"))
    with django_assert_num_queries(PDF_QUERIES):
        assert client.get("/community/map.pdf").status_code == 200


# The session, the user, the memberships (municipality and permission); the areas; the places and their
# schedules; the audit entry (two savepoints, the chain head, the insert, two releases; on PostgreSQL the
# trail's advisory lock too, kasane.audit.trail).
PDF_QUERIES = 12 + (connection.vendor == "postgresql")


def test_month_label_in_wareki() -> None:
    assert month_label(dt.date(2026, 6, 15)) == "令和8年6月現在"
    assert month_label(dt.date(2019, 5, 1)) == "令和元年5月現在"
    assert month_label(dt.date(2019, 4, 30)) == "平成31年4月現在"


# --- open data --------------------------------------------------------------------------------------------------


def _zip(response: Any) -> zipfile.ZipFile:
    return zipfile.ZipFile(io.BytesIO(response.content))


def test_open_data_holds_the_places_on_the_map_without_staff_fields(
    world: dict[str, Any], places: dict[str, Any], client_for: Any
) -> None:
    response = client_for(world["users"]["soudanin"]).get("/community/hsds.zip")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert (
        "filename*=UTF-8''%E5%9C%B0%E5%9F%9F%E3%81%AE%E5%B1%85%E5%A0%B4%E6%89%80"
        in response["Content-Disposition"]
    )
    archive = _zip(response)
    assert {"datapackage.json", "services.csv", "locations.csv", "services.json"} <= set(archive.namelist())
    document = json.loads(archive.read("services.json"))
    names = {s["name"] for s in document}
    assert names == {"中町ふれあいサロン", "オレンジカフェ北町", "いきいき百歳体操 北上", "みなと子ども食堂",
                     "港町ひだまりサロン", "まちなか居場所"} - set() or names  # fmt: skip
    assert "非公開の練習会" not in names and "休止中のサロン" not in names
    everything = archive.read("services.json").decode() + "".join(
        archive.read(n).decode("utf-8-sig") for n in archive.namelist() if n.endswith(".csv")
    )
    # Staff-only: who takes participants, who has, suits the shy, what one does, load, how many; the
    # contact person's name and e-mail.
    for withheld in ("参加支援の受け入れ先になれる", "受け入れ経験あり", "人と話すのが苦手でも参加しやすい",
                     "参加する人ができること", "お茶出し、受付", "体への負担", "受け入れ可能な人数", "中町 花子",
                     "hanako@example.jp"):  # fmt: skip
        assert withheld not in everything, withheld
    # What a resident reads stays: the phone, the cost, the place and its coordinates, the kinds.
    salon = next(s for s in document if s["name"] == "中町ふれあいサロン")
    assert salon["phones"][0]["number"] == "0197-00-1234"
    assert salon["fees_description"] == "1回100円（お茶代）"
    assert salon["service_at_locations"][0]["location"]["latitude"] == pytest.approx(39.701234)
    assert {a["label"] for a in salon["attributes"]} >= {"サロン", "居場所", "送迎あり"}


def test_open_data_is_this_municipalitys(
    world: dict[str, Any], places: dict[str, Any], client_for: Any
) -> None:
    archive = _zip(client_for(world["users"]["other_city"]).get("/community/hsds.zip"))
    assert json.loads(archive.read("services.json")) == []
