"""The participant list in and out, in Debian's Chromium, on the demo's 北海道 (tests/demo/helpers.py's
build_hokkaido and kasane.demo.prefecture.events, served by pytest-django's live server), on 23 November 2026:

1. the prefecture's officer opens the next 道央 forum's participants, imports a Shift_JIS CSV with a wrong row
   and a person already registered, sees each row's verdict, imports the corrected file, looks at the import
   and takes it back;
2. on the 道北 forum that was held she takes the 受付名簿, the name tags, the certificates of those who came
   and the list as Excel, and each PDF's first page is rendered for looking at.

Screenshots and pages: tests/artifacts/roster_*.png, looked at.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import time_machine

from kasane.demo.prefecture import events as demo
from kasane.events.models import Event, Registration, RegistrationChannel
from kasane.lib.dates import fiscal_year, today
from tests.clock import morning_of
from tests.demo.helpers import PASSWORD, build_hokkaido
from tests.demo.helpers import TODAY as STORY_DAY

from .helpers import ARTIFACTS, CHROMIUM, Login, require_chromium

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

HEADER = "氏名,ふりがな,市町村,所属,区分,職種,メールアドレス"


@pytest.fixture(autouse=True)
def _the_story_s_day() -> Iterator[None]:
    with time_machine.travel(morning_of(STORY_DAY), tick=True):
        yield


@pytest.fixture
def hokkaido_server(live_server: Any, settings: Any, tmp_path: Path) -> str:
    settings.MEDIA_ROOT = tmp_path
    prefecture, staff = build_hokkaido()
    demo.load(prefecture, today(), staff)
    return str(live_server.url)


@pytest.fixture
def chromium(flushable_audit_trail: None, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """Launched once the database is set up (the module-wide ``browser`` would start its event loop first)."""
    require_chromium()
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls below are still synchronous.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu", "--no-first-run", "--lang=ja"]
        )
        yield browser
        browser.close()


def _page(browser: Any, errors: list[str]) -> Any:
    context = browser.new_context(
        viewport={"width": 1366, "height": 900}, locale="ja-JP", accept_downloads=True
    )
    page = context.new_page()
    page.set_default_timeout(60_000)  # a shared, loaded machine
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("dialog", lambda d: d.accept())
    return page


def _shot(page: Any, name: str) -> None:
    page.screenshot(path=ARTIFACTS / f"roster_{name}.png", full_page=True)


def _csv(*rows: str) -> bytes:
    return "\r\n".join([HEADER, *rows, ""]).encode("cp932")


def _download(page: Any, link: str, name: str) -> Path:
    with page.expect_download() as download:
        page.get_by_role("link", name=link).click()
    target = ARTIFACTS / f"roster_{name}{Path(download.value.suggested_filename).suffix}"
    download.value.save_as(target)
    return target


def _render(pdf: Path) -> None:
    """The first page as roster_<name>_page-1.png, to be looked at."""
    if shutil.which("pdftoppm"):
        subprocess.run(
            ["pdftoppm", "-r", "60", "-png", "-f", "1", "-l", "1", str(pdf), str(pdf.with_suffix(""))],
            check=True,
        )


def test_import_preview_undo_and_papers(hokkaido_server: str, chromium: Any, login: Login) -> None:
    from playwright.sync_api import expect

    url, errors = hokkaido_server, list[str]()
    year = fiscal_year(today())
    central = Event.objects.get(title__endswith="情報共有の場（道央ブロック）", fiscal_year=year)
    existing = Registration.objects.filter(event=central).exclude(organisation="").first()
    assert existing is not None
    before = Registration.objects.filter(event=central).count()
    ken = _page(chromium, errors)
    login(ken, url, "ken", PASSWORD)

    # 1. The participants page's tools; a file with a wrong row is shown, nothing written.
    ken.goto(f"{url}/events/{central.pk}/participants/")
    tools = ken.get_by_label("名簿の取り込みと出力")
    expect(tools).to_contain_text("受付名簿（PDF）")
    _shot(ken, "01_participants")
    tools.get_by_role("link", name="名簿を取り込む（CSV・Excel）").click()
    expect(ken.get_by_role("heading", level=1)).to_have_text("参加者名簿の取り込み")
    _shot(ken, "02_import_form")
    good = [
        "石狩 陽菜,いしかり ひな,北海道江別市,保健福祉部 地域福祉課,市町村職員,社会福祉士,hina@example.jp",
        "小樽 健太,おたる けんた,,後志総合振興局 社会福祉課,振興局,,",
        f"{existing.name},,,{existing.organisation},,,",
    ]
    ken.locator("input[type=file]").set_input_files(
        files=[
            {
                "name": "参加者名簿.csv",
                "mimeType": "text/csv",
                "buffer": _csv(*good, "函館 太郎,,函館町,,,,taro@"),
            }
        ]
    )
    ken.get_by_role("button", name="確認する").click()
    expect(ken.locator(".error-summary")).to_contain_text("エラーの行が1行あるため")
    expect(ken.locator("tr.row--error")).to_contain_text("5行目")
    expect(ken.locator("tr.row--error")).to_contain_text("市町村「函館町」は北海道の市町村にありません。")
    expect(ken.get_by_role("button", name="新規の2人を登録する")).to_have_count(0)
    _shot(ken, "03_preview_with_error")
    assert Registration.objects.filter(event=central).count() == before

    # The corrected file: two new, one already registered; confirmed.
    ken.locator("input[type=file]").set_input_files(
        files=[{"name": "参加者名簿.csv", "mimeType": "text/csv", "buffer": _csv(*good)}]
    )
    ken.get_by_role("button", name="このファイルを確認する").click()
    expect(ken.locator(".roster-counts")).to_contain_text("新規 2人")
    expect(ken.locator("main")).to_contain_text(
        f"既に登録があります（氏名と所属が同じ：{existing.name}さん）。"
    )
    _shot(ken, "04_preview")
    ken.get_by_role("button", name="新規の2人を登録する").click()
    expect(ken.locator(".messages")).to_contain_text(
        "名簿から2人を登録しました（重複の1人は登録していません）。"
    )
    expect(ken.get_by_role("heading", level=1)).to_have_text("取り込んだ参加者")
    imported = Registration.objects.filter(event=central, channel=RegistrationChannel.IMPORT)
    assert sorted(imported.values_list("name", flat=True)) == ["小樽 健太", "石狩 陽菜"]
    _shot(ken, "05_batch")
    ken.get_by_role("button", name="この取り込みを元に戻す").click()
    expect(ken.locator(".messages")).to_contain_text("取り込みを元に戻しました（2人の登録を削除）。")
    assert Registration.objects.filter(event=central).count() == before

    # 2. The forum that was held: its papers and its list.
    north = Event.objects.get(title__endswith="情報共有の場（道北ブロック）", fiscal_year=year)
    ken.goto(f"{url}/events/{north.pk}/participants/")
    _shot(ken, "06_participants_held")
    for link, name in (
        ("受付名簿（PDF）", "sign_in"),
        ("名札（PDF）", "name_tags"),
    ):
        _render(_download(ken, link, name))
    certificates = _download(
        ken, f"参加証明書（出席者{north.registrations.filter(attended=True).count()}人・PDF）", "certificates"
    )
    _render(certificates)
    assert certificates.read_bytes().startswith(b"%PDF-")
    sheet = _download(ken, "参加者と出席（Excel）", "export")
    assert sheet.suffix == ".xlsx"
    assert not errors, errors
