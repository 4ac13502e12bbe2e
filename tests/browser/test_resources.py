"""社会資源 and 資源開拓 in Debian's Chromium: every screen of the register and of 資源開拓, on a register of twelve
activities of テスト市 (and one paused, and one of となり町) built in code.

1. A 相談員 of 北部包括 (no resource.edit): the list; 「ひだまり」 typed finds the katakana 「カフェ ヒダマリ」 and the
   「陽だまりの会」 by its ふりがな (not となり町's); 農家・農作業; Friday at 14:00 — each answer swapped in by HTMX
   without a full reload; the A4 print of that last search carries those four only (pdftotext); the detail
   page; no 登録 button, and /resources/new/ and /resources/import/ answer 403. The list at phone width.
2. The 社協's coordinator (resource.edit): registers 「港町 男の料理教室」 with a new organisation, 南部圏域 and
   「第2・第4水」, first with 25:00 (the Japanese error, the typed text kept); edits it; imports a Shift_JIS CSV
   (the template's columns) whose one bad line refuses the file, then the fixed file (新規 2件、更新 1件);
   downloads the Excel, HSDS JSON and ZIP exports.
3. 資源開拓: the 全体推進会議 of 令和8年10月6日 raised 「夜に通える居場所」. The coordinator opens 参加支援 → 資源開拓, sees
   it not yet pursued, starts from it, records two approaches, registers the new place and closes the effort as
   資源ができた choosing it; the list links to the register entry.

pytest-django's live server; the clock stands on 令和8年11月20日 (a Friday), ticking. Screenshots:
tests/artifacts/resources_*.png, and the A4 list's first page rendered by pdftoppm, looked at.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import re
import shutil
import subprocess
import urllib.request
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.db import connections
from openpyxl import load_workbook

from kasane.accounts.models import User
from kasane.lib.dates import wareki
from kasane.meetings.models import AgendaItem, ItemKind, Meeting, MeetingBody, MeetingKind, ResourceGap
from kasane.meetings.vocabulary import GapStatus
from kasane.participation.models import Development, DevelopmentStatus
from kasane.resources.models import Frequency, Location, Organization, Schedule, Service, Status
from kasane.resources.table_columns import HEADERS
from tests.clock import morning_of
from tests.conftest import PASSWORD, skip_or_fail

from .helpers import ARTIFACTS, CHROMIUM, Login, field, group, require_chromium, short_wareki

# The live server needs a transactional test; roles made by migrations must survive its final flush.
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

DAY = dt.date(2026, 11, 20)  # 令和8年11月20日, a Friday
PROMOTION_DAY = dt.date(2026, 10, 6)
OPENED = dt.date(2026, 10, 13)
FIRST_APPROACH = dt.date(2026, 10, 20)
SECOND_APPROACH = dt.date(2026, 11, 10)
GAP = "夜に通える居場所"
NEW_SERVICE = "港町 男の料理教室"
NIGHT_PLACE = "ヒダマリ 夜の居場所"

DESKTOP: dict[str, Any] = {"viewport": {"width": 1280, "height": 900}}
PHONE: dict[str, Any] = {
    "viewport": {"width": 390, "height": 844},
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
def clock() -> Iterator[time_machine.Traveller]:
    with time_machine.travel(morning_of(DAY), tick=True) as traveller:
        yield traveller


@pytest.fixture
def server(live_server: Any) -> str:
    """The live server's URL, once it has served a first page (which loads the URLconf and the base template)."""
    url = str(live_server.url)
    with urllib.request.urlopen(f"{url}/accounts/login/", timeout=60) as response:  # noqa: S310 - loopback
        assert response.status == 200
    return url


def _service(
    m: Any,
    area: Any,
    *,
    org: str,
    kind: str,
    place: str,
    name: str,
    kana: str,
    categories: list[str],
    byday: str,
    hours: tuple[dt.time, dt.time],
    freq: str = Frequency.WEEKLY,
    **fields: Any,
) -> Service:
    organization = Organization.objects.filter(municipality=m, name=org).first()
    if organization is None:
        organization = Organization.objects.create(municipality=m, name=org, kind=kind)
    location = Location.objects.create(municipality=m, organization=organization, name=place, area=area)
    service = Service.objects.create(
        municipality=m,
        organization=organization,
        location=location,
        name=name,
        name_kana=kana,
        categories=categories,
        **fields,
    )
    Schedule.objects.create(service=service, freq=freq, byday=byday, opens_at=hours[0], closes_at=hours[1])
    return service


def _t(hour: int, minute: int = 0) -> dt.time:
    return dt.time(hour, minute)


