"""振興局 beside the blocks and the officer's home, in Debian's Chromium on the demo prefecture (北海道): ken's home
shows this 年度's minimums, what is due and what is late; the index rolls up by 振興局 and filters by one; the
regions page lists the 14 総合振興局・振興局, adds one, refuses to delete one with municipalities.
Screenshots: tests/artifacts/backup_regions_*.png.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from .helpers import ARTIFACTS, CITY_SETUP, Login, serve

pytestmark = pytest.mark.browser

HOKKAIDO = [
    "空知総合振興局",
    "石狩振興局",
    "後志総合振興局",
    "胆振総合振興局",
    "日高振興局",
    "渡島総合振興局",
    "檜山振興局",
    "上川総合振興局",
    "留萌振興局",
    "宗谷総合振興局",
    "オホーツク総合振興局",
    "十勝総合振興局",
    "釧路総合振興局",
    "根室振興局",
]


@pytest.fixture(scope="module")
def regions_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    for url, _log in serve(tmp_path_factory, CITY_SETUP, "backup_regions"):
        yield url


def _page(chromium: Any, errors: list[str], width: int = 1366) -> Any:
    context = chromium.new_context(viewport={"width": width, "height": 900}, locale="ja-JP")
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    return page


def _shot(page: Any, name: str) -> None:
    page.screenshot(path=ARTIFACTS / f"backup_regions_{name}.png", full_page=True)


def test_officer_home_region_roll_up_and_regions_page(
    regions_server: str, browser: Any, login: Login
) -> None:
    from playwright.sync_api import expect

    errors: list[str] = []
    page = _page(browser, errors)
    login(page, regions_server, "ken")
    main = page.locator("main")
    expect(main).to_contain_text("の後方支援")
    expect(main).to_contain_text("実施要綱に定める回数など")
    expect(main).to_contain_text("予定・対応待ち")
    expect(main).to_contain_text("遅れていること")
    _shot(page, "home")

    page.get_by_role("navigation", name="メインメニュー").get_by_role("link", name="市町村の状況").click()
    expect(page.get_by_role("heading", level=2, name="ブロック別・振興局別の実施状況")).to_be_visible()
    regions_table = page.locator("table.matrix--regions")
    for name in HOKKAIDO:
        expect(regions_table).to_contain_text(name)
    _shot(page, "index")
    regions_table.get_by_role("link", name="十勝総合振興局").click()
    table = page.locator("table.table--compact")
    expect(table).to_contain_text("音更町")
    expect(table).not_to_contain_text("七飯町")
    expect(page.get_by_label("振興局", exact=True)).to_have_value(page.url.split("region=")[1])

    page.get_by_role("link", name="振興局の一覧").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("振興局の一覧")
    rows = page.locator("table.regions-table tbody tr")
    expect(rows).to_have_count(14)
    page.get_by_label("名称", exact=True).fill("テスト振興局")
    page.get_by_role("button", name="追加する").click()
    expect(page.locator("main")).to_contain_text("「テスト振興局」を追加しました。")
    expect(rows).to_have_count(15)
    page.get_by_role("button", name="テスト振興局を上へ").click()
    expect(rows.nth(13)).to_contain_text("0市町村")
    _shot(page, "regions")
    assert not errors, errors
