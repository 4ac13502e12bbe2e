"""Grouping participants by population band (kasane.events.grouping), on its own: no database.

The case 000 describes, and the one issue 19 found: one very large city that sends many people, a few
middle-sized towns and many small towns that send one or two each. The proposal must mix municipalities in
every group (spreading a large delegation, keeping small teams together), give groups of similar size, keep
bands together where sizes allow, and give each group one facilitator; each group says why it was formed,
and the warnings catch what a hand adjustment can break.
"""

from __future__ import annotations

import itertools
import random
from collections import Counter
from collections.abc import Sequence
from typing import Any

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
    team_limit,
)
from kasane.events.grouping_reasons import reason, warnings
from kasane.readiness.themes import POPULATION_BANDS, POPULATION_BOUNDS, population_amount, population_band

FACILITATORS = [
    Facilitator(100 + i, name) for i, name in enumerate(["石田", "工藤", "小野寺", "村上", "菅原", "阿部"])
]


def _people(spec: Sequence[tuple[str, int | None, int]], *, loose: int = 0) -> list[Person]:
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


def _names(group: Group) -> set[str]:
    return {p.municipality_name for p in group.members if p.municipality_id is not None}


def test_a_large_city_is_spread_and_every_group_mixes_municipalities() -> None:
    people = _people(UNEVEN, loose=2)  # 49 people in 24 municipalities
    groups = propose(people, group_size=6, facilitators=FACILITATORS)

    # Everyone placed exactly once.
    placed = [p.key for g in groups for p in g.members]
    assert sorted(placed) == sorted(p.key for p in people)
    # 旭川市's nine are spread, three to a group, never a group of its own.
    with_asahikawa = [g for g in groups if "旭川市" in _names(g)]
    assert [sum(p.municipality_name == "旭川市" for p in g.members) for g in with_asahikawa] == [3, 3, 3]
    assert all(len(_names(g)) >= 2 for g in groups)
    # Teams no larger than half a group stay together.
    limit = team_limit(47 / len(groups))
    assert limit == 3
    sizes = Counter(p.municipality_id for p in people if p.municipality_id is not None)
    homes = _home(groups)
    assert all(len(homes[mid]) == 1 for mid, n in sizes.items() if n <= limit)
    # Balanced: max - min within the warning tolerance.
    assert max(g.size for g in groups) - min(g.size for g in groups) <= IMBALANCE_TOLERANCE
    # Band coherence among the small towns' groups: a group of whole towns spans at most two bands.
    for group in groups:
        if "旭川市" not in _names(group):
            bands = sorted(b for b in group.bands() if b is not None)
            assert bands[-1] - bands[0] <= 1, (group.number, bands)
    # One facilitator per group while there are enough of them: 8 groups, 6 facilitators.
    assert len(groups) == round(49 / 6)
    assert [g.facilitator for g in groups[:6]] == FACILITATORS
    assert warnings(groups) == [
        "グループ7にファシリテーターがいません。",
        "グループ8にファシリテーターがいません。",
    ]
    # Each group says why: the spread city's share of it, and what brought the others together.
    first = reason(with_asahikawa[0], groups)
    assert (
        "旭川市の参加者9人は、1つのグループに偏らないよう3つのグループに分けており、ここには3人が入っています。"
        in first
    )
    last = reason(groups[-1], groups)
    assert last.startswith("人口規模が同じ（人口5千人未満）町")


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
    assert groups[0].describe() == "人口1万〜3万人未満の町：3自治体 6人"
    assert groups[-1].describe() == "人口5千人未満の町：3自治体 6人"
    assert reason(groups[0], groups) == "人口規模が同じ（人口1万〜3万人未満）町3自治体をまとめています。"


def test_mixes_neighbouring_bands_rather_than_leaving_groups_two_off() -> None:
    # 8 small villages and 4 middle towns (1 person each) in 2 groups: pure bands would give 4 and 8;
    # two villages join the towns instead.
    spec = [(f"小{i}村", 1_000 + i, 1) for i in range(8)] + [(f"中{i}町", 20_000 + i, 1) for i in range(4)]
    groups = propose(_people(spec), group_count=2)
    assert [g.size for g in groups] == [6, 6]
    assert groups[0].describe() == "人口3万人未満の町村：6自治体 6人"
    assert reason(groups[0], groups) == "人口規模の離れた（人口3万人未満）町村6自治体が一緒です。"


def test_keeps_bands_pure_when_that_costs_one_person() -> None:
    # 7 and 5: one off each way is cheaper than a group that mixes a village with a town of 20,000.
    spec = [(f"小{i}村", 1_000 + i, 1) for i in range(7)] + [(f"中{i}町", 20_000 + i, 1) for i in range(5)]
    groups = propose(_people(spec), group_count=2)
    assert [g.size for g in groups] == [5, 7]
    assert all(len(g.bands()) == 1 for g in groups)


