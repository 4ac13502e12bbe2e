"""Shared by the browser tests: where Chromium is, where screenshots go, the app started in a subprocess on a
throwaway database (SQLite in a temporary data directory, or a fresh PostgreSQL database when DATABASE_URL is
set), and the page helpers the stories share. The fixtures built on these are in conftest.py.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import shutil
import socket
import subprocess
import time
import urllib.request
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from kasane.lib.dates import era_year
from tests.clock import python_command, subprocess_env
from tests.conftest import ARTIFACTS, skip_or_fail

__all__ = [
    "ARTIFACTS",
    "CHROMIUM",
    "CITY_SETUP",
    "DEMO_PASSWORD",
    "SERVED_DATA",
    "Login",
    "drop_postgres",
    "drop_prepared",
    "field",
    "free_port",
    "group",
    "new_page",
    "prepared",
    "require_chromium",
    "section",
    "serve",
    "short_wareki",
    "throwaway_postgres",
    "wait_for",
]

CHROMIUM = os.environ.get("KASANE_CHROMIUM", "/usr/bin/chromium")
# ARTIFACTS (tests/artifacts/, from tests/conftest.py): the screenshots, to be looked at.
DEMO_PASSWORD = "kasane-demo-2026"  # every login of `kasane demo`
# The `login` fixture's function: login(page, url, username, password=DEMO_PASSWORD).
Login = Callable[..., None]

# Migrate, then the demo's かさね市 with its agencies and staff (the logins of `kasane demo`), no residents.
CITY_SETUP = """
import django
django.setup()
from django.core.management import call_command
call_command("migrate", interactive=False, verbosity=0)
from kasane.demo import loader as demo
if hasattr(demo, "load_cases"):
    demo.load_cases = lambda *args, **kwargs: {}
