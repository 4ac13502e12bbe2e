"""名寄せ in Debian's Chromium on `kasane demo`: 中央包括's 相談員 (soudanin) registers a woman already on file
a second time, spelt with the old kanji of her surname and her address typed in 全角; finds the pair among
「同じ人の候補（名寄せ）」, reads the two records side by side, merges them, and undoes the merge.
Screenshots: tests/artifacts/nayose_*.png."""

from __future__ import annotations

from typing import Any

import pytest

from .helpers import ARTIFACTS, Login, field, new_page

pytestmark = pytest.mark.browser

FIRST = ("斉藤 ハナ", "さいとう はな", "S15.2.3", "かさね市本町2丁目3番4号")
AGAIN = ("齋藤 ハナ", "サイトウ ハナ", "昭和15年2月3日", "本町２－３－４")


def _shot(page: Any, name: str) -> None:
    page.screenshot(path=ARTIFACTS / f"nayose_{name}.png", full_page=True)


def _register(page: Any, url: str, person: tuple[str, str, str, str], *, despite_lookalikes: bool) -> None:
    from playwright.sync_api import expect

    name, kana, born, address = person
    page.goto(f"{url}/people/new/")
    field(page, "氏名").fill(name)
    field(page, "ふりがな").fill(kana)
    field(page, "生年月日").fill(born)
    field(page, "住所").fill(address)
    page.get_by_role("button", name="保存する").click()
    if despite_lookalikes:
        expect(page.get_by_role("heading", name="同じ方がすでに登録されていませんか？")).to_be_visible()
        page.get_by_role("button", name="別の方として登録する").click()
    expect(page.locator(".messages")).to_contain_text(f"{name}さんを登録しました。")


def test_a_person_recorded_twice_is_merged_and_the_merge_undone(
    demo_server: str, browser: Any, login: Login
) -> None:
    from playwright.sync_api import expect

    errors: list[str] = []
    page = new_page(browser, errors)
    login(page, demo_server, "soudanin")
    _register(page, demo_server, FIRST, despite_lookalikes=False)
    first_url = page.url
    _register(page, demo_server, AGAIN, despite_lookalikes=True)

    page.goto(f"{demo_server}/people/")
    page.get_by_role("link", name="同じ人の候補（名寄せ）").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("同じ人の候補（名寄せ）")
    row = page.locator("table.table tbody tr").filter(has_text="齋藤 ハナ").filter(has_text="斉藤 ハナ")
    expect(row).to_have_count(1)
    _shot(page, "01_list")

    row.get_by_role("link", name="並べて確かめる").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("同じ人か確かめる")
    table = page.locator("table.table")
    expect(table).to_contain_text("一致（異体字・表記の違い）")
    expect(table.locator("tr").filter(has_text="住所")).to_contain_text("一致")
    _shot(page, "02_pair")

    page.get_by_label("斉藤 ハナ", exact=False).check()
    field(page, "確認したこと").fill("本人に電話で生年月日と住所を確認した")
    page.get_by_role("button", name="同じ人としてまとめる").click()
    expect(page.locator(".messages")).to_contain_text("の記録を、No.")
    expect(page.get_by_role("heading", level=1)).to_have_text("まとめた記録")
    expect(page.locator("dl.facts")).to_contain_text("本人に電話で生年月日と住所を確認した")
    _shot(page, "03_merged")

    # The merged record's page now opens the one kept; the search finds one 齋藤 ハナ only.
    survivor_url = page.get_by_role("link", name="斉藤 ハナ", exact=False).first.get_attribute("href")
    assert survivor_url is not None and first_url.endswith(survivor_url)

    page.get_by_role("button", name="まとめを元に戻す").click()
    expect(page.locator(".messages")).to_contain_text("まとめを元に戻しました。")
    expect(page.locator(".page-header")).to_contain_text("元に戻しました")
    expect(page.get_by_role("button", name="まとめを元に戻す")).to_have_count(0)
    _shot(page, "04_undone")

    page.goto(f"{demo_server}/people/duplicates/")
    expect(page.locator("table.table tbody tr").filter(has_text="齋藤 ハナ")).to_have_count(1)
    assert not errors, errors
    page.context.close()
