"""Why each group is as it is, and what staff should look at before the day: both read from the groups
themselves (proposed or saved after a hand adjustment), so the page never states a rule the groups do not
follow.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from kasane.events.grouping import (
    IMBALANCE_TOLERANCE,
    Group,
    Person,
    band_range_label,
    kind_of,
    team_limit,
)
from kasane.readiness.themes import population_band


class _Seating:
    """Where each municipality's people sit across all the groups."""

    def __init__(self, groups: Sequence[Group]) -> None:
        self.homes: dict[int, list[int]] = defaultdict(list)
        self.totals: dict[int, int] = defaultdict(int)
        self.names: dict[int, str] = {}
        for group in groups:
            for mid in sorted(group.municipality_ids()):
                self.homes[mid].append(group.number)
            for person in group.members:
                if person.municipality_id is not None:
                    self.totals[person.municipality_id] += 1
                    self.names[person.municipality_id] = person.municipality_name
        filled = [g for g in groups if g.members]
        municipal = sum(self.totals.values())
        self.limit = team_limit(municipal / len(filled)) if filled else 0

    def is_spread(self, mid: int) -> bool:
        return len(self.homes[mid]) > 1

    def needed_apart(self, mid: int, groups: Sequence[Group]) -> bool:
        """A team split because there is no group to bring it back into without leaving another of its
        groups with one other municipality's people only."""
        homes = [g for g in groups if mid in g.municipality_ids()]
        return all(any(_lone_without(other, mid) for other in homes if other is not host) for host in homes)

    @property
    def several(self) -> bool:
        return len(self.totals) > 1


def _lone_without(group: Group, mid: int) -> bool:
    others = group.municipality_ids() - {mid}
    return len(others) == 1 and all(p.municipality_id is not None for p in group.members)


def reason(group: Group, groups: Sequence[Group]) -> str:
    """Why these people sit together, in the rules' own terms: 人口1万〜3万人未満の町3自治体を … まとめています。"""
    if not group.members:
        return ""
    seating = _Seating(groups)
    municipal = [p for p in group.members if p.municipality_id is not None]
    loose = group.size - len(municipal)
    sentences: list[str] = []
    if group.is_one_municipality() and seating.several:
        name = municipal[0].municipality_name
        sentences.append(
            f"{name}の参加者だけのグループです。ほかの市町村の参加者と組み合わせられていません。"
        )
    else:
        whole = [p for p in municipal if not seating.is_spread(p.municipality_id or 0)]
        if whole:
            sentences.append(_why_together(whole))
        spread = {p.municipality_id or 0 for p in municipal if seating.is_spread(p.municipality_id or 0)}
        for mid in sorted(spread):
            here = sum(1 for p in municipal if p.municipality_id == mid)
            total, homes = seating.totals[mid], len(seating.homes[mid])
            if total > seating.limit:
                why = f"1つのグループに偏らないよう{homes}つのグループに分けており"
            elif seating.needed_apart(mid, groups):
                why = f"ほかの市町村と組むため{homes}つのグループに分けており"
            else:
                why = f"{homes}つのグループに分かれており"
            sentences.append(
                f"{seating.names[mid]}の参加者{total}人は、{why}、ここには{here}人が入っています。"
            )
    if loose:
        sentences.append(f"市町村に属さない参加者（振興局・関係機関など）{loose}人が加わっています。")
    return "".join(sentences)


def _why_together(members: list[Person]) -> str:
    names = {p.municipality_id: p.municipality_name for p in members}
    known = sorted({b for b in (population_band(p.population) for p in members) if b is not None})
    band = band_range_label(known[0], known[-1]) if known else ""
    if len(names) == 1:
        name = next(iter(names.values()))
        where = f"（{band}）" if band else ""
        return f"{name}{where}の{len(members)}人は、同じ市町村のチームとしてそろえています。"
    what = f"{kind_of(names.values())}{len(names)}自治体"
    if not known:
        return f"人口の分からない{what}をまとめています。"
    unknown = (
        "（人口不明を含む）" if len(known) < len({population_band(p.population) for p in members}) else ""
    )
    if known[0] == known[-1]:
        return f"人口規模が同じ（{band}）{what}{unknown}をまとめています。"
    if known[-1] - known[0] == 1:
        return f"人口規模の近い（{band}）{what}{unknown}をまとめています。"
    return f"人口規模の離れた（{band}）{what}{unknown}が一緒です。"


def warnings(groups: Sequence[Group], *, ungrouped: int = 0) -> list[str]:
    """What staff should look at before the day: a group without a facilitator, a facilitator in two groups,
    a group of one municipality's people only, a small team split across groups, sizes far apart, people
    in no group."""
    seating = _Seating(groups)
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
    if seating.several:
        for group in groups:
            if group.members and group.is_one_municipality():
                name = group.members[0].municipality_name
                found.append(
                    f"グループ{group.number}は{name}の参加者だけです。ほかの市町村の参加者と組み合わせてください。"
                )
    for mid, homes in seating.homes.items():
        small = seating.totals[mid] <= seating.limit
        if len(homes) > 1 and small and not seating.needed_apart(mid, groups):
            listed = "・".join(f"グループ{n}" for n in homes)
            found.append(
                f"{seating.names[mid]}の参加者が{len(homes)}つのグループ（{listed}）に分かれています"
                f"（{seating.totals[mid]}人なら同じグループにできます）。"
            )
    filled = [g for g in groups if g.members]
    if filled:
        largest = max(filled, key=lambda g: g.size)
        smallest = min(filled, key=lambda g: g.size)
        if largest.size - smallest.size > IMBALANCE_TOLERANCE:
            found.append(
                f"グループの人数に偏りがあります：最少{smallest.size}人（グループ{smallest.number}）、"
                f"最多{largest.size}人（グループ{largest.number}）。"
            )
    if ungrouped:
        found.append(f"グループが決まっていない参加者が{ungrouped}人います。")
    return found