def test_two_cities_in_two_groups_are_both_spread() -> None:
    # Before issue 19, 大市's 7 sat alone in one group and 中市's 4 with the 振興局 in the other.
    spec = [("大市", 200_000, 7), ("中市", 60_000, 4)]
    groups = propose(_people(spec, loose=3), group_count=2)
    assert sorted(g.size for g in groups) == [7, 7]
    assert all(_names(g) == {"大市", "中市"} for g in groups)
    assert warnings(groups) == [
        "グループ1にファシリテーターがいません。",
        "グループ2にファシリテーターがいません。",
    ]
    assert "市町村に属さない参加者（振興局・関係機関など）" in reason(groups[0], groups) + reason(
        groups[1], groups
    )


def test_too_few_teams_to_go_round_split_a_pair_rather_than_leave_a_town_alone() -> None:
    # Three pairs in two groups: whole pairs would leave one town alone; one pair is split, and says why.
    spec = [("不明町", None, 2), ("小町", 3_000, 2), ("小村", 2_000, 2)]
    groups = propose(_people(spec), group_count=2)
    assert [g.size for g in groups] == [3, 3]
    assert all(len(_names(g)) == 2 for g in groups)
    assert warnings(groups) == [
        "グループ1にファシリテーターがいません。",
        "グループ2にファシリテーターがいません。",
    ]
    assert any("ほかの市町村と組むため2つのグループに分けており" in reason(g, groups) for g in groups)


def test_a_group_of_one_city_when_others_are_too_few_is_warned() -> None:
    groups = propose(_people([("旭川市", 325_000, 9), ("鷹栖町", 6_700, 1)]), group_count=3)
    lone = [g for g in groups if _names(g) == {"旭川市"}]
    assert len(lone) == 2
    found = warnings(groups)
    for group in lone:
        assert (
            f"グループ{group.number}は旭川市の参加者だけです。ほかの市町村の参加者と組み合わせてください。"
            in found
        )
        assert reason(group, groups).startswith("旭川市の参加者だけのグループです。")


def test_group_count_follows_the_size_or_is_given() -> None:
    assert group_count_for(0, group_size=6) == 0
    assert group_count_for(40, group_size=6) == 7
    assert group_count_for(3, group_size=6) == 1
    assert group_count_for(10, group_count=20) == 10
    with pytest.raises(ValueError):
        group_count_for(10)
    assert propose([], group_size=6) == []


@pytest.mark.parametrize("seed", range(25))
def test_random_prefectures(seed: int) -> None:
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
    assert [g.number for g in groups] == list(range(1, len(groups) + 1))
    assert all(g.members for g in groups)
    # A proposal never warns of a split it made itself, and every group explains itself.
    assert not [w for w in warnings(groups) if "に分かれています" in w]
    assert all(reason(g, groups) for g in groups)
    # No group is one municipality's alone unless the warnings say so.
    found = warnings(groups)
    for group in groups:
        if group.is_one_municipality():
            assert any(w.startswith(f"グループ{group.number}は") for w in found)


def test_hand_adjustment_warnings() -> None:
    groups = propose(_people(UNEVEN), group_size=8, facilitators=FACILITATORS)
    assert warnings(groups) == []
    # Staff move one of 名寄市's three into another group, take group 2's facilitator away, give group 4's
    # facilitator a second group, and leave two people without a group.
    nayoro = next(g for g in groups if "名寄市" in _names(g))
    moved = next(p for p in nayoro.members if p.municipality_name == "名寄市")
    nayoro.members.remove(moved)
    other = next(g for g in groups if g is not nayoro and len(_names(g)) > 2)
    other.members.append(moved)
    groups[1].facilitator = None
    groups[5].facilitator = groups[3].facilitator
    found = warnings(groups, ungrouped=2)
    assert "グループ2にファシリテーターがいません。" in found
    assert f"{FACILITATORS[3].name}さんが複数のグループ（グループ4・グループ6）を担当しています。" in found
    first, second = sorted([nayoro.number, other.number])
    assert (
        f"名寄市の参加者が2つのグループ（グループ{first}・グループ{second}）に分かれています（3人なら同じグループにできます）。"
        in found
    )
    assert "グループが決まっていない参加者が2人います。" in found
    # Split by hand, not by a rule: the reason says so, without claiming a rule.
    assert "名寄市の参加者3人は、2つのグループに分かれており、ここには1人が入っています。" in reason(
        other, groups
    )


