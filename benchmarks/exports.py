"""Time and memory of the tabular exports (issue 20, streaming exports), printed as figures.

    uv run python benchmarks/exports.py [--rows 10000,100000] [--no-save]

For CSV and XLSX of 10,000 and 100,000 rows of the 支援ケース一覧's 28 columns (``EXPORT_HEADER``; texts,
names, dates, ages, empty cells, one text that looks like a formula), two implementations:
- before: ``csv_response`` and ``xlsx_response`` as they were, copied below (the whole CSV in a StringIO, then
  one HttpResponse; a full openpyxl Workbook, every cell walked by ``text_cells_only``, saved to a BytesIO);
- after: ``kasane.lib.exports`` as it is (a StreamingHttpResponse fed by a generator; a write-only workbook
  written to a spooled temporary file and sent from it by a FileResponse).
Each figure comes from a fresh process, the rows from a generator (as a queryset's ``iterator()`` gives them),
the body read to its end as a server sends it (an old body is already whole in memory):
- seconds: from the call to the last byte; first byte: from the call to the first chunk of the body;
- tracemalloc peak: the most Python memory held at once (a second run, as tracing slows it down);
- RSS growth: the process's peak resident memory above what it held before the call (lxml's C buffers too).
Before the figures, the two implementations' files are compared on 2,000 rows: the same CSV bytes, and the
same XLSX cells (values, types, number formats), header style, widths, panes and filter.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import os
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

if "KASANE_DATA_DIR" not in os.environ:
    os.environ["KASANE_DATA_DIR"] = tempfile.mkdtemp(prefix="kasane-bench-")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kasane.settings")

import django

django.setup()

from django.http import HttpResponse, HttpResponseBase  # noqa: E402

from kasane.casework.queries.lists import EXPORT_HEADER  # noqa: E402
from kasane.lib import exports  # noqa: E402
from kasane.lib.exports import (  # noqa: E402
    FILTER_BUTTON,
    MAX_WIDTH,
    WAREKI_DATE_FORMAT,
    _disposition,
    _shown,
    csv_safe,
    display_width,
)

RESULTS = Path(__file__).parent / "results" / "exports.txt"


# ---- BEFORE: the implementation this issue replaced, copied unchanged as the yardstick -------------------


def old_text_cells_only(workbook: Any) -> Any:
    for ws in workbook.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    cell.data_type = "s"
    return workbook


def old_csv_response(filename: str, header: Sequence[str], rows: Iterable[Sequence[Any]]) -> HttpResponse:
    import csv

    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([csv_safe(h) for h in header])
    for row in rows:
        writer.writerow(["" if v is None else csv_safe(v) for v in row])
    response = HttpResponse(buffer.getvalue().encode("utf-8"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = _disposition(filename)
    return response


def old_xlsx_response(
    filename: str, sheet: str, header: Sequence[str], rows: Iterable[Sequence[Any]]
) -> HttpResponse:
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=False)
    ws = workbook.active
    assert ws is not None
    ws.title = sheet[:31]
    ws.append(list(header))
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="F2F2F2")
    widths = [display_width(str(h)) + FILTER_BUTTON for h in header]
    for r, row in enumerate(rows, start=2):
        values = [None if v == "" else v for v in row]
        ws.append(values)
        for i, value in enumerate(values):
            if value is None:
                continue
            if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
                ws.cell(row=r, column=i + 1).number_format = WAREKI_DATE_FORMAT
            text = _shown(value)
            if len(text) * 2 + 2 > widths[i] and widths[i] < MAX_WIDTH:
                widths[i] = min(MAX_WIDTH, max(widths[i], display_width(text) + 2))
    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(header))}{ws.max_row}"
    out = io.BytesIO()
    old_text_cells_only(workbook).save(out)
    response = HttpResponse(
        out.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = _disposition(filename)
    return response


# ---- END OF BEFORE ------------------------------------------------------------------------------------------

IMPLEMENTATIONS = {
    ("csv", "before"): lambda rows: old_csv_response("支援ケース一覧.csv", EXPORT_HEADER, rows),
    ("csv", "after"): lambda rows: exports.csv_response("支援ケース一覧.csv", EXPORT_HEADER, rows),
    ("xlsx", "before"): lambda rows: old_xlsx_response(
        "支援ケース一覧.xlsx", "支援ケース一覧", EXPORT_HEADER, rows
    ),
    ("xlsx", "after"): lambda rows: exports.xlsx_response(
        "支援ケース一覧.xlsx", "支援ケース一覧", EXPORT_HEADER, rows
    ),
}

SURNAMES = ["髙橋", "佐藤", "千葉", "菅原", "阿部", "佐々木", "工藤", "及川", "熊谷", "伊藤"]
GIVEN = ["ミツ", "一郎", "花子", "悠斗", "さくら", "健太", "陽菜", "翔", "美咲", "大輝"]
KANA = [
    "たかはし",
    "さとう",
    "ちば",
    "すがわら",
    "あべ",
    "ささき",
    "くどう",
    "おいかわ",
    "くまがい",
    "いとう",
]
AGENCIES = [
    "テスト市社会福祉協議会",
    "北部地域包括支援センター",
    "障害者相談支援センターあおば",
    "市生活困窮者自立相談支援窓口",
]


def case_rows(n: int) -> Iterator[list[Any]]:
    """Rows shaped like ``casework.queries.lists.export_row``'s, made as they are asked for."""
    start = dt.date(2024, 4, 1)
    for i in range(n):
        s, g = i % len(SURNAMES), (i // 7) % len(GIVEN)
        opened = start + dt.timedelta(days=i % 900)
        closed = i % 5 == 0
        yield [
            f"R{6 + i % 3}-{i % 10000:04d}",
            opened,
            f"{SURNAMES[s]}家の生活と就労の立て直し（{i % 40}）",
            # One name in a hundred looks like a formula: it must stay text.
            "=HYPERLINK(1)" if i % 100 == 0 else f"{SURNAMES[s]} {GIVEN[g]}",
            f"{KANA[s]}　{GIVEN[g]}",
            "女" if i % 2 else "男",
            20 + i % 70,
            f"{(20 + i % 70) // 10 * 10}代",
            f"関係機関からの紹介（{AGENCIES[i % 4]}）",
            "来所" if i % 3 else "電話",
            "◎経済的困窮／就労、住まい、家計管理",
            "継続支援" if i % 4 else "情報提供",
            "終結" if closed else "支援中",
            AGENCIES[i % 4],
            f"{SURNAMES[(s + 3) % 10]} 職員",
            "、".join(f"{a}（構成員）" for a in AGENCIES[: 1 + i % 4]),
            opened + dt.timedelta(days=30),
            None if closed else opened + dt.timedelta(days=120),
            opened + dt.timedelta(days=90) if i % 3 == 0 else None,
            "自立相談支援事業、就労準備支援事業" if i % 2 else "",
            "対象" if i % 6 == 0 else "",
            "あり" if i % 3 == 0 else "",
            "なし" if i % 3 == 0 else "",
            "あり" if i % 3 == 0 else "",
            opened + dt.timedelta(days=200) if closed else None,
            "目標達成による終結" if closed else "",
            "就労が安定し、家計も立て直せたため。" if closed else "",
            opened + dt.timedelta(days=150),
        ]


def body_size(response: HttpResponseBase, first: list[float], started: float) -> int:
    """Read the body to its end as a server sends it, keeping none of it."""
    if not response.streaming:
        first.append(time.perf_counter() - started)
        return len(response.content)  # type: ignore[attr-defined]
    size = 0
    for chunk in response.streaming_content:  # type: ignore[attr-defined]
        if not first:
            first.append(time.perf_counter() - started)
        size += len(chunk)
    response.close()
    return size


def rss_kib(field: str) -> int:
    """``VmRSS`` (resident now) or ``VmHWM`` (its peak) of this process, in KiB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1])
    raise SystemExit("needs Linux's /proc/self/status")


def measure(fmt: str, impl: str, rows: int, traced: bool) -> str:
    """One figure, in this process: ``seconds first_byte bytes rss_growth_kib`` or ``peak_bytes``."""
    import openpyxl  # noqa: F401 - loaded before the baseline, as a running server has it

    make = IMPLEMENTATIONS[(fmt, impl)]
    # The peak so far is set back to what is resident now (ru_maxrss would carry the peak of `uv run` itself).
    Path("/proc/self/clear_refs").write_text("5")
    baseline = rss_kib("VmRSS")
    if traced:
        tracemalloc.start()
    first: list[float] = []
    started = time.perf_counter()
    size = body_size(make(case_rows(rows)), first, started)
    seconds = time.perf_counter() - started
    if traced:
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        return str(peak)
    growth = rss_kib("VmHWM") - baseline
    return f"{seconds} {first[0]} {size} {growth}"


def in_fresh_process(fmt: str, impl: str, rows: int, traced: bool) -> list[float]:
    args = [sys.executable, __file__, "--one", fmt, impl, str(rows)] + (["--traced"] if traced else [])
    done = subprocess.run(args, capture_output=True, text=True, check=True)  # noqa: S603 - this script
    return [float(x) for x in done.stdout.strip().splitlines()[-1].split()]


def same_content(rows: int) -> list[str]:
    """The two implementations' files compared on ``rows`` rows, as lines to print."""
    from openpyxl import load_workbook

    old_csv = old_csv_response("x.csv", EXPORT_HEADER, case_rows(rows)).content
    new_csv = exports.csv_response("x.csv", EXPORT_HEADER, case_rows(rows)).getvalue()
    books = [
        load_workbook(io.BytesIO(body)).active
        for body in (
            old_xlsx_response("x.xlsx", "一覧", EXPORT_HEADER, case_rows(rows)).content,
            exports.xlsx_response("x.xlsx", "一覧", EXPORT_HEADER, case_rows(rows)).getvalue(),
        )
    ]

    def cells(ws: Any) -> list[tuple[Any, ...]]:
        return [(c.value, c.data_type, c.number_format) for row in ws.iter_rows() for c in row]

    def looks(ws: Any) -> tuple[Any, ...]:
        head = ws["A1"]
        widths = {k: d.width for k, d in ws.column_dimensions.items()}
        return (head.font.b, head.fill.fgColor.rgb, ws.freeze_panes, ws.auto_filter.ref, widths)

    old, new = books
    formula = sum(1 for v, t, _f in cells(new) if isinstance(v, str) and v.startswith("=") and t == "s")
    return [
        f"same CSV bytes on {rows:,} rows: {'yes' if old_csv == new_csv else 'NO'}",
        f"same XLSX cells (value, type, number format) on {rows:,} rows: "
        f"{'yes' if cells(old) == cells(new) else 'NO'}; {formula} formula-like texts stored as text",
        f"same XLSX header style, widths, panes and filter: {'yes' if looks(old) == looks(new) else 'NO'}"
        f" (filter {new.auto_filter.ref}, panes {new.freeze_panes})",
    ]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", default="10000,100000")
    parser.add_argument("--no-save", action="store_true")
    parser.add_argument("--one", nargs=3, metavar=("FMT", "IMPL", "ROWS"))
    parser.add_argument("--traced", action="store_true")
    args = parser.parse_args()
    if args.one:
        fmt, impl, rows = args.one
        print(measure(fmt, impl, int(rows), args.traced))
        return

    lines: list[str] = []

    def say(text: str = "") -> None:
        print(text, flush=True)
        lines.append(text)

    say(
        f"# benchmarks/exports.py --rows {args.rows}, {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC, {os.cpu_count()} CPUs"
    )
    say(
        f"# {len(EXPORT_HEADER)} columns (EXPORT_HEADER); XLSX widths measured on the first {exports.WIDTH_SAMPLE:,} rows"
    )
    for line in same_content(2_000):
        say(line)
    say()
    say(
        f"{'format':6} {'rows':>8} {'impl':6} {'seconds':>8} {'1st byte':>8} {'MiB':>7} {'tracemalloc peak':>17} {'RSS growth':>11}"
    )
    for rows in (int(r.replace("_", "")) for r in args.rows.split(",")):
        for fmt in ("csv", "xlsx"):
            for impl in ("before", "after"):
                seconds, first, size, growth = in_fresh_process(fmt, impl, rows, traced=False)
                (peak,) = in_fresh_process(fmt, impl, rows, traced=True)
                say(
                    f"{fmt:6} {rows:>8,} {impl:6} {seconds:8.2f} {first:8.2f} {size / 2**20:7.1f} "
                    f"{peak / 2**20:13.1f} MiB {growth / 1024:7.1f} MiB"
                )
    if not args.no_save:
        RESULTS.parent.mkdir(exist_ok=True)
        RESULTS.write_text("\n".join(lines) + "\n")
        print(f"saved to {RESULTS}")


if __name__ == "__main__":
    main()