@pytest.fixture
def register(clock: time_machine.Traveller, world: dict[str, Any]) -> dict[str, Service]:
    """テスト市's register: twelve activities and a paused club; となり町 has a サロン of its own."""
    m, north, south = world["municipality"], world["areas"]["north"], world["areas"]["south"]
    found = {
        "cafe": _service(
            m, north, org="NPO法人ヒダマリ", kind="npo", place="北町コミュニティセンター", name="カフェ ヒダマリ",
            kana="かふぇ ひだまり", categories=["ibasho"], byday="TU,FR", hours=(_t(13), _t(17)),
            suits_shy=True, hosts_participants=True, activities="お茶出し、本の整理。",
            contact_phone="0197-22-3456", cost="1回100円",
        ),
        "tea": _service(
            m, south, org="陽だまりの会", kind="residents", place="港町集会所", name="陽だまりの会 お茶会",
            kana="ひだまりのかい おちゃかい", categories=["salon"], byday="1TH", freq=Frequency.MONTHLY,
            hours=(_t(10), _t(12)),
        ),
        "farm": _service(
            m, north, org="みどり農園", kind="farm", place="みどり農園（北町字田中）", name="みどり農園 就労体験",
            kana="みどりのうえん", categories=["farm", "work_experience"], byday="TU,TH", hours=(_t(8), _t(11)),
            physical_load="medium", suits_shy=True, hosts_participants=True,
        ),
        "recycle": _service(
            m, south, org="社会福祉法人あおば会", kind="welfare", place="あおば工房", name="あおば工房 リサイクル作業",
            kana="あおばこうぼう", categories=["work_experience"], byday="MO,TU,WE,TH,FR", hours=(_t(9), _t(16)),
            physical_load="medium", hosts_participants=True,
        ),
        "library": _service(
            m, north, org="テスト市立図書館", kind="public", place="テスト市立図書館", name="図書館 配架ボランティア",
            kana="としょかん はいかぼらんてぃあ", categories=["volunteer"], byday="MO,WE", hours=(_t(13), _t(16)),
            hosts_participants=True,
        ),
        "south_farm": _service(
            m, south, org="南町農業生産組合", kind="farm", place="南町ふれあい農園", name="南町ふれあい農園 援農",
            kana="みなみまちふれあいのうえん", categories=["farm"], byday="SA", hours=(_t(9), _t(12)),
            physical_load="heavy",
        ),
        "coffee": _service(
            m, north, org="喫茶こもれび", kind="business", place="喫茶こもれび", name="喫茶こもれび ホール体験",
            kana="きっさこもれび", categories=["business"], byday="WE,FR,SA", hours=(_t(11), _t(17)),
        ),
        "salon": _service(
            m, north, org="北町自治会", kind="residents", place="北町集会所", name="北町ふれあいサロン",
            kana="きたまちふれあいさろん", categories=["salon"], byday="2WE,4WE", freq=Frequency.MONTHLY,
            hours=(_t(13, 30), _t(15, 30)),
        ),
        "dementia": _service(
            m, south, org="社会福祉法人あおば会", kind="welfare", place="あおばホーム", name="認知症カフェ ひまわり",
            kana="にんちしょうかふぇ ひまわり", categories=["dementia_cafe"], byday="3FR", freq=Frequency.MONTHLY,
            hours=(_t(14), _t(16)),
        ),
        "kodomo": _service(
            m, north, org="中町子ども食堂の会", kind="npo", place="中町公民館", name="中町 子ども食堂",
            kana="なかまち こどもしょくどう", categories=["kodomo_shokudo"], byday="WE", hours=(_t(17), _t(20)),
        ),
        "study": _service(
            m, south, org="南町学習支援の会", kind="npo", place="南町児童センター", name="放課後 学びの広場",
            kana="ほうかご まなびのひろば", categories=["learning"], byday="MO,TH", hours=(_t(16), _t(18)),
        ),
        "exercise": _service(
            m, south, org="港町自治会", kind="residents", place="港町集会所 ホール", name="いきいき百歳体操 港町",
            kana="いきいきひゃくさいたいそう みなとまち", categories=["kayoi"], byday="TU,FR",
            hours=(_t(10), _t(11, 30)),
        ),
        "paused": _service(
            m, north, org="北町囲碁クラブ", kind="residents", place="北町集会所 和室", name="北町 囲碁クラブ",
            kana="きたまち いごくらぶ", categories=["sports"], byday="FR", hours=(_t(13), _t(16)),
            status=Status.PAUSED,
        ),
        "neighbour": _service(
            world["other_municipality"], None, org="となり町社協", kind="welfare", place="となり町福祉センター",
            name="となり町 ひだまりサロン", kana="となりまち ひだまりさろん", categories=["salon"], byday="FR",
            hours=(_t(13), _t(16)),
        ),
    }  # fmt: skip
    return found


ACTIVE = 12


