"""The whole 8050 story in Debian's Chromium, through the pages staff use and nothing else.

A 地域包括 相談員 takes the mother's consultation and refers the household to 多機関協働 with her consent,
and registers her withdrawn son in the household; the 社協 coordinator accepts the referral, opens the case,
assesses, builds the team and the plan, records the 重層的支援会議 approval and starts support; both agencies
write 支援経過; the case is evaluated, closed by the meeting and reopened.

The app runs in a subprocess on a throwaway database (the ``city_server`` fixture, tests/browser/conftest.py:
SQLite in a temporary data directory, or a fresh PostgreSQL database when DATABASE_URL is set), with the demo
municipality, its agencies and staff but not the demo's residents: the story brings its own household, and loading ~300 households
would only slow the test down. Screenshots go to tests/artifacts/journey_*.png to be looked at.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest

from kasane.lib.dates import today, wareki

from .helpers import ARTIFACTS, Login, field, group, new_page, section, short_wareki

pytestmark = pytest.mark.browser

HUB = "かさね市社会福祉協議会 地域福祉課（多機関協働・参加支援・アウトリーチ）"
HOUKATSU = "地域包括支援センター本町"
SHOGAI = "相談支援センターあゆみ"
JIRITSU = "かさね市くらし・しごと相談センター"
MOTHER = "髙橋 ミツ"
SON = "髙橋 一郎"
MOTHER_BORN = "昭和19年4月10日"
SON_BORN = "昭和47年6月1日"
CASE_TITLE = "8050・長男の長期ひきこもりと母の介護"


def _age(born: dt.date, on: dt.date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def _shot(page: Any, name: str) -> None:
    page.screenshot(path=ARTIFACTS / f"journey_{name}.png", full_page=True)


def test_8050_household_from_intake_to_reopening(
    city_server: tuple[str, Path], browser: Any, login: Login
) -> None:
    from playwright.sync_api import expect

    url, server_log = city_server

    errors: list[str] = []
    day = today()
    reply_by = day + dt.timedelta(days=7)

    # 1. 地域包括 相談員: 相談受付 for the mother, 8050, ◎ ひきこもり, 多機関協働へつなぐ with her consent.
    houkatsu = new_page(browser, errors)
    login(houkatsu, url, "soudanin")
    expect(houkatsu.get_by_role("heading", level=1)).to_contain_text("お疲れさまです")
    # The front line's home is its casework, not the prefecture's backup support.
    expect(houkatsu.locator(".home-links")).not_to_contain_text("体制整備の状況")
    _shot(houkatsu, "00_home")
    houkatsu.get_by_role("link", name="相談受付", exact=True).click()
    expect(houkatsu.get_by_role("heading", level=1)).to_have_text("相談受付")

    # 受付日時 is typed, date and 24-hour time, whatever locale the browser runs in.
    expect(houkatsu.get_by_label("受付日時の日付")).to_have_value(re.compile(r"^(令和|平成)"))
    expect(houkatsu.get_by_label("受付日時の時刻（24時間制）")).to_have_value(re.compile(r"^\d{1,2}:\d{2}$"))
    expect(houkatsu.get_by_label("受付日時の時刻（24時間制）")).to_have_attribute("type", "text")
    houkatsu.locator(".field").filter(has=houkatsu.get_by_label("受付日時の日付")).screenshot(
        path=ARTIFACTS / "journey_01a_received_at.png"
    )
    person = section(houkatsu, "本人")
    field(person, "氏名").fill(MOTHER)
    field(person, "ふりがな").fill("たかはし みつ")
    field(person, "※性別").select_option(label="女")
    field(person, "※生年月日").fill(MOTHER_BORN)
    field(person, "住所").fill("かさね市本町三丁目8-2")
    field(person, "電話（自宅）").fill("0197-61-5566")

    group(houkatsu, "相談方法").get_by_label("電話", exact=True).check()
    group(houkatsu, "相談者").get_by_label("本人", exact=True).check()
    for topic in ("ひきこもり・不登校", "介護", "収入・生活費"):
        houkatsu.get_by_label(topic, exact=True).check()
    houkatsu.get_by_label("ひきこもり・不登校を最も困っていることにする").check()
    houkatsu.get_by_label("8050", exact=True).check()
    field(houkatsu, "主訴").fill(
        "50代の長男が20年近く自室にこもっている。自分の足腰が弱ってきて、この先どうなるのか心配。"
        "年金だけで二人の生活費をまかなうのが苦しい。"
    )
    field(houkatsu, "本人の希望").fill("息子が少しでも外とつながってほしい。自分は家で暮らし続けたい。")
    houkatsu.get_by_label("多機関協働へつなぐ", exact=True).check()
    field(houkatsu, "対応の内容").fill("世帯全体の支援が必要なため、多機関協働事業の利用を案内した。")
    houkatsu.get_by_label("同意あり", exact=True).check()
    houkatsu.get_by_label("多機関協働事業の利用を申し込む").check()
    houkatsu.get_by_label("重層的支援会議で支援内容を検討する").check()
    field(houkatsu, "共有の目的").fill("世帯全体の支援方針を関係機関で検討するため")
    expect(field(houkatsu, "同意日")).to_have_value(wareki(day))  # dates are offered in 和暦
    _shot(houkatsu, "01_intake")
    houkatsu.get_by_role("button", name="受け付ける").click()

    # It lands on the referral form with the hub chosen; consent, shared items, message, reply date.
    expect(houkatsu.locator(".messages")).to_contain_text(f"{MOTHER}さんの相談を受け付けました。")
    expect(houkatsu.get_by_role("heading", level=1)).to_have_text(f"{MOTHER}さんを他の機関へつなぐ")
    to_agency = field(houkatsu, "つなぎ先")
    expect(to_agency.locator("option:checked")).to_have_text(HUB)
    expect(houkatsu.get_by_label("本人同意", exact=True)).to_be_checked()
    consent = field(houkatsu, "根拠とする同意")
    consent.select_option(index=1)
    expect(consent.locator("option:checked")).to_contain_text("多機関協働の利用申込み")
    for item in ("性別", "住所", "相談内容の分類・世帯の状況"):
        houkatsu.get_by_label(item, exact=True).check()
    field(houkatsu, "共有する補足").fill("長男は訪問しても顔を出さない。母が窓口。")
    field(houkatsu, "依頼内容").fill(
        "8050の世帯です。母の介護と長男のひきこもり、生活費の課題が重なっています。"
        "多機関協働での支援をお願いします。"
    )
    field(houkatsu, "回答希望日").fill(short_wareki(reply_by))
    _shot(houkatsu, "02_referral")
    field(houkatsu, "回答希望日").press("Enter")
    expect(houkatsu.locator(".messages")).to_contain_text(f"{HUB}へつなぎました。")
    expect(houkatsu.get_by_role("heading", level=1)).to_have_text(f"{HOUKATSU} → {HUB}")
    expect(houkatsu.locator(".page-header .status")).to_have_text("依頼中")
    expect(houkatsu.get_by_text(f"回答希望日：{wareki(reply_by)}")).to_be_visible()
    expect(field(houkatsu, "取消の理由")).to_be_visible()
    expect(houkatsu.locator(".timeline .when").first).to_contain_text(wareki(day))
    expect(houkatsu.locator("dl.facts")).to_contain_text(f"{MOTHER}（たかはし みつ）")
    expect(houkatsu.locator("dl.facts")).to_contain_text("◎ひきこもり・不登校")
    expect(houkatsu.locator("dl.facts")).to_contain_text(MOTHER_BORN)

    # 2. The son joins the household, from the household page; his birth date typed short.
    houkatsu.get_by_role("link", name="本人の記録へ").click()
    expect(houkatsu.get_by_role("heading", level=1)).to_contain_text(MOTHER)
    expect(houkatsu.locator("dl.facts")).to_contain_text(MOTHER_BORN)
    houkatsu.get_by_role("link", name="世帯の全体を見る").click()
    houkatsu.get_by_role("link", name="世帯員を登録する").click()
    field(houkatsu, "氏名").fill(SON)
    field(houkatsu, "ふりがな").fill("たかはし いちろう")
    field(houkatsu, "性別").select_option(label="男")
    relation = field(houkatsu, "続柄（主たる相談者から見て）")
    expect(relation.locator("option", has_text="父母")).to_have_count(0)
    relation.select_option(label="長男")
    field(houkatsu, "生年月日").fill("S47.6.1")
    field(houkatsu, "生年月日").press("Enter")
    expect(houkatsu.locator(".messages")).to_contain_text(f"{SON}さんを世帯員として登録しました。")
    members = houkatsu.locator("table tbody tr")
    expect(members.filter(has_text=MOTHER)).to_contain_text("主たる相談者")
    son_row = members.filter(has_text=SON)
    expect(son_row).to_contain_text("長男")
    expect(son_row).to_contain_text(f"{_age(dt.date(1972, 6, 1), day)}歳")
    _shot(houkatsu, "03_household")
    household_url = houkatsu.url

    # 2b. A neighbour calls about her, knowing only the surname (in the common kanji) and the birth year:
    # the search finds her with her household. Registering her again is offered as a choice, not an error.
    houkatsu.get_by_role("navigation", name="メインメニュー").get_by_role("link", name="本人・世帯").click()
    field(houkatsu, "氏名・ふりがな").fill("高橋")
    field(houkatsu, "生年月日・年齢").fill("S19")
    houkatsu.get_by_role("button", name="検索").click()
    found = houkatsu.locator("#results table tbody tr")
    expect(found).to_have_count(1)
    expect(found.first).to_contain_text(MOTHER)
    expect(found.first).to_contain_text("髙橋さん世帯")
    expect(houkatsu.locator("#results")).to_contain_text("昭和19年1月1日〜昭和19年12月31日")
    _shot(houkatsu, "03b_search_by_birth_year")
    houkatsu.get_by_role("link", name="本人を登録する").click()
    field(houkatsu, "氏名").fill("高橋 ミツ")
    field(houkatsu, "ふりがな").fill("タカハシ ミツ")
    field(houkatsu, "生年月日").fill("S19.4.10")
    field(houkatsu, "生年月日").press("Enter")
    choice = houkatsu.locator("section.lookalikes")
    expect(choice.get_by_role("heading")).to_have_text("同じ方がすでに登録されていませんか？")
    expect(houkatsu.locator(".error-summary")).to_have_count(0)
    candidate = choice.locator("li.lookalike").filter(has_text=MOTHER)
    expect(candidate).to_contain_text("髙橋さん世帯")
    expect(candidate).to_contain_text(wareki(day))  # her last contact: today's consultation
    _shot(houkatsu, "03c_lookalikes")
    candidate.get_by_role("button", name="この方です").click()
    expect(houkatsu.get_by_role("heading", level=1)).to_contain_text(MOTHER)
    # At the intake desk the same choice comes before anything is recorded; leaving it records nothing.
    houkatsu.get_by_role("link", name="相談受付", exact=True).click()
    person = section(houkatsu, "本人")
    field(person, "氏名").fill("高橋 ミツ")
    field(person, "ふりがな").fill("たかはし みつ")
    field(person, "※性別").select_option(label="女")
    field(person, "※生年月日").fill("S19.4.10")
    group(houkatsu, "相談方法").get_by_label("電話", exact=True).check()
    group(houkatsu, "相談者").get_by_label("本人", exact=True).check()
    houkatsu.get_by_label("介護", exact=True).check()
    houkatsu.get_by_label("介護を最も困っていることにする").check()
    field(houkatsu, "主訴").fill("母の様子について近所の方から電話。")
    houkatsu.get_by_role("button", name="受け付ける").click()
    candidate = houkatsu.locator("section.lookalikes li.lookalike").filter(has_text=MOTHER)
    expect(candidate).to_contain_text("髙橋さん世帯")
    expect(candidate.get_by_role("button", name="この方です")).to_be_visible()
    _shot(houkatsu, "03d_intake_lookalikes")
    houkatsu.goto(household_url)
    houkatsu.get_by_role("link", name=SON).click()
    expect(houkatsu.locator("dl.facts")).to_contain_text(SON_BORN)

    # 3. The coordinator accepts the referral and opens the 多機関協働 case.
    hub = new_page(browser, errors)
    login(hub, url, "kyodo")
    hub.get_by_role("link", name="つなぎ", exact=True).click()
    expect(hub.get_by_role("link", name=re.compile("受け取ったつなぎ（未回答"))).to_be_visible()
    row = hub.locator("table tbody tr").filter(has_text=MOTHER)
    expect(row).to_contain_text("依頼中")
    expect(row).to_contain_text(HOUKATSU)
    row.get_by_role("link").first.click()
    expect(hub.locator("dl.facts")).to_contain_text("◎ひきこもり・不登校")
    expect(hub.locator("dl.facts")).to_contain_text("世帯の状況：8050")
    expect(hub.get_by_text("共有の根拠：本人同意")).to_be_visible()
    hub.get_by_role("button", name="受理する").click()
    expect(hub.locator(".messages")).to_contain_text("つなぎを「受理」にしました。")
    expect(hub.locator(".page-header .status")).to_have_text("受理")
    _shot(hub, "04_referral_accepted")
    hub.get_by_role("link", name="多機関協働ケースを受け付ける").click()
    expect(hub.locator(".lead")).to_contain_text(f"{MOTHER}さんの世帯について")
    field(hub, "ケースの概要").fill(CASE_TITLE)
    field(hub, "受付日").fill(short_wareki(day))
    field(hub, "受付日").press("Enter")
    expect(hub.locator(".messages")).to_contain_text("多機関協働ケースを受け付けました。")
    expect(hub.get_by_role("heading", level=1)).to_have_text(CASE_TITLE)
    header = hub.locator(".page-header")
    expect(header.locator(".status")).to_have_text("受付")
    expect(header).to_contain_text(f"{wareki(day)}受付")
    expect(hub.locator("section").filter(has_text="支援チーム").first).to_contain_text(
        f"{HOUKATSU}：支援機関"
    )
    _shot(hub, "05_case_opened")
    case_url = hub.url

    # 4. Assessment, team, plan with the person's words and her agreement, submitted to the meeting.
    hub.get_by_role("button", name="アセスメントを始める").click()
    expect(header.locator(".status")).to_have_text("アセスメント中")
    hub.get_by_role("link", name="アセスメントを記録する").click()
    field(hub, "世帯の状況").fill(
        "母（82歳）と長男（54歳）の二人暮らし。長男は30代から自室で過ごし、家族以外と話していない。"
    )
    field(hub, "世帯全体の課題").fill("母の介護が必要になりつつある。収入は母の年金のみ。")
    field(hub, "強み・活用できる資源").fill("長男は家の中では母の買い物を頼まれると引き受ける。")
    field(hub, "本人の言葉・希望").fill("「息子のことを誰かに相談できてほっとした」")
    group(hub, "緊急度").get_by_label("中", exact=True).check()
    mother_section = hub.get_by_role("group", name=re.compile(rf"^{MOTHER}（本人"))
    field(mother_section, "状況").fill("膝の痛みで外出が減っている。要介護認定は未申請。")
    field(mother_section, "課題").fill("介護保険の申請、通院の付き添い。")
    son_section = hub.get_by_role("group", name=re.compile(rf"^{SON}（長男・"))
    field(son_section, "状況").fill("日中は自室でゲーム。夜にコンビニへ行くことがある。")
    field(son_section, "課題").fill("医療・障害福祉の評価が未実施。収入がない。")
    hub.get_by_role("button", name="保存する").click()
    expect(hub.locator(".messages")).to_contain_text("アセスメント（第1版）を記録しました。")
    assessment = hub.locator("section").filter(
        has=hub.get_by_role("heading", name=re.compile("^アセスメント"))
    )
    expect(assessment).to_contain_text(f"（第1版・{wareki(day)}）")
    expect(assessment).to_contain_text("膝の痛みで外出が減っている")
    expect(assessment).to_contain_text(SON)
    hub.get_by_role("button", name="プラン作成に進む").click()
    expect(header.locator(".status")).to_have_text("プラン作成中")

    # 支援チーム: 地域包括 came with the referral; 障害者相談支援 and 自立相談支援 are added by hand.
    team = hub.locator("section").filter(has_text="支援チーム").first
    for agency, part, message in (
        (HOUKATSU, "支援機関", "この機関はすでに支援チームに入っています。"),
        (SHOGAI, "支援機関", "支援チームに機関を加えました。"),
        (JIRITSU, "参加支援", "支援チームに機関を加えました。"),
    ):
        hub.get_by_text("機関を加える", exact=True).click()
        team_form = hub.locator("details form")
        field(team_form, "機関").select_option(label=agency)
        field(team_form, "役割").select_option(label=part)
        field(team_form, "参加日").fill(short_wareki(day))
        team_form.get_by_role("button", name="加える").click()
        expect(hub.locator(".messages")).to_contain_text(message)
        expect(team).to_contain_text(f"{agency}：{part}")
    expect(team.locator("ul").first.locator("> li")).to_have_count(4)

    hub.get_by_role("link", name="プランを作成する").click()
    expect(hub.get_by_role("heading", level=1)).to_have_text("支援プランの作成")
    field(hub, "長期目標（本人の言葉で）").fill("「息子と二人で、この家で安心して暮らしたい」")
    field(hub, "短期目標（本人の言葉で）").fill(
        "「介護保険の申請をして、膝を診てもらう」\n「息子が月に一度は外の人と話せるようになる」"
    )
    field(hub, "次回見直し日").fill(short_wareki(day + dt.timedelta(days=90)))
    hub.get_by_label("本人の同意", exact=True).check()
    field(hub, "本人が同意した日").fill(short_wareki(day))
    field(hub, "本人の意見").fill("「息子には無理をさせないでほしい」")
    roles = {
        HUB: "アウトリーチ：長男への手紙と訪問を続け、本人のペースで関係をつくる。全体の調整。",
        HOUKATSU: "母の要介護認定の申請支援、通院の調整。",
        SHOGAI: "長男との面談の機会を探り、障害福祉サービスの情報提供。",
        JIRITSU: "家計の見直しと生活費の相談、長男の就労準備の情報提供。",
    }
    role_sections = hub.locator("form section.form-section")
    expect(role_sections).to_have_count(6)
    for i in range(4):
        role = role_sections.nth(i)
        chosen = field(role, "機関").locator("option:checked").inner_text()
        assert chosen in roles, chosen
        field(role, "役割・支援内容").fill(roles[chosen])
        field(role, "頻度").fill("月1回")
    _shot(hub, "06_plan_form")
    hub.get_by_role("button", name="保存する").click()
    expect(hub.locator(".messages")).to_contain_text("多機関協働プラン 第1版を作成しました。")
    plan_card = hub.locator(".card").filter(has_text="多機関協働プラン 第1版")
    expect(plan_card.locator(".status")).to_have_text("作成中")
    expect(plan_card).to_contain_text(f"{wareki(day)}に同意")
    expect(plan_card.locator("tbody tr")).to_have_count(4)
    expect(plan_card).to_contain_text("アウトリーチ：長男への手紙")
    hub.get_by_role("button", name="プランを会議に提出する").click()
    expect(header.locator(".status")).to_have_text("会議待ち")
    expect(plan_card.locator(".status")).to_have_text("会議提出")
    _shot(hub, "07_submitted")

    # 5. The coordinator calls an urgent 包括的支援会議 for today, puts the plan on its agenda, and the
    #    meeting approves it; support starts and the plan is 実施中.
    hub.get_by_role("link", name="会議", exact=True).click()
    hub.get_by_role("link", name="緊急の会議を招集する").click()
    field(hub, "会議体").select_option(label="かさね市包括的支援会議")
    field(hub, "会議名").fill("包括的支援会議（臨時）")
    for kind in ("支援会議（社会福祉法第106条の6）", "重層的支援会議（個別）"):
        hub.get_by_label(kind, exact=True).check()
    field(hub, "場所").fill("社会福祉協議会 相談室")
    hub.get_by_role("button", name="登録する").click()
    expect(hub.locator(".messages")).to_contain_text("「包括的支援会議（臨時）」を登録しました。")
    expect(hub.locator(".page-header")).to_contain_text("緊急")
    # The sitting meets now: its host records who came, whom its decisions will name.
    hub.get_by_role("button", name="出席を記録する").click()
    expect(hub.locator(".messages")).to_contain_text("出席を記録しました。")
    hub.goto(case_url)
    hub.get_by_role("link", name="重層的支援会議に提出する").click()
    field(hub, "提出する会議").select_option(label=f"{wareki(day)} 包括的支援会議（臨時）（緊急）")
    hub.get_by_role("button", name="提出する").click()
    expect(hub.locator(".messages")).to_contain_text("包括的支援会議（臨時）の議題に追加しました。")
    hub.get_by_role("link", name=re.compile("包括的支援会議（臨時）（プランの適切性）")).click()
    expect(hub.get_by_role("heading", level=1)).to_contain_text(CASE_TITLE)
    expect(hub.locator("body")).to_contain_text("対象のプラン：多機関協働プラン 第1版")
    field(hub, "協議の内容").fill("長男への接触は急がず、母の介護から関係をつくる方針を確認した。")
    field(hub, "決まったこと").fill("プランを承認。3か月後に進捗を確認する。")
    hub.get_by_label("承認", exact=True).check()
    field(hub, "次回見直し日").fill(short_wareki(day + dt.timedelta(days=90)))
    _shot(hub, "08_meeting")
    hub.get_by_role("button", name="議事録を保存する").click()
    expect(hub.locator(".messages")).to_contain_text("議事録を保存しました。")
    expect(hub.locator("body")).to_contain_text("会議の決定を記録しました：プランの適切性 → 承認")
    hub.goto(case_url)
    expect(header.locator(".status")).to_have_text("支援中")
    expect(plan_card.locator(".status")).to_have_text("承認")
    hub.get_by_role("button", name="支援を開始する（実施中にする）").click()
    expect(hub.locator(".messages")).to_contain_text("プランを「実施中」にしました。")
    expect(plan_card.locator(".status")).to_have_text("実施中")
    expect(hub.get_by_text(f"{wareki(day)} 包括的支援会議（臨時）").first).to_be_visible()
    _shot(hub, "09_support")

    # 6. 支援経過 from two agencies: the coordinator's visit, then the 相談員's phone call.
    notes = hub.locator("form").filter(has=hub.get_by_role("button", name="記録する"))
    field(notes, "所要時間（分）").fill("45")
    notes.get_by_label("訪問", exact=True).check()
    field(notes, "内容").fill("自宅訪問。母と面談。長男は部屋から出てこなかったが、手紙を置いてきた。")
    notes.get_by_role("button", name="記録する").click()
    expect(hub.locator(".messages")).to_contain_text("支援経過を記録しました。")

    houkatsu.get_by_role("link", name="ケース", exact=True).click()
    houkatsu.locator("table tbody tr").filter(has_text=MOTHER).get_by_role("link", name=CASE_TITLE).click()
    assert houkatsu.url == case_url
    expect(houkatsu.locator(".page-header .status")).to_have_text("支援中")
    expect(houkatsu.get_by_text("閲覧の根拠：支援チームへの参加")).to_be_visible()
    notes = houkatsu.locator("form").filter(has=houkatsu.get_by_role("button", name="記録する"))
    field(notes, "所要時間（分）").fill("15")
    notes.get_by_label("電話", exact=True).check()
    field(notes, "内容").fill("母から電話。要介護認定の申請書類を郵送した。長男が封筒を受け取ったとのこと。")
    notes.get_by_role("button", name="記録する").click()
    expect(houkatsu.locator(".messages")).to_contain_text("支援経過を記録しました。")
    timeline = houkatsu.locator("h2#notes ~ ol.timeline").first
    expect(timeline.locator("li")).to_have_count(2)
    expect(timeline.locator("li").filter(has_text="電話")).to_contain_text(f"{HOUKATSU}・髙橋 美咲")
    expect(timeline.locator("li").filter(has_text="訪問")).to_contain_text(f"{HUB}・山﨑 健太")
    expect(timeline).to_contain_text(wareki(day))
    _shot(houkatsu, "10_notes")

    # 7. 終結時の評価, the meeting's closure, and reopening.
    hub.reload()
    hub.get_by_role("link", name="終結時の評価").click()
    expect(hub.locator("form.form")).to_contain_text("息子と二人で、この家で安心して暮らしたい")
    field(hub, "評価日").fill(short_wareki(day))
    goals = hub.locator("fieldset.goal-evaluation")
    expect(goals).to_have_count(2)
    expect(hub.locator("input[type=radio]:checked")).to_have_count(0)  # nothing judged by default
    expect(goals.nth(0)).to_contain_text("介護保険の申請をして、膝を診てもらう")
    goals.nth(0).get_by_label("達成", exact=True).check()
    goals.nth(1).get_by_label("一部達成", exact=True).check()
    field(goals.nth(1), "評価・理由").fill("手紙には返事を書くようになったが、外の人とはまだ話せていない。")
    field(hub, "支援全体の振り返り（達成・未達成の理由）").fill(
        "母の介護サービスは始まった。長男は手紙に返事を書くようになった。"
    )
    field(hub, "本人の評価・意見").fill("「相談してよかった」")
    hub.get_by_label("終結後も見守りを続ける").check()
    field(hub, "見守りの方法・担当").fill("地域包括支援センター本町が月1回電話")
    group(hub, "今後の方向性").get_by_label("終結", exact=True).check()
    group(hub, "※終結理由区分").get_by_label("目標達成（自立）", exact=True).check()
    _shot(hub, "11a_evaluation_form")
    hub.get_by_role("button", name="記録する").click()
    expect(hub.locator(".messages")).to_contain_text("終結時の評価を記録しました。")
    expect(hub.get_by_role("heading", name=f"{wareki(day)}の評価：一部達成")).to_be_visible()
    expect(hub.locator("body")).not_to_contain_text("閲覧の根拠")  # the hub's own case
    expect(hub.get_by_role("heading", name="終結時の評価")).to_be_visible()
    hub.get_by_role("link", name="会議に提出する（進捗確認・終結）").click()
    field(hub, "提出する会議").select_option(label=f"{wareki(day)} 包括的支援会議（臨時）（緊急）")
    hub.get_by_label("終結時の評価", exact=True).check()
    hub.get_by_role("button", name="提出する").click()
    hub.get_by_role("link", name=re.compile("包括的支援会議（臨時）（終結時の評価）")).click()
    field(hub, "協議の内容").fill(
        "母の介護サービスが定着し、長男とのつながりもできたため終結。見守りは包括が継続。"
    )
    hub.get_by_label("終結", exact=True).check()
    hub.get_by_role("button", name="議事録を保存する").click()
    expect(hub.locator("body")).to_contain_text("会議の決定を記録しました：終結時の評価 → 終結")
    hub.goto(case_url)
    expect(header.locator(".status")).to_have_text("終結")
    expect(header).to_contain_text(f"{wareki(day)}終結")
    expect(plan_card.locator(".status")).to_have_text("終了")
    _shot(hub, "11_closed")
    field(hub, "再開の理由").fill(
        "母が転倒して入院し、長男が一人で暮らすことになったと包括から連絡があった。"
    )
    hub.get_by_role("button", name="再開する").click()
    expect(hub.locator(".messages")).to_contain_text("ケースを「アセスメント中」にしました。")
    expect(header.locator(".status")).to_have_text("アセスメント中")
    expect(header).not_to_contain_text("終結")
    expect(hub.get_by_role("link", name="アセスメントを更新する（新しい版）")).to_be_visible()
    expect(hub.locator("ol.timeline").last).to_contain_text("母が転倒して入院し")
    _shot(hub, "12_reopened")

    assert not errors, errors
    assert "Traceback" not in server_log.read_text(), server_log.read_text()
    hub.context.close()
    houkatsu.context.close()
