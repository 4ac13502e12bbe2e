"""Grouping participants by population band (kasane.events.grouping), on its own: no database.

The case 000 describes: one very large city that sends many people, a few middle-sized towns and many small
towns that send one or two each. The proposal must keep each municipality together, give groups of similar
size, keep bands together where sizes allow, and give each group one facilitator; the warnings must catch
what a hand adjustment can break.
"""

from __future__ import annotations

import itertools
import random
from collections import Counter

import pytest

from kasane.events.grouping import (
    IMBALANCE_TOLERANCE,
    Facilitator,
    Group,
    Person,
    band_range_label,
    describe,
    group_count_for,
    propose,
    warnings,
)
from kasane.readiness.themes import POPULATION_BANDS, population_band

FACILITATORS = [
    Facilitator(100 + i, name) for i, name in enumerate(["石田", "工藤", "小野寺", "村上", "菅原", "阿部"])
]


def _people(spec: list[tuple[str, int | None, int]], *, loose: int = 0) -> list[Person]:
    """(name, population, how many come) per municipality, plus people with no municipality."""
    keys = itertools.count(1)
    people = [
        Person(next(keys), mid, name, population)
        for mid, (name, population, count) in enumerate(spec, start=1)
        for _ in range(count)
    ]
    people += [Person(next(keys)) for _ in range(loose)]
    return people


# 旭川市 sends 9; three middle towns 2-3; twenty small towns 1-2 (the 道北 forum's shape, enlarged).
UNEVEN = [
    ("旭川市", 325_000, 9),
    ("名寄市", 26_000, 3),
    ("留萌市", 19_500, 2),
    ("稚内市", 32_000, 3),
    *[(f"小町{i}町", 2_500 + 350 * i, 1 + i % 2) for i in range(20)],
]


def _home(groups: list[Group]) -> dict[int, set[int]]:
    homes: dict[int, set[int]] = {}
    for group in groups:
        for person in group.members:
            if person.municipality_id is not None:
                homes.setdefault(person.municipality_id, set()).add(group.number)
    return homes


def test_uneven_municipalities_one_large_city_many_small_towns() -> None:
    people = _people(UNEVEN, loose=2)  # 49 people in 24 municipalities
    groups = propose(people, group_size=6, facilitators=FACILITATORS)

    # Everyone placed exactly once.
    placed = [p.key for g in groups for p in g.members]
    assert sorted(placed) == sorted(p.key for p in people)
    # No municipality split.
    assert all(len(numbers) == 1 for numbers in _home(groups).values())
    # The large city is a group of its own, with exactly its 9 people.
    asahikawa = next(g for g in groups if any(p.municipality_name == "旭川市" for p in g.members))
    assert asahikawa.size == 9
    assert {p.municipality_name for p in asahikawa.members} == {"旭川市"}
    # The others are balanced: within ±2 of the target, and max - min within the warning tolerance.
    others = [g for g in groups if g is not asahikawa]
    target = (len(people) - 9) / len(others)
    assert all(abs(g.size - target) <= 2 for g in others), [g.size for g in others]
    assert max(g.size for g in others) - min(g.size for g in others) <= IMBALANCE_TOLERANCE
    # Band coherence: a group spans at most two neighbouring bands.
    for group in groups:
        bands = sorted(b for b in group.bands() if b is not None)
        assert not bands or bands[-1] - bands[0] <= 1, (group.number, bands)
    # One facilitator per group, nobody twice, while there are enough of them: 8 groups, 6 facilitators.
    assert len(groups) == round(49 / 6)
    assert [g.facilitator for g in groups[:6]] == FACILITATORS
    assert warnings(groups) == [
        "グループ7にファシリテーターがいません。",
        "グループ8にファシリテーターがいません。",
    ]


def test_every_group_gets_a_facilitator_when_there_are_enough() -> None:
    groups = propose(_people(UNEVEN), group_size=8, facilitators=FACILITATORS)
    assert len(groups) == 6
    assert all(g.facilitator is not None for g in groups)
    assert len({g.facilitator.key for g in groups if g.facilitator}) == len(groups)
    assert warnings(groups) == []


