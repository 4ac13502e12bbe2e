"""Grouping an event's participants for group work (000: 人口規模等により複数のグループに分けて実施).

Rules, in order of weight:
1. One municipality's people stay together: they came as a team and talk about their own town.
2. Groups are of similar size, around the target.
3. A group holds municipalities of one population band where sizes allow, else of neighbouring bands
   (a town of 4,000 learns more from one of 8,000 than from a city of 300,000).
4. Every group gets one facilitator of the contractor.

Municipalities are laid out from the largest population to the smallest and the line is cut into as many
runs as there are groups, choosing the cuts that keep sizes closest to the target (dynamic programming over
the cut points), with a small cost for every band boundary inside a group. Because groups are runs of that
line, a group never mixes a city with a village while skipping the towns between them. A very large city
that sends many people ends up alone in its group; people with no municipality (振興局, 都道府県, agencies
working across towns) are then added one by one to the smallest groups.

Pure functions over small dataclasses: no database, so it is tested on its own.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from kasane.readiness.themes import POPULATION_BANDS, population_band

# What one band boundary inside a group costs, in squared people off the target size: a group one person
# off its target (cost 1) is better than one that mixes two bands, one two people off (cost 4) is not.
BAND_MIX_COST = 2.5
# Sizes further apart than this (largest minus smallest group) are worth a warning.
IMBALANCE_TOLERANCE = 3


@dataclass(frozen=True)
class Person:
    key: int
    municipality_id: int | None = None
    municipality_name: str = ""
    population: int | None = None


@dataclass(frozen=True)
class Facilitator:
    key: int
    name: str


@dataclass
class Group:
    number: int
    members: list[Person] = field(default_factory=list)
    facilitator: Facilitator | None = None

    @property
    def size(self) -> int:
        return len(self.members)

    def municipality_ids(self) -> set[int]:
        return {p.municipality_id for p in self.members if p.municipality_id is not None}

    def bands(self) -> set[int | None]:
        return {population_band(p.population) for p in self.members if p.municipality_id is not None}

    def is_one_municipality(self) -> bool:
        return all(p.municipality_id is not None for p in self.members) and len(self.municipality_ids()) == 1

    def describe(self) -> str:
        return describe(self.members)


# --- proposing ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Unit:
    """The people of one municipality, who stay together."""

    municipality_id: int
    population: int | None
    people: tuple[Person, ...]

    @property
    def band(self) -> int:
        band = population_band(self.population)
        return -1 if band is None else band


def group_count_for(total: int, *, group_size: int | None = None, group_count: int | None = None) -> int:
    """How many groups: as asked, or as many as make groups of about ``group_size``."""
    if total == 0:
        return 0
    if group_count is not None:
        return max(1, min(group_count, total))
    if group_size is None or group_size < 1:
        raise ValueError("group_size or group_count is required")
    return max(1, min(total, round(total / group_size)))


def propose(
    people: Iterable[Person],
    *,
    group_size: int | None = None,
    group_count: int | None = None,
    facilitators: Sequence[Facilitator] = (),
) -> list[Group]:
    """Groups for these people, numbered from 1 (largest municipalities first), each with a facilitator
    while there are facilitators to go round."""
    people = list(people)
    count = group_count_for(len(people), group_size=group_size, group_count=group_count)
    if count == 0:
        return []
    units, loose = _units(people)
    alone, units = _on_their_own(units, count)
    runs = _cut(units, min(count - len(alone), len(units))) if units else []
    groups = [Group(number=0, members=list(unit.people)) for unit in alone]
    groups += [Group(number=0, members=[p for unit in run for p in unit.people]) for run in runs]
    while len(groups) < count:
        groups.append(Group(number=0))
    for person in loose:
        smallest = min(groups, key=lambda g: g.size)
        smallest.members.append(person)
    groups = [g for g in groups if g.members]
    for number, group in enumerate(groups, start=1):
        group.number = number
        group.facilitator = facilitators[number - 1] if number <= len(facilitators) else None
    return groups


def _units(people: list[Person]) -> tuple[list[_Unit], list[Person]]:
    by_municipality: dict[int, list[Person]] = defaultdict(list)
    loose: list[Person] = []
    for person in people:
        if person.municipality_id is None:
            loose.append(person)
        else:
            by_municipality[person.municipality_id].append(person)
    units = [
        _Unit(mid, members[0].population, tuple(sorted(members, key=lambda p: p.key)))
        for mid, members in by_municipality.items()
    ]
    # Largest population first; unknown populations last, as a band of their own.
    units.sort(key=lambda u: (u.population is None, -(u.population or 0), u.municipality_id))
    return units, sorted(loose, key=lambda p: p.key)


def _on_their_own(units: list[_Unit], count: int) -> tuple[list[_Unit], list[_Unit]]:
    """Municipalities that send a group's worth of people or more form their own groups; taken out of the
    line, they no longer keep two smaller cities of the same band apart."""
    alone: list[_Unit] = []
    rest = list(units)
    while rest and count - len(alone) > 1:
        target = sum(len(u.people) for u in rest) / (count - len(alone))
        big = [u for u in rest if len(u.people) >= target]
        if not big:
            break
        alone += big
        rest = [u for u in rest if u not in big]
    return alone, rest


def _cut(units: list[_Unit], count: int) -> list[list[_Unit]]:
    """Cut the line of units into ``count`` runs, minimising the squared distance of each run's size from
    the target plus BAND_MIX_COST for each band boundary inside a run."""
    n = len(units)
    target = sum(len(u.people) for u in units) / count
    prefix = [0]
    for unit in units:
        prefix.append(prefix[-1] + len(unit.people))

    # changes[m]: band boundaries between units[0] and units[m]; units[i:j] holds changes[j-1] - changes[i].
    changes = [0]
    for m in range(1, n):
        changes.append(changes[-1] + (units[m].band != units[m - 1].band))

    def cost(i: int, j: int) -> float:  # units[i:j]
        size = prefix[j] - prefix[i]
        return (size - target) ** 2 + BAND_MIX_COST * (changes[j - 1] - changes[i])

    inf = float("inf")
    best = [[inf] * (n + 1) for _ in range(count + 1)]
    back = [[0] * (n + 1) for _ in range(count + 1)]
    best[0][0] = 0.0
    for k in range(1, count + 1):
        for j in range(k, n - (count - k) + 1):
            for i in range(k - 1, j):
                if best[k - 1][i] == inf:
                    continue
                value = best[k - 1][i] + cost(i, j)
                if value < best[k][j]:
                    best[k][j], back[k][j] = value, i
    runs: list[list[_Unit]] = []
    j = n
    for k in range(count, 0, -1):
        i = back[k][j]
        runs.append(units[i:j])
        j = i
    runs.reverse()
    return runs


# --- explaining --------------------------------------------------------------------------------------------


def _amount(n: int) -> str:
    """5000 → 5千, 30000 → 3万, 100000 → 10万."""
    if n >= 10_000 and n % 10_000 == 0:
        return f"{n // 10_000}万"
    if n >= 1_000 and n % 1_000 == 0:
        return f"{n // 1_000}千"
    return f"{n:,}"


def band_range_label(low_band: int, high_band: int) -> str:
    """人口1万〜3万人 for one band, 人口5千人未満〜1万人 … for a run of bands, from POPULATION_BANDS."""
    lower = 0 if low_band == 0 else POPULATION_BANDS[low_band - 1][0]
    upper = POPULATION_BANDS[high_band][0]
    if upper is None:
        return f"人口{_amount(lower)}人以上" if lower else "人口規模を問わず"
    if not lower:
        return f"人口{_amount(upper)}人未満"
    return f"人口{_amount(lower)}〜{_amount(upper)}人"


def _kind(names: Iterable[str]) -> str:
    suffixes = {name[-1:] for name in names}
    if suffixes <= {"市"}:
        return "市"
    if suffixes <= {"町"}:
        return "町"
    if suffixes <= {"村"}:
        return "村"
    if suffixes <= {"町", "村"}:
        return "町村"
    return "市町村"


def describe(members: Sequence[Person]) -> str:
    """Why these people are together: 人口1万〜3万人の町：3自治体 7人."""
    if not members:
        return "参加者なし"
    municipal = [p for p in members if p.municipality_id is not None]
    loose = len(members) - len(municipal)
    names = {p.municipality_id: p.municipality_name for p in municipal}
    known = [b for b in (population_band(p.population) for p in municipal) if b is not None]
    parts = []
    if municipal:
        band = band_range_label(min(known), max(known)) if known else ""
        if len(names) == 1:
            where = f"（{band}）" if band else ""
            parts.append(f"{next(iter(names.values()))}{where}：{len(municipal)}人")
        else:
            where = f"{band}の" if band else ""
            parts.append(f"{where}{_kind(names.values())}：{len(names)}自治体 {len(municipal)}人")
    if loose:
        parts.append(f"振興局・関係機関など {loose}人")
    return "、".join(parts)


# --- checking ----------------------------------------------------------------------------------------------


def warnings(groups: Sequence[Group], *, ungrouped: int = 0) -> list[str]:
    """What staff should look at before the day: a group without a facilitator, a municipality split
    across groups, a facilitator in two groups, sizes far apart, people in no group."""
    found: list[str] = []
    for group in groups:
        if group.members and group.facilitator is None:
            found.append(f"グループ{group.number}にファシリテーターがいません。")
    by_facilitator: dict[int, list[Group]] = defaultdict(list)
    for group in groups:
        if group.facilitator is not None:
            by_facilitator[group.facilitator.key].append(group)
    for shared in by_facilitator.values():
        if len(shared) > 1:
            numbers = "・".join(f"グループ{g.number}" for g in shared)
            found.append(f"{shared[0].facilitator.name}さんが複数のグループ（{numbers}）を担当しています。")  # type: ignore[union-attr]
    homes: dict[int, list[Group]] = defaultdict(list)
    names: dict[int, str] = {}
    for group in groups:
        for mid in sorted(group.municipality_ids()):
            homes[mid].append(group)
        for person in group.members:
            if person.municipality_id is not None:
                names[person.municipality_id] = person.municipality_name
    for mid, in_groups in homes.items():
        if len(in_groups) > 1:
            numbers = "・".join(f"グループ{g.number}" for g in in_groups)
            found.append(f"{names[mid]}の参加者が{len(in_groups)}つのグループ（{numbers}）に分かれています。")
    # A group that is one municipality's people alone has the size that municipality sent: not a fault.
    mixed = [g for g in groups if g.members and not g.is_one_municipality()]
    if mixed:
        largest = max(mixed, key=lambda g: g.size)
        smallest = min(mixed, key=lambda g: g.size)
        if largest.size - smallest.size > IMBALANCE_TOLERANCE:
            found.append(
                f"グループの人数に偏りがあります：最少{smallest.size}人（グループ{smallest.number}）、"
                f"最多{largest.size}人（グループ{largest.number}）。"
            )
    if ungrouped:
        found.append(f"グループが決まっていない参加者が{ungrouped}人います。")
    return found
