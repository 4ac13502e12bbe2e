"""Fixtures of the browser tests: the app in a subprocess (`kasane demo`, or the demo city without residents),
Debian's Chromium through Playwright, logging in through the login form, and an audit trail that a
transactional test may empty at its end. Screenshots go to tests/artifacts/.
"""

from __future__ import annotations

import importlib
import os
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.test import TransactionTestCase

from tests.clock import python_command, subprocess_env

from .helpers import (
    ARTIFACTS,
    CHROMIUM,
    CITY_SETUP,
    DEMO_PASSWORD,
    Login,
    drop_postgres,
    free_port,
    require_chromium,
    serve,
    throwaway_postgres,
)


@pytest.fixture(scope="module")
def demo_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`kasane demo` in a subprocess, exactly as a newcomer starts it, on a throwaway database: its URL."""
    require_chromium()
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KASANE_", "DJANGO_SETTINGS"))}
    env["KASANE_DATA_DIR"] = str(tmp_path_factory.mktemp("demo-data"))
    pg_name = None
    if os.environ.get("DATABASE_URL"):
        pg_name, env["DATABASE_URL"] = throwaway_postgres(os.environ["DATABASE_URL"])
    log = (tmp_path_factory.mktemp("demo-log") / "server.log").open("w")
    server = subprocess.Popen(
        python_command("-m", "kasane", "demo", "--port", str(port)),
        env=subprocess_env(env),
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        # Migrating and building the demo takes about 55 s on SQLite and 70 s on PostgreSQL on an idle machine
        # (2 cores); a busy CI machine needs the margin.
        deadline = time.monotonic() + 240
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
            drop_postgres(os.environ["DATABASE_URL"], pg_name)


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


@pytest.fixture
def flushable_audit_trail() -> Iterator[None]:
    """A transactional test ends by emptying every table, which the audit trail's append-only triggers
    refuse. Lift them for that one flush and put them back straight after it (SQLite and PostgreSQL)."""
    triggers = importlib.import_module("kasane.audit.migrations.0002_append_only_triggers")
    original = TransactionTestCase._fixture_teardown

    def run(statements: list[str]) -> None:
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)

    def teardown(self: TransactionTestCase) -> None:
        TransactionTestCase._fixture_teardown = original  # type: ignore[method-assign]
        sqlite = connection.vendor == "sqlite"
        run(triggers.SQLITE_DROP if sqlite else triggers.POSTGRES_DROP)
        try:
            original(self)
        finally:
            run(triggers.SQLITE if sqlite else triggers.POSTGRES)

    TransactionTestCase._fixture_teardown = teardown  # type: ignore[method-assign]
    yield


@pytest.fixture(autouse=True, scope="session")
def patient_expectations() -> None:
    """Playwright's `expect` waits 5 s by default. CI runs both engines at once on two cores, where an HTMX
    search after its debounce has been seen to take longer: wait up to 15 s (a passing check returns at once)."""
    from playwright.sync_api import expect

    expect.set_options(timeout=15_000)