def test_bands_kept_pure_when_sizes_allow() -> None:
    # Two bands of exactly two groups' worth each: no group should mix them.
    spec = [(f"小{i}町", 3_000 + i, 2) for i in range(6)] + [(f"中{i}町", 15_000 + i, 2) for i in range(6)]
    groups = propose(_people(spec), group_count=4)
    assert [g.size for g in groups] == [6, 6, 6, 6]
    for group in groups:
        assert len(group.bands()) == 1
    assert groups[0].describe() == "人口1万〜3万人の町：3自治体 6人"
    assert groups[-1].describe() == "人口5千人未満の町：3自治体 6人"


def test_mixes_neighbouring_bands_rather_than_leaving_groups_two_off() -> None:
    # 8 small villages and 4 middle towns (1 person each) in 2 groups: pure bands would give 4 and 8;
    # two villages join the towns instead.
    spec = [(f"小{i}村", 1_000 + i, 1) for i in range(8)] + [(f"中{i}町", 20_000 + i, 1) for i in range(4)]
    groups = propose(_people(spec), group_count=2)
    assert [g.size for g in groups] == [6, 6]
    assert groups[0].describe() == "人口3万人未満の町村：6自治体 6人"


def test_keeps_bands_pure_when_that_costs_one_person() -> None:
    # 7 and 5: one off each way is cheaper than a group that mixes a village with a town of 20,000.
    spec = [(f"小{i}村", 1_000 + i, 1) for i in range(7)] + [(f"中{i}町", 20_000 + i, 1) for i in range(5)]
    groups = propose(_people(spec), group_count=2)
    assert [g.size for g in groups] == [5, 7]
    assert all(len(g.bands()) == 1 for g in groups)


def test_people_without_a_municipality_level_the_smallest_groups() -> None:
    spec = [("大市", 200_000, 7), ("中市", 60_000, 4)]
    groups = propose(_people(spec, loose=3), group_count=2)
    assert [g.size for g in groups] == [7, 7]
    small = next(g for g in groups if any(p.municipality_name == "中市" for p in g.members))
    assert small.describe() == "中市（人口3万〜10万人）：4人、振興局・関係機関など 3人"


def test_two_big_cities_of_the_same_band_are_grouped_across_a_larger_one() -> None:
    # 札幌 2 and 苫小牧 3 sit either side of 旭川 9 in population order; 旭川 goes alone, the two meet.
    spec = [("札幌市", 1_960_000, 2), ("旭川市", 325_000, 9), ("苫小牧市", 170_000, 3)]
    spec += [(f"町{i}", 4_000 + i, 1) for i in range(10)]
    groups = propose(_people(spec), group_size=6)
    together = next(g for g in groups if any(p.municipality_name == "札幌市" for p in g.members))
    assert {p.municipality_name for p in together.members} == {"札幌市", "苫小牧市"}
    assert together.describe() == "人口10万人以上の市：2自治体 5人"


def test_group_count_follows_the_size_or_is_given() -> None:
    assert group_count_for(0, group_size=6) == 0
    assert group_count_for(40, group_size=6) == 7
    assert group_count_for(3, group_size=6) == 1
    assert group_count_for(10, group_count=20) == 10
    with pytest.raises(ValueError):
        group_count_for(10)
    assert propose([], group_size=6) == []


def test_unknown_population_is_a_band_of_its_own() -> None:
    spec = [("不明町", None, 2), ("小町", 3_000, 2), ("小村", 2_000, 2)]
    groups = propose(_people(spec), group_count=2)
    unknown = next(g for g in groups if any(p.municipality_name == "不明町" for p in g.members))
    assert {p.municipality_name for p in unknown.members} == {"不明町"}
    assert unknown.describe() == "不明町：2人"


