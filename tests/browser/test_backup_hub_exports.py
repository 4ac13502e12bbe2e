"""Grouping with its reasons and warnings, the hub for the prefecture (ken) and for a municipality (shi),
and the dispatches' export, in Debian's Chromium on the demo prefecture. Screenshots go to
tests/artifacts/backup_hub_*.png to be looked at."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from .helpers import ARTIFACTS, CITY_SETUP, Login, serve

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def hub_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    for url, _log in serve(tmp_path_factory, CITY_SETUP, "backup_hub"):
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
    page.screenshot(path=ARTIFACTS / f"backup_hub_{name}.png", full_page=True)


def test_groups_hub_and_export_as_the_officer(hub_server: str, browser: Any, login: Login) -> None:
    from playwright.sync_api import expect

    errors: list[str] = []
    page = _page(browser, errors)
    login(page, hub_server, "ken")
    nav = page.get_by_role("navigation", name="メインメニュー")

    # Grouping: a proposal of groups of five with one facilitator only: the others say 未定, each says why.
    nav.get_by_role("link", name="研修・会議").click()
    page.locator("main a[href^='/events/']").filter(has_text="情報共有の場").first.click()
    page.get_by_role("link", name="グループ分け").first.click()
    page.get_by_label("1グループの人数（目安）").fill("5")
    boxes = page.locator("input[name='facilitators']")
    for i in range(boxes.count()):
        if i > 0:
            boxes.nth(i).uncheck()
    page.get_by_role("button", name="提案を表示する").click()
    expect(page.locator(".notice--warning").first).to_contain_text("ファシリテーターがいません")
    expect(page.locator(".group-card__warning").first).to_contain_text("ファシリテーターが未定です")
    expect(page.locator(".group-card__reason").first).to_contain_text("このグループの理由")
    expect(page.locator("main")).not_to_contain_text("5千〜1万人、")
    _shot(page, "groups")

    # The hub from the menu, for 鷹栖町: the 一致度 and its parts.
    nav.get_by_role("link", name="専門家・事例をさがす").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("ハブ")
    page.get_by_label("相談元の市町村").select_option(label="鷹栖町")
    page.get_by_role("button", name="さがす").click()
    expect(page.locator(".suggestion__parts").first).to_contain_text("点")
    page.get_by_text("一致度の数え方").click()
    expect(page.locator(".score-table")).to_contain_text("同じ振興局など")
    _shot(page, "ken")

    # The dispatches as Excel and CSV.
    nav.get_by_role("link", name="専門家派遣").click()
    with page.expect_download() as download:
        page.get_by_role("link", name="Excelで出力").click()
    assert download.value.suggested_filename.startswith("専門家派遣_令和")
    assert download.value.suggested_filename.endswith(".xlsx")
    with page.expect_download() as download:
        page.get_by_role("link", name="CSVで出力").click()
    assert download.value.suggested_filename.endswith(".csv")
    assert not errors, errors


def test_the_hub_as_a_municipality(hub_server: str, browser: Any, login: Login) -> None:
    from playwright.sync_api import expect

    errors: list[str] = []
    page = _page(browser, errors)
    login(page, hub_server, "shi")
    page.get_by_role("navigation", name="メインメニュー").get_by_role(
        "link", name="専門家・事例をさがす"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("ハブ")
    expect(page.locator("#need-title")).to_contain_text("かさね市")
    options = page.get_by_label("相談元の市町村").locator("option")
    expect(options.filter(has_text="鷹栖町")).to_have_count(0)
    _shot(page, "shi")
    assert not errors, errors
