"""Events in Debian's Chromium, on the demo's 北海道 (built by tests/demo/helpers.py's build_hokkaido and
kasane.demo.prefecture.events, served by pytest-django's live server):

1. the prefecture's officer opens the list for this 年度 with the minimums checklist, then the next 道央
   forum with its programme, then its grouping: asks for a proposal of groups of five, moves one of 札幌市's
   people by hand, saves, and is warned that 札幌市 is now split;
2. she tries to keep a renamed .exe as a handout and is told why not, in Japanese;
3. かさね市's programme officer signs herself up in one click to an upcoming training and sees her own
   registration, and no one else's; on a forum she attended she sees her group and its facilitator and
   downloads the handout.

The story is told on 23 November 2026 (the clock stands there, ticking): the 道北 forum of July was held
and attended, the 道央 forum of 26 November is next, a training lies ahead.

Screenshots: tests/artifacts/events_*.png, looked at.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import time_machine

from kasane.demo.prefecture import events as demo
from kasane.events.models import Event, EventGroup, Registration
from kasane.lib.dates import fiscal_year, today
from tests.clock import morning_of
from tests.demo.helpers import PASSWORD, build_hokkaido
from tests.demo.helpers import TODAY as STORY_DAY

from .helpers import ARTIFACTS, CHROMIUM, Login, require_chromium

# The live server needs a transactional test; roles made by migrations must survive its final flush.
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture(autouse=True)
def _the_story_s_day() -> Iterator[None]:
    with time_machine.travel(morning_of(STORY_DAY), tick=True):
        yield


@pytest.fixture
def chromium(flushable_audit_trail: None, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    require_chromium()
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls below are still synchronous.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            # --lang: a Japanese terminal's browser, so time inputs read 13:30 rather than 01:30 PM.
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
    demo.load(prefecture, today(), staff)
    return str(live_server.url)


def _page(chromium: Any, errors: list[str]) -> Any:
    context = chromium.new_context(
        viewport={"width": 1280, "height": 900}, locale="ja-JP", accept_downloads=True
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("dialog", lambda d: d.accept())
    return page


def _shot(page: Any, name: str) -> None:
    page.screenshot(path=ARTIFACTS / f"events_{name}.png", full_page=True)


def test_list_programme_grouping_and_sign_up(hokkaido_server: str, chromium: Any, login: Login) -> None:
    from playwright.sync_api import expect

    url, errors = hokkaido_server, []
    year = fiscal_year(today())
    central = Event.objects.get(title__endswith="情報共有の場（道央ブロック）", fiscal_year=year)
    north_title = Event.objects.get(title__endswith="情報共有の場（道北ブロック）", fiscal_year=year).title

    # 1. The prefecture's officer: the list with the minimums.
    ken = _page(chromium, errors)
    login(ken, url, "ken", PASSWORD)
    ken.goto(f"{url}/events/")
    expect(ken.get_by_role("heading", level=1)).to_have_text("研修・情報共有の場")
    checklist = ken.locator("table.minimums")
    expect(checklist).to_contain_text("情報共有の場（市町村間）")
    expect(checklist).to_contain_text("専門家派遣")
    expect(checklist).to_contain_text("目安まであと6市町村")
    _shot(ken, "01_list")

    # The forum's page: facts, the programme in time order, the participants panel.
    ken.get_by_role("link", name=central.title).click()
    expect(ken.get_by_role("heading", level=1)).to_have_text(central.title)
    programme = ken.locator("table.programme")
    expect(programme).to_contain_text("【グループワーク】")
    expect(programme.locator("tbody tr").first).to_contain_text("13:30〜")
    expect(ken.locator("aside")).to_contain_text("人が申込み")
    _shot(ken, "02_detail_programme")

    # Grouping: a proposal of groups of five, one of 札幌市's people moved by hand, saved.
    ken.get_by_role("link", name="グループ分け").first.click()
    expect(ken.get_by_role("heading", level=1)).to_have_text("グループ分け")
    ken.get_by_label("1グループの人数（目安）").fill("5")
    ken.get_by_role("button", name="提案を表示する").click()
    expect(ken.locator(".notice", has_text="まだ保存されていません")).to_be_visible()
    expect(ken.locator(".group-card").first).to_contain_text("人口10万人以上")
    _shot(ken, "03_groups_proposal")
    sapporo = Registration.objects.filter(event=central, municipality__name="札幌市").order_by("pk").first()
    assert sapporo is not None
    select = ken.locator(f"#id_r{sapporo.pk}")
    current = select.input_value()
    target = "2" if current != "2" else "3"
    select.select_option(target)
    ken.get_by_role("button", name="この内容で保存する").last.click()
    expect(ken.locator(".messages")).to_contain_text("グループ分けを保存しました。")
    expect(ken.locator(".notice--warning")).to_contain_text("札幌市の参加者が2つのグループ")
    _shot(ken, "04_groups_saved_with_warning")
    saved = Registration.objects.get(pk=sapporo.pk)
    assert saved.group is not None and saved.group.number == int(target)
    assert EventGroup.objects.filter(event=central).count() >= 4

    # The day's tick list and the programme editor of a past forum; the form for a new event.
    ken.goto(f"{url}/events/")
    ken.get_by_role("link", name=north_title).click()
    ken.get_by_role("link", name="参加者と出席").click()
    expect(ken.get_by_role("button", name="出席を記録する")).to_be_visible()
    _shot(ken, "05_attendance")
    ken.goto(f"{url}/events/{central.pk}/programme/")
    expect(ken.locator("section.slot-form").first).to_contain_text("開会・挨拶")
    _shot(ken, "06_programme_form")
    ken.goto(f"{url}/events/new/")
    _shot(ken, "07_event_form")

    # 2. A renamed .exe is not a handout.
    ken.goto(f"{url}/events/{central.pk}/materials/new/")
    ken.get_by_label("名称").fill("当日資料")
    ken.locator("input[type=file]").set_input_files(
        files=[{"name": "当日資料.pdf", "mimeType": "application/pdf", "buffer": b"MZ\x90\x00 program"}]
    )
    ken.get_by_role("button", name="登録する").click()
    expect(ken.locator(".field__error")).to_contain_text("ファイルの中身がPDF（.pdf）ではありません。")
    _shot(ken, "08_upload_refused")

    # 3. かさね市's officer signs up to the next training in one click.
    training = (
        Event.objects.filter(kind="training", starts_on__gt=today())
        .exclude(registrations__user__username="shi")
        .first()
    )
    assert training is not None
    shi = _page(chromium, errors)
    login(shi, url, "shi", PASSWORD)
    shi.goto(f"{url}/events/")
    card = shi.locator(".card", has_text=training.title)
    card.get_by_role("button", name="申し込む").click()
    expect(shi.locator(".messages")).to_contain_text(f"「{training.title}」に申し込みました。")
    panel = shi.locator("aside")
    expect(panel).to_contain_text("申込済み")
    expect(panel).to_contain_text("菊池 真由美")
    others = (
        Registration.objects.filter(event=training)
        .exclude(user__username="shi")
        .values_list("name", flat=True)
    )
    body = shi.locator("main").inner_text()
    assert not any(name in body for name in others)
    _shot(shi, "09_participant_signed_up")
    shi.goto(f"{url}/events/")
    _shot(shi, "10_participant_list")

    # A forum she attended: her group and its facilitator, and the handout, which she may download.
    north = Event.objects.get(
        title__endswith="情報共有の場（道北ブロック）", fiscal_year=fiscal_year(today())
    )
    mine = Registration.objects.select_related("group__facilitator").get(event=north, user__username="shi")
    shi.get_by_role("link", name=north.title).click()
    panel = shi.locator("aside")
    expect(panel).to_contain_text("出席")
    expect(panel).to_contain_text(mine.group.name)  # type: ignore[union-attr]
    expect(panel).to_contain_text(mine.group.facilitator.full_name)  # type: ignore[union-attr]
    with shi.expect_download() as download:
        shi.get_by_role("link", name="次第・プログラム").click()
    assert download.value.suggested_filename.endswith("_次第.pdf")
    assert Path(download.value.path()).read_bytes().startswith(b"%PDF-")
    _shot(shi, "11_participant_attended")

    assert not errors, errors
