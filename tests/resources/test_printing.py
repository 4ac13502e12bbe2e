"""社会資源一覧, the A4 list staff print: grouped by kind, each activity once, in Japanese text a reader can
search, with the day it was made in 和暦."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess
import uuid
from typing import Any

import pytest
import time_machine
from pypdf import PdfReader

from kasane.resources.models import Category, Service
from kasane.resources.printing import grouped, resource_list_pdf
from kasane.resources.queries import services_in, with_details
from kasane.tenancy.models import Municipality
from tests.clock import TOKYO
from tests.conftest import ARTIFACTS, skip_or_fail
from tests.resources.helpers import build_register

pytestmark = pytest.mark.django_db


def _services(municipality: Municipality) -> list[Service]:
    return list(with_details(services_in(municipality)).order_by("name_kana", "name", "pk"))


def _pdf(municipality: Municipality) -> bytes:
    with time_machine.travel(dt.datetime(2026, 11, 21, 10, 0, tzinfo=TOKYO), tick=False):
        return resource_list_pdf(
            municipality,
            _services(municipality),
            title="テスト市 地域の社会資源一覧",
            subtitle="令和8年11月21日現在",
        )


def _pages(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def test_the_list_has_each_activity_in_japanese(world: dict[str, Any]) -> None:
    build_register(world["municipality"], world["areas"]["north"])
    pdf = _pdf(world["municipality"])
    [page] = _pages(pdf)
    for text in (
        "テスト市 地域の社会資源一覧", "令和8年11月21日現在", "■ サロン（1件）", "■ 農家・農作業（1件）",
        "■ ボランティア（1件）", "中町ふれあいサロン", "中町自治会", "毎月 第2・第4水曜 13:30〜15:30（8月は休み）",
        "中町公民館 和室（北部圏域）", "お茶出し、受付", "人と話すのが苦手でも参加しやすい", "費用：1回100円（お茶代）",
        "中町 花子", "電話 0197-00-1234", "農作業体験（休止中）", "髙橋農園", "送迎あり", "体への負担：重い（力仕事・屋外作業）",
        "傾聴ボランティア（終了）", "作成日：令和8年11月21日", "1 / 1", "この資料には個人情報は含まれていません",
    ):  # fmt: skip
        assert text in page, text
    # A service in several kinds appears once, under its first.
    assert page.count("中町ふれあいサロン") == 1 and "■ 居場所" not in page


def test_a_long_list_runs_over_pages_numbered_n_of_total(world: dict[str, Any]) -> None:
    municipality = world["municipality"]
    build_register(municipality, world["areas"]["north"])
    salon = Service.objects.get(name="中町ふれあいサロン")
    schedule = salon.schedules.get()
    for i in range(40):
        salon.pk, salon.hsds_id, salon.name = None, uuid.uuid4(), f"サロン{i:02d}"
        salon.save()
        schedule.pk, schedule.service = None, salon
        schedule.save()
    pages = _pages(_pdf(municipality))
    assert len(pages) > 3
    assert all(f"{n} / {len(pages)}" in p for n, p in enumerate(pages, start=1))


def test_an_empty_list_says_so(world: dict[str, Any]) -> None:
    [page] = _pages(_pdf(world["municipality"]))
    assert "条件に合う社会資源はありません。" in page


def test_grouped_by_first_category_in_the_categories_order(world: dict[str, Any]) -> None:
    services = build_register(world["municipality"], world["areas"]["north"])
    assert [(label, [s.name for s in members]) for label, members in grouped(services)] == [
        (Category.SALON.label, ["中町ふれあいサロン"]),
        (Category.VOLUNTEER.label, ["傾聴ボランティア"]),
        (Category.FARM.label, ["農作業体験"]),
    ]


def test_first_page_rendered_for_a_look(world: dict[str, Any]) -> None:
    build_register(world["municipality"], world["areas"]["north"])
    if shutil.which("pdftoppm") is None:
        skip_or_fail("pdftoppm (poppler-utils) が見つかりません")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    source = ARTIFACTS / "resources_list.pdf"
    source.write_bytes(_pdf(world["municipality"]))
    subprocess.run(
        [
            "pdftoppm",
            "-r",
            "60",
            "-png",
            "-f",
            "1",
            "-l",
            "1",
            str(source),
            str(ARTIFACTS / "resources_list"),
        ],
        check=True,
    )
    assert (ARTIFACTS / "resources_list-1.png").stat().st_size > 10_000
