"""主たる支援対象者 and the consent's scope on the case page, in Debian's Chromium on `kasane demo`: the hub's
coordinator (kyodo) and a team member (watanabe.yumiko, 自立相談支援機関) open the 8050 case. Screenshots:
tests/artifacts/case_subjects_*.png."""

from __future__ import annotations

from typing import Any

import pytest

from .helpers import ARTIFACTS, Login, new_page

pytestmark = pytest.mark.browser

CASE = "8050・長期ひきこもりの長男と高齢の母"


@pytest.mark.parametrize("username", ["kyodo", "watanabe.yumiko"])
def test_the_8050_case_names_mother_and_son(
    demo_server: str, browser: Any, login: Login, username: str
) -> None:
    from playwright.sync_api import expect

    errors: list[str] = []
    page = new_page(browser, errors)
    login(page, demo_server, username)
    page.get_by_role("navigation", name="メインメニュー").get_by_role("link", name="ケース").click()
    page.get_by_role("link", name=CASE).first.click()
    expect(page.locator(".page-header .lead")).to_contain_text(
        "主たる支援対象者：菅原 トミ子さん、菅原 修さん"
    )
    expect(page.get_by_role("heading", name="利用申込み（同意）")).to_be_visible()
    expect(page.locator(".consent-scope")).to_contain_text("多機関協働の利用申込み：あり")
    editable = page.get_by_text("主たる支援対象者を変更する")
    expect(editable).to_have_count(1 if username == "kyodo" else 0)
    page.screenshot(path=ARTIFACTS / f"case_subjects_{username}.png", full_page=True)
    assert not errors, errors
    page.context.close()
