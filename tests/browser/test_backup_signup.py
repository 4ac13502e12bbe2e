"""The public sign-up form and the invitation texts in Debian's Chromium, on the demo's 北海道 (build_hokkaido, the
events demo and kasane.demo.prefecture.events_signup, served by pytest-django's live server):

1. the prefecture's officer opens the 道南 forum, whose form the demo opened: the link, the QR code, the places
   left and how people signed up; then the invitation texts, one per municipality, and copies one;
2. someone from a town, with no account, opens the link on a phone, signs up, and sees what was received;
   the same address again is refused kindly; on a desktop the form reads the same;
3. the form full, and past its deadline: no form, the reason.

The story is told on 23 November 2026 (the clock stands there, ticking). Screenshots:
tests/artifacts/backup_signup_*.png, looked at.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import time_machine

from kasane.demo.prefecture import events as demo_events
from kasane.demo.prefecture import events_signup as demo_signup
from kasane.events.models import Event, RegistrationChannel
from kasane.lib.dates import today
from tests.clock import morning_of
from tests.demo.helpers import PASSWORD, build_hokkaido
from tests.demo.helpers import TODAY as STORY_DAY

from .helpers import ARTIFACTS, CHROMIUM, Login, require_chromium

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture(autouse=True)
def _the_story_s_day() -> Iterator[None]:
    with time_machine.travel(morning_of(STORY_DAY), tick=True):
        yield


@pytest.fixture
def chromium(flushable_audit_trail: None, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    require_chromium()
    from playwright.sync_api import sync_playwright

    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--no-first-run",
                "--lang=ja",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def hokkaido_server(live_server: Any, settings: Any, tmp_path: Path) -> str:
    settings.MEDIA_ROOT = tmp_path
    prefecture, staff = build_hokkaido()
    demo_events.load(prefecture, today(), staff)
    demo_signup.load(prefecture, today(), staff)
    return str(live_server.url)


def _page(chromium: Any, errors: list[str], viewport: dict[str, int] = DESKTOP) -> Any:
    context = chromium.new_context(viewport=viewport, locale="ja-JP", accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(30_000)
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("dialog", lambda d: d.accept())
    return page


def _shot(page: Any, name: str) -> None:
    page.screenshot(path=ARTIFACTS / f"backup_signup_{name}.png", full_page=True)


def test_officer_panel_invitations_and_a_public_sign_up(
    hokkaido_server: str, chromium: Any, login: Login
) -> None:
    from playwright.sync_api import expect

    url = hokkaido_server
    errors: list[str] = []
    event = Event.objects.get(signup_open=True)
    assert event.title.endswith("情報共有の場（道南ブロック）")

    # 1. The officer: the panel on the event's page, then the invitation texts.
    ken = _page(chromium, errors)
    login(ken, url, "ken", PASSWORD)
    ken.goto(f"{url}/events/{event.pk}/")
    panel = ken.locator("section.signup-panel")
    expect(panel).to_contain_text("公開中")
    expect(panel).to_contain_text(f"/e/{event.signup_key}/")
    expect(panel).to_contain_text("申込フォーム：7人")
    expect(panel).to_contain_text("（残り 5人）")
    expect(panel.locator("svg.qr-code")).to_be_visible()
    _shot(ken, "01_panel")
    panel.get_by_role("link", name="市町村への案内文").click()
    expect(ken.get_by_role("heading", level=1)).to_have_text("市町村への案内文")
    expect(ken.locator("main")).to_contain_text("メールサーバーが設定されていません")
    first = ken.locator("textarea.invitation__text").first
    text = first.input_value()
    assert "ご担当者様" in text and f"/e/{event.signup_key}/" in text and "■申込締切" in text
    ken.locator("section.invitation").first.get_by_role("button", name="コピー").click()
    expect(ken.locator("section.invitation").first).to_contain_text("コピーしました")
    _shot(ken, "02_invitations")

    # 2. Someone from a town, on a phone, without an account.
    phone = _page(chromium, errors, PHONE)
    phone.goto(f"{url}/e/{event.signup_key}/")
    expect(phone.get_by_role("heading", level=1)).to_have_text(event.title)
    expect(phone.locator("main")).to_contain_text("残り 5人")
    _shot(phone, "03_form_phone")
    phone.get_by_label("氏名").fill("函館 みなみ")
    phone.get_by_label("ふりがな").fill("はこだて みなみ")
    phone.locator("#id_municipality").select_option(label="七飯町")
    phone.get_by_label("所属").fill("七飯町 保健福祉課")
    phone.get_by_label("市町村職員").check()
    phone.get_by_label("職種").fill("保健師")
    phone.get_by_label("メールアドレス").fill("minami@example.jp")
    phone.get_by_role("button", name="この内容で申し込む").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("お申込みを受け付けました")
    expect(phone.locator("main")).to_contain_text("七飯町 保健福祉課")
    _shot(phone, "04_done_phone")
    assert event.registrations.filter(channel=RegistrationChannel.PUBLIC, email="minami@example.jp").exists()

    again = _page(chromium, errors, PHONE)
    again.goto(f"{url}/e/{event.signup_key}/")
    expect(again.locator("main")).to_contain_text("残り 4人")
    again.get_by_label("氏名").fill("函館 みなみ")
    again.get_by_label("ふりがな").fill("はこだて みなみ")
    again.locator("#id_municipality").select_option(label="七飯町")
    again.get_by_label("所属").fill("七飯町 保健福祉課")
    again.get_by_label("市町村職員").check()
    again.get_by_label("メールアドレス").fill("Minami@example.jp")
    again.get_by_role("button", name="この内容で申し込む").click()
    expect(again.get_by_role("alert")).to_contain_text("すでにこの研修・会議に申し込まれています")
    _shot(again, "05_duplicate_phone")

    desktop = _page(chromium, errors)
    desktop.goto(f"{url}/e/{event.signup_key}/")
    desktop.get_by_text("プログラム").first.click()
    _shot(desktop, "06_form_desktop")

    # 3. Full, then past the deadline.
    ken.goto(f"{url}/events/{event.pk}/")
    ken.locator("summary", has_text="公開・定員・締切を変える").click()
    ken.get_by_label("定員").fill(str(event.registrations.count()))
    _shot(ken, "07_panel_settings")
    ken.get_by_role("button", name="保存する").click()
    expect(ken.locator("section.signup-panel")).to_contain_text("受付終了")
    _shot(ken, "08_panel_full")
    desktop.goto(f"{url}/e/{event.signup_key}/")
    expect(desktop.locator("main")).to_contain_text("定員に達したため、申込みの受付を終了しました。")
    expect(desktop.locator("form.signup-form")).to_have_count(0)
    _shot(desktop, "09_full")
    Event.objects.filter(pk=event.pk).update(capacity=None, signup_deadline=today() - dt.timedelta(days=1))
    phone.goto(f"{url}/e/{event.signup_key}/")
    expect(phone.locator("main")).to_contain_text("で締め切りました")
    _shot(phone, "10_closed_phone")
    assert not errors, errors
