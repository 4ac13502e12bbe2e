"""The year's report as the officer (ken) meets it in Debian's Chromium, on the demo prefecture: the
current 年度's 総括・考察 not yet written, writing it with the smallest sample, and last 年度's report with
the one the demo wrote. Screenshots go to tests/artifacts/backup_report_*.png to be looked at."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from .helpers import ARTIFACTS, CITY_SETUP, Login, serve

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def report_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    for url, _log in serve(tmp_path_factory, CITY_SETUP, "backup_report"):
        yield url


def _shot(page: Any, name: str) -> None:
    page.screenshot(path=ARTIFACTS / f"backup_report_{name}.png", full_page=True)


def test_officer_writes_the_review(report_server: str, browser: Any, login: Login) -> None:
    from playwright.sync_api import expect

    errors: list[str] = []
    context = browser.new_context(
        viewport={"width": 1366, "height": 900}, locale="ja-JP", accept_downloads=True
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    login(page, report_server, "ken")
    page.get_by_role("navigation", name="メインメニュー").get_by_role("link", name="報告書").click()
    main = page.locator("main")
    expect(main).to_contain_text("総括・考察はまだ書かれていません")
    expect(main).to_contain_text("総括・考察（担当者記載）")
    _shot(page, "index_empty")
    page.get_by_role("link", name="総括・考察と集計の設定を編集").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("の総括・考察")
    page.get_by_label("集計を示す最少の回答数").fill("0")
    page.get_by_role("button", name="保存する").click()
    expect(main).to_contain_text("最少の回答数は1以上にしてください。")
    _shot(page, "form_error")
    page.get_by_label("総括・考察").fill(
        "情報共有の場は3ブロックで開催した。\n\n次年度は道南での開催を早める。"
    )
    page.get_by_label("集計を示す最少の回答数").fill("10")
    page.get_by_role("button", name="保存する").click()
    expect(main).to_contain_text("総括・考察と集計の設定を保存しました")
    expect(main).to_contain_text("情報共有の場は3ブロックで開催した。")
    expect(main).to_contain_text("回答が10件以上のときだけ")
    _shot(page, "index_written")
    with page.expect_download() as download:
        page.get_by_role("link", name="Word").click()
    assert download.value.suggested_filename.endswith(".docx")
    page.get_by_label("年度").select_option(index=1)
    page.get_by_role("button", name="表示する").click()
    expect(main).to_contain_text("情報共有の場では、先行して取り組む市町村の実践報告")  # the demo's
    _shot(page, "index_previous_year")
    assert not errors, errors