@pytest.mark.parametrize("seed", range(25))
def test_random_prefectures_never_split_a_municipality(seed: int) -> None:
    rng = random.Random(seed)
    spec = [
        (
            f"市町村{i}",
            rng.choice([1_500, 4_000, 8_000, 20_000, 60_000, 300_000, None]),
            rng.choice([1, 1, 2, 3, 8]),
        )
        for i in range(rng.randint(3, 40))
    ]
    people = _people(spec, loose=rng.randint(0, 4))
    size = rng.randint(4, 8)
    groups = propose(people, group_size=size, facilitators=FACILITATORS)
    assert Counter(p.key for g in groups for p in g.members) == Counter(p.key for p in people)
    assert all(len(numbers) == 1 for numbers in _home(groups).values())
    assert [g.number for g in groups] == list(range(1, len(groups) + 1))
    assert all(g.members for g in groups)


def test_hand_adjustment_warnings() -> None:
    groups = propose(_people(UNEVEN), group_size=8, facilitators=FACILITATORS)
    assert warnings(groups) == []
    # Staff move one of 旭川市's nine into group 3, take group 2's facilitator away, give group 4's
    # facilitator a second group, and leave two people without a group.
    asahikawa = groups[0]
    moved = asahikawa.members.pop()
    groups[2].members.append(moved)
    groups[1].facilitator = None
    groups[5].facilitator = groups[3].facilitator
    found = warnings(groups, ungrouped=2)
    assert "グループ2にファシリテーターがいません。" in found
    assert f"{FACILITATORS[3].name}さんが複数のグループ（グループ4・グループ6）を担当しています。" in found
    assert "旭川市の参加者が2つのグループ（グループ1・グループ3）に分かれています。" in found
    assert "グループが決まっていない参加者が2人います。" in found


def test_size_imbalance_is_warned_but_not_for_one_municipality_alone() -> None:
    small = Group(1, [Person(1, 1, "甲町", 3_000), Person(2, 2, "乙町", 3_500)], FACILITATORS[0])
    large = Group(2, [Person(k, 3 + k, f"町{k}", 4_000) for k in range(3, 10)], FACILITATORS[1])
    city = Group(3, [Person(k, 99, "旭川市", 325_000) for k in range(20, 32)], FACILITATORS[2])
    assert warnings([small, city]) == []  # the city's 12 are one municipality: not a fault
    assert warnings([small, large, city]) == [
        "グループの人数に偏りがあります：最少2人（グループ1）、最多7人（グループ2）。"
    ]


def test_band_labels_follow_the_shared_bands() -> None:
    assert band_range_label(0, 0) == "人口5千人未満"
    assert band_range_label(1, 1) == "人口5千〜1万人"
    assert band_range_label(2, 3) == "人口1万〜10万人"
    assert band_range_label(4, 4) == "人口10万人以上"
    assert band_range_label(0, 4) == "人口規模を問わず"
    # One band's label is the shared vocabulary's, so the two never drift apart.
    for population in (100, 4_999, 5_000, 9_999, 10_000, 99_999, 100_000, 2_000_000):
        band = population_band(population)
        assert band is not None
        assert band_range_label(band, band) == "人口" + POPULATION_BANDS[band][1]


def test_describe_names_the_kind_of_municipality() -> None:
    towns = [Person(1, 1, "鷹栖町", 6_700), Person(2, 2, "東川町", 8_500), Person(3, 2, "東川町", 8_500)]
    assert describe(towns) == "人口5千〜1万人の町：2自治体 3人"
    villages = [Person(1, 1, "甲村", 1_000), Person(2, 2, "乙村", 2_000)]
    assert describe(villages) == "人口5千人未満の村：2自治体 2人"
    mixed = [Person(1, 1, "甲市", 40_000), Person(2, 2, "乙町", 40_000)]
    assert describe(mixed) == "人口3万〜10万人の市町村：2自治体 2人"
    assert describe([Person(1)]) == "振興局・関係機関など 1人"
    assert describe([]) == "参加者なし"
