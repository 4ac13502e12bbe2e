"""相談記録 in Debian's Chromium, on `kasane demo`: a 相談員 opens her agency's open records from the home page,
writes a follow-up call in a few keystrokes, and closes a record with a reason. Screenshots:
tests/artifacts/consultation_records_*.png."""

from __future__ import annotations

from typing import Any

import pytest

from .helpers import ARTIFACTS, Login, field, new_page

pytestmark = pytest.mark.browser


def _shot(page: Any, name: str) -> None:
    page.screenshot(path=ARTIFACTS / f"consultation_records_{name}.png", full_page=True)


def test_a_follow_up_is_written_and_a_record_closed(demo_server: str, browser: Any, login: Login) -> None:
    from playwright.sync_api import expect

    errors: list[str] = []
    page = new_page(browser, errors)
    login(page, demo_server, "soudanin")
    page.get_by_role("link", name="継続中の相談記録", exact=False).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("相談記録")
    expect(page.locator(".tabs [aria-current=page]")).to_contain_text("継続中")
    _shot(page, "01_list")
    page.locator("table.table tbody tr td a").first.click()
    expect(page.get_by_role("heading", name="相談記録")).to_be_visible()
    form = page.get_by_role("form", name="相談経過を記録する")
    field(form, "所要時間（分）").fill("10")
    form.get_by_label("電話").check()
    field(form, "内容").fill("本人へ電話。前回の手続きは済んだとのこと。")
    form.get_by_role("button", name="経過を記録する").click()
    expect(page.locator(".messages")).to_contain_text("相談経過を記録しました。")
    expect(page.locator(".timeline").first).to_contain_text("本人へ電話。前回の手続きは済んだとのこと。")
    _shot(page, "02_noted")
    page.get_by_text("相談記録を終了する").click()
    page.get_by_label("終了の理由").select_option(label="解決・改善")
    page.get_by_role("button", name="終了する").click()
    expect(page.locator(".messages")).to_contain_text("相談記録を終了しました。")
    expect(page.locator(".status--closed")).to_be_visible()
    _shot(page, "03_closed")
    assert not errors, errors
    page.context.close()
