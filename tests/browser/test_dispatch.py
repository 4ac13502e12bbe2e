"""専門家派遣 in Debian's Chromium, on the demo's 北海道: the prefecture's officer decides 中標津町's request;
the contractor's facilitator records the hearing along 003 図表 2-4's headings, agrees a year-end goal with an
action, and copies a workshop worksheet (a phone number is refused); then the library and the hub, and what a
municipality's own staff see. Screenshots: tests/artifacts/dispatch_*.png.

The server is ``city_server`` (tests/browser/conftest.py: the demo without residents), a fresh instance for
this module.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from kasane.lib.dates import today

from .helpers import ARTIFACTS, Login, field, new_page, short_wareki

pytestmark = pytest.mark.browser


def _shot(page: Any, name: str) -> None:
    page.screenshot(path=ARTIFACTS / f"dispatch_{name}.png", full_page=True)


def _open_dispatch(page: Any, town: str) -> None:
    page.get_by_role("link", name="専門家派遣", exact=True).first.click()
    page.get_by_role("link", name=town, exact=True).click()


def test_dispatch_from_request_to_worksheet_then_library_and_hub(
    city_server: tuple[str, Path],
    browser: Any,
    login: Login,
) -> None:
    from playwright.sync_api import expect

    url, _log = city_server
    errors: list[str] = []

    # 1. The prefecture's officer sees the year against 000's six, and decides 中標津町's request.
    ken = new_page(browser, errors)
    login(ken, url, "ken")
    ken.get_by_role("link", name="専門家派遣", exact=True).first.click()
    expect(ken.get_by_role("heading", level=1)).to_have_text("専門家派遣")
    expect(ken.locator(".year-count")).to_contain_text("4 / 6")
    _shot(ken, "01_list")
    ken.get_by_role("link", name="中標津町", exact=True).click()
    expect(ken.locator(".stepper__current")).to_have_text("依頼受付")
    # No 決定 without an expert (issue 19): the officer first names who goes.
    ken.get_by_role("link", name="依頼の内容を修正する").click()
    ken.get_by_role("checkbox", name="大森 恵子").check()
    ken.get_by_role("button", name="保存する").click()
    expect(ken.locator(".stepper__current")).to_have_text("依頼受付")
    field(ken, "決定した日").fill(short_wareki(today()))
    ken.get_by_role("button", name="派遣を決定する").click()
    expect(ken.locator(".messages")).to_contain_text("道との協議で派遣を決定しました")
    dispatch_url = ken.url

    # 2. The facilitator records the hearing along 図表 2-4's three headings.
    fasi = new_page(browser, errors)
    login(fasi, url, "fasi")
    fasi.goto(dispatch_url)
    fasi.get_by_role("link", name="ヒアリングを記録する").click()
    for heading in (
        "① 重層的支援体制の体制整備の検討のきっかけ",
        "② 重層的支援体制の体制整備に関する現況",
        "③ 重層的支援体制整備事業を通じて目指すところ",
    ):
        expect(fasi.get_by_role("group", name=heading)).to_be_visible()
    expect(fasi.locator(".privacy-notice")).to_contain_text(
        "個人が特定できる情報（氏名・住所・生年月日など）は書かないでください"
    )
    fasi.get_by_label("オンライン").check()
    field(fasi, "出席者").fill("福祉課 社会福祉係長、町社協 地域福祉係／道 地域福祉課、受託事業者")
    field(fasi, "推進役・機関（庁内・民間）の有無").fill("社会福祉係長と町社協の地域福祉係が中心。")
    field(fasi, "きっかけとなったケース").fill(
        "20代の単身男性。就労が続かず家にこもりがちと家族から相談があった。"
    )
    field(fasi, "各相談機関の状況（運営方式／人材／業務状況等）").fill(
        "包括は直営1か所。障がいは委託の相談支援事業所1か所。"
    )
    field(fasi, "財政部との折衝状況").fill("未着手。")
    field(fasi, "事業を通して実現させたいことが明らかか否か").fill(
        "「誰もが役割を持てる町」を目指したいが、まだ言葉にできていない。"
    )
    fasi.get_by_role("button", name="保存する").click()
    expect(fasi.locator(".messages")).to_contain_text("事前ヒアリングを記録しました")
    expect(fasi.locator(".stepper__current")).to_have_text("ヒアリング済")
    expect(fasi.locator(".hearing-table")).to_contain_text("社会福祉係長と町社協の地域福祉係が中心。")

    # 3. A year-end goal agreed with the town, and an action under it.
    fasi.get_by_role("link", name="目標を追加する").click()
    field(fasi, "今年度末の目標").fill("町内の社会資源を把握し、参加支援の受け入れ先の候補を見つける")
    field(fasi, "進めたい項目").select_option(label="社会資源を活用できる人材")
    fasi.get_by_role("button", name="保存する").click()
    expect(fasi.locator(".stepper__current")).to_have_text("目標設定済")
    fasi.get_by_role("link", name="取り組み事項を追加する").click()
    field(fasi, "取り組み事項").fill("農業者・商店を訪ねるフィールドワーク")
    field(fasi, "担当").fill("町社協・三浦氏")
    fasi.get_by_role("button", name="追加する").click()
    expect(fasi.locator("#goals")).to_contain_text("農業者・商店を訪ねるフィールドワーク")
    _shot(fasi, "02_hearing_and_goal")

    # 4. 八雲町's workshop has been held: a worksheet with a phone number is refused, then kept without it.
    _open_dispatch(fasi, "八雲町")
    fasi.get_by_role("link", name="ワークシートを入力する").first.click()
    field(fasi, "グループ・所属").fill("3班（保健・子ども）")
    field(fasi, "(A) 連携して対応に成功したケース").fill(
        "30代の母親と小学生の世帯（母の携帯 090-1234-5678）。学校と保健師が役割を分けた。"
    )
    field(fasi, "(a) 連携の成功要因").fill("学校からの声かけをすぐ受け止め、関係者会議を開いたこと。")
    fasi.get_by_role("button", name="保存する").click()
    expect(fasi.locator(".field__error").first).to_contain_text("電話番号のような数字が含まれています")
    _shot(fasi, "03_worksheet_refused")
    field(fasi, "(A) 連携して対応に成功したケース").fill(
        "30代の母親と小学生の世帯。学校と保健師が役割を分けた。"
    )
    field(fasi, "(c) 足りなかった社会資源（あったらよかった社会資源）").fill(
        "放課後に子どもが安心して過ごせる場"
    )
    fasi.get_by_role("button", name="保存する").click()
    expect(fasi.locator(".messages")).to_contain_text("ワークシートを入力しました")
    expect(fasi.locator(".worksheets").first).to_contain_text("3班（保健・子ども）")

    # 5. Last year's finished dispatch reads as the record of the year: hearing, goals with outcomes, workshop.
    fasi.get_by_role("link", name="専門家派遣", exact=True).first.click()
    fasi.get_by_label("年度", exact=True).select_option(index=0)
    fasi.get_by_role("button", name="表示する").click()
    expect(fasi.locator(".year-count")).to_contain_text("6 / 6")
    fasi.get_by_role("link", name="苫小牧市", exact=True).click()
    expect(fasi.locator(".stepper__current")).to_have_text("成果整理済")
    expect(fasi.locator(".hearing-table__heading")).to_have_count(3)
    expect(fasi.locator(".goal__outcome").first).to_contain_text("達成")
    expect(fasi.locator(".participants").first).to_contain_text("合計")
    _shot(fasi, "04_concluded")

    # 6. The library: by words, folded like the agencies directory.
    fasi.get_by_role("link", name="専門家派遣", exact=True).first.click()
    fasi.get_by_role("link", name="先進事例", exact=True).click()
    fasi.get_by_label("ことばで探す").fill("ｶﾌｪ")
    fasi.get_by_role("button", name="探す").click()
    expect(fasi.locator(".cards > li")).to_have_count(1)
    expect(fasi.locator(".cards > li")).to_contain_text("働くきっかけ応援事業")
    fasi.get_by_role("link", name="条件を外す").click()
    _shot(fasi, "05_library")
    fasi.get_by_role(
        "link", name="地域の居場所の中での中間的就労を通じた社会参加の推進（働くきっかけ応援事業）"
    ).click()
    expect(fasi.locator("dl.facts")).to_contain_text("自宅型サロン（12箇所）と拠点型サロン（3箇所）")

    # 7. The hub, from 中標津町's page: its request says 参加支援; 鷹栖町's practice is offered with its reason.
    fasi.goto(dispatch_url)
    fasi.get_by_role("link", name="合う専門家・事例・市町村をさがす").click()
    expect(fasi.locator(".need-panel")).to_contain_text("「参加支援」「地域づくり」の相談がありました")
    practices = fasi.locator("section[aria-labelledby=practices-title] .suggestion")
    expect(practices.filter(has_text="働くきっかけ応援事業")).to_have_count(1)
    expect(fasi.locator("section[aria-labelledby=peers-title] .suggestion").first).to_be_visible()
    expect(fasi.locator("section[aria-labelledby=experts-title]")).to_contain_text("を得意としています")
    _shot(fasi, "06_hub")

    # 8. かさね市's programme staff: the library, their own (empty) dispatch list, the hub for their own needs.
    city = new_page(browser, [])  # its last page is a 404, which the console reports
    login(city, url, "shi")
    city.goto(f"{url}/dispatch/")
    expect(city.get_by_role("heading", level=1)).to_have_text("わがまちの専門家派遣")
    expect(city.locator("body")).not_to_contain_text("中標津町")
    city.goto(f"{url}/dispatch/practices/")
    expect(city.locator(".cards > li").first).to_be_visible()
    expect(city.get_by_role("link", name="事例を登録する")).to_have_count(0)
    _shot(city, "07_municipal_library")
    assert city.request.get(f"{url}/dispatch/hub/").status == 200  # open to municipalities since issue 19
    city.goto(dispatch_url)
    expect(city.get_by_role("heading", level=1)).to_have_text("ページが見つかりません")

    assert not errors, errors