def test_size_imbalance_and_a_group_of_one_municipality_are_warned() -> None:
    small = Group(1, [Person(1, 1, "甲町", 3_000), Person(2, 2, "乙町", 3_500)], FACILITATORS[0])
    large = Group(2, [Person(k, 3 + k, f"町{k}", 4_000) for k in range(3, 10)], FACILITATORS[1])
    city = Group(3, [Person(k, 99, "旭川市", 325_000) for k in range(20, 32)], FACILITATORS[2])
    assert warnings([small, large]) == [
        "グループの人数に偏りがあります：最少2人（グループ1）、最多7人（グループ2）。"
    ]
    assert warnings([small, city]) == [
        "グループ3は旭川市の参加者だけです。ほかの市町村の参加者と組み合わせてください。",
        "グループの人数に偏りがあります：最少2人（グループ1）、最多12人（グループ3）。",
    ]
    # A city on its own at an event of that city alone is no fault.
    assert warnings([city]) == []


def test_band_labels_do_not_overlap_and_come_from_the_bounds() -> None:
    assert [label for _upper, label in POPULATION_BANDS] == [
        "5千人未満",
        "5千〜1万人未満",
        "1万〜3万人未満",
        "3万〜10万人未満",
        "10万人以上",
    ]
    # Each bound closes one band (未満) and opens the next: a population on the bound is in the upper band,
    # one below it in the lower, and the labels say so.
    for bound in POPULATION_BOUNDS:
        below, at = population_band(bound - 1), population_band(bound)
        assert below is not None and at is not None and at == below + 1
        assert POPULATION_BANDS[below][1].endswith(f"{population_amount(bound)}人未満")
        assert POPULATION_BANDS[at][1].startswith(population_amount(bound))
    assert band_range_label(0, 0) == "人口5千人未満"
    assert band_range_label(1, 1) == "人口5千〜1万人未満"
    assert band_range_label(2, 3) == "人口1万〜10万人未満"
    assert band_range_label(4, 4) == "人口10万人以上"
    assert band_range_label(0, 4) == "人口規模を問わず"
    for population in (100, 4_999, 5_000, 9_999, 10_000, 99_999, 100_000, 2_000_000):
        band = population_band(population)
        assert band is not None
        assert band_range_label(band, band) == "人口" + POPULATION_BANDS[band][1]


def test_describe_and_reason_name_the_kind_of_municipality() -> None:
    towns = [Person(1, 1, "鷹栖町", 6_700), Person(2, 2, "東川町", 8_500), Person(3, 2, "東川町", 8_500)]
    assert describe(towns) == "人口5千〜1万人未満の町：2自治体 3人"
    villages = [Person(1, 1, "甲村", 1_000), Person(2, 2, "乙村", 2_000)]
    assert describe(villages) == "人口5千人未満の村：2自治体 2人"
    mixed = [Person(1, 1, "甲市", 40_000), Person(2, 2, "乙町", 40_000)]
    assert describe(mixed) == "人口3万〜10万人未満の市町村：2自治体 2人"
    assert describe([Person(1)]) == "振興局・関係機関など 1人"
    assert describe([]) == "参加者なし"
    # A hand-made group of a village and a city says the sizes are far apart, not that they are alike.
    far = Group(1, [Person(1, 1, "甲村", 1_000), Person(2, 2, "乙市", 200_000)])
    assert reason(far, [far]) == "人口規模の離れた（人口規模を問わず）市町村2自治体が一緒です。"
    unknown = Group(1, [Person(1, 1, "甲村", None), Person(2, 2, "乙村", 2_000)])
    assert (
        reason(unknown, [unknown])
        == "人口規模が同じ（人口5千人未満）村2自治体（人口不明を含む）をまとめています。"
    )


@pytest.mark.django_db
def test_the_event_page_and_the_groups_page_warn_of_a_group_without_facilitator(ev: dict[str, Any]) -> None:
    import datetime as dt

    from django.test import Client

    from kasane.events.models import EventGroup

    from .helpers import make_event, register

    event = make_event(
        ev["municipality"].prefecture, ev["users"]["prefecture"], "情報共有の場", dt.date(2026, 11, 9)
    )
    with_one = EventGroup.objects.create(event=event, number=1, facilitator=ev["users"]["fasi"])
    without = EventGroup.objects.create(event=event, number=2)
    for group, municipality in ((with_one, ev["municipality"]), (without, ev["other_municipality"])):
        register(event, f"{municipality.name}の職員", municipality, group=group)
        register(event, "振興局の職員", None, group=group)
    client = Client()
    client.force_login(ev["users"]["prefecture"])
    page = client.get(f"/events/{event.pk}/").content.decode()
    assert "グループ2のファシリテーターが未定です。" in page
    assert "グループ1のファシリテーターが未定です。" not in page
    groups = client.get(f"/events/{event.pk}/groups/").content.decode()
    assert "グループ2にファシリテーターがいません。" in groups
    assert groups.count("ファシリテーターが未定です。当日までに決めてください。") == 1
    assert "このグループの理由" in groups
