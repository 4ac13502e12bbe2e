"""What the per-character font fallback of PDFs costs, printed as figures (not asserted: see README).

    uv run python benchmarks/pdf_fonts.py

A long document (400 paragraphs of a case record, about 40 pages) built three ways: text IPAex Gothic covers
entirely; the same with a name holding 𠮷 in every paragraph and an emoji in every tenth; and the fallback's
one-off costs in a fresh process (reading the fonts' cmaps, cutting glyphs out of a Noto font).
"""

from __future__ import annotations

import datetime as dt
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable

os.environ.setdefault("KASANE_DATA_DIR", tempfile.mkdtemp(prefix="kasane-bench-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kasane.settings")

import django

django.setup()

from reportlab.platypus import Paragraph  # noqa: E402

from kasane.lib import glyphs, pdf  # noqa: E402
from kasane.lib.fonts import fallbacks, ipaex_gothic  # noqa: E402

SENTENCE = "本人と面談し、生活状況と今後の支援について話し合った。家族の協力が得られるよう調整を続ける。"


def _timed(func: Callable[[], object]) -> float:
    start = time.perf_counter()
    func()
    return time.perf_counter() - start


@pdf.document
def _document(lines: list[str]) -> bytes:
    body = pdf.style("body", 9.5)
    story = [Paragraph(pdf.markup(line), body) for line in lines]
    return pdf.build_a4(
        story, title="経過記録", footer_left="テスト市 経過記録", made_on=dt.date(2026, 12, 5)
    )


def main() -> None:
    print("one-off, first PDF that needs them (per process):")
    print(f"  IPAex Gothic cmap      {_timed(lambda: glyphs.coverage(ipaex_gothic())) * 1000:7.1f} ms")
    print(
        f"  fallback cmaps ({len(fallbacks())})     {_timed(lambda: [glyphs.coverage(p) for p in fallbacks()]) * 1000:7.1f} ms"
    )
    print(f"  cut out 𠮷 (Noto JP)   {_timed(lambda: pdf.markup(chr(0x20BB7))) * 1000:7.1f} ms")
    print(f"  cut out 😀 (Noto Emoji) {_timed(lambda: pdf.markup(chr(0x1F600))) * 1000:7.1f} ms")

    plain = [f"{n}. 髙橋 一郎さん：{SENTENCE}" for n in range(400)]
    gaiji = [
        f"{n}. {chr(0x20BB7)}野 一郎さん：{SENTENCE}" + (chr(0x1F600) if n % 10 == 0 else "")
        for n in range(400)
    ]
    for label, lines in (("IPAex only", plain), ("𠮷 + emoji", gaiji)):
        markup = [_timed(lambda lines=lines: [pdf.markup(line) for line in lines]) for _ in range(5)]
        whole = [_timed(lambda lines=lines: _document(lines)) for _ in range(5)]
        print(
            f"{label:12} 400 paragraphs: markup median {statistics.median(markup) * 1000:6.1f} ms,"
            f" whole PDF median {statistics.median(whole) * 1000:7.1f} ms ({len(_document(lines)) // 1024} KiB)"
        )


if __name__ == "__main__":
    sys.exit(main())