def _open(
    chromium: Any, url: str, login: Login, user: User, errors: list[str], device: dict[str, Any] = DESKTOP
) -> Any:
    """A fresh browser for ``user`` on ``device``, logged in through the login form."""
    context = chromium.new_context(locale="ja-JP", accept_downloads=True, **device)
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("dialog", lambda d: d.accept())
    login(page, url, user.username, PASSWORD)
    return page


def _shot(page: Any, name: str) -> None:
    page.screenshot(path=ARTIFACTS / f"resources_{name}.png", full_page=True)


def _names(page: Any) -> Any:
    return page.locator("#results tbody tr td:first-child a")


def _count(page: Any) -> Any:
    return page.locator("#results .actions p.muted")


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _pdf_text(path: Path) -> str:
    if shutil.which("pdftotext") is None or shutil.which("pdftoppm") is None:
        skip_or_fail("pdftotext・pdftoppm（poppler-utils）がないため A4 の一覧を確かめられません")
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True).stdout.decode()


def _unexpected(errors: list[str]) -> list[str]:
    """Console errors other than the status lines of the pages that answer 400 or 403 on purpose."""
    return [e for e in errors if not re.search(r"status of (400|403)", e)]


def test_a_soudanin_searches_the_register_and_prints_what_she_found(
    server: str,
    chromium: Any,
    login: Login,
    world: dict[str, Any],
    register: dict[str, Service],
) -> None:
    from playwright.sync_api import expect

    url, errors = server, []
    reader = world["users"]["soudanin"]
    page = _open(chromium, url, login, reader, errors)
    page.get_by_role("navigation", name="メインメニュー").get_by_role("link", name="社会資源").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("社会資源")
    expect(_count(page)).to_have_text(f"{ACTIVE}件")
    expect(_names(page)).to_have_count(ACTIVE)
    expect(page.locator("main")).not_to_contain_text("北町 囲碁クラブ")  # paused
    expect(page.locator("main")).not_to_contain_text("となり町")
    # By ふりがな: あおば… first, いきいき… second.
    expect(_names(page).first).to_have_text("あおば工房 リサイクル作業")
    expect(_names(page).nth(1)).to_have_text("いきいき百歳体操 港町")
    # No way to change the register for her.
    expect(page.get_by_role("link", name="社会資源を登録する")).to_have_count(0)
    expect(page.get_by_role("link", name="ファイルから取り込む")).to_have_count(0)
    expect(page.get_by_role("link", name="Excelで書き出す")).to_be_visible()
    _shot(page, "01_list")

    # Every search below is answered by HTMX: the page stays the one loaded here.
    page.evaluate("window.__searchPage = 'first load'")

    # 「ひだまり」 typed in hiragana: the katakana ヒダマリ by its name, 陽だまりの会 by its ふりがな.
    page.get_by_label("名前で探す").press_sequentially("ひだまり", delay=40)
    expect(_count(page)).to_have_text("2件")
    expect(_names(page)).to_have_text(["カフェ ヒダマリ", "陽だまりの会 お茶会"])
    expect(page.locator("#results")).not_to_contain_text("となり町")
    assert "q=%E3%81%B2%E3%81%A0%E3%81%BE%E3%82%8A" in page.url  # the URL follows (hx-push-url)
    _shot(page, "02_search_kana")

    # By kind.
    page.get_by_label("名前で探す").fill("")
    expect(_count(page)).to_have_text(f"{ACTIVE}件")
    field(page, "種類").select_option(label="農家・農作業")
    expect(_count(page)).to_have_text("2件")
    expect(_names(page)).to_have_text(["みどり農園 就労体験", "南町ふれあい農園 援農"])
    expect(page.locator("#results tbody tr").first).to_contain_text("毎週 火・木曜 08:00〜11:00")
    _shot(page, "03_search_category")

    # Fridays at 14:00: weekly and monthly (the third Friday's 認知症カフェ) alike; 百歳体操 ends at 11:30.
    field(page, "種類").select_option(label="すべて")
    field(page, "曜日").select_option(label="金曜")
    expect(_count(page)).to_have_text("5件")  # every Friday activity, the paused club left out
    field(page, "時刻").fill("14時")
    field(page, "時刻").press("Enter")
    friday = [
        "あおば工房 リサイクル作業",
        "カフェ ヒダマリ",
        "喫茶こもれび ホール体験",
        "認知症カフェ ひまわり",
    ]
    expect(_count(page)).to_have_text("4件")
    expect(_names(page)).to_have_text(friday)
    expect(page.locator("#results tbody tr").filter(has_text="認知症カフェ")).to_contain_text(
        "毎月 第3金曜 14:00〜16:00"
    )
    assert page.evaluate("window.__searchPage") == "first load", "a search reloaded the whole page"
    assert "weekday=FR" in page.url and "at=14" in page.url
    _shot(page, "04_search_friday_2pm")

    # The A4 list of exactly those four.
    with page.expect_download() as info:
        page.get_by_role("link", name="この一覧を印刷（A4 PDF）").click()
    download = info.value
    assert download.suggested_filename == "社会資源一覧_20261120.pdf"
    pdf_path = ARTIFACTS / "resources_print.pdf"
    download.save_as(pdf_path)
    text = _flat(_pdf_text(pdf_path))
    assert f"{wareki(DAY)}現在・4件" in text, text
    for name in friday:
        assert _flat(name) in text, (name, text)
    for service in register.values():
        if service.name not in friday:
            assert _flat(service.name) not in text, (service.name, text)
    for old in ARTIFACTS.glob("resources_print-*.png"):
        old.unlink()
    subprocess.run(
        [
            "pdftoppm",
            "-r",
            "60",
            "-png",
            "-f",
            "1",
            "-l",
            "1",
            str(pdf_path),
            str(ARTIFACTS / "resources_print"),
        ],
        check=True,
    )
    assert list(ARTIFACTS.glob("resources_print-*1.png")), "the A4 list's first page was not rendered"
    pdf_path.unlink()

    # The detail page, from the results.
    _names(page).filter(has_text="カフェ ヒダマリ").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("カフェ ヒダマリ")
    expect(page.locator(".lead")).to_have_text("NPO法人ヒダマリ（NPO・市民団体）")
    facts = page.locator("dl.facts").first
    expect(facts).to_contain_text("毎週 火・金曜 13:00〜17:00")
    expect(facts).to_contain_text("北町コミュニティセンター（北部圏域）")
    expect(facts).to_contain_text("1回100円")
    expect(facts).to_contain_text("NPO法人ヒダマリ　0197-22-3456")  # no contact named: the organisation
    fit = page.locator("section[aria-labelledby=fit-title]")
    expect(fit).to_contain_text("なれる")
    expect(fit).to_contain_text("お茶出し、本の整理。")
    expect(fit).to_contain_text("参加しやすい")
    expect(page.get_by_role("link", name="編集する")).to_have_count(0)
    _shot(page, "05_detail")

    # The forms are not hers.
    for path in ("/resources/new/", "/resources/import/", f"/resources/{register['cafe'].pk}/edit/"):
        response = page.goto(f"{url}{path}")
        assert response is not None and response.status == 403, path
    page.context.close()

    # The list at phone width: readable without scrolling the page sideways.
    phone = _open(chromium, url, login, reader, errors, PHONE)
    phone.goto(f"{url}/resources/")
    expect(_count(phone)).to_have_text(f"{ACTIVE}件")
    _shot(phone, "06_phone_list")
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the register scrolls sideways on a phone ({width}px)"
    # The table keeps its columns readable and scrolls sideways in its own box: a schedule is one or two
    # lines, not a character a line.
    box = phone.locator(".table-wrap")
    assert box.evaluate("e => e.scrollWidth > e.clientWidth"), "the table was squeezed to the phone's width"
    first = phone.locator("#results tbody tr").first
    expect(first.locator("td").nth(2)).to_have_text("毎週 月・火・水・木・金曜 09:00〜16:00")
    lines = (
        first.locator("td")
        .nth(2)
        .evaluate(
            """e => { const r = document.createRange(); r.selectNodeContents(e);
                  return r.getBoundingClientRect().height / parseFloat(getComputedStyle(e).lineHeight); }"""
        )
    )
    assert lines < 3.5, f"the schedule wraps to {lines:.1f} lines on a phone"
    phone.context.close()
    assert _unexpected(errors) == [], errors


