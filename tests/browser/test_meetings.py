"""Meetings in Debian's Chromium: the monthly 包括的支援会議 takes up, as a 支援会議 (社会福祉法第106条の6), a man
who has not consented; it decides who approaches him; he consents; his case is then discussed at a
重層的支援会議 that approves the plan, and later closed on its evaluation. A non-member and a member without a
pledge cannot see the §106-6 item; pledging alone does not open an item one was not invited to.

The server is ``city_server`` (tests/browser/conftest.py: the demo city with its meeting body and monthly
sittings, no residents), a fresh instance for this module. Screenshots: tests/artifacts/meetings_*.png.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from kasane.lib.dates import today, wareki
from tests.conftest import skip_or_fail

from .helpers import ARTIFACTS, Login, field, group, new_page, section, short_wareki

pytestmark = pytest.mark.browser

SUBJECT = "菅野 和夫"
SITUATION = "近所との関わりを断ち、電気・ガスが止まっているとの情報。親族とは10年以上連絡がない。"
CASE_TITLE = "長期の孤立と生活困窮（50代単身）"
MEETING = "包括的支援会議（臨時）"


def _shot(page: Any, name: str) -> None:
    page.screenshot(path=ARTIFACTS / f"meetings_{name}.png", full_page=True)


def test_support_meeting_to_consent_to_layered_meeting(
    city_server: tuple[str, Path],
    browser: Any,
    login: Login,
) -> None:
    from playwright.sync_api import expect

    url, server_log = city_server
    errors: list[str] = []
    day = today()

    # 1. The city (pledged) puts a man without consent on last sitting's agenda as a 支援会議 item.
    city = new_page(browser, errors)
    login(city, url, "shi")
    city.get_by_role("link", name="会議", exact=True).click()
    expect(city.get_by_role("heading", level=1)).to_have_text("会議")
    city.locator("h2:has-text('これまでの会議') + .table-wrap a").first.click()
    meeting_url = city.url
    city.get_by_role("link", name="支援会議の議題を追加").click()
    expect(city.locator(".notice--warning")).to_contain_text("社会福祉法第106条の6")
    field(city, "議題").fill("孤立している50代男性")
    field(city, "対象者の氏名").fill(SUBJECT)
    field(city, "ふりがな").fill("かんの かずお")
    field(city, "年齢").fill("54歳")
    field(city, "地区").fill("南部圏域（柳町）")
    field(city, "状況（この議題のために記載）").fill(SITUATION)
    city.locator("label", has_text="山﨑 健太").locator("input").check()
    # The 相談員 has not pledged: she is not offered.
    expect(city.locator("label", has_text="髙橋 美咲")).to_have_count(0)
    _shot(city, "01_support_item_form")
    assert city.locator("label", has_text="山﨑 健太").locator("input").is_checked()
    city.get_by_role("button", name="追加する").click()
    expect(city.locator(".messages")).to_contain_text("支援会議の議題を追加しました。")
    expect(city.locator(".sw106")).to_contain_text("社会福祉法第106条の6に基づく支援会議の情報")
    item_url = city.url

    # The meeting decides: the 多機関協働事業者 approaches him, by a date.
    field(city, "協議の内容").fill("電気・ガスの停止は生命に関わる。民生委員の情報では本人は在宅。")
    field(city, "決まったこと").fill("社協の多機関協働担当が民生委員と訪問し、本人の意向を確かめる。")
    city.get_by_label("本人に接触する", exact=True).check()
    field(city, "本人に接触する機関・担当").fill("社会福祉協議会（多機関協働）")
    task = city.locator("fieldset.form-section .grid-fields").first
    field(task, "担当者").select_option(label="山﨑 健太")
    field(task, "すること").fill("民生委員と自宅を訪問し、多機関協働の説明をする")
    field(task, "期限").fill(short_wareki(day + dt.timedelta(days=14)))
    city.get_by_role("button", name="議事録を保存する").click()
    expect(city.locator(".messages")).to_contain_text("議事録を保存しました。")
    expect(city.locator("body")).to_contain_text("山﨑 健太：民生委員と自宅を訪問し")
    _shot(city, "02_support_item_minutes")

    # 2. A member without a pledge sees the sitting but not the item, and cannot open it.
    member = new_page(browser, [])
    login(member, url, "soudanin")
    member.goto(meeting_url)
    expect(member.locator(".notice--warning")).to_contain_text("守秘義務の誓約がまだ")
    expect(member.locator("body")).not_to_contain_text("孤立している50代男性")
    _shot(member, "03_unpledged_member")
    member.goto(item_url)
    expect(member.get_by_role("heading", level=1)).to_have_text("ページが見つかりません")
    expect(member.locator("body")).not_to_contain_text(SUBJECT)
    # She pledges — the checkbox is required — and still cannot open an item she was not invited to.
    member.get_by_role("link", name="会議", exact=True).click()
    member.get_by_role("link", name="会議体と誓約").click()
    _shot(member, "03b_bodies")
    member.get_by_role("link", name="誓約する").click()
    expect(member.locator(".panel")).to_contain_text("社会福祉法第106条の6第5項")
    member.get_by_role("button", name="誓約する").click()
    expect(member.locator(".error-summary")).to_contain_text("「誓約します」にチェックを入れてください。")
    member.get_by_label("上記の内容を理解し、誓約します").check()
    member.get_by_role("button", name="誓約する").click()
    expect(member.locator(".messages")).to_contain_text("守秘義務の誓約を記録しました")
    _shot(member, "04_pledged")
    member.goto(item_url)
    expect(member.get_by_role("heading", level=1)).to_have_text("ページが見つかりません")
    # Pledged, she is told whom to ask — and nothing of the item.
    expect(member.locator(".notice")).to_contain_text("招集を依頼してください")
    expect(member.locator("body")).not_to_contain_text(SUBJECT)
    expect(member.locator("body")).not_to_contain_text("孤立している50代男性")
    _shot(member, "04c_not_invited")

    # A non-member (民生委員協議会, 閲覧のみ) never learns of it either.
    outsider = new_page(browser, [])
    login(outsider, url, "etsuran")
    outsider.goto(item_url)
    expect(outsider.get_by_role("heading", level=1)).to_have_text("ページが見つかりません")
    outsider.goto(meeting_url)
    expect(outsider.get_by_role("heading", level=1)).to_have_text("ページが見つかりません")

    # 3. The coordinator finds the task in his list, reads the item, and does it.
    hub = new_page(browser, errors)
    login(hub, url, "kyodo")
    expect(hub.locator(".queue")).to_contain_text("会議の宿題")
    hub.get_by_role("link", name="会議", exact=True).click()
    hub.get_by_role("link", name=re.compile("わたしの宿題")).click()
    _shot(hub, "04b_tasks")
    row = hub.locator("tbody tr").filter(has_text="民生委員と自宅を訪問し")
    row.get_by_role("link").click()
    expect(hub.locator(".sw106")).to_be_visible()
    expect(hub.locator("body")).to_contain_text(SITUATION)
    _shot(hub, "05_task_and_item")
    hub.go_back()
    row.get_by_role("button", name="完了にする").click()
    expect(hub.locator(".messages")).to_contain_text("完了にしました")

    # 4. He consents: the coordinator records the application and opens the case.
    hub.get_by_role("link", name="相談受付", exact=True).click()
    person = section(hub, "本人")
    field(person, "氏名").fill(SUBJECT)
    field(person, "ふりがな").fill("かんの かずお")
    field(person, "※性別").select_option(label="男")
    field(person, "※生年月日").fill("S47.5.20")
    group(hub, "相談方法").get_by_label("訪問", exact=True).check()
    group(hub, "相談者").get_by_label("本人", exact=True).check()
    for topic in ("収入・生活費", "税金・公共料金", "地域との関係"):
        hub.get_by_label(topic, exact=True).check()
    hub.get_by_label("社会的孤立", exact=True).check()
    field(hub, "主訴").fill("仕事を辞めてから収入がなく、電気とガスを止められた。")
    hub.get_by_label("多機関協働へつなぐ", exact=True).check()
    hub.get_by_label("同意あり", exact=True).check()
    hub.get_by_label("多機関協働事業の利用を申し込む").check()
    hub.get_by_label("重層的支援会議で支援内容を検討する").check()
    field(hub, "同意日").fill(short_wareki(day))
    hub.get_by_role("button", name="受け付ける").click()
    expect(hub.get_by_role("heading", level=1)).to_have_text("多機関協働ケースを受け付ける")
    field(hub, "ケースの概要").fill(CASE_TITLE)
    field(hub, "受付日").fill(short_wareki(day))
    hub.get_by_role("button", name="受け付ける").click()
    expect(hub.locator(".messages")).to_contain_text("多機関協働ケースを受け付けました。")
    case_url = hub.url
    # Nothing of the §106-6 item followed him into the case.
    expect(hub.locator("body")).not_to_contain_text("電気・ガスが止まっているとの情報")
    hub.get_by_role("button", name="アセスメントを始める").click()
    hub.get_by_role("link", name="アセスメントを記録する").click()
    field(hub, "世帯の状況").fill("単身。離職後、収入がない。")
    hub.get_by_role("button", name="保存する").click()
    hub.get_by_role("button", name="プラン作成に進む").click()
    hub.get_by_role("link", name="プランを作成する").click()
    field(hub, "長期目標（本人の言葉で）").fill("「また働いて、人並みの暮らしがしたい」")
    field(hub, "短期目標（本人の言葉で）").fill("「電気とガスを戻したい」")
    hub.get_by_label("本人の同意", exact=True).check()
    field(hub, "本人が同意した日").fill(short_wareki(day))
    role = hub.locator("form section.form-section").first
    field(role, "役割・支援内容").fill("家計の立て直しと就労の相談。ライフラインの復旧の調整。")
    hub.get_by_role("button", name="保存する").click()
    expect(hub.locator(".messages")).to_contain_text("を作成しました。")
    hub.get_by_role("button", name="プランを会議に提出する").click()

    # 5. An urgent 重層的支援会議 today approves the plan.
    hub.get_by_role("link", name="会議", exact=True).click()
    hub.get_by_role("link", name="緊急の会議を招集する").click()
    _shot(hub, "05b_meeting_form")
    field(hub, "会議体").select_option(label="かさね市包括的支援会議")
    field(hub, "会議名").fill(MEETING)
    hub.get_by_label("重層的支援会議（個別）", exact=True).check()
    hub.get_by_role("button", name="登録する").click()
    expect(hub.locator(".messages")).to_contain_text(f"「{MEETING}」を登録しました。")
    # The sitting meets now: its host records who came, whom its decisions will name.
    hub.get_by_role("button", name="出席を記録する").click()
    expect(hub.locator(".messages")).to_contain_text("出席を記録しました。")
    hub.goto(case_url)
    hub.get_by_role("link", name="重層的支援会議に提出する").click()
    field(hub, "提出する会議").select_option(label=f"{wareki(day)} {MEETING}（緊急）")
    _shot(hub, "05c_case_item_form")
    hub.get_by_role("button", name="提出する").click()
    hub.get_by_role("link", name=re.compile(f"{MEETING}（プランの適切性）")).click()
    expect(hub.locator("body")).not_to_contain_text("社会福祉法第106条の6に基づく支援会議の情報")
    field(hub, "協議の内容").fill("ライフラインの復旧を最優先とすることを確認。")
    hub.get_by_label("承認", exact=True).check()
    hub.get_by_role("button", name="議事録を保存する").click()
    expect(hub.locator("body")).to_contain_text("会議の決定を記録しました：プランの適切性 → 承認")
    _shot(hub, "06_layered_approval")
    hub.goto(case_url)
    expect(hub.locator(".page-header .status")).to_have_text("支援中")

    # 6. Later, the closure evaluation at the meeting.
    hub.get_by_role("button", name="支援を開始する（実施中にする）").click()
    hub.get_by_role("link", name="終結時の評価").click()
    field(hub, "評価日").fill(short_wareki(day))
    goals = hub.locator("fieldset.goal-evaluation")
    expect(goals).to_have_count(1)
    goals.first.get_by_label("達成", exact=True).check()
    field(hub, "支援全体の振り返り（達成・未達成の理由）").fill(
        "ライフラインが復旧し、就労体験に通い始めた。"
    )
    group(hub, "今後の方向性").get_by_label("終結", exact=True).check()
    group(hub, "※終結理由区分").get_by_label("目標達成（自立）", exact=True).check()
    hub.get_by_role("button", name="記録する").click()
    hub.get_by_role("link", name="会議に提出する（進捗確認・終結）").click()
    field(hub, "提出する会議").select_option(label=f"{wareki(day)} {MEETING}（緊急）")
    hub.get_by_label("終結時の評価", exact=True).check()
    hub.get_by_role("button", name="提出する").click()
    hub.get_by_role("link", name=re.compile(f"{MEETING}（終結時の評価）")).click()
    field(hub, "協議の内容").fill("目標を達成したため終結。")
    hub.get_by_label("終結", exact=True).check()
    hub.get_by_role("button", name="議事録を保存する").click()
    expect(hub.locator("body")).to_contain_text("会議の決定を記録しました：終結時の評価 → 終結")
    hub.goto(case_url)
    expect(hub.locator(".page-header .status")).to_have_text("終結")
    _shot(hub, "07_closed")

    # The minutes of today's sitting, as the coordinator sees them.
    hub.goto(url + "/meetings/")
    hub.get_by_role("link", name=MEETING).first.click()
    _shot(hub, "08_meeting_page")
    hub.goto(url + "/meetings/gaps/")
    expect(hub.get_by_role("heading", level=1)).to_have_text("不足している社会資源")
    _shot(hub, "09_gaps")
    hub.get_by_role("link", name="夜間・休日に通える居場所").click()
    _shot(hub, "10_gap_form")
    hub.goto(url + "/meetings/bodies/")
    hub.get_by_role("link", name="かさね市包括的支援会議").click()
    _shot(hub, "11_body")

    assert not errors, errors
    assert "Traceback" not in server_log.read_text(), server_log.read_text()
    for page in (city, member, outsider, hub):
        page.context.close()


def test_the_city_changes_a_bodys_settings(city_server: tuple[str, Path], browser: Any, login: Login) -> None:
    """The body's hosts change with a new 多機関協働 contract: the city edits them on the body's page."""
    from playwright.sync_api import expect

    url, server_log = city_server
    errors: list[str] = []
    city = new_page(browser, errors)
    login(city, url, "shi")
    city.goto(url + "/meetings/bodies/")
    city.get_by_role("link", name="かさね市包括的支援会議").click()
    city.get_by_role("link", name="設定を変更する").click()
    expect(city.get_by_role("heading", level=1)).to_have_text("かさね市包括的支援会議：設定の変更")
    expect(city.locator(".notice")).to_contain_text("多機関協働事業者が替わったとき")
    _shot(city, "12_body_edit")
    field(city, "説明").fill("令和9年度から、構成員に地域包括支援センターの主任ケアマネジャーを加える。")
    city.get_by_role("button", name="変更する").click()
    expect(city.locator(".messages")).to_contain_text(
        "会議体「かさね市包括的支援会議」の設定を変更しました。"
    )
    assert not errors, errors
    assert "Traceback" not in server_log.read_text()
    city.context.close()


def test_an_item_put_on_the_wrong_sitting_is_moved_then_withdrawn(
    city_server: tuple[str, Path], browser: Any, login: Login
) -> None:
    """The city puts a 支援会議 item on the wrong coming sitting, moves it to the right one (its participants
    named with their agencies), prints the agenda (招集者, not yet 出席者), and finally withdraws it."""
    from playwright.sync_api import expect

    url, server_log = city_server
    errors: list[str] = []
    day = today()
    city = new_page(browser, errors)
    login(city, url, "shi")
    sittings = []
    for days, title in ((10, "包括的支援会議（臨時A）"), (20, "包括的支援会議（臨時B）")):
        city.goto(url + "/meetings/new/")
        field(city, "会議体").select_option(label="かさね市包括的支援会議")
        field(city, "会議名").fill(title)
        field(city, "開催日").fill(short_wareki(day + dt.timedelta(days=days)))
        city.get_by_label("支援会議（社会福祉法第106条の6）", exact=True).check()
        city.get_by_role("button", name="登録する").click()
        expect(city.locator(".messages")).to_contain_text(f"「{title}」を登録しました。")
        sittings.append((title, day + dt.timedelta(days=days), city.url))
    (wrong, _wrong_day, wrong_url), (right, right_day, right_url) = sittings

    city.goto(wrong_url)
    city.get_by_role("link", name="支援会議の議題を追加").click()
    field(city, "議題").fill("ごみが溜まった住宅の高齢男性")
    field(city, "対象者の氏名").fill("佐藤 一郎")
    field(city, "状況（この議題のために記載）").fill("近所から異臭がするとの相談が続いている。")
    city.locator("label", has_text="山﨑 健太").locator("input").check()
    city.get_by_role("button", name="追加する").click()
    expect(city.locator(".messages")).to_contain_text("支援会議の議題を追加しました。")
    item_url = city.url
    # Participants with their agencies, and the way out while the sitting is still ahead.
    participants = city.locator("h2:has-text('この議題の参加者') + ul")
    expect(participants).to_contain_text("社会福祉協議会")
    expect(participants).to_contain_text("山﨑 健太")
    _shot(city, "13_item_with_participants")

    city.get_by_role("link", name="別の会議に移す").click()
    expect(city.get_by_role("heading", level=1)).to_have_text("議題を別の会議に移す")
    expect(city.locator(".sw106")).to_contain_text("社会福祉法第106条の6に基づく支援会議の情報")
    field(city, "移動先の会議").select_option(label=f"{wareki(right_day)} {right}（かさね市包括的支援会議）")
    _shot(city, "14_move_item")
    city.get_by_role("button", name="移す").click()
    expect(city.locator(".messages")).to_contain_text(f"議題を{wareki(right_day)}の「{right}」に移しました。")
    expect(city.locator(".breadcrumbs")).to_contain_text(right)
    city.goto(wrong_url)
    expect(city.locator("body")).not_to_contain_text("ごみが溜まった住宅の高齢男性")

    # The agenda printed before the sitting: those called, and 出席者 not yet recorded.
    response = city.request.get(right_url + "minutes.pdf")
    assert response.ok and response.body().startswith(b"%PDF")
    pdf_path = ARTIFACTS / "meetings_agenda.pdf"
    pdf_path.write_bytes(response.body())
    if shutil.which("pdftoppm") is None:
        skip_or_fail("pdftoppm（poppler-utils）がないため PDF の画像化を省略しました")
    for old in ARTIFACTS.glob("meetings_agenda-*.png"):
        old.unlink()
    subprocess.run(
        ["pdftoppm", "-png", "-r", "70", str(pdf_path), str(ARTIFACTS / "meetings_agenda")], check=True
    )
    text = subprocess.run(["pdftotext", str(pdf_path), "-"], capture_output=True, check=True).stdout.decode()
    assert "招集者" in text and "出席はまだ記録されていません" in text
    pdf_path.unlink()

    city.goto(item_url)
    city.get_by_role("link", name="取り下げる").click()
    expect(city.get_by_role("heading", level=1)).to_have_text("議題を取り下げる")
    _shot(city, "15_withdraw_item")
    city.get_by_role("button", name="取り下げる").click()
    expect(city.locator(".messages")).to_contain_text("を取り下げました。")
    expect(city.get_by_role("heading", level=1)).to_contain_text(right)
    _shot(city, "16_after_withdrawal")
    assert wrong != right
    assert not errors, errors
    assert "Traceback" not in server_log.read_text()
    city.context.close()