demo.load_demo()
"""


def require_chromium() -> None:
    if not Path(CHROMIUM).exists():
        skip_or_fail(f"Chromium が {CHROMIUM} にありません（apt-get install chromium）")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _admin(url: str) -> Any:
    import psycopg
    from dj_database_url import parse

    cfg = parse(url)
    return psycopg.connect(
        host=cfg["HOST"],
        port=cfg["PORT"] or 5432,
        user=cfg["USER"],
        password=cfg["PASSWORD"],
        dbname="postgres",
        autocommit=True,
    )


def throwaway_postgres(url: str, template: str = "template0") -> tuple[str, str]:
    """A fresh database beside the one ``url`` names (a copy of ``template``): its name and its URL."""
    name = f"kasane_e2e_{uuid.uuid4().hex[:8]}"
    with _admin(url) as admin:
        if template == "template0":
            admin.execute(
                f"CREATE DATABASE {name} TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'"
            )
        else:
            admin.execute(f"CREATE DATABASE {name} TEMPLATE {template}")
    base = url.rsplit("/", 1)[0]
    return name, f"{base}/{name}"


def drop_postgres(url: str, name: str) -> None:
    with _admin(url) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


# Worlds built once per run, per setup and engine, and copied for each module that asks for the same one:
# building the demo takes about a minute on two cores, copying its data directory (database, audit key,
# heads, files) or cloning its PostgreSQL database a second or two. Each module still gets a world of its
# own to change as its story goes.
_PREPARED: dict[str, tuple[Path, str | None]] = {}


def prepared(
    tmp_path_factory: pytest.TempPathFactory, build: list[str], name: str, log: Any
) -> tuple[dict[str, str], str | None]:
    """The environment of an app process on a fresh copy of the world ``build`` (a command run with the
    app's environment) makes, and the name of its PostgreSQL database (None on SQLite), to be dropped."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KASANE_", "DJANGO_SETTINGS"))}
    env["DJANGO_SETTINGS_MODULE"] = "kasane.settings"
    # Keyed by the day too: the demo's records are dated from today, so a run that crosses midnight builds
    # the world again rather than serve yesterday's.
    day = dt.datetime.now(dt.timezone(dt.timedelta(hours=9))).date().isoformat()
    key = hashlib.sha256("\0".join([*build, day]).encode()).hexdigest()[:12]
    if key not in _PREPARED:
        data = tmp_path_factory.mktemp(f"world-{key}")
        template = None
        if os.environ.get("DATABASE_URL"):
            template, env["DATABASE_URL"] = throwaway_postgres(os.environ["DATABASE_URL"])
        env["KASANE_DATA_DIR"] = str(data)
        try:
            subprocess.run(build, env=subprocess_env(env), stdout=log, stderr=subprocess.STDOUT, check=True)
        except subprocess.CalledProcessError:
            if template:
                drop_postgres(os.environ["DATABASE_URL"], template)
            raise
        _PREPARED[key] = (data, template)
    data, template = _PREPARED[key]
    copy = tmp_path_factory.mktemp(f"{name}-data")
    shutil.copytree(data, copy, dirs_exist_ok=True)
    env["KASANE_DATA_DIR"] = str(copy)
    pg_name = None
    if template:
        pg_name, env["DATABASE_URL"] = throwaway_postgres(os.environ["DATABASE_URL"], template=template)
    return env, pg_name


def drop_prepared() -> None:
    """Drop the PostgreSQL databases the prepared worlds were built in (at the end of the run)."""
    for _data, template in _PREPARED.values():
        if template:
            drop_postgres(os.environ["DATABASE_URL"], template)
    _PREPARED.clear()


# The data directory of each app ``serve`` started, by its URL: for a test that reads what the server keeps there.
SERVED_DATA: dict[str, Path] = {}


def serve(tmp_path_factory: pytest.TempPathFactory, setup: str, name: str) -> Iterator[tuple[str, Path]]:
    """The app on a free port, on a copy of the world ``setup`` (Python that prepares a throwaway database)
    makes, for a module's browser tests; yields the app's URL and its log (every request and any
    traceback)."""
    require_chromium()
    port = free_port()
    log_path = tmp_path_factory.mktemp(f"{name}-log") / "server.log"
    log = log_path.open("w")
    server = None
    pg_name = None
    try:
        env, pg_name = prepared(tmp_path_factory, python_command("-c", setup), name, log)
        server = subprocess.Popen(
            python_command("-m", "kasane", "runserver", f"127.0.0.1:{port}", "--noreload"),
            env=subprocess_env(env),
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        url = f"http://127.0.0.1:{port}"
        SERVED_DATA[url] = Path(env["KASANE_DATA_DIR"])
        wait_for(url, server, log, log_path, deadline=60)
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
            drop_postgres(os.environ["DATABASE_URL"], pg_name)


def wait_for(url: str, server: subprocess.Popen[bytes], log: Any, log_path: Path, deadline: float) -> None:
    """Until the app answers /healthz; fails the test with the app's log if it stops or takes too long."""
    end = time.monotonic() + deadline
    while True:
        try:
            with urllib.request.urlopen(f"{url}/healthz", timeout=2) as response:  # noqa: S310 - loopback
                if response.status == 200:
                    return
        except OSError:
            pass
        if server.poll() is not None or time.monotonic() > end:
            log.flush()
            pytest.fail("kasane が起動しませんでした:\n" + log_path.read_text())
        time.sleep(0.3)


def short_wareki(day: dt.date) -> str:
    """R8.11.23: how staff type a date."""
    era, year = era_year(day)
    return f"{era.short}{year}.{day.month}.{day.day}"


def field(scope: Any, label: str) -> Any:
    """The control labelled `label`, whether or not the label carries the 必須 tag."""
    return scope.get_by_label(re.compile(rf"^{re.escape(label)}(\s*必須)?$"))


def group(scope: Any, legend: str) -> Any:
    """A fieldset of radio buttons or checkboxes, by its legend."""
    return scope.get_by_role("group", name=re.compile(rf"^{re.escape(legend)}(\s*必須)?$"))


def section(page: Any, heading: str) -> Any:
    return page.locator("section.form-section").filter(
        has=page.get_by_role("heading", name=heading, exact=True)
    )


def new_page(chromium: Any, errors: list[str]) -> Any:
    """A desktop-sized page that collects console errors into ``errors`` and accepts every dialog."""
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, locale="ja-JP")
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("dialog", lambda d: d.accept())
    return page