def _csv_rows(rows: list[dict[str, str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(HEADERS)
    for row in rows:
        writer.writerow([row.get(h, "") for h in HEADERS])
    return buffer.getvalue().encode("cp932")


def test_the_coordinator_registers_edits_imports_and_exports(
    server: str,
    chromium: Any,
    login: Login,
    world: dict[str, Any],
    register: dict[str, Service],
    tmp_path: Path,
) -> None:
    from playwright.sync_api import expect

    url, errors = server, []
    keeper = world["users"]["coordinator"]
    page = _open(chromium, url, login, keeper, errors)
    page.goto(f"{url}/resources/")
    page.get_by_role("link", name="社会資源を登録する").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("社会資源を登録")

    # A new activity, its organisation new too, on the 2nd and 4th Wednesday; the start typed as 25:00.
    field(page, "名称").fill(NEW_SERVICE)
    field(page, "名称（ふりがな）").fill("みなとまち おとこのりょうりきょうしつ")
    kinds = group(page, "種類")
    kinds.get_by_label("学習支援・学びの場", exact=True).check()
    kinds.get_by_label("運動・趣味", exact=True).check()
    field(page, "内容").fill("男性の一人暮らしの方が、季節の料理を一緒に作って食べます。")
    expect(field(page, "運営団体")).to_have_value("")  # 新しい団体を登録する
    field(page, "新しい団体の名前").fill("港町料理クラブ")
    field(page, "新しい団体の種類").select_option(label="自治会・地域の団体")
    field(page, "新しい団体の電話番号").fill("0197-33-1200")
    field(page, "場所の名前").fill("港町公民館 調理室")
    field(page, "圏域").select_option(label="南部圏域")
    field(page, "住所").fill("テスト市港町2-5-1")
    page.locator("#id_schedule-0-days").fill("第2・第4水")
    page.locator("#id_schedule-0-opens_at").fill("25:00")
    page.locator("#id_schedule-0-closes_at").fill("13:00")
    page.locator("#id_schedule-0-description").fill("8月は休み")
    field(page, "費用").fill("1回500円（材料費）")
    page.get_by_role("button", name="保存する").click()
    summary = page.locator(".error-summary")
    expect(summary).to_contain_text("入力内容を確認してください")
    expect(summary).to_contain_text("日程1の開始：時刻は0:00〜23:59で入力してください。")
    expect(page.locator("#id_schedule-0-opens_at")).to_have_value("25:00")
    expect(page.locator("#id_schedule-0-days")).to_have_value("第2・第4水")
    expect(field(page, "新しい団体の名前")).to_have_value("港町料理クラブ")
    expect(field(page, "圏域")).to_have_value(str(world["areas"]["south"].pk))
    _shot(page, "07_form_error")
    assert not Service.objects.filter(name=NEW_SERVICE).exists()

    page.locator("#id_schedule-0-opens_at").fill("1000")
    page.get_by_role("button", name="保存する").click()
    expect(page.locator(".messages")).to_contain_text(f"「{NEW_SERVICE}」を保存しました。")
    expect(page.get_by_role("heading", level=1)).to_have_text(NEW_SERVICE)
    expect(page.locator(".lead")).to_have_text("港町料理クラブ（自治会・地域の団体）")
    facts = page.locator("dl.facts").first
    expect(facts).to_contain_text("毎月 第2・第4水曜 10:00〜13:00（8月は休み）")
    expect(facts).to_contain_text("港町公民館 調理室テスト市港町2-5-1（南部圏域）")
    expect(facts).to_contain_text("港町料理クラブ　0197-33-1200（団体）")
    expect(page.locator("ul.tags").first).to_have_text(
        re.compile("学習支援・学びの場.*運動・趣味.*財源：補助なし（自主運営）")
    )
    _shot(page, "08_registered")

    # Edited: the weekdays read back as typed; a second schedule on Saturdays.
    page.get_by_role("link", name="編集する").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"{NEW_SERVICE}を編集")
    expect(page.locator("#id_schedule-0-days")).to_have_value("第2・第4水")
    expect(page.locator("#id_schedule-0-opens_at")).to_have_value("10:00")
    expect(field(page, "運営団体")).to_have_value(str(Organization.objects.get(name="港町料理クラブ").pk))
    page.locator("#id_schedule-1-days").fill("土")
    page.locator("#id_schedule-1-opens_at").fill("10時")
    page.locator("#id_schedule-1-closes_at").fill("12:00")
    page.get_by_label("参加支援の受け入れ先になれる").check()
    field(page, "受け入れ可能な人数").fill("2")
    _shot(page, "09_edit")
    page.get_by_role("button", name="保存する").click()
    expect(page.locator(".messages")).to_contain_text(f"「{NEW_SERVICE}」を保存しました。")
    expect(page.locator("dl.facts").first).to_contain_text("毎週 土曜 10:00〜12:00")
    expect(page.locator("section[aria-labelledby=fit-title]")).to_contain_text("なれる（2人まで）")
    made = Service.objects.get(name=NEW_SERVICE)
    assert [s.label for s in made.schedules.all()] == [
        "毎月 第2・第4水曜 10:00〜13:00",
        "毎週 土曜 10:00〜12:00",
    ]

    # The import: a Shift_JIS CSV in the template's columns, two new rows and one update; line 4 is wrong.
    library = register["library"]
    rows = [
        {"名称": "港町 朝市ボランティア", "ふりがな": "ミナトマチ アサイチボランティア", "運営団体": "港町朝市の会",
         "団体の種類": "自治会・地域の団体", "種類": "ボランティア", "体への負担": "ふつう", "受け入れ先になれる": "○",
         "場所": "港町漁港 朝市広場", "圏域": "南部", "曜日": "日", "開始時刻": "6:00", "終了時刻": "9:00"},
        {"名称": library.name, "ふりがな": library.name_kana, "運営団体": "テスト市立図書館", "種類": "ボランティア",
         "費用": "無料", "担当者": "司書 高田", "受け入れ先になれる": "○", "場所": "テスト市立図書館", "圏域": "北部圏域",
         "曜日": "月・水", "開始時刻": "13:00", "終了時刻": "16:00", "ID": str(library.hsds_id)},
        {"名称": "北町 夜の卓球", "ふりがな": "きたまち よるのたっきゅう", "運営団体": "北町卓球同好会",
         "団体の種類": "自治会・地域の団体", "種類": "運動・趣味", "場所": "北町体育館", "圏域": "北部",
         "曜日": "ときどき", "開始時刻": "19:00", "終了時刻": "21:00"},
    ]  # fmt: skip
    bad = tmp_path / "社会資源_追加.csv"
    bad.write_bytes(_csv_rows(rows))
    assert "ときどき".encode("cp932") in bad.read_bytes()  # Shift_JIS, as Excel saves it
    before = Service.objects.count()
    page.goto(f"{url}/resources/")
    page.get_by_role("link", name="ファイルから取り込む").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("社会資源の取り込み")
    field(page, "ファイル").set_input_files(bad)
    page.get_by_role("button", name="取り込む").click()
    refused = page.locator(".error-summary")
    expect(refused.locator("h2")).to_have_text("取り込みませんでした（1件の問題）")
    expect(refused.locator("p")).to_have_text(
        ["4行目：曜日が読み取れません：「ときどき」（例：月・水、毎日、平日、第2・第4水、最終金）"]
    )
    _shot(page, "10_import_refused")
    assert Service.objects.count() == before
    assert not Service.objects.filter(name="港町 朝市ボランティア").exists()
    library.refresh_from_db()
    assert library.cost == ""

    rows[2]["曜日"] = "火・金"
    fixed = tmp_path / "社会資源_追加_修正.csv"
    fixed.write_bytes(_csv_rows(rows))
    field(page, "ファイル").set_input_files(fixed)
    page.get_by_role("button", name="取り込む").click()
    expect(page.locator(".messages")).to_contain_text("取り込みました：新規 2件、更新 1件。")
    expect(page.get_by_role("heading", level=1)).to_have_text("社会資源")
    expect(_count(page)).to_have_text(f"{ACTIVE + 3}件")
    # htmx is a deferred script: typing before it has run on this page would go unheard.
    page.wait_for_load_state()
    page.get_by_label("名前で探す").fill("みなとまち")
    expect(_names(page)).to_have_text(["いきいき百歳体操 港町", "港町 朝市ボランティア", NEW_SERVICE])
    expect(page.locator("#results tbody tr").filter(has_text="朝市")).to_contain_text(
        "毎週 日曜 06:00〜09:00"
    )
    _shot(page, "11_imported")
    assert Service.objects.count() == before + 2
    library.refresh_from_db()
    assert (library.cost, library.contact_name) == ("無料", "司書 高田")
    assert Service.objects.get(name="北町 夜の卓球").schedules.get().label == "毎週 火・金曜 19:00〜21:00"

    # The exports.
    page.goto(f"{url}/resources/")
    transfer = page.locator("section[aria-labelledby=transfer-title]")
    saved: dict[str, Path] = {}
    for link, name in (
        ("Excelで書き出す", "社会資源一覧_20261120.xlsx"),
        ("HSDS形式（JSON）で書き出す", "社会資源_HSDS_20261120.json"),
        ("HSDS形式（CSV一式・ZIP）で書き出す", "社会資源_HSDS_20261120.zip"),
    ):
        with page.expect_download() as info:
            transfer.get_by_role("link", name=link).click()
        assert info.value.suggested_filename == name
        saved[name] = tmp_path / name
        info.value.save_as(saved[name])
    sheet = load_workbook(saved["社会資源一覧_20261120.xlsx"], read_only=True).worksheets[0]
    table = list(sheet.iter_rows(values_only=True))
    assert list(table[0]) == list(HEADERS)
    assert len(table) == 1 + ACTIVE + 3 + 1  # the paused club is exported too
    assert NEW_SERVICE in [row[0] for row in table]
    document = json.loads(saved["社会資源_HSDS_20261120.json"].read_text(encoding="utf-8"))
    assert {s["name"] for s in document} >= {NEW_SERVICE, "港町 朝市ボランティア", "北町 夜の卓球"}
    assert "となり町 ひだまりサロン" not in {s["name"] for s in document}
    with zipfile.ZipFile(saved["社会資源_HSDS_20261120.zip"]) as archive:
        names = archive.namelist()
        assert {"datapackage.json", "services.csv", "organizations.csv", "schedules.csv"} <= set(names), names
        assert NEW_SERVICE in archive.read("services.csv").decode("utf-8")
    page.context.close()
    assert _unexpected(errors) == [], errors


@pytest.fixture
def promotion(register: dict[str, Service], world: dict[str, Any]) -> dict[str, Any]:
    """The 全体推進会議 of 令和8年10月6日: its item on young people's evenings raised 「夜に通える居場所」; an older
    gap, since resolved, is no longer pursued."""
    m, agencies = world["municipality"], world["agencies"]
    body = MeetingBody.objects.create(
        municipality=m,
        name="テスト市全体推進会議",
        kinds=[MeetingKind.PROMOTION],
        host_agency=agencies["division"],
    )
    meeting = Meeting.objects.create(
        municipality=m, body=body, title="全体推進会議（10月）", kinds=[MeetingKind.PROMOTION],
        held_on=PROMOTION_DAY, place="市役所 第1会議室",
    )  # fmt: skip
    item = AgendaItem.objects.create(
        meeting=meeting,
        kind=ItemKind.PROMOTION,
        title="昼夜逆転の若者の居場所",
        situation="夜に通える場がない。",
    )
    gap = ResourceGap.objects.create(
        municipality=m, title=GAP, description="昼夜逆転の若者が、夜に安心して通える場がない。",
        raised_on=PROMOTION_DAY, raised_by_agency=agencies["houkatsu_north"], source_item=item,
    )  # fmt: skip
    ResourceGap.objects.create(
        municipality=m, title="送迎つきの買い物支援", description="山間部の高齢者の買い物の足がない。",
        raised_on=dt.date(2026, 6, 2), raised_by_agency=agencies["houkatsu_south"], status=GapStatus.RESOLVED,
    )  # fmt: skip
    return {"meeting": meeting, "gap": gap}


def test_a_gap_raised_in_a_meeting_becomes_a_new_place_in_the_register(
    server: str,
    chromium: Any,
    login: Login,
    world: dict[str, Any],
    register: dict[str, Service],
    promotion: dict[str, Any],
) -> None:
    from playwright.sync_api import expect

    url, errors = server, []
    page = _open(chromium, url, login, world["users"]["coordinator"], errors)
    page.get_by_role("navigation", name="メインメニュー").get_by_role("link", name="参加支援").click()
    page.get_by_role("link", name="資源開拓").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("資源開拓")
    expect(page.locator("main")).to_contain_text("まだありません。")
    gaps = page.locator("section[aria-labelledby=gaps-title]")
    expect(gaps.locator("h2")).to_have_text("会議で提起され、まだ資源開拓を始めていない不足資源")
    expect(gaps.locator("li")).to_have_count(1)  # the resolved one is not offered
    expect(gaps.locator("li")).to_contain_text(
        f"{GAP}（{wareki(PROMOTION_DAY)}・北部地域包括支援センター・提起）"
    )
    _shot(page, "12_developments_gap")

    # Started from the gap: the form opens with it chosen.
    gaps.get_by_role("link", name="この不足資源から始める").click()
    start = page.locator("details#start")
    expect(start).to_have_attribute("open", "")
    expect(field(start, "会議で提起された不足資源")).to_have_value(str(promotion["gap"].pk))
    expect(field(start, "開始日")).to_have_value(wareki(DAY))
    field(start, "必要な資源").fill(GAP)
    field(start, "必要としている状況").fill("昼夜逆転の若者が、夜に安心して過ごせる場が市内にない。")
    field(start, "働きかける先").fill("北町コミュニティセンター、NPO法人ヒダマリ")
    field(start, "開始日").fill(short_wareki(OPENED))
    expect(field(start, "担当機関")).to_have_value(str(world["agencies"]["shakyo"].pk))
    _shot(page, "13_development_start")
    start.get_by_role("button", name="登録する").click()
    expect(page.locator(".messages")).to_contain_text("資源開拓を登録しました。働きかけを記録していきます。")
    expect(page.get_by_role("heading", level=1)).to_have_text(GAP)
    expect(page.locator(".page-header .lead")).to_have_text(
        f"テスト市社会福祉協議会　{wareki(OPENED)}〜　取り組み中"
    )
    expect(page.locator("dl.facts")).to_contain_text(
        f"会議で提起された不足資源{GAP}（{wareki(PROMOTION_DAY)}）"
    )
    development_url = page.url

    # Two approaches, each on its day.
    for on, whom, what, answer in (
        (FIRST_APPROACH, "北町コミュニティセンター", "夜間（18時〜21時）の部屋の貸し出しを相談した。",
         "金曜の夜なら和室が空いている。運営する団体が要る。"),
        (SECOND_APPROACH, "NPO法人ヒダマリ", "金曜の夜にカフェの延長として居場所を開けないか相談した。",
         "月2回から試してみる。スタッフ2名で対応できる。"),
    ):  # fmt: skip
        form = page.locator("form[action$='/approach/']")
        field(form, "日付").fill(short_wareki(on))
        field(form, "働きかけた先").fill(whom)
        field(form, "内容").fill(what)
        field(form, "結果・反応").fill(answer)
        form.get_by_role("button", name="記録する").click()
        expect(page.locator(".messages")).to_contain_text("働きかけを記録しました。")
    timeline = page.locator("section[aria-labelledby=approaches-title]")
    expect(timeline.locator("h2")).to_have_text("働きかけ（2回）")
    expect(timeline.locator("ol.timeline li")).to_have_count(2)
    expect(timeline.locator("ol.timeline li").first).to_contain_text(
        f"{wareki(FIRST_APPROACH)} 北町コミュニティセンター：夜間（18時〜21時）の部屋の貸し出しを相談した。"
    )
    expect(timeline.locator("ol.timeline li").nth(1)).to_contain_text("→ 月2回から試してみる。")
    _shot(page, "14_development_approaches")

    # The new place goes into the register first, from the link the result panel gives.
    close = page.locator("details").filter(has=page.locator("summary", has_text="結果を記録する"))
    close.locator("summary").click()
    close.get_by_role("link", name="社会資源に登録").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("社会資源を登録")
    field(page, "名称").fill(NIGHT_PLACE)
    field(page, "名称（ふりがな）").fill("ひだまり よるのいばしょ")
    group(page, "種類").get_by_label("居場所", exact=True).check()
    field(page, "運営団体").select_option(label="NPO法人ヒダマリ")
    field(page, "場所の名前").fill("北町コミュニティセンター 和室")
    field(page, "圏域").select_option(label="北部圏域")
    page.locator("#id_schedule-0-days").fill("第1・第3金")
    page.locator("#id_schedule-0-opens_at").fill("18:00")
    page.locator("#id_schedule-0-closes_at").fill("21:00")
    field(page, "参加する人ができること").fill("ボードゲーム、お茶の準備。話さずに過ごしてもよい。")
    page.get_by_label("人と話すのが苦手でも参加しやすい").check()
    page.get_by_label("参加支援の受け入れ先になれる").check()
    page.get_by_role("button", name="保存する").click()
    expect(page.locator(".messages")).to_contain_text(f"「{NIGHT_PLACE}」を保存しました。")
    expect(page.locator("dl.facts").first).to_contain_text("毎月 第1・第3金曜 18:00〜21:00")
    night = Service.objects.get(name=NIGHT_PLACE)

    # Back on the effort: 資源ができた, choosing it.
    page.goto(development_url)
    close = page.locator("details").filter(has=page.locator("summary", has_text="結果を記録する"))
    close.locator("summary").click()
    group(close, "結果").get_by_label("資源ができた", exact=True).check()
    expect(field(close, "完了日")).to_have_value(wareki(DAY))
    expect(field(close, "できた資源").locator("option").nth(1)).to_have_text(NIGHT_PLACE)  # newest first
    field(close, "できた資源").select_option(label=NIGHT_PLACE)
    field(close, "結果の説明").fill("NPO法人ヒダマリが月2回、金曜の夜に開く。参加支援の受け入れ先にもなる。")
    _shot(page, "15_development_close")
    close.get_by_role("button", name="記録する").click()
    expect(page.locator(".messages")).to_contain_text("資源開拓の結果を記録しました。")
    expect(page.locator(".page-header .tag")).to_have_text("資源ができた")
    result = page.locator("dl.facts dd").last
    expect(result).to_contain_text(f"{wareki(DAY)} 資源ができた：{NIGHT_PLACE}")
    expect(page.get_by_role("heading", name="働きかけを記録する")).to_have_count(0)
    expect(page.locator("summary", has_text="働きかけを記録する")).to_have_count(0)
    _shot(page, "16_development_closed")

    # The list: the effort, its result linked to the register; the gap is no longer waiting.
    page.get_by_role("navigation", name="パンくずリスト").get_by_role("link", name="資源開拓").click()
    row = page.locator("tbody tr")
    expect(row).to_have_count(1)
    expect(row.locator("td").nth(0)).to_have_text(f"{GAP}会議で提起：{GAP}")
    expect(row.locator("td").nth(1)).to_have_text(f"資源ができた{NIGHT_PLACE}")
    expect(row.locator("td").nth(2)).to_have_text(f"2回最後 {wareki(SECOND_APPROACH)}")
    expect(page.locator("section[aria-labelledby=gaps-title]")).to_have_count(0)
    _shot(page, "17_developments_done")
    row.get_by_role("link", name=NIGHT_PLACE).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(NIGHT_PLACE)
    assert page.url.endswith(f"/resources/{night.pk}/")
    page.context.close()

    done = Development.objects.get()
    assert (done.status, done.result, done.gap, done.closed_on) == (
        DevelopmentStatus.SUCCEEDED, night, promotion["gap"], DAY,
    )  # fmt: skip
    assert list(done.approaches.values_list("on", flat=True)) == [FIRST_APPROACH, SECOND_APPROACH]
    assert _unexpected(errors) == [], errors
