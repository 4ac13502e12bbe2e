"""Accounts in Debian's Chromium: an agency's administrator issues a temporary password for a 相談員 who forgot
theirs; the 相談員 logs in with it and must set their own before anything else (issue 12, point 4).

The server is ``city_server`` (the demo without residents). Screenshots go to tests/artifacts/accounts_*.png.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from .helpers import ARTIFACTS, Login, field, new_page

pytestmark = pytest.mark.browser


def _shot(page: Any, name: str) -> None:
    page.screenshot(path=ARTIFACTS / f"accounts_{name}.png", full_page=True)


def test_temporary_password_from_issue_to_the_persons_own(
    city_server: tuple[str, Path], browser: Any, login: Login
) -> None:
    from playwright.sync_api import expect

    url, _log = city_server
    errors: list[str] = []

    admin = new_page(browser, errors)
    login(admin, url, "kikan")
    admin.get_by_role("link", name="職員管理", exact=True).first.click()
    name = "髙橋 美咲"  # soudanin, 地域包括支援センター本町
    admin.get_by_role("link", name=name, exact=True).click()
    expect(admin.get_by_role("heading", level=1)).to_have_text(name)
    admin.get_by_role("link", name="仮パスワードを発行する").click()
    expect(admin.get_by_role("heading", level=1)).to_have_text(f"{name} さんの仮パスワードの発行")
    _shot(admin, "01_issue")
    admin.get_by_role("button", name="仮パスワードを発行する").click()
    expect(admin.get_by_role("heading", level=1)).to_have_text(f"{name} さんの仮パスワードを発行しました")
    username = admin.locator("dl.facts dd").nth(0).inner_text()
    password = admin.locator("code.temporary-password").inner_text()
    _shot(admin, "02_issued")

    person = new_page(browser, errors)
    login(person, url, username, password)
    expect(person.get_by_role("heading", level=1)).to_have_text("パスワードの設定")
    person.goto(f"{url}/cases/")
    expect(person.get_by_role("heading", level=1)).to_have_text("パスワードの設定")
    _shot(person, "03_set_own")
    field(person, "新しいパスワード").fill("my-own-pass-2026-kasane")
    field(person, "新しいパスワード（確認）").fill("my-own-pass-2026-kasane")
    person.get_by_role("button", name="設定する").click()
    expect(person.locator(".messages")).to_contain_text("パスワードを設定しました")
    assert errors == []
