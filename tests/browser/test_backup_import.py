"""市町村一覧の取り込み in Debian's Chromium on the demo prefecture (北海道), as ken: a file with an unknown 振興局
is refused by line; a file whose codes of 津別町 and 美幌町 are swapped is previewed with both rows flagged, and
applied without ticking them only 鷹栖町's new population goes in; the history then undoes it.
Screenshots: tests/artifacts/backup_import_*.png.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from .helpers import ARTIFACTS, CITY_SETUP, Login, serve

pytestmark = pytest.mark.browser

BAD = "市町村コード,市町村名,振興局,実施状況\n01452,鷹栖町,上川支庁,実施中\n"
SWAPPED = (
    "市町村コード,市町村名,人口,実施状況\n"
    "01544,美幌町,18000,検討中\n"  # 津別町's code
    "01543,津別町,4300,実施中\n"  # 美幌町's code
    "01452,鷹栖町,6700,実施中\n"  # a real update
)


@pytest.fixture(scope="module")
def import_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    for url, _log in serve(tmp_path_factory, CITY_SETUP, "backup_import"):
        yield url


def _shot(page: Any, name: str) -> None:
    page.screenshot(path=ARTIFACTS / f"backup_import_{name}.png", full_page=True)


def _upload(page: Any, text: str, encoding: str) -> None:
    page.get_by_label("市町村一覧のファイル（CSVまたはExcel）").set_input_files(
        files=[{"name": "市町村一覧.csv", "mimeType": "text/csv", "buffer": text.encode(encoding)}]
    )
    page.get_by_role("button", name="変更内容を確認する").click()


def test_swapped_codes_are_flagged_applied_only_when_ticked_and_undone(
    import_server: str, browser: Any, login: Login
) -> None:
    from playwright.sync_api import expect

    errors: list[str] = []
    page = browser.new_context(viewport={"width": 1366, "height": 900}, locale="ja-JP").new_page()
    page.set_default_timeout(15_000)
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    login(page, import_server, "ken")
    page.goto(f"{import_server}/prefecture/")
    page.get_by_role("link", name="市町村一覧を取り込む").click()
    _upload(page, BAD, "cp932")
    alert = page.locator(".error-summary")
    expect(alert).to_contain_text("反映できません（エラー 1件）")
    expect(alert).to_contain_text("2行目")
    expect(alert).to_contain_text("「上川支庁」は登録されていません")
    _shot(page, "errors")
    _upload(page, SWAPPED, "utf-8")
    expect(page.get_by_role("heading", level=1)).to_have_text("取り込む内容の確認")
    main = page.locator("main")
    expect(main).to_contain_text("新規 0件・更新 3件（うち名称変更 2件）・変更なし 0件・エラー 0件")
    flagged = page.locator(".import-flagged")
    expect(flagged).to_contain_text("確認が必要な行（2件）")
    expect(flagged).to_contain_text("「美幌町」は市町村コード「015431」で登録されています。")
    expect(flagged.get_by_role("checkbox")).to_have_count(2)
    _shot(page, "preview")
    page.set_viewport_size({"width": 390, "height": 844})
    _shot(page, "preview_phone")
    page.set_viewport_size({"width": 1366, "height": 900})
    page.get_by_role("button", name="反映する").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("市町村一覧の取り込みの履歴")
    expect(main).to_contain_text("確認のチェックがなかった2件は反映していません")
    expect(page.get_by_role("button", name="元に戻す")).to_have_count(1)
    _shot(page, "history")
    page.goto(f"{import_server}/prefecture/?block=")
    expect(page.locator("main")).to_contain_text("津別町")
    page.goto(f"{import_server}/prefecture/import/history/")
    page.get_by_role("button", name="元に戻す").click()
    expect(main).to_contain_text("取り込みを元に戻しました")
    expect(main).to_contain_text("元に戻し済み")
    _shot(page, "undone")
    page.get_by_role("link", name="市町村一覧.csv").click()
    expect(main).to_contain_text("反映せず")
    _shot(page, "batch")
    assert not errors, errors
