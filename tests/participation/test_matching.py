"""Matching (kasane.participation.matching): the register's hosts ranked for one person's assessment. The score
is the sum of named reasons, so each reason is checked on its own — the same host with and without the one
thing it is about — with the words staff read and the weight it adds; a misfit is shown and sinks the host
without hiding it; only active hosts are candidates; equal scores keep one order."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from kasane.participation.matching import PENALTY, WEIGHTS, Candidate, candidates_for, judge
from kasane.participation.models import Assessment, Travel
from kasane.resources.models import Category, Load, Service, Status
from kasane.resources.queries import services_in

from .helpers import host

pytestmark = pytest.mark.django_db


def wants(w: dict[str, Any], **extra: Any) -> Assessment:
    """An assessment that asks for nothing matching reads, unless told: any day, any area, any load."""
    fields: dict[str, Any] = {
        "interests": [],
        "days": [],
        "from_time": None,
        "to_time": None,
        "area": None,
        "travel": Travel.PUBLIC,
        "max_load": Load.HEAVY,
        "needs_quiet": False,
        **extra,
    }
    if isinstance(fields["area"], str):
        fields["area"] = w["areas"][fields["area"]]
    return Assessment(wishes="何かしてみたい", **fields)


def plain(w: dict[str, Any], name: str = "ひだまり 居場所", **extra: Any) -> Service:
    """A host with nothing for matching to praise but its light load, unless told."""
    extra.setdefault("categories", (Category.IBASHO,))
    extra.setdefault("load", Load.LIGHT)
    extra.setdefault("suits_shy", False)
    return host(w, name, **extra)


def judged(service: Service, assessment: Assessment) -> Candidate:
    # As candidates_for reads it: with its organisation, place and schedules.
    found = candidates_for(services_in(service.municipality).filter(pk=service.pk), assessment)
    assert [c.service for c in found] == [service]
    return found[0]


def gain(w: dict[str, Any], assessment: Assessment, fits: Service, not_: Service) -> int:
    return judged(fits, assessment).score - judged(not_, assessment).score


LIGHT = "体への負担が軽い"


# --- each reason --------------------------------------------------------------------------------------------


def test_a_category_the_person_wants(w: dict[str, Any]) -> None:
    a = wants(w, interests=[Category.FARM, Category.SALON])
    farm = plain(w, "みどり農園 体験", categories=(Category.WORK_EXPERIENCE, Category.FARM))
    assert judged(farm, a).reasons == ["希望する種類（農家・農作業）", LIGHT]
    assert gain(w, a, farm, plain(w)) == WEIGHTS["category"] == 3


def test_a_day_and_time_the_person_can_come(w: dict[str, Any]) -> None:
    a = wants(w, days=["TU", "FR"], from_time=dt.time(10), to_time=dt.time(15))
    fits = plain(w, "火曜の居場所", byday="TU,TH", opens=dt.time(9), closes=dt.time(12))
    c = judged(fits, a)
    assert c.reasons == ["通える曜日・時間に合う（毎週 火・木曜 09:00〜12:00）", LIGHT] and c.misfits == []
    for name, extra in (
        ("月曜だけ", {"byday": "MO"}),
        ("朝だけ", {"byday": "TU", "opens": dt.time(7), "closes": dt.time(10)}),  # closes as they can come
        (
            "夕方だけ",
            {"byday": "TU", "opens": dt.time(15), "closes": dt.time(18)},
        ),  # opens as they must leave
    ):
        misfit = judged(plain(w, name, **extra), a)
        assert misfit.misfits == ["通える曜日・時間に合う日程がない"], name
        assert c.score - misfit.score == WEIGHTS["time"] + PENALTY, name


def test_a_monthly_day_counts_by_its_weekday(w: dict[str, Any]) -> None:
    a = wants(w, days=["WE"])
    cafe = plain(w, "認知症カフェ", byday="2WE,4WE", opens=dt.time(13, 30), closes=dt.time(15, 30))
    cafe.schedules.update(freq="MONTHLY")
    assert judged(cafe, a).reasons[0] == "通える曜日・時間に合う（毎月 第2・第4水曜 13:30〜15:30）"


def test_no_schedule_means_the_days_are_agreed_later(w: dict[str, Any]) -> None:
    a = wants(w, days=["TU"])
    open_ = plain(w, "相談で決める畑", schedule=False)
    c = judged(open_, a)
    assert c.reasons == ["日程は相談で決められる", LIGHT] and c.misfits == []
    assert c.score == WEIGHTS["load"]  # said, but not scored


def test_a_person_with_no_days_given_is_not_judged_on_time(w: dict[str, Any]) -> None:
    c = judged(plain(w, byday="MO"), wants(w))
    assert c.reasons == [LIGHT] and c.misfits == []


def test_the_persons_area(w: dict[str, Any]) -> None:
    a = wants(w, area="north")
    north, south = plain(w, "北の居場所", area="north"), plain(w, "南の居場所", area="south")
    assert judged(north, a).reasons == ["通いやすい圏域にある", LIGHT]
    assert gain(w, a, north, south) == WEIGHTS["area"]
    # Walking, another area is a misfit that costs a little; by bus or train it is only not a reason.
    walking = wants(w, area="north", travel=Travel.WALK)
    far = judged(south, walking)
    assert far.misfits == ["圏域が違い、歩いて通うのは難しい"]
    assert judged(north, walking).score - far.score == WEIGHTS["area"] + 2
    assert judged(plain(w, "どこか", area=None), walking).misfits == []  # no area known: nothing said


def test_quiet_for_someone_who_cannot_yet_talk_to_strangers(w: dict[str, Any]) -> None:
    a = wants(w, needs_quiet=True)
    quiet, busy = plain(w, "静かな作業所", suits_shy=True), plain(w, "にぎやかなサロン")
    assert judged(quiet, a).reasons == ["人と話すのが苦手でも参加しやすい", LIGHT]
    noisy = judged(busy, a)
    assert noisy.misfits == ["人と話す場面が多いかもしれない"]
    assert gain(w, a, quiet, busy) == WEIGHTS["quiet"]  # said, but not a hard limit: no penalty
    assert judged(busy, wants(w)).misfits == []  # and nothing said for someone who does not need it


@pytest.mark.parametrize(
    ("limit", "load", "words", "fits"),
    [
        (Load.LIGHT, Load.LIGHT, "体への負担が軽い", True),
        (Load.MEDIUM, Load.LIGHT, "体への負担が軽い", True),
        (Load.MEDIUM, Load.MEDIUM, "体への負担がふつう", True),
        (Load.LIGHT, Load.MEDIUM, "体への負担が本人の目安より大きい（ふつう（立ち作業あり））", False),
        (Load.MEDIUM, Load.HEAVY, "体への負担が本人の目安より大きい（重い（力仕事・屋外作業））", False),
        (Load.HEAVY, Load.HEAVY, "体への負担が重い", True),
    ],
)
def test_physical_load_within_what_the_person_manages(
    w: dict[str, Any], limit: str, load: str, words: str, fits: bool
) -> None:
    c = judged(plain(w, load=load), wants(w, max_load=limit))
    assert (c.reasons if fits else c.misfits) == [words]
    assert c.score == (WEIGHTS["load"] if fits else -PENALTY)


def test_a_lift_for_someone_who_needs_one(w: dict[str, Any]) -> None:
    a = wants(w, travel=Travel.NEEDS_LIFT)
    lift, none = plain(w, "送迎つき", transport_provided=True), plain(w, "送迎なし")
    assert judged(lift, a).reasons == [LIGHT, "送迎がある"]
    assert judged(none, a).misfits == ["送迎がない"]
    assert gain(w, a, lift, none) == WEIGHTS["travel"] + PENALTY
    assert judged(none, wants(w)).misfits == []  # someone who gets there themselves: nothing said


def test_a_host_that_has_taken_someone_before(w: dict[str, Any]) -> None:
    a = wants(w)
    known, new = plain(w, "経験あり", hosted_before=True), plain(w, "はじめて")
    assert judged(known, a).reasons == [LIGHT, "受け入れ経験がある"]
    assert gain(w, a, known, new) == WEIGHTS["hosted"]


# --- the ranking --------------------------------------------------------------------------------------------


def test_the_best_fit_comes_first_and_a_misfit_sinks_but_stays(w: dict[str, Any]) -> None:
    a = wants(
        w,
        interests=[Category.FARM],
        days=["TU"],
        area="north",
        travel=Travel.WALK,
        max_load=Load.MEDIUM,
        needs_quiet=True,
    )
    best = host(w, "みどり農園 就労体験", hosted_before=True)  # farm, Tuesday mornings, north, quiet, medium
    heavy = host(w, "山の農園 体験", load=Load.HEAVY)  # the same, but too heavy
    salon = plain(w, "北町サロン", suits_shy=False)  # nothing wanted, but nothing wrong
    far = plain(w, "港町サロン", area="south", byday="MO")
    ranked = candidates_for(services_in(w["municipality"]), a)
    assert [c.service for c in ranked] == [best, salon, heavy, far]
    top = ranked[0]
    assert top.reasons == [
        "希望する種類（農家・農作業）",
        "通える曜日・時間に合う（毎週 火・木曜 09:00〜12:00）",
        "通いやすい圏域にある",
        "人と話すのが苦手でも参加しやすい",
        "体への負担がふつう",
        "受け入れ経験がある",
    ]
    assert top.score == sum(WEIGHTS[k] for k in ("category", "time", "area", "quiet", "load", "hosted"))
    assert ranked[2].misfits == ["体への負担が本人の目安より大きい（重い（力仕事・屋外作業））"]
    assert set(ranked[3].misfits) == {
        "通える曜日・時間に合う日程がない",
        "圏域が違い、歩いて通うのは難しい",
        "人と話す場面が多いかもしれない",
    }


@pytest.mark.parametrize(
    "extra",
    [{"status": Status.PAUSED}, {"status": Status.ENDED}, {"hosts_participants": False}],
)
def test_inactive_hosts_and_places_that_do_not_host_are_not_candidates(
    w: dict[str, Any], extra: dict[str, Any]
) -> None:
    kept = plain(w, "受け入れる居場所")
    left_out = host(w, "みどり農園 就労体験", hosted_before=True, **extra)  # it would rank first
    ranked = candidates_for(services_in(w["municipality"]), wants(w, interests=[Category.FARM]))
    assert [c.service for c in ranked] == [kept]
    assert left_out.pk not in [c.service.pk for c in ranked]


def test_equal_scores_keep_the_registers_order(w: dict[str, Any]) -> None:
    """Ties go in the register's own order (kana, name, record), the same on every call."""
    made = [
        plain(w, "Ｃの居場所", name_kana="さくら"),
        plain(w, "Ａの居場所", name_kana="あおば"),
        plain(w, "Ｂの居場所", name_kana="かえで"),
        plain(w, "Ｄの居場所", name_kana="あおば"),  # the same kana: by name
        plain(w, "Ａの居場所", name_kana="あおば"),  # the same kana and name: the older record first
    ]
    expected = [made[1], made[4], made[3], made[2], made[0]]
    for _ in range(3):
        ranked = candidates_for(services_in(w["municipality"]), wants(w))
        assert len({c.score for c in ranked}) == 1
        assert [c.service for c in ranked] == expected


def test_at_most_the_limit_is_offered(w: dict[str, Any]) -> None:
    for k in range(5):
        plain(w, f"居場所{k}")
    assert len(candidates_for(services_in(w["municipality"]), wants(w), limit=3)) == 3
    assert len(candidates_for(services_in(w["municipality"]), wants(w))) == 5


def test_judging_reads_an_unknown_load_limit_as_medium(w: dict[str, Any]) -> None:
    c = judge(plain(w, load=Load.HEAVY), wants(w, max_load="unknown"))
    assert c.misfits == ["体への負担が本人の目安より大きい（重い（力仕事・屋外作業））"]
    assert judge(plain(w, "ふつうの", load=Load.MEDIUM), wants(w, max_load="unknown")).misfits == []
