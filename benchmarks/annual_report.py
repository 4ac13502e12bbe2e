"""Speed of the year's report (事業報告書, issue 20), printed as figures (not asserted).

    uv run python benchmarks/annual_report.py [--out benchmarks/results/annual_report.txt]
    DATABASE_URL=postgres://… uv run python benchmarks/annual_report.py

The world of benchmarks/backup_support.py: the demo prefecture (北海道) grown to 179 municipalities, each
rated and with a sheet; the report of the previous 年度. Figures:
- the first download of each format in this process (imports and fonts included), through the test client;
- median and p95 of the wall time, and the median CPU time, of the download through the test client (what
  the sync worker spends: access checks, assembly, rendering, audit entry), and of ``assemble.build`` and
  each renderer on their own. Others share the machine's two cores: the CPU time is the steadier figure.
- Word once more with the process's chart PNGs forgotten before each run (``render_png`` keeps them per
  process, keyed by the chart's spec): what the first download after a record changed pays.
"""

from __future__ import annotations

import argparse
import io
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("KASANE_DATA_DIR", tempfile.mkdtemp(prefix="kasane-bench-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kasane.settings")

sys.path.insert(0, str(Path(__file__).parent))

from backup_support import prefecture_world
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import setup_test_environment

lines: list[str] = []


def say(text: str = "") -> None:
    print(text, flush=True)
    lines.append(text)


def timed(fn: Callable[[], object], repeat: int) -> tuple[float, float, float]:
    """Median and p95 of the wall time, and the median CPU time of this process (others share the
    machine's two cores, so the wall time moves with their load), in ms."""
    fn()  # warm up
    wall, cpu = [], []
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        fn()
        wall.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    wall.sort()
    return statistics.median(wall), wall[max(int(len(wall) * 0.95) - 1, 0)], statistics.median(cpu)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", type=Path, help="also write the figures to this file")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    setup_test_environment()
    call_command("migrate", verbosity=0)
    from kasane.annual_report import assemble
    from kasane.annual_report.document import Chart, Table
    from kasane.lib.dates import fiscal_year, today

    ken, prefecture = prefecture_world(random.Random(7))
    client = Client()
    client.force_login(ken)
    year = fiscal_year(today()) - 1

    def download(fmt: str) -> Callable[[], bytes]:
        def get() -> bytes:
            response = client.get(f"/report/{year}/report.{fmt}")
            assert response.status_code == 200, (fmt, response.status_code)
            return response.content

        return get

    formats = (("PDF", "pdf"), ("Word", "docx"), ("PowerPoint", "pptx"))
    first: dict[str, float] = {}
    sizes: dict[str, int] = {}
    for label, fmt in formats:
        start = time.perf_counter()
        sizes[label] = len(download(fmt)())
        first[label] = (time.perf_counter() - start) * 1000

    from kasane.annual_report import render_docx, render_pdf, render_pptx

    report = assemble.build(prefecture, year, today=today())
    blocks = [b for s in report.sections for b in s.blocks]
    charts = sum(isinstance(b, Chart) for b in blocks)
    tables = sum(isinstance(b, Table) for b in blocks)
    slides = sum(len(s.slides) for s in report.sections) + 2
    from pypdf import PdfReader

    pages = len(PdfReader(io.BytesIO(download("pdf")())).pages)

    from kasane.annual_report import render_png

    def charts_anew(fn: Callable[[], object]) -> Callable[[], object]:
        """``fn`` with the process's chart PNGs forgotten first: the first download after a record changed."""

        def run() -> object:
            getattr(render_png, "clear_cache", lambda: None)()
            return fn()

        return run

    rows: list[tuple[str, float, float, float]] = []
    for label, fmt in formats:
        rows.append(
            (f"ダウンロード {label}（{sizes[label] // 1024} KiB）", *timed(download(fmt), args.repeat))
        )
    rows.append(("ダウンロード Word（図を描き直す）", *timed(charts_anew(download("docx")), args.repeat)))
    rows.append(
        (
            "報告書の組み立て（assemble.build）",
            *timed(lambda: assemble.build(prefecture, year, today=today()), args.repeat),
        )
    )
    for label, fn in (
        ("PDF", lambda: render_pdf.render(report, made_on=today())),
        ("Word", lambda: render_docx.render(report)),
        ("Word（図を描き直す）", charts_anew(lambda: render_docx.render(report))),
        ("PowerPoint", lambda: render_pptx.render(report)),
    ):
        rows.append((f"描画のみ {label}", *timed(fn, args.repeat)))

    say(
        f"engine: {connection.vendor}  cores: {os.cpu_count()}  年度: {year}  "
        f"PDF pages: {pages}  charts: {charts}  tables: {tables}  slides: {slides}"
    )
    say(f"load average at the end: {os.getloadavg()[0]:.2f}")
    say("first download in a fresh process (imports, fonts and templates included):")
    for label, _ in formats:
        say(f"  {label:<12} {first[label]:8.1f} ms")
    say(f"warm, {args.repeat} runs after one warm-up:")
    width = max(len(r[0]) for r in rows) + 2
    for label, median, p95, cpu in rows:
        say(f"  {label:<{width}} median {median:8.1f} ms   p95 {p95:8.1f} ms   CPU {cpu:8.1f} ms")
    if args.out:
        args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
