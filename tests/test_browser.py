"""What a person does, in Debian's Chromium: log in, find the agency for ひきこもり through 相談先ナビ,
open its page, download the brochure. Screenshots go to tests/artifacts/ to be looked at.

The app runs as `kasane demo` in a subprocess, exactly as a newcomer starts it, on a throwaway database
(SQLite in a temporary data directory, or a fresh PostgreSQL database when DATABASE_URL is set).
"""

from __future__ import annotations

import os
import socket
import subprocess
import time
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from .clock import python_command, subprocess_env
from .conftest import skip_or_fail

CHROMIUM = os.environ.get("KASANE_CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).parent / "artifacts"
PASSWORD = "kasane-demo-2026"

pytestmark = pytest.mark.browser


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _throwaway_postgres(url: str) -> tuple[str, str]:
    import psycopg
    from dj_database_url import parse

    cfg = parse(url)
    name = f"kasane_e2e_{uuid.uuid4().hex[:8]}"
    admin = psycopg.connect(
        host=cfg["HOST"],
        port=cfg["PORT"] or 5432,
        user=cfg["USER"],
        password=cfg["PASSWORD"],
        dbname="postgres",
        autocommit=True,
    )
    with admin:
        admin.execute(
            f"CREATE DATABASE {name} TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'"
        )
    base = url.rsplit("/", 1)[0]
    return name, f"{base}/{name}"


def _drop_postgres(url: str, name: str) -> None:
    import psycopg
    from dj_database_url import parse

    cfg = parse(url)
    with psycopg.connect(
        host=cfg["HOST"],
        port=cfg["PORT"] or 5432,
        user=cfg["USER"],
        password=cfg["PASSWORD"],
        dbname="postgres",
        autocommit=True,
    ) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture(scope="module")
def demo_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if not Path(CHROMIUM).exists():
        skip_or_fail(f"Chromium が {CHROMIUM} にありません（apt-get install chromium）")
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KASANE_", "DJANGO_SETTINGS"))}
    env["KASANE_DATA_DIR"] = str(tmp_path_factory.mktemp("demo-data"))
    pg_name = None
    if os.environ.get("DATABASE_URL"):
        pg_name, env["DATABASE_URL"] = _throwaway_postgres(os.environ["DATABASE_URL"])
    log = (tmp_path_factory.mktemp("demo-log") / "server.log").open("w")
    server = subprocess.Popen(
        python_command("-m", "kasane", "demo", "--port", str(port)),
        env=subprocess_env(env),
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                with urllib.request.urlopen(f"{url}/healthz", timeout=2) as response:  # noqa: S310 - loopback
                    if response.status == 200:
                        break
            except OSError:
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                log.flush()
                pytest.fail("kasane demo が起動しませんでした:\n" + Path(log.name).read_text())
            time.sleep(0.3)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=20)
        log.close()
        if pg_name:
            _drop_postgres(os.environ["DATABASE_URL"], pg_name)


def serve(tmp_path_factory: pytest.TempPathFactory, setup: str, name: str) -> Iterator[tuple[str, Path]]:
    """Run ``setup`` (Python that prepares a throwaway database) and then the app on a free port, for a
    module's browser tests; yields the app's URL and its log (every request and any traceback)."""
    if not Path(CHROMIUM).exists():
        skip_or_fail(f"Chromium が {CHROMIUM} にありません（apt-get install chromium）")
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KASANE_", "DJANGO_SETTINGS"))}
    env["KASANE_DATA_DIR"] = str(tmp_path_factory.mktemp(f"{name}-data"))
    env["DJANGO_SETTINGS_MODULE"] = "kasane.settings"
    pg_name = None
    if os.environ.get("DATABASE_URL"):
        pg_name, env["DATABASE_URL"] = _throwaway_postgres(os.environ["DATABASE_URL"])
    log_path = tmp_path_factory.mktemp(f"{name}-log") / "server.log"
    log = log_path.open("w")
    server = None
    try:
        subprocess.run(
            python_command("-c", setup),
            env=subprocess_env(env),
            stdout=log,
            stderr=subprocess.STDOUT,
            check=True,
        )
        server = subprocess.Popen(
            python_command("-m", "kasane", "runserver", f"127.0.0.1:{port}", "--noreload"),
            env=subprocess_env(env),
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{url}/healthz", timeout=2) as response:  # noqa: S310 - loopback
                    if response.status == 200:
                        break
            except OSError:
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                log.flush()
                pytest.fail("kasane が起動しませんでした:\n" + log_path.read_text())
            time.sleep(0.3)
        yield url, log_path
    except subprocess.CalledProcessError:
        log.flush()
        pytest.fail("デモのデータを用意できませんでした:\n" + log_path.read_text())
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=20)
        log.close()
        if pg_name:
            _drop_postgres(os.environ["DATABASE_URL"], pg_name)


@pytest.fixture(scope="module")
def browser(demo_server: str) -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--disable-quic",
            ],
        )
        yield browser
        browser.close()


