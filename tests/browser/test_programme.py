"""事業の実施状況 in Debian's Chromium, on `kasane demo`: the city's programme staff (shi) and an agency's manager
(kikan) open it from the menu and see counts, never a person. Screenshots: tests/artifacts/programme_*.png."""

from __future__ import annotations

from typing import Any

import pytest

from .helpers import ARTIFACTS, Login, new_page

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("username", ["shi", "kikan"])
def test_those_who_run_the_programme_see_it_as_counts(
    demo_server: str, browser: Any, login: Login, username: str
) -> None:
    from playwright.sync_api import expect

    errors: list[str] = []
    page = new_page(browser, errors)
    login(page, demo_server, username)
    page.get_by_role("navigation", name="メインメニュー").get_by_role("link", name="実施状況").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("事業の実施状況")
    expect(page.get_by_role("heading", name="多機関協働ケース：状態と受付からの期間")).to_be_visible()
    # The demo's agencies have referrals and 相談記録 to count; the manager's table is his own agency only.
    rows = page.locator("section[aria-labelledby=agencies-title] tbody tr")
    if username == "kikan":
        expect(rows).to_have_count(1)
    else:
        assert rows.count() > 3
    page.screenshot(path=ARTIFACTS / f"programme_{username}.png", full_page=True)
    assert not errors, errors
    page.context.close()
