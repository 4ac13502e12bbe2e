"""How well 相談先ナビ understands everyday sentences, and what it costs, printed as figures.

    uv run python benchmarks/navi_quality.py            # SQLite in a temporary data directory
    uv run python benchmarks/navi_quality.py --mistakes # also list each phrasing it got wrong

Scores navi.topics_for_text against the phrasing set in tests/agencies/navi_phrasings.tsv (everyday
sentences, each with the topics a 相談員 would pick) with the topics the migrations seed: precision, recall and
F1 over (phrasing, topic) pairs; then the same for navi_phrasings_unseen.tsv, written after the synonyms
were settled, as a check that they were not fitted to the first set. Timings: loading the dictionary (once
per process), the first query (which also reads every topic's phrases once; they are cached after), and
the median and p95 of every later query.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("KASANE_DATA_DIR", tempfile.mkdtemp(prefix="kasane-bench-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kasane.settings")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from tests.agencies.navi_quality import PHRASINGS_FILE, UNSEEN_FILE, evaluate, load_phrasings  # noqa: E402


def main() -> None:
    call_command("migrate", verbosity=0)
    from kasane.agencies import navi
    from kasane.agencies.models import Topic
    from kasane.lib import morphology

    topics = list(Topic.objects.all())
    print(f"topics: {len(topics)}")

    start = time.perf_counter()
    morphology.warm_up()
    print(f"dictionary load (once per process): {(time.perf_counter() - start) * 1000:.1f} ms")
    start = time.perf_counter()
    navi.topics_for_text("息子が家から出られない", topics)
    print(f"first query (reads every topic's phrases once): {(time.perf_counter() - start) * 1000:.1f} ms")

    samples: list[float] = []

    def find(text: str) -> list[str]:
        begin = time.perf_counter()
        found = navi.topics_for_text(text, topics)
        samples.append((time.perf_counter() - begin) * 1000)
        return [t.name for t in found]

    for label, path in [("phrasing set", PHRASINGS_FILE), ("unseen set (written after tuning)", UNSEEN_FILE)]:
        quality = evaluate(find, load_phrasings(path))
        print(f"\n{label}: {quality.phrasings} phrasings ({path.name})")
        print(f"  precision {quality.precision:.3f}  recall {quality.recall:.3f}  F1 {quality.f1:.3f}")
        print(f"  found nothing: {quality.found_nothing}")
        if "--mistakes" in sys.argv:
            for text, missed, extra in quality.mistakes:
                print(f"    {text}  missed={sorted(missed)} extra={sorted(extra)}")
    samples.sort()
    print(
        f"\nper query (warm, {len(samples)} queries): median {statistics.median(samples):.2f} ms, "
        f"p95 {samples[int(len(samples) * 0.95) - 1]:.2f} ms"
    )


if __name__ == "__main__":
    main()
