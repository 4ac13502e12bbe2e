"""The five items as a grid, in Debian's Chromium on the demo prefecture (北海道): the officer opens the 年度
table, looks at last 年度, exports it, opens a municipality's trend and rates its five items on one screen
(an error first, then saved); かさね市's staff see their own trend. Screenshots: tests/artifacts/backup_ratings_*.png.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from .helpers import ARTIFACTS, CITY_SETUP, Login, serve

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def ratings_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    for url, _log in serve(tmp_path_factory, CITY_SETUP, "backup_ratings"):
        yield url


def _page(chromium: Any, errors: list[str], width: int = 1366) -> Any:
    context = chromium.new_context(
        viewport={"width": width, "height": 900}, locale="ja-JP", accept_downloads=True
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    return page


def _shot(page: Any, name: str) -> None:
    page.screenshot(path=ARTIFACTS / f"backup_ratings_{name}.png", full_page=True)


def test_officer_reads_the_table_exports_and_rates_all_five(
    ratings_server: str, browser: Any, login: Login
) -> None:
    from playwright.sync_api import expect

    errors: list[str] = []
    page = _page(browser, errors)
    login(page, ratings_server, "ken")
    page.get_by_role("navigation", name="メインメニュー").get_by_role("link", name="市町村の状況").click()
    page.get_by_role("link", name="年度別の評価一覧").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("の体制整備の評価一覧")
    expect(page.locator("table.totals")).to_contain_text("現状把握")
    expect(page.locator("table.grid-table")).to_contain_text("前年度末より")
    _shot(page, "table")
    year = page.get_by_label("年度")
    options = year.locator("option")
    assert options.count() >= 2
    year.select_option(index=1)  # last 年度
    page.get_by_label("ブロック").select_option(label="道東")
    page.get_by_role("button", name="表示する").click()
    expect(page.locator("table.grid-table")).to_contain_text("津別町")
    expect(page.locator("table.grid-table")).not_to_contain_text("七飯町")
    _shot(page, "table_last_year")
    with page.expect_download() as download:
        page.get_by_role("link", name="Excelで書き出す").click()
    assert download.value.suggested_filename.startswith("市町村の体制整備状況_令和")
    page.locator("table.grid-table").get_by_role("link", name="津別町").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("津別町の段階の推移")
    expect(page.locator("svg.chart--rating-trend")).to_be_visible()
    _shot(page, "trend")
    page.get_by_role("link", name="5項目を評価する").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("津別町の5項目を評価する")
    situation = page.locator("#item-situation")
    stage = situation.get_by_label("段階")
    current = stage.input_value()
    stage.select_option(str((int(current) + 1) % 4))
    page.get_by_role("button", name="変えた項目を記録する").click()
    expect(page.get_by_role("alert")).to_contain_text("何も記録していません")
    expect(page.locator("#item-situation")).to_contain_text("段階を変えるときは、根拠を入力してください。")
    _shot(page, "form_error")
    page.locator("#item-situation").get_by_label("根拠").fill("町の関係課と現状を整理する会議を2回開いた。")
    page.locator("#item-talent").get_by_label("根拠").fill("社協職員がフィールドワーク研修に参加した。")
    page.locator("#item-talent").get_by_label("フィールドワーク研修").check()
    _shot(page, "form")
    page.get_by_role("button", name="変えた項目を記録する").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("津別町")
    expect(page.get_by_role("status")).to_contain_text("2項目（現状把握・人材）の段階を記録しました。")
    # Two screens open on the same item: the second save is refused on that item only, keeps what was typed,
    # shows the colleague's rating beside it, and goes through when submitted again.
    form_url = page.url.rstrip("/") + "/rate-all/"
    mine, theirs = page, page.context.new_page()
    mine.goto(form_url)
    theirs.goto(form_url)
    theirs.locator("#item-local_people").get_by_label("段階").select_option("3")
    theirs.locator("#item-local_people").get_by_label("根拠").fill(
        "町内会長と民生委員の協議の場を毎月開いた。"
    )
    theirs.get_by_role("button", name="変えた項目を記録する").click()
    expect(theirs.get_by_role("status")).to_contain_text("1項目（地域の巻き込み）の段階を記録しました。")
    mine.locator("#item-local_people").get_by_label("段階").select_option("1")
    mine.locator("#item-local_people").get_by_label("根拠").fill("協議の場が途切れた。")
    mine.get_by_role("button", name="変えた項目を記録する").click()
    item = mine.locator("#item-local_people")
    expect(item).to_contain_text("ほかの職員が評価を記録しました")
    expect(item).to_contain_text("町内会長と民生委員の協議の場を毎月開いた。")  # their rating, now 現在の評価
    expect(item.get_by_label("根拠")).to_have_value("協議の場が途切れた。")
    _shot(mine, "form_rated_meanwhile")
    mine.get_by_role("button", name="変えた項目を記録する").click()
    expect(mine.get_by_role("status")).to_contain_text("1項目（地域の巻き込み）の段階を記録しました。")
    assert not errors, errors


def test_city_sees_its_own_trend_on_a_phone(ratings_server: str, browser: Any, login: Login) -> None:
    from playwright.sync_api import expect

    errors: list[str] = []
    page = _page(browser, errors, width=390)
    login(page, ratings_server, "shi")
    page.goto(f"{ratings_server}/prefecture/")
    page.get_by_role("link", name="かさね市の体制整備状況とアセスメントシート").click()
    page.get_by_role("link", name="年度ごとの段階の推移").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("かさね市の段階の推移")
    expect(page.locator("main")).not_to_contain_text(
        "年度別の評価一覧"
    )  # the prefecture's table is not theirs
    _shot(page, "trend_city_phone")
    assert not errors, errors
