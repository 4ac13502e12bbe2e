"""The hub's matching (003's conclusion: match each municipality's need with the people and the examples that
can help). Pure functions over plain values, so the ranking and its explanations can be tested by hand.

A need has themes (readiness.themes.Theme codes), a population and the municipality's current stage for each
readiness item. Each candidate earns points, and each point comes with a reason in plain Japanese:

- a theme in common: 3 points per theme;
- size: the same population band 2 points, the adjacent band 1 point (small towns learn best from towns);
- for a peer municipality: a readiness item the need names where the peer stands further along, 3 points;
  running the programme (実施中) 2 points, 移行準備事業 1 point; a published sheet that speaks to a needed
  function, 1 point;
- words typed with the need found in the candidate's text: 1 point each, at most 3;
- for a peer municipality, nearness: the same region (振興局; the old 振興局 text when no region is set)
  2 points, else the same block 1 point. Neighbours can visit and share the same 振興局's support, but
  nearness alone never makes a peer a suggestion, and it weighs less than one readiness item or theme.

Each suggestion keeps its points component by component (``components``), so the page can show how its
一致度 adds up.

Only candidates with something in common (a theme, a word, or for peers a stage or the programme with a
similar size) are suggested. Ties go to the closer size, then to the name.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from kasane.lib.dates import fiscal_year_label
from kasane.lib.text import search_key
from kasane.readiness.themes import (
    POPULATION_BANDS,
    ProgrammeStatus,
    ReadinessItem,
    Stage,
    Theme,
    population_band,
)

THEME_POINTS = 3
SAME_SIZE_POINTS = 2
NEAR_SIZE_POINTS = 1
STAGE_POINTS = 3
IMPLEMENTING_POINTS = 2
PREPARING_POINTS = 1
SHEET_POINTS = 1
WORD_POINTS = 1
MAX_WORD_POINTS = 3
SAME_REGION_POINTS = 2
SAME_BLOCK_POINTS = 1

READINESS_CODES = frozenset(ReadinessItem.values)


@dataclass(frozen=True)
class Need:
    themes: frozenset[str]
    population: int | None = None
    stages: dict[str, int] = field(default_factory=dict)  # readiness item → the municipality's stage
    text: str = ""
    municipality_id: int | None = None
    name: str = ""
    region: str = ""  # the region's name (or the 振興局 text), to compare with peers'
    block: str = ""

    @property
    def band(self) -> int | None:
        return population_band(self.population)

    @property
    def readiness_items(self) -> list[str]:
        return [t for t in sorted(self.themes) if t in READINESS_CODES]

    @property
    def words(self) -> list[tuple[str, str]]:
        """(as typed, folded key) for each word of two characters or more."""
        parts = re.split(r"[\s、,，・/／]+", self.text or "")
        return [(part, search_key(part)) for part in parts if len(search_key(part)) >= 2]


@dataclass(frozen=True)
class ExpertProfile:
    id: int
    name: str
    themes: frozenset[str]
    bands: frozenset[int]
    text: str = ""


@dataclass(frozen=True)
class PracticeProfile:
    id: int
    title: str
    municipality_name: str
    themes: frozenset[str]
    population: int | None
    text: str = ""


@dataclass(frozen=True)
class PeerProfile:
    """What a municipality publishes to its peers: its size, its programme status, its ratings, and the
    functions its shared sheet describes. Never anything about a case."""

    id: int
    name: str
    population: int | None
    status: str
    status_year: int | None = None
    stages: dict[str, int] = field(default_factory=dict)
    shared_functions: frozenset[str] = frozenset()
    region: str = ""
    block: str = ""


@dataclass(frozen=True)
class Suggestion:
    kind: str  # "expert" | "practice" | "peer"
    id: int
    name: str
    score: int
    reasons: tuple[str, ...]
    size_distance: int
    components: tuple[tuple[str, int], ...] = ()  # (what counted, points), adding up to score

    @property
    def explanation(self) -> str:
        return "".join(self.reasons)


def _theme_label(code: str) -> str:
    return str(Theme(code).label) if code in Theme.values else code


def _quoted(codes: Iterable[str]) -> str:
    return "".join(f"「{_theme_label(c)}」" for c in sorted(codes, key=_order))


def _order(code: str) -> int:
    return Theme.values.index(code) if code in Theme.values else len(Theme.values)


def _band_label(band: int) -> str:
    return POPULATION_BANDS[band][1]


def size_distance(a: int | None, b: int | None) -> int:
    """0 for the same band, 1 for adjacent bands; unknown sizes count as far apart."""
    if a is None or b is None:
        return len(POPULATION_BANDS)
    return abs(a - b)


def _size_points(distance: int) -> int:
    return SAME_SIZE_POINTS if distance == 0 else NEAR_SIZE_POINTS if distance == 1 else 0


def _size_phrase(distance: int, band: int | None) -> str:
    if band is None:
        return ""
    if distance == 0:
        return f"同じ人口規模（{_band_label(band)}）で、"
    if distance == 1:
        return f"近い人口規模（{_band_label(band)}）で、"
    return ""


def _size_component(distance: int) -> list[tuple[str, int]]:
    points = _size_points(distance)
    return [("人口規模が同じ" if distance == 0 else "人口規模が近い", points)] if points else []


def _parts(*components: tuple[str, int]) -> tuple[tuple[str, int], ...]:
    return tuple(c for c in components if c[1])


def _word_hits(need: Need, text: str) -> list[str]:
    key = search_key(text)
    return [shown for shown, folded in need.words if folded in key][:MAX_WORD_POINTS]


def score_practice(need: Need, practice: PracticeProfile) -> Suggestion | None:
    common = need.themes & practice.themes
    hits = _word_hits(need, practice.text)
    if not common and not hits:
        return None
    band = population_band(practice.population)
    distance = size_distance(need.band, band)
    reasons = []
    size = _size_phrase(distance, band)
    if common:
        reasons.append(f"{size}{_quoted(common)}の事例があります。")
    elif size:
        reasons.append(f"{size}参考になる事例です。")
    if hits:
        reasons.append("「" + "」「".join(hits) + "」に関わる取り組みです。")
    if distance > 1 and band is not None:
        reasons.append(f"人口規模は{_band_label(band)}です。")
    components = _parts(
        (f"テーマ{_quoted(common)}", THEME_POINTS * len(common)),
        *_size_component(distance),
        ("ことば" + "".join(f"「{h}」" for h in hits), WORD_POINTS * len(hits)),
    )
    score = sum(points for _label, points in components)
    return Suggestion("practice", practice.id, practice.title, score, tuple(reasons), distance, components)


def score_expert(need: Need, expert: ExpertProfile) -> Suggestion | None:
    common = need.themes & expert.themes
    hits = _word_hits(need, expert.text)
    if not common and not hits:
        return None
    distance = min((size_distance(need.band, b) for b in expert.bands), default=len(POPULATION_BANDS))
    reasons = []
    if common:
        reasons.append(f"{_quoted(common)}を得意としています。")
    if distance == 0 and need.band is not None:
        reasons.append(f"同じ人口規模（{_band_label(need.band)}）の市町村を支援した経験があります。")
    elif distance == 1:
        near = sorted(b for b in expert.bands if size_distance(need.band, b) == 1)
        reasons.append(f"近い人口規模（{_band_label(near[0])}）の市町村を支援した経験があります。")
    if hits:
        reasons.append("経歴に「" + "」「".join(hits) + "」があります。")
    components = _parts(
        (f"テーマ{_quoted(common)}", THEME_POINTS * len(common)),
        *_size_component(distance),
        ("ことば" + "".join(f"「{h}」" for h in hits), WORD_POINTS * len(hits)),
    )
    score = sum(points for _label, points in components)
    return Suggestion("expert", expert.id, expert.name, score, tuple(reasons), distance, components)


def _status_phrase(peer: PeerProfile, wareki_year: str) -> str:
    if peer.status == ProgrammeStatus.IMPLEMENTING:
        return f"{wareki_year}から事業を実施しています。" if wareki_year else "事業を実施しています。"
    if peer.status == ProgrammeStatus.PREPARING:
        return (
            f"{wareki_year}から移行準備事業に取り組んでいます。"
            if wareki_year
            else "移行準備事業に取り組んでいます。"
        )
    return ""


def _year_phrase(year: int | None) -> str:
    """令和3年度: the 和暦 part of the one fiscal-year label."""
    return fiscal_year_label(year).split("（")[0] if year else ""


def score_peer(need: Need, peer: PeerProfile) -> Suggestion | None:
    if need.municipality_id is not None and peer.id == need.municipality_id:
        return None
    band = population_band(peer.population)
    distance = size_distance(need.band, band)
    ahead = [
        item
        for item in need.readiness_items
        if item in peer.stages and peer.stages[item] > need.stages.get(item, Stage.NOT_STARTED)
    ]
    running = peer.status in (ProgrammeStatus.IMPLEMENTING, ProgrammeStatus.PREPARING)
    if not ahead and not (running and distance <= 1):
        return None
    reasons = []
    status = _status_phrase(peer, _year_phrase(peer.status_year))
    size = _size_phrase(distance, band)
    if size and status:
        reasons.append(f"{size}{status}")
    elif size:
        reasons.append(f"{size.removesuffix('で、')}です。")
    elif status:
        reasons.append(status)
    if ahead:
        theirs = "".join(f"「{ReadinessItem(i).label}」（{Stage(peer.stages[i]).label}）" for i in ahead)
        mine = "・".join(
            Stage(v).label for v in sorted({need.stages.get(i, Stage.NOT_STARTED) for i in ahead})
        )
        reasons.append(f"体制整備の段階で{theirs}が{need.name or '相談元'}（{mine}）より進んでいます。")
    sheet = sorted(need.themes & peer.shared_functions, key=_order)
    if sheet:
        reasons.append(f"公開しているアセスメントシートに{_quoted(sheet)}の現状が書かれています。")
    near = _nearness(need, peer)
    if near:
        reasons.append(f"{near[0]}です。")
    components = _parts(
        (
            "体制整備の段階が進んでいる項目" + "".join(f"「{ReadinessItem(i).label}」" for i in ahead),
            STAGE_POINTS * len(ahead),
        ),
        *_size_component(distance),
        ("事業を実施中", IMPLEMENTING_POINTS if peer.status == ProgrammeStatus.IMPLEMENTING else 0),
        ("移行準備事業に取り組み中", PREPARING_POINTS if peer.status == ProgrammeStatus.PREPARING else 0),
        (f"公開シートに{_quoted(sheet)}", SHEET_POINTS * len(sheet)),
        near or ("", 0),
    )
    score = sum(points for _label, points in components)
    return Suggestion("peer", peer.id, peer.name, score, tuple(reasons), distance, components)


def _nearness(need: Need, peer: PeerProfile) -> tuple[str, int] | None:
    """Same region (振興局) 2 points, else same block 1 point; nothing when either side is not set."""
    if need.region and peer.region == need.region:
        return (f"同じ{need.region}管内", SAME_REGION_POINTS)
    if need.block and peer.block == need.block:
        return (f"同じ{need.block}ブロック", SAME_BLOCK_POINTS)
    return None


def rank(suggestions: Iterable[Suggestion | None], limit: int = 5) -> list[Suggestion]:
    found = [s for s in suggestions if s is not None]
    found.sort(key=lambda s: (-s.score, s.size_distance, s.name))
    return found[:limit]


def suggest(
    need: Need,
    experts: Sequence[ExpertProfile],
    practices: Sequence[PracticeProfile],
    peers: Sequence[PeerProfile],
    limit: int = 5,
) -> dict[str, list[Suggestion]]:
    return {
        "experts": rank((score_expert(need, e) for e in experts), limit),
        "practices": rank((score_practice(need, p) for p in practices), limit),
        "peers": rank((score_peer(need, p) for p in peers), limit),
    }
