"""The phrasing set of 相談先ナビ (navi_phrasings.tsv) and how a topic finder is scored against it.

Shared by the floor test (test_navi_sentences.py) and the benchmark (benchmarks/navi_quality.py), so the
number the test guards is the number the benchmark prints. Scores are micro-averaged over (phrasing, topic)
pairs: precision is the share of the topics found that a 相談員 would pick, recall the share of a 相談員's
picks that were found.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

PHRASINGS_FILE = Path(__file__).with_name("navi_phrasings.tsv")
# Written after the synonyms were settled; the benchmark reports it, nothing is tuned on it.
UNSEEN_FILE = Path(__file__).with_name("navi_phrasings_unseen.tsv")


@dataclass(frozen=True)
class Phrasing:
    text: str
    topics: frozenset[str]


@dataclass
class Quality:
    true_positives: int = 0
    false_positives: int = 0
    false_negatives: int = 0
    phrasings: int = 0
    found_nothing: int = 0
    mistakes: list[tuple[str, set[str], set[str]]] = field(default_factory=list)

    @property
    def precision(self) -> float:
        found = self.true_positives + self.false_positives
        return self.true_positives / found if found else 0.0

    @property
    def recall(self) -> float:
        wanted = self.true_positives + self.false_negatives
        return self.true_positives / wanted if wanted else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def load_phrasings(path: Path = PHRASINGS_FILE) -> list[Phrasing]:
    phrasings = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        text, _, topics = line.partition("\t")
        names = frozenset(name.strip() for name in topics.split("、") if name.strip())
        if not text.strip() or not names:
            raise ValueError(f"{path.name}:{number}: 言い回しと相談内容をタブで区切ってください")
        phrasings.append(Phrasing(text.strip(), names))
    return phrasings


def evaluate(find: Callable[[str], Iterable[str]], phrasings: list[Phrasing]) -> Quality:
    """Score `find` (a phrasing → the names of the topics it finds) over the set."""
    quality = Quality()
    for phrasing in phrasings:
        found = set(find(phrasing.text))
        quality.phrasings += 1
        quality.true_positives += len(found & phrasing.topics)
        quality.false_positives += len(found - phrasing.topics)
        quality.false_negatives += len(phrasing.topics - found)
        if not found:
            quality.found_nothing += 1
        if found != phrasing.topics:
            quality.mistakes.append((phrasing.text, set(phrasing.topics - found), found - phrasing.topics))
    return quality
