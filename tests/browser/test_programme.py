"""事業の実施状況 in Debian's Chromium, on `kasane demo`: the city's programme staff (shi) and an agency's manager
(kikan) open it from the menu and see counts, never a person. Screenshots: tests/artifacts/programme_*.png."""

from __future__ import annotations

import re
from typing import Any

import pytest

from .helpers import ARTIFACTS, Login, field, new_page

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


def test_the_city_follows_its_indicators_and_keeps_them(demo_server: str, browser: Any, login: Login) -> None:
    """成果指標 (issue 18): 004's eight on the 年度 page with their charts; the records behind ①; an indicator
    refused with Japanese errors, then added; a survey indicator's question set for the year."""
    from playwright.sync_api import expect

    errors: list[str] = []
    page = new_page(browser, errors)
    login(page, demo_server, "shi")
    page.goto(f"{demo_server}/programme/")
    page.get_by_role("link", name="成果指標").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("成果指標 令和")
    cards = page.locator("section.indicator")
    expect(cards).to_have_count(8)
    expect(cards.first.get_by_role("heading")).to_have_text(
        "① CSWによるアウトリーチ件数（個別支援・関係機関）"
    )
    assert page.locator("section.indicator svg").count() == 8
    expect(page.get_by_role("heading", name=re.compile("の事業の実績$"))).to_be_visible()
    page.screenshot(path=ARTIFACTS / "programme_indicators.png", full_page=True)

    # The survey indicators of last 年度 show their share with n and the interval.
    page.get_by_label("年度", exact=True).select_option(index=1)
    page.get_by_role("button", name="表示").click()
    expect(page.locator("section.indicator").nth(4)).to_contain_text("95%信頼区間")
    expect(page.locator("section.indicator").nth(4)).to_contain_text("重み付けあり")
    page.screenshot(path=ARTIFACTS / "programme_indicators_last_year.png", full_page=True)

    page.locator("section.indicator").first.get_by_role("link", name="数えた記録を見る").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("に数えた記録")
    assert page.locator("tbody tr").count() > 10
    page.screenshot(path=ARTIFACTS / "programme_indicator_records.png", full_page=True)

    page.goto(f"{demo_server}/programme/indicators/")
    page.get_by_role("link", name="計画と指標を編集").click()
    expect(page.locator("tbody tr")).to_have_count(8)
    page.get_by_role("link", name="成果指標を追加").click()
    field(page, "指標の名称").fill("参加支援による社会参加の件数")
    page.get_by_label("データ元").select_option(label="事業実績")
    field(page, "単位").fill("件")
    field(page, "現状値の年度").fill("令和5年度")
    field(page, "目標値").fill("30")
    field(page, "目標年度").fill("R4")
    page.get_by_role("button", name="保存する").click()
    expect(page.get_by_role("alert")).to_contain_text("入力内容を確認してください")
    expect(page.get_by_text("データ元が事業実績のときは、集計する実績を選んでください。")).to_be_visible()
    expect(page.get_by_text("目標年度は現状値の年度より後にしてください。")).to_be_visible()
    page.screenshot(path=ARTIFACTS / "programme_indicator_errors.png", full_page=True)
    page.get_by_label("集計する実績").select_option(value="cases_opened")
    field(page, "目標年度").fill("令和10年度")
    page.get_by_role("button", name="保存する").click()
    expect(page.get_by_text("成果指標「参加支援による社会参加の件数」を登録しました。")).to_be_visible()
    expect(page.locator("tbody tr")).to_have_count(9)
    page.screenshot(path=ARTIFACTS / "programme_plan.png", full_page=True)

    # The plan document's texts and versions, and the resident surveys behind ⑤〜⑧.
    page.get_by_role("link", name="計画書の記載内容を編集").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("計画書の記載内容")
    page.screenshot(path=ARTIFACTS / "programme_plan_texts.png", full_page=True)
    page.go_back()
    page.get_by_role("link", name="計画書の版（作成した版と公表版）").click()
    expect(page.locator("body")).to_contain_text("公表版")
    page.screenshot(path=ARTIFACTS / "programme_plan_versions.png", full_page=True)
    page.goto(f"{demo_server}/programme/surveys/")
    expect(page.locator("body")).to_contain_text("市民意識調査")
    page.screenshot(path=ARTIFACTS / "programme_surveys.png", full_page=True)
    page.locator("main a", has_text="市民意識調査").first.click()
    expect(page.locator("body")).to_contain_text("この調査で測る成果指標")
    page.screenshot(path=ARTIFACTS / "programme_survey.png", full_page=True)
    assert not errors, errors
    page.context.close()


def test_an_agency_manager_reads_the_indicators_but_edits_nothing(
    demo_server: str, browser: Any, login: Login
) -> None:
    from playwright.sync_api import expect

    errors: list[str] = []
    page = new_page(browser, errors)
    login(page, demo_server, "kikan")
    page.goto(f"{demo_server}/programme/indicators/")
    # 004's eight (and the one the city may have added in the story above), counted for his agency.
    expect(page.locator("section.indicator").first).to_contain_text("CSWによるアウトリーチ件数")
    assert page.locator("section.indicator").count() >= 8
    expect(page.get_by_role("link", name="計画と指標を編集")).to_have_count(0)
    page.screenshot(path=ARTIFACTS / "programme_indicators_kikan.png", full_page=True)
    assert not errors, errors
    assert page.goto(f"{demo_server}/programme/plans/new/").status == 403
    page.context.close()
