"""What a person does, in Debian's Chromium: log in, find the agency for ひきこもり through 相談先ナビ,
open its page, download the brochure; type a sentence into the navi, and follow it to the 多機関協働 desk
when nothing fits. Screenshots go to tests/artifacts/ to be looked at.

Then the administrator's screens: the audit log, staff, roles, an agency's edit form refusing bad input, and
two-factor setup. The app runs as `kasane demo` in a subprocess, exactly as a newcomer starts it, on a
throwaway database (the ``demo_server`` fixture, tests/browser/conftest.py).
"""

from __future__ import annotations

from typing import Any

import pytest

from .helpers import ARTIFACTS, Login

pytestmark = pytest.mark.browser


def test_find_hikikomori_agency_and_download_brochure(demo_server: str, browser: Any, login: Login) -> None:
    from playwright.sync_api import expect

    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, locale="ja-JP", accept_downloads=True
    )
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)

    page.goto(f"{demo_server}/accounts/login/")
    page.screenshot(path=ARTIFACTS / "01_login.png", full_page=True)
    login(page, demo_server, "soudanin")
    expect(page.get_by_role("heading", level=1)).to_contain_text("お疲れさまです")
    page.screenshot(path=ARTIFACTS / "02_home.png", full_page=True)

    page.get_by_role("link", name="相談先ナビ").first.click()
    page.get_by_label("ひきこもり", exact=True).check()
    page.get_by_role("button", name="相談先を探す").click()
    results = page.locator("#results ol.cards > li")
    expect(results.first).to_be_visible()
    expect(results.first).to_contain_text("ひきこもり（主に対応）")
    page.screenshot(path=ARTIFACTS / "03_navi_hikikomori.png", full_page=True)

    first_name = results.first.locator("h3").inner_text()
    results.first.locator("h3 a").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(first_name)
    expect(page.get_by_text("こんな相談はこちら")).to_be_visible()
    page.screenshot(path=ARTIFACTS / "04_agency_detail.png", full_page=True)

    page.get_by_role("link", name="機関一覧").first.click()
    page.get_by_label("名前で探す").fill("包括")
    expect(page.locator("#results")).to_contain_text("地域包括支援センター")
    page.screenshot(path=ARTIFACTS / "05_directory.png", full_page=True)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="パンフレット（PDF）").click()
    download = download_info.value
    assert download.suggested_filename.startswith("相談先ガイド_")
    target = ARTIFACTS / "brochure_from_browser.pdf"
    download.save_as(target)
    assert target.read_bytes().startswith(b"%PDF")
    assert not errors, errors
    context.close()


def test_area_from_address_and_mobile_layout(demo_server: str, browser: Any, login: Login) -> None:
    from playwright.sync_api import expect

    context = browser.new_context(viewport={"width": 768, "height": 1024}, locale="ja-JP")
    page = context.new_page()
    login(page, demo_server, "etsuran")
    page.goto(f"{demo_server}/agencies/navi/")
    page.get_by_label("言葉で探す").fill("物忘れ")
    page.get_by_label("住所（わかれば）").fill("本町")
    page.get_by_role("button", name="相談先を探す").click()
    expect(page.locator("#results")).to_contain_text("と判定しました")
    page.screenshot(path=ARTIFACTS / "06_navi_tablet.png", full_page=True)
    context.close()


def test_navi_reads_a_sentence_and_offers_the_collaboration_desk(
    demo_server: str, browser: Any, login: Login
) -> None:
    from playwright.sync_api import expect

    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="ja-JP")
    page = context.new_page()
    login(page, demo_server, "soudanin")
    page.goto(f"{demo_server}/agencies/navi/")
    # The user guide's own example, typed as a resident says it.
    page.get_by_label("言葉で探す").fill("息子が家から出られない")
    page.get_by_role("button", name="相談先を探す").click()
    expect(page.locator("#results h2")).to_contain_text("ひきこもり")
    expect(page.locator("#results ol.cards > li").first).to_contain_text("ひきこもり（主に対応）")
    page.screenshot(path=ARTIFACTS / "12_navi_sentence.png", full_page=True)

    page.get_by_label("言葉で探す").fill("宇宙旅行に行きたい")
    page.get_by_role("button", name="相談先を探す").click()
    fallback = page.locator("#navi-fallback")
    expect(fallback).to_contain_text("多機関協働の窓口")
    expect(fallback).to_contain_text("電話 0197-61-7700")
    page.screenshot(path=ARTIFACTS / "13_navi_nothing_found.png", full_page=True)
    fallback.get_by_role("link", name="かさね市社会福祉協議会", exact=False).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("かさね市社会福祉協議会")
    context.close()


def test_admin_screens(demo_server: str, browser: Any, login: Login) -> None:
    from playwright.sync_api import expect

    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="ja-JP")
    page = context.new_page()
    login(page, demo_server, "shi")
    page.goto(f"{demo_server}/audit/")
    expect(page.get_by_role("heading", level=1)).to_have_text("監査ログ")
    expect(page.locator("table")).to_contain_text("ログイン")
    page.screenshot(path=ARTIFACTS / "07_audit.png", full_page=True)
    page.goto(f"{demo_server}/accounts/staff/")
    expect(page.locator("table")).to_contain_text("髙橋 美咲")
    page.screenshot(path=ARTIFACTS / "08_staff.png", full_page=True)
    page.goto(f"{demo_server}/accounts/roles/")
    page.screenshot(path=ARTIFACTS / "09_roles.png", full_page=True)
    page.goto(f"{demo_server}/agencies/")
    page.locator("#results a").first.click()
    page.get_by_role("link", name="編集する").click()
    page.get_by_label("電話番号").fill("abc")
    page.get_by_role("button", name="保存する").click()
    expect(page.locator(".error-summary")).to_contain_text("入力内容を確認してください")
    page.screenshot(path=ARTIFACTS / "10_agency_edit_error.png", full_page=True)
    page.goto(f"{demo_server}/accounts/me/two-factor/")
    page.screenshot(path=ARTIFACTS / "11_two_factor.png", full_page=True)
    context.close()
