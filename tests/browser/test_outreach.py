"""アウトリーチ in Debian's Chromium: a CSW of the 社協 works with a household that does not come forward, from
a 民生委員's word to 多機関協働, over four months.

1. 令和8年6月8日: she records her visit to the 北町 民生委員 (関係機関等への訪問), registers from it a target
   known only by a description, visits and finds nobody in (訪問・本人・不在, with a next step and date);
2. 6月11日: she plans a home visit with a colleague and the 民生委員 and an expected return; the office confirms
   her return from the outreach start page; she logs the talk with the mother (訪問・家族・家族と話せた) and
   moves the stage to 家族とつながる with it (本人とつながる is refused: nobody has met the son yet);
3. 7月2日, on a tablet (768×1024, touch): a letter to the son, no answer, logged with the radio buttons as
   tap targets;
4. 10月13日: she talks with the son (本人と話せた → 本人とつながる), links the target to his person record (the
   household is known to the 社協 from an earlier loan consultation of the mother), takes his 相談受付 with a
   consent covering 多機関協働 on the ordinary intake page, and hands him to 多機関協働 (支援につなぐ).

Then: the stage bar stands at 支援につなぐ, the household page's timeline shows the outreach entries, the
indicator counts the contacts and the visit month by month, and a 相談員 of another agency with no basis gets
404 on the target page.

pytest-django's live server with the data built in code; the clock stands on each day of the story (ticking)
and moves forward between the steps, a fresh login each time (the idle timeout would end the old session).
Screenshots: tests/artifacts/outreach_*.png, looked at.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import urllib.request
from collections.abc import Iterator
from typing import Any

import pytest
import time_machine
from django.db import connections

from kasane.accounts.models import User
from kasane.casework.models import Relationship
from kasane.lib.dates import wareki
from kasane.outreach.models import Contact, HomeVisit, Target
from tests import factories
from tests.clock import TOKYO, morning_of
from tests.conftest import PASSWORD, MakeUser

from .helpers import ARTIFACTS, CHROMIUM, Login, field, group, require_chromium, short_wareki

# The live server needs a transactional test; roles made by migrations must survive its final flush.
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

FIRST_DAY = dt.date(2026, 6, 8)  # a Monday of 令和8年度
NEXT_TRY = dt.date(2026, 6, 11)
LETTER_DAY = dt.date(2026, 7, 2)
SON_DAY = dt.date(2026, 10, 13)

CSW = "佐々木 恵"
COLLEAGUE = "千葉 拓也"
OFFICE = "及川 直子"
LABEL = "北町の80代女性と50代の息子の世帯"
MOTHER, SON = "髙橋 ミツ", "髙橋 一郎"

DESKTOP: dict[str, Any] = {"viewport": {"width": 1280, "height": 900}}
TABLET: dict[str, Any] = {
    "viewport": {"width": 768, "height": 1024},
    "is_mobile": True,
    "has_touch": True,
    "device_scale_factor": 2,
}


@pytest.fixture
def chromium(flushable_audit_trail: None) -> Iterator[Any]:
    require_chromium()
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    # Playwright's sync API runs an event loop in this thread; the ORM calls between steps are still
    # plain synchronous calls on the test's own connection.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(
                executable_path=CHROMIUM,
                args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"],
            )
            yield browser
            browser.close()
            # ORM calls made while Playwright's loop runs get connections of their own; close them here, or
            # PostgreSQL cannot drop the test database at the end.
            connections.close_all()
    finally:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


@pytest.fixture
def story(world: dict[str, Any], make_user: MakeUser) -> dict[str, Any]:
    """The 社協 (which runs 多機関協働 and outreach) with its CSW, a colleague and the office; a 相談員 of 南部包括;
    and the 髙橋 household, known to the 社協 from an earlier consultation of the mother (mother and son)."""
    shakyo = world["agencies"]["shakyo"]
    shakyo.runs_collaboration = True
    shakyo.save(update_fields=["runs_collaboration"])
    users = {
        "csw": make_user("csw", shakyo, "soudanin", full_name=CSW),
        "colleague": make_user("csw2", shakyo, "soudanin", full_name=COLLEAGUE),
        "office": make_user("jimu", shakyo, "soudanin", full_name=OFFICE),
        "outsider": make_user("south", world["agencies"]["houkatsu_south"], "soudanin", full_name="工藤 亮"),
    }
    mother = factories.person(shakyo, MOTHER, "たかはし みつ", address="テスト市北町2-14")
    son = factories.person(
        shakyo,
        SON,
        "たかはし いちろう",
        household=mother.household,
        relationship=Relationship.CHILD,
        birth_date=dt.date(1972, 6, 1),
    )
    return {"world": world, "users": users, "mother": mother, "son": son, "household": mother.household}


@pytest.fixture
def server(live_server: Any) -> str:
    """The live server's URL, once it has served a first page: that one loads the URLconf and compiles the base
    template, which on a busy machine takes longer than a page may."""
    url = str(live_server.url)
    with urllib.request.urlopen(f"{url}/accounts/login/", timeout=60) as response:  # noqa: S310 - loopback
        assert response.status == 200
    return url


def _shot(page: Any, name: str) -> None:
    page.screenshot(path=ARTIFACTS / f"outreach_{name}.png", full_page=True)


def _open(
    chromium: Any, url: str, login: Login, user: User, errors: list[str], device: dict[str, Any]
) -> Any:
    """A fresh browser for ``user`` on ``device``, logged in through the login form."""
    context = chromium.new_context(locale="ja-JP", **device)
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("dialog", lambda d: d.accept())
    login(page, url, user.username, PASSWORD)
    return page


def _contact_form(page: Any) -> Any:
    return page.get_by_role("form", name="接触を記録する")


def _disclosure(page: Any, summary: str) -> Any:
    """A folded form of the target page, opened."""
    box = page.locator("details.disclosure").filter(has=page.locator("summary", has_text=summary))
    box.locator("summary").click()
    return box


def _stage_bar(page: Any) -> Any:
    return page.get_by_role("list", name="アウトリーチの段階")


def test_a_household_that_does_not_come_forward_reaches_collaboration(
    server: str, chromium: Any, login: Login, story: dict[str, Any]
) -> None:
    from playwright.sync_api import expect

    url, users, errors = server, story["users"], []

    with time_machine.travel(morning_of(FIRST_DAY), tick=True) as clock:
        # 1. The visit to the 民生委員, recorded on the agency visits page.
        csw = _open(chromium, url, login, users["csw"], errors, DESKTOP)
        csw.get_by_role("navigation", name="メインメニュー").get_by_role("link", name="アウトリーチ").click()
        expect(csw.get_by_role("heading", level=1)).to_have_text("アウトリーチ")
        csw.get_by_role("link", name="関係機関等への訪問").click()
        expect(csw.locator("main")).to_contain_text("まだ記録がありません。")
        csw.get_by_text("訪問を記録する").click()
        expect(field(csw, "訪問日")).to_have_value(wareki(FIRST_DAY))
        field(csw, "訪問先の種類").select_option(label="民生委員・児童委員")
        field(csw, "訪問先").fill("北町地区 民生委員（菅原さん）")
        field(csw, "目的").select_option(label="情報収集")
        field(csw, "所要時間（分）").fill("40")
        field(csw, "わかったこと・成果").fill(
            "北町に、80代の母と50代の息子の世帯がある。息子は10年ほど外に出ていない様子。母は足が悪く、"
            "最近は買い物にも出ていない。"
        )
        field(csw, "次にすること").fill("世帯を訪問する")
        csw.get_by_role("button", name="記録する").click()
        expect(csw.locator(".messages")).to_contain_text("関係機関等への訪問を記録しました。")
        row = csw.locator("table.table tbody tr").first
        expect(row).to_contain_text("北町地区 民生委員（菅原さん）")
        expect(row).to_contain_text("民生委員・児童委員")
        expect(row).to_contain_text("情報収集")
        expect(row).to_contain_text("40分")
        _shot(csw, "01_agency_visits")

        # A target from that visit: a description, no name.
        row.get_by_role("link", name="対象を登録").click()
        expect(csw.get_by_role("heading", level=1)).to_have_text("アウトリーチの対象を登録")
        expect(csw.locator(".notice")).to_have_text(
            f"関係機関等への訪問（{wareki(FIRST_DAY)} 北町地区 民生委員（菅原さん））で把握した対象として登録します。"
        )
        expect(field(csw, "把握の経緯").locator("option:checked")).to_have_text("関係機関等への訪問で把握")
        expect(field(csw, "情報提供者")).to_have_value("北町地区 民生委員（菅原さん）")
        expect(field(csw, "把握日")).to_have_value(wareki(FIRST_DAY))
        field(csw, "呼び名").fill(LABEL)
        field(csw, "対象者・世帯の様子").fill(
            "80代の母と50代の息子の二人暮らし。息子は10年ほど外出していない様子。母は足が悪い。"
        )
        field(csw, "地区").fill("北町")
        field(csw, "担当者").select_option(label=CSW)
        _shot(csw, "02_new_target")
        csw.get_by_role("button", name="登録する").click()
        expect(csw.locator(".messages")).to_contain_text("アウトリーチの対象を登録しました。")
        expect(csw.get_by_role("heading", level=1)).to_have_text(LABEL)
        expect(_stage_bar(csw).locator("[aria-current=step]")).to_have_text("情報把握")
        expect(csw.locator("dl.facts")).to_contain_text("まだ結び付けていません")
        target = Target.objects.get(label=LABEL)
        assert target.person_id is None and target.agency_visit is not None
        target_url = f"{url}/outreach/targets/{target.pk}/"

        # Nobody in: 訪問・本人・不在, the next try on Thursday; the stage moves to 接触の試み with it.
        form = _contact_form(csw)
        expect(field(form, "日付")).to_have_value(wareki(FIRST_DAY))
        group(form, "方法").get_by_label("訪問", exact=True).check()
        group(form, "相手").get_by_label("本人", exact=True).check()
        group(form, "結果").get_by_label("不在", exact=True).check()
        field(form, "様子・やりとり").fill("呼び鈴を鳴らしたが応答なし。自己紹介のメモを投函した。")
        field(form, "次の一手").fill("夕方に再訪問する")
        field(form, "次の予定日").fill(short_wareki(NEXT_TRY))
        field(form, "段階").select_option(label="接触の試み")
        form.get_by_role("button", name="記録する").click()
        expect(csw.locator(".messages")).to_contain_text("接触を記録しました。")
        expect(_stage_bar(csw).locator("[aria-current=step]")).to_have_text("接触の試み")
        contacts = csw.locator("section[aria-labelledby=contacts-title]")
        expect(contacts.get_by_role("heading")).to_have_text("接触の記録（1件）")
        expect(contacts).to_contain_text("本人・不在")
        expect(contacts).to_contain_text(f"次：夕方に再訪問する（{wareki(NEXT_TRY)}）")
        csw.context.close()

        # 2. Thursday: a home visit planned with a colleague and the 民生委員, and its expected return.
        clock.move_to(morning_of(NEXT_TRY))
        csw = _open(chromium, url, login, users["csw"], errors, DESKTOP)
        csw.goto(target_url)
        box = _disclosure(csw, "訪問の予定を登録する")
        field(box, "出発の日付").fill(short_wareki(NEXT_TRY))
        field(box, "出発の時刻（24時間制）").fill("10:30")
        field(box, "帰所予定の日付").fill(short_wareki(NEXT_TRY))
        field(box, "帰所予定の時刻（24時間制）").fill("12:00")
        box.get_by_label(COLLEAGUE, exact=True).check()
        field(box, "同行者（職員以外）").fill("民生委員の菅原さん")
        box.get_by_role("button", name="登録する").click()
        expect(csw.locator(".messages")).to_contain_text(
            "訪問の予定を登録しました。帰ったら「帰所」を押してください。"
        )
        visits = csw.locator("section[aria-labelledby=visit-title]")
        expect(visits).to_contain_text(f"{CSW}・{COLLEAGUE}・民生委員の菅原さん")
        expect(visits).to_contain_text(f"帰所予定 {wareki(NEXT_TRY)} 12:00")
        csw.context.close()

        # The office, before noon: the start page lists the visit out, with this week's plans; it confirms.
        clock.move_to(dt.datetime.combine(NEXT_TRY, dt.time(11, 45), tzinfo=TOKYO))
        office = _open(chromium, url, login, users["office"], errors, DESKTOP)
        office.get_by_role("navigation", name="メインメニュー").get_by_role(
            "link", name="アウトリーチ"
        ).click()
        returns = office.locator("section[aria-labelledby=return-title]")
        expect(returns.get_by_role("heading")).to_have_text("帰所確認（訪問中）")
        expect(returns).to_contain_text(f"{CSW}・{COLLEAGUE}・民生委員の菅原さん")
        expect(returns).to_contain_text(f"帰所予定 {wareki(NEXT_TRY)} 12:00")
        expect(returns).not_to_contain_text("予定を過ぎています")
        week = office.locator("section[aria-labelledby=week-title]")
        expect(week).to_contain_text(f"{LABEL}：夕方に再訪問する")
        expect(week).to_contain_text(f"{LABEL}：訪問（{CSW}）")
        funnel = office.get_by_role("list", name="段階ごとの対象数")
        expect(funnel.locator("li", has_text="接触の試み")).to_contain_text("1")
        _shot(office, "03_start_page_return")
        returns.get_by_role("button", name="帰所を確認").click()
        expect(office.locator(".messages")).to_contain_text(f"{CSW}さんの帰所を確認しました。")
        expect(office.locator("section[aria-labelledby=return-title]")).to_have_count(0)
        visit = HomeVisit.objects.get(target=target)
        assert visit.returned_at is not None and visit.returned_confirmed_by == OFFICE
        office.context.close()

        # The CSW, back: 本人とつながる is refused (nobody has met the son); the talk with the mother moves the
        # stage to 家族とつながる.
        clock.move_to(dt.datetime.combine(NEXT_TRY, dt.time(13, 0), tzinfo=TOKYO))
        csw = _open(chromium, url, login, users["csw"], errors, DESKTOP)
        csw.goto(target_url)
        expect(csw.locator("section[aria-labelledby=visit-title]")).to_contain_text(
            f"帰所 {wareki(NEXT_TRY)} 11:45（{OFFICE}）"
        )
        box = _disclosure(csw, "段階を変える")
        field(box, "段階").select_option(label="本人とつながる")
        box.get_by_role("button", name="変える").click()
        expect(csw.locator(".messages")).to_contain_text(
            "「本人とつながる」にするには、本人と会えた・話せた接触記録が必要です。"
        )
        expect(_stage_bar(csw).locator("[aria-current=step]")).to_have_text("接触の試み")
        form = _contact_form(csw)
        field(form, "所要時間（分）").fill("30")
        group(form, "方法").get_by_label("訪問", exact=True).check()
        group(form, "相手").get_by_label("家族", exact=True).check()
        group(form, "結果").get_by_label("家族と話せた", exact=True).check()
        field(form, "様子・やりとり").fill(
            "母と玄関先で30分話せた。息子は10年ほど自室で過ごしている。母は足が悪く、買い物に困っている。"
        )
        field(form, "次の一手").fill("息子あての手紙を届ける")
        field(form, "段階").select_option(label="家族とつながる")
        form.get_by_role("button", name="記録する").click()
        expect(csw.locator(".messages")).to_contain_text("接触を記録しました。")
        expect(_stage_bar(csw).locator("[aria-current=step]")).to_have_text("家族とつながる")
        contacts = csw.locator("section[aria-labelledby=contacts-title]")
        expect(contacts.get_by_role("heading")).to_have_text("接触の記録（2件）")
        expect(contacts.locator("li").first).to_contain_text("家族・家族と話せた 30分")
        stages = csw.locator("section[aria-labelledby=stages-title]")
        expect(stages).to_contain_text("接触の試み → 家族とつながる")
        _shot(csw, "04_target_with_contacts")
        csw.context.close()

        # 3. July, on a tablet: a letter to the son, no answer; every choice a tap.
        clock.move_to(morning_of(LETTER_DAY))
        tablet = _open(chromium, url, login, users["csw"], errors, TABLET)
        tablet.goto(target_url)
        form = _contact_form(tablet)
        form.scroll_into_view_if_needed()
        expect(field(form, "日付")).to_have_value(wareki(LETTER_DAY))
        # No outcome is chosen for her (and no "---------" row): the form is not sent without one, and what was
        # typed stays.
        outcome = group(form, "結果")
        expect(outcome.get_by_role("radio")).to_have_count(6)
        expect(outcome.locator("input:checked")).to_have_count(0)
        field(form, "様子・やりとり").fill("本人あてに手紙を母に託した。返事はまだない。")
        form.get_by_role("button", name="記録する").tap()
        assert outcome.get_by_role("radio").first.evaluate("radio => radio.validity.valueMissing")
        expect(field(form, "様子・やりとり")).to_have_value("本人あてに手紙を母に託した。返事はまだない。")
        assert Contact.objects.filter(target=target).count() == 2
        for legend, choice in (("方法", "手紙"), ("相手", "本人"), ("結果", "応答なし")):
            option = group(form, legend).locator("label", has_text=re.compile(rf"^\s*{choice}\s*$"))
            size = option.bounding_box()
            assert size is not None and size["height"] >= 44 and size["width"] >= 44, (choice, size)
            option.tap()
            expect(group(form, legend).get_by_label(choice, exact=True)).to_be_checked()
        width = tablet.evaluate("document.documentElement.scrollWidth")
        assert width <= 768, f"the target page scrolls sideways on a tablet ({width}px)"
        form.screenshot(path=ARTIFACTS / "outreach_05_tablet_contact_form.png")
        _shot(tablet, "05_tablet_page")
        form.get_by_role("button", name="記録する").tap()
        expect(tablet.locator(".messages")).to_contain_text("接触を記録しました。")
        expect(tablet.locator("section[aria-labelledby=contacts-title] li").first).to_contain_text(
            "本人・応答なし"
        )
        tablet.context.close()

        # 4. October: the son talks; the target is linked to his record, his 相談受付 taken, 支援につなぐ.
        clock.move_to(morning_of(SON_DAY))
        csw = _open(chromium, url, login, users["csw"], errors, DESKTOP)
        csw.goto(target_url)
        expect(csw.locator(".notice--warning")).to_contain_text("最後の接触から30日を過ぎています。")
        form = _contact_form(csw)
        group(form, "方法").get_by_label("訪問", exact=True).check()
        group(form, "相手").get_by_label("本人", exact=True).check()
        group(form, "結果").get_by_label("本人と話せた", exact=True).check()
        field(form, "様子・やりとり").fill(
            "本人が玄関に出てきて、10分ほど話せた。母の通院のことが心配だと話した。手紙は読んでいた。"
        )
        field(form, "段階").select_option(label="本人とつながる")
        form.get_by_role("button", name="記録する").click()
        expect(csw.locator(".messages")).to_contain_text("接触を記録しました。")
        expect(_stage_bar(csw).locator("[aria-current=step]")).to_have_text("本人とつながる")

        csw.get_by_role("link", name="本人・世帯の記録と結び付ける").click()
        expect(csw.get_by_role("heading", level=1)).to_have_text("本人・世帯の記録と結び付ける")
        field(csw, "氏名・ふりがな").fill("たかはし")
        csw.get_by_role("button", name="探す").click()
        son_card = csw.locator(".candidate-list li", has_text=SON)
        expect(son_card).to_contain_text(f"{wareki(dt.date(1972, 6, 1))}生")
        expect(son_card).to_contain_text(f"世帯：{MOTHER}さんの世帯")
        _shot(csw, "06_link_person")
        son_card.get_by_role("button", name="この方と結び付ける").click()
        expect(csw.locator(".messages")).to_contain_text(f"{SON}さんの記録と結び付けました。")
        expect(csw.locator("dl.facts")).to_contain_text(f"{SON}さん")

        # His 相談受付, on the intake page staff use every day, with a consent covering 多機関協働.
        _disclosure(csw, "支援につなぐ").get_by_role("link", name="この方の相談を受け付ける").click()
        expect(csw.get_by_role("heading", level=1)).to_have_text("相談受付")
        expect(csw.locator("section.form-section").first).to_contain_text(SON)
        group(csw, "相談方法").get_by_label("訪問", exact=True).check()
        group(csw, "相談者").get_by_label("本人", exact=True).check()
        csw.get_by_label("ひきこもり・不登校", exact=True).check()
        csw.get_by_label("介護", exact=True).check()
        csw.get_by_label("ひきこもり・不登校を最も困っていることにする").check()
        csw.get_by_label("8050", exact=True).check()
        field(csw, "主訴").fill("母の通院と買い物が心配。自分も少しずつ外に出られるようになりたい。")
        csw.get_by_label("多機関協働へつなぐ", exact=True).check()
        field(csw, "対応の内容").fill("アウトリーチで関係ができたため、多機関協働事業の利用を案内した。")
        csw.get_by_label("同意あり", exact=True).check()
        csw.get_by_label("多機関協働事業の利用を申し込む").check()
        csw.get_by_label("重層的支援会議で支援内容を検討する").check()
        field(csw, "共有の目的").fill("世帯全体の支援方針を関係機関で検討するため")
        csw.get_by_role("button", name="受け付ける").click()
        expect(csw.locator(".messages")).to_contain_text(f"{SON}さんの相談を受け付けました。")

        # 支援につなぐ: 多機関協働, through that 相談受付.
        csw.goto(target_url)
        box = _disclosure(csw, "支援につなぐ")
        field(box, "つなぎ先").select_option(label="多機関協働")
        record = field(box, "相談受付・つなぎ")
        record.select_option(index=1)
        expect(record.locator("option:checked")).to_contain_text("相談受付")
        expect(field(box, "日付")).to_have_value(wareki(SON_DAY))
        box.get_by_role("button", name="支援につなぐ").click()
        expect(csw.locator(".messages")).to_contain_text("支援につなぎました。")
        expect(_stage_bar(csw).locator("[aria-current=step]")).to_have_text("支援につなぐ")
        expect(_stage_bar(csw).locator(".stepper__done")).to_have_text(
            ["情報把握", "接触の試み", "家族とつながる", "本人とつながる", "信頼関係"]
        )
        facts = csw.locator("dl.facts")
        expect(facts).to_contain_text("つなぎ先")
        expect(facts).to_contain_text("多機関協働")
        expect(facts.get_by_role("link", name=re.compile("^相談受付 "))).to_be_visible()
        expect(csw.locator("section[aria-labelledby=contacts-title] h2")).to_have_text("接触の記録（4件）")
        expect(csw.locator("section[aria-labelledby=stages-title]")).to_contain_text(
            "本人とつながる → 支援につなぐ：多機関協働"
        )
        _shot(csw, "07_handed_over")
        target.refresh_from_db()
        assert (target.stage, target.route) == ("handed_over", "collaboration")
        assert target.person_id == story["son"].pk and target.household_id == story["household"].pk
        assert target.consultation is not None and target.consultation.person_id == story["son"].pk
        assert Contact.objects.filter(target=target).count() == 4

        # The household page: the outreach entries in the timeline across agencies.
        csw.locator("dl.facts").get_by_role("link", name="世帯", exact=True).click()
        assert csw.url == f"{url}/households/{story['household'].pk}/"
        timeline = csw.locator("main ol.timeline")
        outreach = timeline.locator("li", has=csw.locator(".tag", has_text="アウトリーチ"))
        expect(outreach.filter(has_text="訪問（本人・本人と話せた）")).to_contain_text(wareki(SON_DAY))
        expect(outreach.filter(has_text="訪問（家族・家族と話せた）")).to_contain_text(wareki(NEXT_TRY))
        expect(outreach.filter(has_text="段階：支援につなぐ")).to_contain_text("多機関協働")
        expect(outreach.filter(has_text="手紙（本人・応答なし）")).to_have_count(1)
        _shot(csw, "08_household_timeline")

        # The indicator: the four contacts and the visit, month by month, for the 社協.
        csw.goto(f"{url}/outreach/")
        csw.get_by_role("link", name="アウトリーチ件数").click()
        expect(csw.get_by_role("heading", level=1)).to_have_text("アウトリーチ件数 令和8年度（2026年度）")
        table = csw.locator("table.table--figures")
        for month, cells in (("6月", ["2", "1", "3"]), ("7月", ["1", "0", "1"]), ("10月", ["1", "0", "1"])):
            row = table.locator("tbody tr").filter(has=csw.get_by_role("rowheader", name=month, exact=True))
            expect(row.locator("td")).to_have_text(cells)
        expect(table.locator("tfoot td")).to_have_text(["4", "1", "5"])
        _shot(csw, "09_indicator")
        csw.context.close()

        # Another agency's 相談員, with no basis on the target: 404, and nothing of it on her start page.
        outsider = _open(chromium, url, login, users["outsider"], errors, DESKTOP)
        response = outsider.goto(target_url)
        assert response is not None and response.status == 404
        expect(outsider.locator("body")).not_to_contain_text(LABEL)
        outsider.goto(f"{url}/outreach/?list=open")
        expect(outsider.locator("main")).not_to_contain_text(LABEL)
        outsider.context.close()

    # The 404 page logs one console error for its own status; anything else is a fault.
    assert [e for e in errors if "404" not in e] == [], errors
