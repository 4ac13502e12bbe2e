"""The hub's matching, by hand: a small town that needs 参加支援 is offered 鷹栖町's practice first and a
same-size peer, each with its reason in plain Japanese. Pure functions, no database."""

from __future__ import annotations

from kasane.dispatch.deidentify import has_birth_date, has_phone_number
from kasane.dispatch.matching import (
    ExpertProfile,
    Need,
    PeerProfile,
    PracticeProfile,
    rank,
    score_expert,
    score_peer,
    score_practice,
    suggest,
)

TAKASU = PracticeProfile(
    1,
    "働くきっかけ応援事業",
    "鷹栖町",
    frozenset({"participation", "community", "small_town"}),
    6_724,
    "かふぇ運営 畑作業 中間的就労",
)
SOKA = PracticeProfile(2, "CSWの配置", "草加市", frozenset({"participation", "collaboration"}), 250_725)
HOKUEI = PracticeProfile(3, "社協による参加支援", "北栄町", frozenset({"participation", "community"}), 14_000)
HABLAB = PracticeProfile(4, "ハブラボきたかみ", "北上市", frozenset({"community", "sharing"}), 92_000)
GYODA = PracticeProfile(5, "地域共生フォーラム", "行田市", frozenset({"local_people", "internal"}), 79_624)
PRACTICES = [SOKA, HABLAB, HOKUEI, GYODA, TAKASU]

# Peers as they publish themselves: size, programme status, ratings (stage per item), shared sheet.
SAME_SIZE_RUNNING = PeerProfile(10, "鷹栖町", 6_724, "implementing", 2021, {"talent": 2})
SAME_SIZE_CONSIDERING = PeerProfile(11, "江差町", 7_300, "considering", None, {"talent": 1})
BIG_RUNNING = PeerProfile(12, "旭川市", 325_000, "implementing", 2022, {"talent": 3})
NEAR_PREPARING = PeerProfile(13, "芽室町", 18_000, "preparing", 2026, {})
SMALL_RUNNING_SHARED = PeerProfile(
    14, "妹背牛町", 2_800, "implementing", 2021, {}, frozenset({"participation", "community"})
)
PEERS = [BIG_RUNNING, SAME_SIZE_CONSIDERING, NEAR_PREPARING, SMALL_RUNNING_SHARED, SAME_SIZE_RUNNING]

KUDO = ExpertProfile(
    20, "工藤 修", frozenset({"community", "participation", "small_town"}), frozenset({0, 1, 2})
)
MATSUDA = ExpertProfile(21, "松田 哲也", frozenset({"internal", "finance"}), frozenset({3, 4}))
MIURA = ExpertProfile(
    22, "三浦 彩", frozenset({"participation", "outreach"}), frozenset({2, 3}), "中間的就労 農業者"
)

SMALL_TOWN = Need(themes=frozenset({"participation"}), population=6_000, municipality_id=99, name="さくら町")


def test_a_small_town_needing_participation_gets_takasu_first() -> None:
    found = rank(score_practice(SMALL_TOWN, p) for p in PRACTICES)
    assert [s.name for s in found] == ["働くきっかけ応援事業", "社協による参加支援", "CSWの配置"]
    takasu = found[0]
    assert takasu.reasons[0] == "同じ人口規模（5千〜1万人未満）で、「参加支援」の事例があります。"
    assert found[1].reasons[0] == "近い人口規模（1万〜3万人未満）で、「参加支援」の事例があります。"
    # A practice with nothing in common is not offered at all, whatever its size.
    assert score_practice(SMALL_TOWN, GYODA) is None
    # A large city's practice says how large.
    assert found[2].explanation == "「参加支援」の事例があります。人口規模は10万人以上です。"


def test_peers_of_the_same_size_that_run_the_programme_come_first() -> None:
    found = rank(score_peer(SMALL_TOWN, p) for p in PEERS)
    names = [s.name for s in found]
    assert names[0] == "鷹栖町"
    assert found[0].reasons == ("同じ人口規模（5千〜1万人未満）で、令和3年度から事業を実施しています。",)
    # 妹背牛町 is smaller but runs the programme and publishes a sheet that covers 参加支援.
    assert "妹背牛町" in names
    memo = next(s for s in found if s.name == "妹背牛町")
    assert memo.reasons == (
        "近い人口規模（5千人未満）で、令和3年度から事業を実施しています。",
        "公開しているアセスメントシートに「参加支援」の現状が書かれています。",
    )
    # A big city or a town still considering it has nothing to show this town on 参加支援.
    assert "旭川市" not in names and "江差町" not in names
    assert names.index("鷹栖町") < names.index("芽室町")


