"""Page throughput under gunicorn beside the trivial view (issue 20, "Pages"), printed as figures.

    uv run python benchmarks/pages.py                          # SQLite: builds the demo in a temporary data dir
    uv run python benchmarks/pages.py --data-dir /tmp/demo     # reuses that data dir (builds it once if empty)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres uv run python benchmarks/pages.py
                                    # PostgreSQL: builds the demo in a database it creates and drops itself
    uv run python benchmarks/pages.py --profile                # then profiles the pages in-process

Builds the demo (`kasane demo --no-serve`, about a minute), starts gunicorn on a free 127.0.0.1 port (sync
workers, as docs/deployment.md runs it, without --preload), waits until every worker has imported the URL
configuration, and logs each of the clients in through the real login form as a demo user who sees the 菅原
8050 case. Then, one page at a time, the clients (threads, each with its own session, a new connection per
request as a sync worker closes it anyway) ask for that page for a fixed time after a short warm-up, and the
script prints requests, req/s, p50/p95, errors (anything but 200), the page's size, the ratio of its req/s to
the trivial view's, and the CPU the gunicorn workers (and the PostgreSQL backends, when they run on this
machine) spent per request. The trivial view is /healthz asked without a session (one `SELECT 1`), measured
first and last; the ratio is against the mean of the two. /healthz with the session cookie shows the floor
of an authenticated request (session, user and membership look-ups in the middleware).

Loopback only; the load generator shares the CPUs with the server, so its own CPU share is printed too.
Results: benchmarks/results/pages.txt (a dated section per run).
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import os
import re
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit, urlunsplit

DEMO_PASSWORD = "kasane-demo-2026"  # noqa: S105 - the demo's published password
RESULTS = Path(__file__).resolve().parent / "results" / "pages.txt"
CLK_TCK = os.sysconf("SC_CLK_TCK")


# --- the server ---------------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def build_demo(env: dict[str, str]) -> float:
    start = time.perf_counter()
    command = [sys.executable, "-m", "kasane.cli", "demo", "--no-serve"]
    subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL)  # noqa: S603
    return time.perf_counter() - start


def start_gunicorn(env: dict[str, str], port: int, workers: int, log: Path) -> subprocess.Popen[bytes]:
    command = [
        sys.executable, "-m", "gunicorn", "kasane.wsgi:application",
        "--bind", f"127.0.0.1:{port}", "--workers", str(workers), "--worker-class", "sync", "--timeout", "60",
    ]  # fmt: skip
    with log.open("ab") as out:
        return subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT)  # noqa: S603


def children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def cpu_seconds(pids: list[int]) -> dict[int, float]:
    """utime + stime of each process still alive, from /proc (Linux)."""
    times = {}
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        times[pid] = (int(fields[11]) + int(fields[12])) / CLK_TCK
    return times


# --- the clients --------------------------------------------------------------------------------------------


@dataclass
class Sample:
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    size: int = 0


def get(port: int, path: str, cookie: str = "") -> tuple[int, bytes, list[str]]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        conn.request("GET", path, headers={"Cookie": cookie} if cookie else {})
        response = conn.getresponse()
        return response.status, response.read(), response.headers.get_all("Set-Cookie") or []
    finally:
        conn.close()


def cookies_of(headers: list[str], jar: dict[str, str]) -> dict[str, str]:
    for header in headers:
        parsed: SimpleCookie = SimpleCookie()
        parsed.load(header)
        jar.update({name: morsel.value for name, morsel in parsed.items()})
    return jar


def cookie_header(jar: dict[str, str]) -> str:
    return "; ".join(f"{name}={value}" for name, value in jar.items())


def log_in(port: int, username: str) -> str:
    """GET the login form, post it like a browser; returns the Cookie header of the new session."""
    status, body, headers = get(port, "/accounts/login/")
    jar = cookies_of(headers, {})
    match = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body)
    if status != 200 or not match:
        raise SystemExit(f"ログイン画面を取得できませんでした（HTTP {status}）。")
    form = urlencode(
        {"csrfmiddlewaretoken": match.group(1).decode(), "username": username, "password": DEMO_PASSWORD}
    )
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        conn.request(
            "POST",
            "/accounts/login/",
            body=form,
            headers={"Cookie": cookie_header(jar), "Content-Type": "application/x-www-form-urlencoded"},
        )
        response = conn.getresponse()
        response.read()
        cookies_of(response.headers.get_all("Set-Cookie") or [], jar)
    finally:
        conn.close()
    if response.status != 302 or "sessionid" not in jar:
        raise SystemExit(f"{username} でログインできませんでした（HTTP {response.status}）。")
    return cookie_header(jar)


def hammer(port: int, path: str, cookies: list[str], seconds: float) -> tuple[Sample, float]:
    """Every client asks for `path` until `seconds` have passed; returns the samples and the elapsed time."""
    samples = [Sample() for _ in cookies]
    deadline = time.perf_counter() + seconds

    def client(cookie: str, sample: Sample) -> None:
        while time.perf_counter() < deadline:
            start = time.perf_counter()
            try:
                status, body, _ = get(port, path, cookie)
            except OSError:
                sample.errors += 1
                continue
            sample.latencies.append((time.perf_counter() - start) * 1000)
            sample.size = len(body)
            if status != 200:
                sample.errors += 1

    threads = [threading.Thread(target=client, args=pair) for pair in zip(cookies, samples, strict=True)]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - start
    merged = Sample(errors=sum(s.errors for s in samples), size=max(s.size for s in samples))
    for sample in samples:
        merged.latencies.extend(sample.latencies)
    return merged, elapsed


def burst(port: int, clients: int) -> float:
    """`clients` concurrent requests for /healthz; the slowest answer in ms (inf if one failed)."""
    latencies: list[float] = []

    def ask() -> None:
        begin = time.perf_counter()
        try:
            status = get(port, "/healthz")[0]
        except OSError:
            status = 0
        latencies.append((time.perf_counter() - begin) * 1000 if status == 200 else float("inf"))

    threads = [threading.Thread(target=ask) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return max(latencies)


def warm_workers(port: int, clients: int, timeout: float = 180) -> float:
    """A fresh sync worker imports kasane.urls on its first request (seconds). Ask in bursts of `clients`
    concurrent requests until three bursts in a row answer within a second, so every worker has done it."""
    start = time.perf_counter()
    fast = 0
    while fast < 3:
        if time.perf_counter() - start > timeout:
            raise SystemExit("gunicorn のワーカーが温まりませんでした。")
        slowest = burst(port, clients)
        fast = fast + 1 if slowest < 1000 else 0
        if slowest == float("inf"):
            time.sleep(0.2)  # not answering yet
    return time.perf_counter() - start


# --- the run ------------------------------------------------------------------------------------------------


@dataclass
class Row:
    label: str
    path: str
    requests: int
    rate: float
    p50: float
    p95: float
    errors: int
    size: int
    server_ms: float | None
    db_ms: float | None
    client_share: float


def p95(ordered: list[float]) -> float:
    return ordered[max(0, -(-len(ordered) * 95 // 100) - 1)] if ordered else float("nan")


@dataclass
class Load:
    port: int
    seconds: float
    warmup: float
    server_pids: Callable[[], list[int]]
    db_pids: Callable[[], list[int]]


def measure(load: Load, label: str, path: str, cookies: list[str], warmup: bool = True) -> Row:
    if warmup:
        hammer(load.port, path, cookies, load.warmup)
    server, db = cpu_seconds(load.server_pids()), cpu_seconds(load.db_pids())
    own = time.process_time()
    sample, elapsed = hammer(load.port, path, cookies, load.seconds)
    own = time.process_time() - own
    server_after, db_after = cpu_seconds(load.server_pids()), cpu_seconds(load.db_pids())
    count = len(sample.latencies)
    ordered = sorted(sample.latencies)

    def per_request(before: dict[int, float], after: dict[int, float]) -> float | None:
        if not after or not count:
            return None
        return sum(t - before.get(pid, 0.0) for pid, t in after.items()) / count * 1000

    return Row(
        label=label,
        path=path,
        requests=count,
        rate=count / elapsed,
        p50=statistics.median(ordered) if ordered else float("nan"),
        p95=p95(ordered),
        errors=sample.errors,
        size=sample.size,
        server_ms=per_request(server, server_after),
        db_ms=per_request(db, db_after),
        client_share=own / elapsed / (os.cpu_count() or 1),
    )


def table(rows: list[Row], floor: float) -> list[str]:
    """One line a page. `× healthz` divides the measured req/s; `× (CPU)` divides the CPU the trivial view
    costs (workers + database backends) by the page's: the ratio the pages would reach if the run were bound
    by CPU alone, steadier than req/s while other work shares the machine."""

    def cpu(row: Row) -> float | None:
        return None if row.server_ms is None else row.server_ms + (row.db_ms or 0.0)

    first, last = cpu(rows[0]), cpu(rows[-1])
    floor_cpu = None if first is None or last is None else (first + last) / 2

    def ms(value: float | None) -> str:
        return "n/a" if value is None else f"{value:.1f}"

    lines = [
        f"{'page':16} {'requests':>8} {'req/s':>7} {'p50 ms':>7} {'p95 ms':>7} {'errors':>6} {'KB':>5}"
        f" {'× healthz':>9} {'× (CPU)':>7} {'server CPU ms/req':>17} {'db CPU ms/req':>13} {'client CPU':>10}  url"
    ]

    def cpu_ratio(row: Row) -> str:
        spent = cpu(row)
        return "n/a" if not spent or floor_cpu is None else f"{floor_cpu / spent:.2f}"

    for row in rows:
        lines.append(
            f"{row.label:16} {row.requests:8d} {row.rate:7.1f} {row.p50:7.1f} {row.p95:7.1f} {row.errors:6d}"
            f" {row.size / 1024:5.0f} {row.rate / floor:9.2f} {cpu_ratio(row):>7} {ms(row.server_ms):>17} {ms(row.db_ms):>13}"
            f" {row.client_share:9.0%}  {row.path}"
        )
    return lines


def analyze() -> float:
    """The planner's statistics, as a running installation has them (PostgreSQL's autovacuum, SQLite's
    ``PRAGMA optimize``): a database measured straight after it was built has none, and its plans are guesses."""
    from django.db import connection, connections

    start = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    connections.close_all()
    return time.perf_counter() - start


def targets(username: str, query: str) -> tuple[list[tuple[str, str]], str]:
    """The pages to measure, found in the demo that was just built: the 菅原 8050 case, its household and
    person, a search for `query`, and the home page."""
    from django.db import connections

    from kasane.accounts.models import User
    from kasane.casework.models import Case

    case = (
        Case.objects.filter(title__startswith="8050", household__members__name__startswith="菅原")
        .select_related("person", "household")
        .order_by("pk")
        .first()
    )
    if case is None:
        raise SystemExit("デモに菅原さんの 8050 ケースが見つかりません。")
    user = User.objects.get(username=username)
    pages = [
        ("home", "/"),
        ("search", f"/people/?{urlencode({'name': query})}"),
        ("person", f"/people/{case.person_id}/"),
        ("household", f"/households/{case.household_id}/"),
        ("case", f"/cases/{case.pk}/"),
    ]
    described = (
        f"user {username} ({user.full_name}); case {case.pk} 「{case.title}」, its person {case.person_id}"
        f" ({case.person.name}) and household {case.household_id}; search name={query}"
    )
    connections.close_all()
    return pages, described


# Parts of the code whose share of a page's profiled time is printed: time inside them, entered from outside.
PROFILED_PARTS = [
    ("audit", r"/kasane/audit/(?!middleware)"),
    ("visibility", r"/kasane/casework/visibility\.py"),
    ("access helpers", r"/kasane/casework/access\.py"),
    ("session+auth", r"/django/contrib/(sessions|auth)/(?!decorators)"),
]


def time_inside(stats: Any, pattern: str) -> float:
    """Seconds spent in the files matching `pattern` when called from elsewhere (cProfile's per-caller
    cumulative times); a part that calls out and is called back is counted twice, so read it as an upper bound."""
    inside = re.compile(pattern)
    total = 0.0
    for (file, _line, _name), (*_, callers) in stats.stats.items():
        if inside.search(file):
            total += sum(timing[3] for (caller, *_), timing in callers.items() if not inside.search(caller))
    return total


@dataclass
class Timing:
    """Per request, measured without a profiler: the whole request, its queries, its templates, and the ORM's
    evaluation of querysets (compiling, running, turning rows into objects; not building the querysets)."""

    requests: int = 0
    total: float = 0.0
    queries: int = 0
    sql: float = 0.0
    spent: dict[str, float] = field(default_factory=lambda: {"templates": 0.0, "orm": 0.0})
    depth: dict[str, int] = field(default_factory=lambda: {"templates": 0, "orm": 0})
    sql_in_templates: float = 0.0
    slowest: list[tuple[float, str]] = field(default_factory=list)


def outermost(timing: Timing, part: str, method: Any) -> Any:
    """`method` wrapped to add its time to `part`, counted once however deeply it nests."""

    def timed(*args: Any, **kwargs: Any) -> Any:
        timing.depth[part] += 1
        start = time.perf_counter()
        try:
            return method(*args, **kwargs)
        finally:
            timing.depth[part] -= 1
            if not timing.depth[part]:
                timing.spent[part] += time.perf_counter() - start

    return timed


def timed_requests(client: Any, path: str, repeat: int) -> Timing:
    from django.db import connection
    from django.db.models.query import QuerySet
    from django.db.models.sql.compiler import SQLCompiler
    from django.template.backends.django import Template

    timing = Timing()
    patched = [
        (Template, "render", "templates"),
        (QuerySet, "_fetch_all", "orm"),
        (SQLCompiler, "execute_sql", "orm"),
    ]
    originals = [(owner, name, getattr(owner, name)) for owner, name, _ in patched]

    def timed_sql(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            spent = time.perf_counter() - start
            timing.queries += 1
            timing.sql += spent
            timing.sql_in_templates += spent if timing.depth["templates"] else 0.0
            timing.slowest.append((spent * 1000, " ".join(sql.split())[:100]))

    for owner, name, part in patched:
        setattr(owner, name, outermost(timing, part, getattr(owner, name)))
    try:
        with connection.execute_wrapper(timed_sql):
            for _ in range(repeat):
                start = time.perf_counter()
                assert client.get(path).status_code == 200
                timing.total += time.perf_counter() - start
                timing.requests += 1
    finally:
        for owner, name, method in originals:
            setattr(owner, name, method)
    return timing


def profile(username: str, pages: list[tuple[str, str]], repeat: int) -> list[str]:
    """In-process, with Django's test Client logged in through the same form: for each page, the queries of
    one request (CaptureQueriesContext), where `repeat` requests spend their time (timed without a profiler),
    then a cProfile of `repeat` more (printed) and the share of a few parts of the code in it."""
    import cProfile
    import io
    import pstats

    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    response = client.post("/accounts/login/", {"username": username, "password": DEMO_PASSWORD})
    assert response.status_code == 302, response.status_code
    summary = [
        f"{'page':10} {'queries':>7} {'ms/req':>7} {'SQL ms':>7} {'ORM ms':>7} {'templates ms':>12} {'(their SQL)':>11}"
        f"  profiled share: {', '.join(name for name, _ in PROFILED_PARTS)}",
        "(nested: ORM ms includes SQL ms; templates ms includes the queries they run, shown as their SQL)",
    ]
    for label, path in pages:
        for _ in range(3):
            assert client.get(path).status_code == 200
        with CaptureQueriesContext(connection) as captured:
            client.get(path)
        queries = len(captured)  # read now: the next request clears the connection's log
        t = timed_requests(client, path, repeat)
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(repeat):
            client.get(path)
        profiler.disable()
        out = io.StringIO()
        stats = pstats.Stats(profiler, stream=out)
        profiled = max(stats.total_tt, 1e-9)  # type: ignore[attr-defined]
        shares = [f"{time_inside(stats, pattern) / profiled:.0%}" for _, pattern in PROFILED_PARTS]
        stats.sort_stats("cumulative").print_stats(
            r"kasane|django/(template|db/backends|contrib/sessions)", 30
        )
        stats.sort_stats("tottime").print_stats(15)
        n = t.requests
        print(f"\n=== profile {label} {path}: {profiled * 1000 / repeat:.1f} ms/request under cProfile ===")
        print("slowest statements (ms):")
        for spent, sql in sorted(t.slowest, reverse=True)[:5]:
            print(f"  {spent:6.2f}  {sql}")
        print(re.sub(r"\n{3,}", "\n\n", out.getvalue()))
        summary.append(
            f"{label:10} {queries:7d} {t.total * 1000 / n:7.1f} {t.sql * 1000 / n:7.1f} {t.spent['orm'] * 1000 / n:7.1f}"
            f" {t.spent['templates'] * 1000 / n:12.1f} {t.sql_in_templates * 1000 / n:11.1f}  {' / '.join(shares)}"
        )
    return summary


def postgres_database(server_url: str, name: str | None) -> tuple[str, str, bool]:
    """The URL of a fresh throwaway database on the server (created here), or of `name` as it is."""
    parts = urlsplit(server_url)
    created = name is None
    if name is None:
        import psycopg

        name = f"kasane_pages_{secrets.token_hex(4)}"
        with psycopg.connect(server_url, autocommit=True) as conn:
            conn.execute(
                f"CREATE DATABASE {name} TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'"
            )
    return urlunsplit(parts._replace(path=f"/{name}")), name, created


def drop_database(server_url: str, name: str) -> None:
    import psycopg

    with psycopg.connect(server_url, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def backend_pids(server_url: str, name: str) -> list[int]:
    import psycopg

    with psycopg.connect(server_url, autocommit=True) as conn:
        rows = conn.execute("SELECT pid FROM pg_stat_activity WHERE datname = %s", [name]).fetchall()
    return [row[0] for row in rows if Path(f"/proc/{row[0]}").exists()]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seconds", type=float, default=10.0, help="measured time per page (default 10)")
    parser.add_argument(
        "--warmup", type=float, default=1.0, help="unmeasured time per page first (default 1)"
    )
    parser.add_argument("--clients", type=int, default=8, help="concurrent clients (default 8)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers (default 2)")
    parser.add_argument("--user", default="kyodo", help="demo user (default kyodo: sees the 菅原 8050 case)")
    parser.add_argument(
        "--query", default="すがわら", help="the person search's name query (default すがわら)"
    )
    parser.add_argument(
        "--data-dir", type=Path, help="KASANE_DATA_DIR to reuse (the demo is built if missing)"
    )
    parser.add_argument(
        "--database-url", default=os.environ.get("DATABASE_URL", ""), help="PostgreSQL server"
    )
    parser.add_argument("--database", help="an already built database on that server (with its --data-dir)")
    parser.add_argument("--keep", action="store_true", help="keep what was built, to reuse it")
    parser.add_argument("--profile", action="store_true", help="then profile each page in-process")
    parser.add_argument("--profile-repeat", type=int, default=30)
    args = parser.parse_args()

    data_dir = args.data_dir or Path(tempfile.mkdtemp(prefix="kasane-pages-"))
    data_dir.mkdir(parents=True, exist_ok=True)
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(KASANE_DATA_DIR=str(data_dir), DJANGO_SETTINGS_MODULE="kasane.settings")
    engine, db_name, created = "sqlite", "", False
    if args.database_url:
        env["DATABASE_URL"], db_name, created = postgres_database(args.database_url, args.database)
        engine = "postgresql"
    os.environ.update(env)
    server: subprocess.Popen[bytes] | None = None
    try:
        # Always through the command: it migrates a reused database (the schema may have moved on) and
        # builds the demo only where there is none yet.
        fresh = created if engine == "postgresql" else not (data_dir / "kasane.sqlite3").exists()
        print(f"デモを{'作成' if fresh else '確認'}しています（{engine}, {data_dir}）…", flush=True)
        build = build_demo(env)
        import django

        django.setup()
        pages, described = targets(args.user, args.query)
        analyzed = analyze()
        port = free_port()
        log = data_dir / "gunicorn.log"
        started = time.perf_counter()
        server = start_gunicorn(env, port, args.workers, log)
        warm = warm_workers(port, args.clients)
        print(
            f"gunicorn: 127.0.0.1:{port}, workers warm after {time.perf_counter() - started:.1f} s",
            flush=True,
        )
        cookies = [log_in(port, args.user) for _ in range(args.clients)]
        for label, path in pages:
            status = get(port, path, cookies[0])[0]
            if status != 200:
                raise SystemExit(f"{label} {path}: HTTP {status}（{args.user} には見えないページです）")

        master = server.pid
        load = Load(
            port=port,
            seconds=args.seconds,
            warmup=args.warmup,
            server_pids=lambda: children(master),
            db_pids=(lambda: backend_pids(args.database_url, db_name)) if db_name else list,
        )
        anonymous = [""] * args.clients
        rows = [measure(load, "healthz", "/healthz", anonymous)]
        rows.append(measure(load, "healthz+session", "/healthz", cookies))
        for label, path in pages:
            print(f"  {label}…", flush=True)
            rows.append(measure(load, label, path, cookies))
        rows.append(measure(load, "healthz (again)", "/healthz", anonymous, warmup=False))
        floor = (rows[0].rate + rows[-1].rate) / 2

        import gunicorn

        now = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
        lines = [
            f"--- {engine} — benchmarks/pages.py, {now}",
            f"engine {engine}, gunicorn {gunicorn.__version__} ({args.workers} sync workers, no --preload),"
            f" {args.clients} clients, {args.seconds:g} s a page after {args.warmup:g} s warm-up,"
            f" {os.cpu_count()} CPUs (shared with the clients)",
            "trivial view: /healthz without a session — JsonResponse after one `SELECT 1` (touches the database;"
            " no session, no template); healthz+session: the same with the session cookie (authenticated floor)",
            described,
            f"demo {'built' if fresh else 'reused (migrated)'} in {build:.0f} s, then ANALYZE ({analyzed:.1f} s)"
            + f"; workers warm (kasane.urls imported in each) {warm:.1f} s after gunicorn started",
            "",
            *table(rows, floor),
            "",
            f"× healthz: req/s ÷ {floor:.1f} (mean of the two healthz runs); goal ≥ 0.3 for each page."
            " × (CPU): CPU per /healthz (mean of the two) ÷ CPU per page (workers + PostgreSQL backends), what the ratio"
            " would be if only CPU bounded the run.",
        ]
        if args.profile:
            lines += [
                "",
                f"in-process (Django test Client, same user; mean of {args.profile_repeat} requests a page):",
                *profile(args.user, pages, args.profile_repeat),
            ]
        text = "\n".join(lines)
        print("\n" + text)
        RESULTS.parent.mkdir(exist_ok=True)
        with RESULTS.open("a") as out:
            out.write(text + "\n\n")
        print(f"\n→ {RESULTS}")
    finally:
        if server is not None:
            server.terminate()
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
        from django.db import connections

        connections.close_all()
        if args.keep:
            print(f"残しました: --data-dir {data_dir}" + (f" --database {db_name}" if db_name else ""))
        else:
            if created:
                drop_database(args.database_url, db_name)
            if args.data_dir is None:
                shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
