"""What a fresh process pays before it answers (issue 20, cold start), printed as figures.

    uv run python benchmarks/cold_start.py [--repeat 5]

Each figure comes from fresh subprocesses, repeated, as median and max:
- (a) ``import django; django.setup()``;
- (b) importing the URLconf and resolving it (``get_resolver().url_patterns``) after setup;
- (c) gunicorn as docs/deployment.md starts it (one worker, a migrated throwaway SQLite data directory):
  from spawn to the port accepting and to the worker having loaded the app (a ``post_worker_init`` hook in
  a throwaway config file says when), then the first ``GET /healthz`` and the first ``GET /accounts/login/``
  of that worker, each timed on its own; once without and once with ``--preload``.
Then the 15 heaviest imports (cumulative, ``python -X importtime``) made by ``import kasane.urls``.
Loopback only; about a minute at the default repeat.
"""

from __future__ import annotations

import argparse
import http.client
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

RESULTS = Path(__file__).parent / "results" / "cold_start.txt"
MARKER = "-- kasane.urls --"

SETUP = "import time; t = time.perf_counter(); import django; django.setup(); print(time.perf_counter() - t)"
RESOLVE = (
    "import django; django.setup(); import time; from django.urls import get_resolver; "
    "t = time.perf_counter(); get_resolver().url_patterns; print(time.perf_counter() - t)"
)
IMPORTTIME = (
    f"import sys, django; django.setup(); print({MARKER!r}, file=sys.stderr, flush=True); import kasane.urls"
)
HOOK = """
from pathlib import Path


def post_worker_init(worker):
    Path({ready!r}).write_text(str(worker.pid))
"""

lines: list[str] = []


def say(text: str = "") -> None:
    print(text, flush=True)
    lines.append(text)


def python(code: str, env: dict[str, str], *flags: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - this interpreter, our own probe
        [sys.executable, *flags, "-c", code], env=env, capture_output=True, text=True, check=True
    )


def timed_python(code: str, env: dict[str, str]) -> float:
    return float(python(code, env).stdout.strip().splitlines()[-1])


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_for(condition: Callable[[], bool], server: subprocess.Popen[bytes], limit: float = 60) -> None:
    deadline = time.perf_counter() + limit
    while not condition():
        if server.poll() is not None:
            raise SystemExit(f"gunicorn exited early with code {server.returncode}")
        if time.perf_counter() > deadline:
            raise SystemExit("gunicorn did not come up in time")
        time.sleep(0.005)


def accepts(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.2):
            return True
    except OSError:
        return False


def get(port: int, path: str) -> float:
    start = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    connection.request("GET", path)
    response = connection.getresponse()
    response.read()
    connection.close()
    elapsed = time.perf_counter() - start
    if response.status != 200:
        raise SystemExit(f"GET {path} answered {response.status}")
    return elapsed


def gunicorn_once(env: dict[str, str], work: Path, *, preload: bool) -> dict[str, float]:
    ready = work / "worker-ready"
    ready.unlink(missing_ok=True)
    config = work / "gunicorn_hook.py"
    config.write_text(HOOK.format(ready=str(ready)))
    port = free_port()
    command = [sys.executable, "-m", "gunicorn", "kasane.wsgi:application", "--bind", f"127.0.0.1:{port}"]
    command += ["--workers", "1", "--timeout", "60", "--config", str(config)]
    if preload:
        command.append("--preload")
    start = time.perf_counter()
    quiet = subprocess.DEVNULL
    server = subprocess.Popen(command, env=env, stdout=quiet, stderr=quiet)  # noqa: S603 - our own gunicorn
    try:
        wait_for(lambda: accepts(port), server)
        listening = time.perf_counter() - start
        wait_for(ready.exists, server)
        booted = time.perf_counter() - start
        healthz = get(port, "/healthz")
        login = get(port, "/accounts/login/")
        return {
            "spawn → port accepts": listening,
            "spawn → worker loaded app": booted,
            "first GET /healthz": healthz,
            "first GET /accounts/login/": login,
            "spawn → login page answered": time.perf_counter() - start,
        }
    finally:
        server.terminate()
        server.wait(timeout=30)


def row(label: str, samples: list[float]) -> None:
    say(f"  {label:34} {statistics.median(samples) * 1000:9.0f} {max(samples) * 1000:9.0f}")


def heaviest_imports(env: dict[str, str]) -> None:
    report = python(IMPORTTIME, env, "-X", "importtime").stderr
    after = report.split(MARKER, 1)[1].splitlines()
    imports = []
    for line in after:
        if not line.startswith("import time:") or "cumulative" in line:
            continue
        _, cumulative, name = line.split("|")
        imports.append((int(cumulative), name.strip()))
    imports.sort(reverse=True)
    say("heaviest imports made by `import kasane.urls` (python -X importtime, cumulative, one run)")
    for cumulative, name in imports[:15]:
        say(f"  {cumulative / 1000:8.0f} ms  {name}")
    heavy = sorted({name.split(".")[0] for _, name in imports} & {"pptx", "docx", "openpyxl", "reportlab"})
    say(f"document libraries loaded by it: {', '.join(heavy) or 'none'}")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--repeat", type=int, default=5)
    repeat = parser.parse_args().repeat
    with tempfile.TemporaryDirectory(prefix="kasane-cold-") as temp:
        work = Path(temp)
        env = {
            **os.environ,
            "KASANE_DATA_DIR": str(work / "data"),
            "DJANGO_SETTINGS_MODULE": "kasane.settings",
        }
        env.pop("DATABASE_URL", None)
        env.pop("KASANE_ENV", None)
        subprocess.run(
            [sys.executable, "-m", "kasane.cli", "migrate", "--verbosity", "0"], env=env, check=True
        )
        say(f"cold start, {repeat} fresh processes each, SQLite, development settings; ms")
        say(f"  {'':34} {'median':>9} {'max':>9}")
        row("(a) django.setup()", [timed_python(SETUP, env) for _ in range(repeat)])
        row("(b) import + resolve kasane.urls", [timed_python(RESOLVE, env) for _ in range(repeat)])
        for preload in (False, True):
            say(f"(c) gunicorn, 1 worker{', --preload' if preload else ''}")
            runs = [gunicorn_once(env, work, preload=preload) for _ in range(repeat)]
            for label in runs[0]:
                row(label, [run[label] for run in runs])
        say()
        heaviest_imports(env)
    RESULTS.write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