def test_a_peer_further_along_on_the_needed_item_is_offered_whatever_its_size() -> None:
    need = Need(themes=frozenset({"talent"}), population=6_000, stages={"talent": 1}, name="さくら町")
    found = rank(score_peer(need, p) for p in PEERS)
    by_name = {s.name: s for s in found}
    assert set(by_name) >= {"旭川市", "鷹栖町"}
    assert "江差町" not in by_name  # the same stage is not further along
    assert by_name["旭川市"].reasons == (
        "令和4年度から事業を実施しています。",
        "体制整備の段階で「社会資源を活用できる人材」（定着）がさくら町（着手）より進んでいます。",
    )
    assert by_name["鷹栖町"].score > by_name["旭川市"].score  # ahead, and the same size, and running


def test_the_municipality_is_never_its_own_peer() -> None:
    need = Need(themes=frozenset({"participation"}), population=6_724, municipality_id=10)
    assert score_peer(need, SAME_SIZE_RUNNING) is None


def test_experts_by_theme_and_the_sizes_they_know() -> None:
    found = rank(score_expert(SMALL_TOWN, e) for e in (MATSUDA, MIURA, KUDO))
    assert [s.name for s in found] == ["工藤 修", "三浦 彩"]
    assert found[0].reasons == (
        "「参加支援」を得意としています。",
        "同じ人口規模（5千〜1万人未満）の市町村を支援した経験があります。",
    )
    assert found[1].reasons == (
        "「参加支援」を得意としています。",
        "近い人口規模（1万〜3万人未満）の市町村を支援した経験があります。",
    )


def test_words_typed_with_the_need_count_and_are_named() -> None:
    need = Need(themes=frozenset(), population=6_000, text="カフェ 中間的就労")
    found = rank(score_practice(need, p) for p in PRACTICES)
    assert [s.name for s in found] == ["働くきっかけ応援事業"]
    assert (
        "「カフェ」「中間的就労」に関わる取り組みです。" in found[0].reasons
    )  # named as typed, matched folded
    expert = score_expert(need, MIURA)
    assert expert is not None
    assert expert.reasons == (
        "近い人口規模（1万〜3万人未満）の市町村を支援した経験があります。",
        "経歴に「中間的就労」があります。",
    )


def test_suggest_returns_the_three_lists_ranked_and_limited() -> None:
    found = suggest(SMALL_TOWN, [MATSUDA, MIURA, KUDO], PRACTICES, PEERS, limit=2)
    assert [s.name for s in found["practices"]] == ["働くきっかけ応援事業", "社協による参加支援"]
    assert [s.name for s in found["experts"]] == ["工藤 修", "三浦 彩"]
    assert found["peers"][0].name == "鷹栖町" and len(found["peers"]) == 2
    assert all(s.explanation for group in found.values() for s in group)


def test_phone_numbers_and_dates_of_birth_are_spotted() -> None:
    for text in (
        "090-1234-5678",
        "０１５５－２３－４５６７",
        "0155(23)4567",
        "09012345678",
        "TEL 011 123 4567",
    ):
        assert has_phone_number(text), text
    for text in (
        "42人が参加",
        "令和7年10月21日に開催",
        "2025-10-21",
        "包括4か所、相談件数は年1,234件",
        "0-1歳児",
    ):
        assert not has_phone_number(text), text
    for text in (
        "S45.3.2",
        "昭和45年3月2日",
        "1970/3/2",
        "平成10年4月1日生まれ",
        "生年月日",
        "2010年5月6日生",
    ):
        assert has_birth_date(text), text
    for text in (
        "令和7年10月21日に開催",
        "2025年10月21日",
        "80代の女性",
        "昭和の終わり頃から住む",
        "平成30年度から",
    ):
        assert not has_birth_date(text), text


def test_nearness_region_then_block_breaks_a_tie_but_never_makes_a_suggestion() -> None:
    need = Need(themes=frozenset({"talent"}), population=6_000, name="さくら町", region="上川", block="道北")

    def peer(
        pk: int, name: str, *, region: str = "", block: str = "", status: str = "implementing"
    ) -> PeerProfile:
        return PeerProfile(id=pk, name=name, population=6_500, status=status, region=region, block=block)

    twins = [peer(1, "あ町"), peer(2, "い町", block="道北"), peer(3, "う町", region="上川", block="道北")]
    # Without a region or block in common: same score, the name decides.
    plain = Need(themes=need.themes, population=need.population)
    assert [s.name for s in rank(score_peer(plain, p) for p in twins)] == ["あ町", "い町", "う町"]
    # Same region 2 points (not added to the block's), same block 1 point.
    ranked = rank(score_peer(need, p) for p in twins)
    assert [s.name for s in ranked] == ["う町", "い町", "あ町"]
    assert [s.score for s in ranked] == [6, 5, 4]
    assert ("同じ上川管内", 2) in ranked[0].components
    assert ("同じ道北ブロック", 1) in ranked[1].components
    assert "同じ上川管内です。" in ranked[0].reasons
    for s in ranked:
        assert sum(points for _label, points in s.components) == s.score
    # A neighbour with nothing else in common (not running the programme, no stage ahead) is not offered.
    assert score_peer(need, peer(4, "え町", region="上川", status="undecided")) is None
