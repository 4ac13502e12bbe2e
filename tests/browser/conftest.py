"""Fixtures of the browser tests: the app in a subprocess (`kasane demo`, or the demo city without residents),
Debian's Chromium through Playwright, logging in through the login form, and an audit trail that a
transactional test may empty at its end. Screenshots go to tests/artifacts/.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.clock import python_command, subprocess_env

from .helpers import (
    ARTIFACTS,
    CHROMIUM,
    CITY_SETUP,
    DEMO_PASSWORD,
    Login,
    drop_postgres,
    drop_prepared,
    free_port,
    prepared,
    require_chromium,
    serve,
    wait_for,
)


@pytest.fixture(scope="module")
def demo_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`kasane demo` in a subprocess on a throwaway copy of the demo: its URL. The demo is built once per run
    by `kasane demo --no-serve` (about a minute on two cores) and each module starts `kasane demo` on a copy of
    it, which finds the data there and serves it, as on a newcomer's second start."""
    require_chromium()
    port = free_port()
    log_path = tmp_path_factory.mktemp("demo-log") / "server.log"
    log = log_path.open("w")
    server = None
    pg_name = None
    try:
        env, pg_name = prepared(
            tmp_path_factory, python_command("-m", "kasane", "demo", "--no-serve"), "demo", log
        )
        server = subprocess.Popen(
            python_command("-m", "kasane", "demo", "--port", str(port)),
            env=subprocess_env(env),
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        url = f"http://127.0.0.1:{port}"
        # A busy CI machine (both engines at once on two cores) needs the margin.
        wait_for(url, server, log, log_path, deadline=120)
        yield url
    except subprocess.CalledProcessError:
        log.flush()
        pytest.fail("kasane demo のデータを用意できませんでした:\n" + log_path.read_text())
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=20)
        log.close()
        if pg_name:
            drop_postgres(os.environ["DATABASE_URL"], pg_name)


@pytest.fixture(autouse=True, scope="session")
def prepared_worlds() -> Iterator[None]:
    """The worlds built once for the run (tests/browser/helpers.py ``prepared``): their PostgreSQL databases
    are dropped when the run ends."""
    yield
    drop_prepared()


@pytest.fixture(scope="module")
def city_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """The demo's かさね市 with its agencies, staff, meeting body and monthly sittings but no residents (a fresh
    instance per module): the app's URL and its log (every request and any traceback)."""
    yield from serve(tmp_path_factory, CITY_SETUP, "city")


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Debian's Chromium, launched once per module."""
    require_chromium()
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
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


@pytest.fixture
def login() -> Login:
    """``login(page, url, username, password=DEMO_PASSWORD)``: log in through the login form. Modules that build
    their own world pass its password."""

    def log_in(page: Any, url: str, username: str, password: str = DEMO_PASSWORD) -> None:
        page.goto(f"{url}/accounts/login/")
        page.get_by_label("ユーザー名").fill(username)
        page.get_by_label("パスワード").fill(password)
        page.get_by_role("button", name="ログイン").click()

    return log_in


@pytest.fixture(autouse=True, scope="session")
def patient_expectations() -> None:
    """Playwright's `expect` waits 5 s by default. CI runs both engines at once on two cores, where an HTMX
    search after its debounce has been seen to take longer: wait up to 15 s (a passing check returns at once)."""
    from playwright.sync_api import expect

    expect.set_options(timeout=15_000)