def _login(page: object, url: str, username: str) -> None:
    page.goto(f"{url}/accounts/login/")  # type: ignore[attr-defined]
    page.get_by_label("ユーザー名").fill(username)  # type: ignore[attr-defined]
    page.get_by_label("パスワード").fill(PASSWORD)  # type: ignore[attr-defined]
    page.get_by_role("button", name="ログイン").click()  # type: ignore[attr-defined]


def test_find_hikikomori_agency_and_download_brochure(demo_server: str, browser: object) -> None:
    from playwright.sync_api import expect

    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, locale="ja-JP", accept_downloads=True
    )  # type: ignore[attr-defined]
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)

    page.goto(f"{demo_server}/accounts/login/")
    page.screenshot(path=ARTIFACTS / "01_login.png", full_page=True)
    _login(page, demo_server, "soudanin")
    expect(page.get_by_role("heading", level=1)).to_contain_text("お疲れさまです")
    page.screenshot(path=ARTIFACTS / "02_home.png", full_page=True)

    page.get_by_role("link", name="相談先ナビ").first.click()
    page.get_by_label("ひきこもり", exact=True).check()
    page.get_by_role("button", name="相談先を探す").click()
    results = page.locator("#results ol.cards > li")
    expect(results.first).to_be_visible()
    expect(results.first).to_contain_text("ひきこもり（主に対応）")
    page.screenshot(path=ARTIFACTS / "03_navi_hikikomori.png", full_page=True)

    first_name = results.first.locator("h3").inner_text()
    results.first.locator("h3 a").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(first_name)
    expect(page.get_by_text("こんな相談はこちら")).to_be_visible()
    page.screenshot(path=ARTIFACTS / "04_agency_detail.png", full_page=True)

    page.get_by_role("link", name="機関一覧").first.click()
    page.get_by_label("名前で探す").fill("包括")
    expect(page.locator("#results")).to_contain_text("地域包括支援センター")
    page.screenshot(path=ARTIFACTS / "05_directory.png", full_page=True)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="パンフレット（PDF）").click()
    download = download_info.value
    assert download.suggested_filename.startswith("相談先ガイド_")
    target = ARTIFACTS / "brochure_from_browser.pdf"
    download.save_as(target)
    assert target.read_bytes().startswith(b"%PDF")
    assert not errors, errors
    context.close()


def test_area_from_address_and_mobile_layout(demo_server: str, browser: object) -> None:
    from playwright.sync_api import expect

    context = browser.new_context(viewport={"width": 768, "height": 1024}, locale="ja-JP")  # type: ignore[attr-defined]
    page = context.new_page()
    _login(page, demo_server, "etsuran")
    page.goto(f"{demo_server}/agencies/navi/")
    page.get_by_label("言葉で探す").fill("物忘れ")
    page.get_by_label("住所（わかれば）").fill("本町")
    page.get_by_role("button", name="相談先を探す").click()
    expect(page.locator("#results")).to_contain_text("と判定しました")
    page.screenshot(path=ARTIFACTS / "06_navi_tablet.png", full_page=True)
    context.close()


def test_admin_screens(demo_server: str, browser: object) -> None:
    from playwright.sync_api import expect

    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="ja-JP")  # type: ignore[attr-defined]
    page = context.new_page()
    _login(page, demo_server, "shi")
    page.goto(f"{demo_server}/audit/")
    expect(page.get_by_role("heading", level=1)).to_have_text("監査ログ")
    expect(page.locator("table")).to_contain_text("ログイン")
    page.screenshot(path=ARTIFACTS / "07_audit.png", full_page=True)
    page.goto(f"{demo_server}/accounts/staff/")
    expect(page.locator("table")).to_contain_text("髙橋 美咲")
    page.screenshot(path=ARTIFACTS / "08_staff.png", full_page=True)
    page.goto(f"{demo_server}/accounts/roles/")
    page.screenshot(path=ARTIFACTS / "09_roles.png", full_page=True)
    page.goto(f"{demo_server}/agencies/")
    page.locator("#results a").first.click()
    page.get_by_role("link", name="編集する").click()
    page.get_by_label("電話番号").fill("abc")
    page.get_by_role("button", name="保存する").click()
    expect(page.locator(".error-summary")).to_contain_text("入力内容を確認してください")
    page.screenshot(path=ARTIFACTS / "10_agency_edit_error.png", full_page=True)
    page.goto(f"{demo_server}/accounts/me/two-factor/")
    page.screenshot(path=ARTIFACTS / "11_two_factor.png", full_page=True)
    context.close()
