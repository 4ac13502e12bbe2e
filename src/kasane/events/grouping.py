"""Grouping an event's participants for group work (000: 人口規模等により複数のグループに分けて実施).

Rules, in order of weight:
1. Every group mixes municipalities: a group is where towns learn from each other, so no group is made of
   one municipality's people while others take part. A delegation of more than half a group (DELEGATION_SHARE
   of the target size, never fewer than MIN_TEAM) is spread over several groups in near-equal parts; a
   smaller team stays together.
2. Groups are of similar size, around the target.
3. A group holds municipalities of one population band where sizes allow, else of neighbouring bands
   (a town of 4,000 learns more from one of 8,000 than from a city of 300,000).
4. Every group gets one facilitator of the contractor.

The parts of spread delegations are dealt first, each to the group that is emptiest so far and holds no part
of the same municipality. The other municipalities are laid out from the largest population to the smallest
and the line is cut into runs, one per group, choosing the cuts that bring each group closest to the target
with the parts it already holds (dynamic programming over the cut points), with a small cost for every band
boundary inside a run and a prohibitive one for a run that would leave a municipality alone in its group.
People with no municipality (振興局, 都道府県, agencies working across towns) then join, first any group
that is still one municipality's, then the smallest.

Pure functions over small dataclasses: no database, so it is tested on its own. Why each group is as it is
(``reason``) and what staff should look at (``warnings``) are in grouping_reasons.py.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from kasane.readiness.themes import POPULATION_BOUNDS, population_band, population_range_label

# What one band boundary inside a group costs, in squared people off the target size: a group one person
# off its target (cost 1) is better than one that mixes two bands, one two people off (cost 4) is not.
BAND_MIX_COST = 2.5
# A run of one municipality's people alone, when others take part: ruled out unless nothing else fits.
LONE_COST = 10_000.0
# A delegation larger than this share of the target group size is spread over several groups ...
DELEGATION_SHARE = 0.5
# ... but a pair from one town (or a team this small) always stays together.
MIN_TEAM = 2
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


def team_limit(target: float) -> int:
    """The largest delegation kept together in groups of about ``target`` people."""
    return max(MIN_TEAM, math.ceil(target * DELEGATION_SHARE - 1e-9))


# --- proposing ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Unit:
    """People of one municipality who sit together: a whole team, or one part of a spread delegation."""

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
    municipal = sum(len(u.people) for u in units)
    target = municipal / count
    parts, units = _spread(units, count, target)
    runs = min(count, len(units))
    bases = _deal(parts, count, projected=[sum(len(u.people) for u in units) / max(runs, 1)] * runs)
    cut = _cut(units, bases, target, several=len(units) + len(parts) > 1) if units else []
    groups = [Group(number=0, members=[p for u in base for p in u.people]) for base in bases]
    for group, run in zip(groups, cut, strict=False):
        group.members += [p for unit in run for p in unit.people]
    for person in loose:
        alone = [g for g in groups if g.members and g.is_one_municipality()]
        chosen = min(alone or groups, key=lambda g: g.size)
        chosen.members.append(person)
    groups = [g for g in groups if g.members]
    _mix_lone(groups)
    for number, group in enumerate(groups, start=1):
        group.number = number
        group.facilitator = facilitators[number - 1] if number <= len(facilitators) else None
    return groups


def _mix_lone(groups: list[Group]) -> None:
    """A group still of one municipality's people (teams too few to go round) takes the smallest team of
    the largest mixed group, and gives back as many of its own people as levels the two."""
    for lone in groups:
        donors = [g for g in groups if g is not lone and len(g.municipality_ids()) > 1]
        if not lone.is_one_municipality() or not donors:
            continue
        donor = max(donors, key=lambda g: (g.size, -g.number))
        teams: dict[int, list[Person]] = defaultdict(list)
        for person in donor.members:
            if person.municipality_id is not None:
                teams[person.municipality_id].append(person)
        team = min(teams.values(), key=lambda t: (len(t), t[0].key))
        donor.members = [p for p in donor.members if p not in team]
        lone.members += team
        give = min((lone.size - donor.size) // 2, lone.size - len(team) - 1)
        own = [p for p in lone.members if p not in team]
        for person in own[len(own) - max(give, 0) :]:
            lone.members.remove(person)
            donor.members.append(person)


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


def _spread(units: list[_Unit], count: int, target: float) -> tuple[list[list[_Unit]], list[_Unit]]:
    """The delegations too large to sit together, each cut into near-equal parts (at most one per group),
    and the units that stay whole. Only when there is someone else to sit with."""
    if len(units) < 2 or count < 2:
        return [], units
    limit = team_limit(target)
    spread: list[list[_Unit]] = []
    whole: list[_Unit] = []
    for unit in units:
        size = len(unit.people)
        parts = min(count, math.ceil(size / limit))
        if size <= limit or parts < 2:
            whole.append(unit)
            continue
        sizes = [size // parts + (1 if i < size % parts else 0) for i in range(parts)]
        starts = [sum(sizes[:i]) for i in range(parts)]
        spread.append(
            [
                _Unit(unit.municipality_id, unit.population, unit.people[start : start + n])
                for start, n in zip(starts, sizes, strict=True)
            ]
        )
    return spread, whole


def _deal(spread: list[list[_Unit]], count: int, *, projected: list[float]) -> list[list[_Unit]]:
    """Each part to the group emptiest so far (counting what the whole units are expected to bring) that
    holds no part of the same municipality; ties to the lower number, so the largest cities' parts meet
    the larger towns."""
    bases: list[list[_Unit]] = [[] for _ in range(count)]
    expected = [projected[i] if i < len(projected) else 0.0 for i in range(count)]
    for parts in spread:
        for part in parts:
            free = [
                i for i in range(count) if all(u.municipality_id != part.municipality_id for u in bases[i])
            ]
            chosen = min(free, key=lambda i: (expected[i] + sum(len(u.people) for u in bases[i]), i))
            bases[chosen].append(part)
    return bases


def _cut(units: list[_Unit], bases: list[list[_Unit]], target: float, *, several: bool) -> list[list[_Unit]]:
    """Cut the line of units into one run per group (as many as there are units, at most), minimising the
    squared distance of each group's size (its run and the parts it already holds) from the target, plus
    BAND_MIX_COST for each band boundary inside a run and LONE_COST for a group of one municipality."""
    n = len(units)
    count = min(len(bases), n)
    held = [sum(len(u.people) for u in base) for base in bases]
    prefix = [0]
    for unit in units:
        prefix.append(prefix[-1] + len(unit.people))

    # changes[m]: band boundaries between units[0] and units[m]; units[i:j] holds changes[j-1] - changes[i].
    changes = [0]
    for m in range(1, n):
        changes.append(changes[-1] + (units[m].band != units[m - 1].band))

    def cost(i: int, j: int, k: int) -> float:  # units[i:j] in group k (0-based)
        size = prefix[j] - prefix[i] + held[k]
        lone = several and j - i == 1 and not bases[k]
        return (
            (size - target) ** 2 + BAND_MIX_COST * (changes[j - 1] - changes[i]) + (LONE_COST if lone else 0)
        )

    inf = float("inf")
    best = [[inf] * (n + 1) for _ in range(count + 1)]
    back = [[0] * (n + 1) for _ in range(count + 1)]
    best[0][0] = 0.0
    for k in range(1, count + 1):
        for j in range(k, n - (count - k) + 1):
            for i in range(k - 1, j):
                if best[k - 1][i] == inf:
                    continue
                value = best[k - 1][i] + cost(i, j, k - 1)
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


# --- describing ----------------------------------------------------------------------------------------------


def band_range_label(low_band: int, high_band: int) -> str:
    """人口1万〜3万人未満 for one band, 人口5千人未満〜… for a run of bands: from the same bounds as the bands."""
    lower = 0 if low_band == 0 else POPULATION_BOUNDS[low_band - 1]
    upper = POPULATION_BOUNDS[high_band] if high_band < len(POPULATION_BOUNDS) else None
    label = population_range_label(lower, upper)
    return label if label == "人口規模を問わず" else f"人口{label}"


def kind_of(names: Iterable[str]) -> str:
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
    """Who is in the group: 人口1万〜3万人未満の町：3自治体 7人."""
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
            parts.append(f"{where}{kind_of(names.values())}：{len(names)}自治体 {len(municipal)}人")
    if loose:
        parts.append(f"振興局・関係機関など {loose}人")
    return "、".join(parts)
