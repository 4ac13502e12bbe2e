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


def test_intake_names_a_household_member(demo_server: str, browser: Any, login: Login) -> None:
    """「50代の弟」 is no longer free text: the desk adds him in a row of the intake, and he is in the household."""
    from playwright.sync_api import expect

    from .helpers import group, section

    errors: list[str] = []
    page = new_page(browser, errors)
    login(page, demo_server, "soudanin")
    page.get_by_role("link", name="相談受付", exact=True).click()
    person = section(page, "本人")
    field(person, "氏名").fill("工藤 さくら")
    field(person, "ふりがな").fill("くどう さくら")
    field(person, "住所").fill("かさね市本町一丁目4-7")
    members = section(page, "世帯員（家族など）")
    expect(field(members, "世帯員1の氏名")).to_be_hidden()  # folded away: Tab does not walk 24 empty fields
    members.get_by_text("世帯員を加える").click()
    field(members, "世帯員1の氏名").fill("工藤 健")
    field(members, "世帯員1のふりがな").fill("くどう けん")
    field(members, "世帯員1の続柄（主たる相談者から見て）").select_option(label="弟")
    field(members, "世帯員1のメモ").fill("50代・無職。10年ほど外出していない。")
    _shot(page, "04_intake_members")
    group(page, "相談方法").get_by_label("来所", exact=True).check()
    group(page, "相談者").get_by_label("本人", exact=True).check()
    page.get_by_label("収入・生活費", exact=True).check()
    field(page, "主訴").fill("弟と二人暮らし。弟の今後が心配。")
    page.get_by_label("自機関で継続支援", exact=True).check()
    page.get_by_label("同意なし", exact=True).check()
    page.get_by_role("button", name="受け付ける").click()
    choose_new = page.get_by_role("button", name="別の方として登録する")
    if choose_new.count():
        choose_new.click()
    expect(page.locator(".messages")).to_contain_text("工藤 さくらさんの相談を受け付けました。")
    page.get_by_role("navigation", name="パンくずリスト").get_by_role("link", name="工藤 さくらさん").click()
    page.get_by_role("link", name="世帯の全体を見る").click()
    expect(page.locator("main")).to_contain_text("工藤 健")
    expect(page.locator("main")).to_contain_text("弟")
    _shot(page, "05_household_with_member")
    assert not errors, errors
    page.context.close()
