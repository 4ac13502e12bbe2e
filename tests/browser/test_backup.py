"""Backup support in Debian's Chromium, on the demo prefecture (北海道): the prefecture's table of where each
municipality stands, a municipality's page and its sheets side by side, かさね市 filling in its sheet and
publishing its counts, and the year's report. Screenshots go to tests/artifacts/backup_*.png to be looked at.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from .helpers import ARTIFACTS, CITY_SETUP, Login, serve

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def backup_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    for url, _log in serve(tmp_path_factory, CITY_SETUP, "backup"):
        yield url


def _page(chromium: Any, errors: list[str]) -> Any:
    context = chromium.new_context(
        viewport={"width": 1366, "height": 900}, locale="ja-JP", accept_downloads=True
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    return page


def _shot(page: Any, name: str) -> None:
    page.screenshot(path=ARTIFACTS / f"backup_{name}.png", full_page=True)


def test_prefecture_table_sheets_and_report(backup_server: str, browser: Any, login: Login) -> None:
    from playwright.sync_api import expect

    errors: list[str] = []
    page = _page(browser, errors)
    login(page, backup_server, "ken")
    nav = page.get_by_role("navigation", name="メインメニュー")
    expect(nav.get_by_role("link", name="本人・世帯")).to_have_count(0)  # no case work for the prefecture
    nav.get_by_role("link", name="市町村の状況").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("市町村の体制整備状況")
    matrix = page.locator("table.matrix")
    for block in ("道央", "道南", "道北", "道東"):
        expect(matrix).to_contain_text(block)
    expect(page.locator("main")).to_contain_text("鷹栖町")
    _shot(page, "index")
    page.get_by_label("ブロック").select_option(label="道東")
    page.get_by_role("button", name="絞り込む").click()
    expect(page.locator("main")).to_contain_text("津別町")
    expect(page.locator("main")).not_to_contain_text("七飯町")
    page.get_by_role("link", name="津別町", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("津別町")
    expect(page.locator("main")).to_contain_text("体制整備の5項目")
    _shot(page, "municipality")
    page.get_by_role("navigation", name="パンくずリスト").get_by_role(
        "link", name="市町村の体制整備状況"
    ).click()
    page.get_by_role("link", name="アセスメントシートを比べる").click()
    page.get_by_label("津別町", exact=False).first.check()
    page.get_by_label("かさね市", exact=False).first.check()
    page.get_by_role("button", name="並べて表示する").click()
    expect(page.locator("table.sheet-table")).to_contain_text("参加支援")
    _shot(page, "compare")
    nav.get_by_role("link", name="報告書").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("事業報告書")
    expect(page.locator("main")).to_contain_text("専門家派遣")
    _shot(page, "report")
    with page.expect_download() as download:
        page.get_by_role("link", name="PDF（A4）").click()
    assert download.value.suggested_filename.endswith("後方支援事業実施報告書.pdf")
    assert not errors, errors


def test_city_fills_in_its_sheet_and_publishes_counts(backup_server: str, browser: Any, login: Login) -> None:
    from playwright.sync_api import expect

    errors: list[str] = []
    page = _page(browser, errors)
    login(page, backup_server, "shi")
    page.get_by_role("navigation", name="メインメニュー").get_by_role("link", name="体制整備・研修").click()
    expect(page.locator("main")).to_contain_text("わたしの市町村")
    # A participant sees the public columns, not the prefecture's ratings
    expect(page.locator("main")).not_to_contain_text("次に必要な支援")
    page.get_by_role("link", name="かさね市の体制整備状況とアセスメントシート").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("かさね市")
    page.get_by_role("button", name="新しい版を作る").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("自治体アセスメントシート")
    field = page.get_by_label("参加支援：課題")
    expect(field).not_to_have_value("")  # carried over from the last version
    field.fill("郊外の受け入れ先が足りない。送迎の仕組みを社協と検討中。")
    _shot(page, "sheet_form")
    page.get_by_role("button", name="保存する").click()
    expect(page.locator("main")).to_contain_text("郊外の受け入れ先が足りない。")
    page.get_by_role("link", name="かさね市").first.click()
    page.get_by_role("button", name="この件数を北海道に公表する").click()
    expect(page.get_by_role("status")).to_contain_text("集計値を北海道に公表しました")
    _shot(page, "city")
    assert not errors, errors
