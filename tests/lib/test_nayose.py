"""名寄せ: each rule of the engine, on pairs built so that the pair's outcome depends on that rule."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from kasane.lib.nayose import PersonRecord, address_key, compare, find_duplicates
from kasane.lib.nayose.candidates import candidate_pairs
from kasane.lib.nayose.keys import Prepared
from kasane.lib.nayose.score import birth_level, within_one_edit
from kasane.lib.nayose.weights import GIVEN_WEIGHTS, SURNAME_WEIGHTS

BORN = dt.date(1975, 3, 4)


def person(pk: int, name: str, kana: str = "", born: dt.date | None = BORN, **fields: str) -> PersonRecord:
    return PersonRecord(id=pk, name=name, kana=kana, birth_date=born, **fields)


def test_variant_kanji_agree_and_say_so() -> None:
    pair = compare(
        person(1, "髙橋 翔太", "たかはし しょうた", address="本町1-2-3"),
        person(2, "高橋 翔太", "", address="栄町4-5-6"),
    )
    assert pair.evidence["name"] == "一致（異体字・表記の違い）"
    assert pair.weights["surname"] > 5
    assert pair.is_candidate


def test_identical_spelling_is_plain_agreement() -> None:
    pair = compare(person(1, "高橋 翔太"), person(2, "高橋　翔太"))
    assert pair.evidence["name"] == "一致"


def test_variant_kanji_agree_in_names_typed_without_the_space() -> None:
    pair = compare(person(1, "髙橋翔太"), person(2, "高橋翔太"))
    assert pair.evidence["name"] == "一致（異体字・表記の違い）"
    assert pair.is_candidate


def test_other_kanji_of_the_same_reading() -> None:
    # 渡部 typed for 渡辺 from a phone call: the ふりがな agree.
    pair = compare(person(1, "渡辺 翔太", "わたなべ しょうた"), person(2, "渡部 翔太", "ワタナベ ショウタ"))
    assert pair.evidence["name"] == "姓：漢字が異なり、読みが一致／名：一致"
    assert pair.weights["surname"] == SURNAME_WEIGHTS["reading"] > 0


def test_a_name_typed_without_the_space_is_split_like_the_other() -> None:
    pair = compare(person(1, "田中太郎", "たなかたろう"), person(2, "田中 太郎", "たなか たろう"))
    assert pair.weights["surname"] > 0
    assert pair.weights["given"] > 0
    assert pair.is_candidate


def test_a_kana_typo_keeps_a_katakana_name_with_its_kanji_original() -> None:
    pair = compare(
        person(1, "タカハシ ショウタ", address="本町1-2-3"),
        person(2, "高橋 翔太", "ﾀｶﾊｼ ｼｮﾀ", address="本町一丁目二番地三"),
    )
    assert pair.weights["given"] == GIVEN_WEIGHTS["kana_typo"]
    assert pair.evidence["kana"] == "1字違い（たかはししょうた／たかはししょた）"
    assert pair.is_candidate


@pytest.mark.parametrize(("a", "b"), [("しょうた", "しょた"), ("さいとう", "さいと"), ("ゆうこ", "ゆこう")])
def test_within_one_edit(a: str, b: str) -> None:
    assert within_one_edit(a, b)


@pytest.mark.parametrize(("a", "b"), [("しょうた", "しょうへい"), ("たなか", "なかた")])
def test_more_than_one_edit(a: str, b: str) -> None:
    assert not within_one_edit(a, b)


def _moved(pk: int, name: str, born: dt.date | None, **fields: str) -> PersonRecord:
    """A record from another agency after a move, with another phone: only name and birth date to go on."""
    return person(pk, name, "", born, address="緑町9-9-9", phone="0399998888", **fields)


def test_day_and_month_transposed() -> None:
    first = person(1, "山田 花子", "やまだ はなこ", address="本町1-2-3", phone="0311112222")
    pair = compare(first, _moved(2, "山田 花子", dt.date(1975, 4, 3)))
    assert pair.evidence["birth_date"] == "日と月が入れ替わり"
    assert pair.is_candidate


def test_a_day_after_the_twelfth_cannot_be_transposed() -> None:
    assert (
        birth_level(
            Prepared(person(1, "a", born=dt.date(1975, 3, 14))),
            Prepared(person(2, "a", born=dt.date(1975, 3, 4))),
        )
        != "transposed"
    )


def test_wareki_converted_with_the_wrong_era() -> None:
    # 昭和50年3月4日 read as 平成50年: 2038-03-04.
    first = person(1, "山田 花子", "やまだ はなこ", address="本町1-2-3", phone="0311112222")
    pair = compare(first, _moved(2, "山田 花子", dt.date(2038, 3, 4)))
    assert pair.evidence["birth_date"].startswith("月日が一致、年が元号の差だけ異なる")
    assert pair.is_candidate


@pytest.mark.parametrize(
    "written",
    [
        "本町1丁目2番3号",
        "本町1-2-3",
        "本町一丁目二番地三",
        "本町１－２－３",
        "みどり市本町1丁目2番地の3",
        "〇〇県みどり市 本町 1-2-3",
    ],
)
def test_address_spellings_fold_to_one_key(written: str) -> None:
    assert address_key(written) == "本町1-2-3"


def test_address_numbers_in_kanji_tens() -> None:
    assert address_key("本町十二丁目二十三番地十") == "本町12-23-10"


def test_addresses_written_differently_agree() -> None:
    pair = compare(
        person(1, "山田 花子", address="本町一丁目二番地三"), person(2, "山田 花子", address="本町１－２－３")
    )
    assert pair.evidence["address"] == "一致"


def test_maiden_name_with_the_same_given_name_and_birth_date() -> None:
    pair = compare(
        person(1, "田中 花子", "たなか はなこ", address="本町1-2-3", phone="0311112222"),
        person(2, "鈴木 花子", "すずき はなこ", address="緑町9-9-9", phone="0399998888"),
    )
    assert pair.evidence["rule"] == "姓だけが異なり、名・名のふりがな・生年月日が一致（旧姓の可能性）"
    assert pair.weights["surname"] == SURNAME_WEIGHTS["maiden"]
    assert pair.is_candidate


def test_a_different_surname_without_the_same_birth_date_is_no_maiden_name() -> None:
    pair = compare(
        person(1, "田中 花子", "たなか はなこ", address="本町1-2-3"),
        person(2, "鈴木 花子", "すずき はなこ", dt.date(1980, 7, 8), address="緑町9-9-9"),
    )
    assert "rule" not in pair.evidence
    assert not pair.is_candidate


def test_twins_are_not_one_person() -> None:
    home = {"address": "本町1-2-3", "phone": "0311112222", "sex": "male"}
    pair = compare(
        person(1, "田中 一郎", "たなか いちろう", dt.date(2001, 5, 6), **home),
        person(2, "田中 二郎", "たなか じろう", dt.date(2001, 5, 6), **home),
    )
    assert pair.evidence["rule"] == "住所・電話と生年月日が同じで名が異なる（双子など別人の可能性）"
    assert pair.weights["birth_date"] == 0
    assert not pair.is_candidate


def test_twins_whose_names_read_one_kana_apart_are_not_one_person() -> None:
    home = {"address": "本町1-2-3", "phone": "0311112222"}
    pair = compare(
        person(1, "田中 悠太", "たなか ゆうた", dt.date(2001, 5, 6), **home),
        person(2, "田中 悠斗", "たなか ゆうと", dt.date(2001, 5, 6), **home),
    )
    assert pair.evidence["name"] == "姓：一致／名：異なる"
    assert not pair.is_candidate


def test_parent_and_child_at_one_address_are_not_one_person() -> None:
    # The mother's mobile is given as the contact for her son: address and number agree, names do not.
    pair = compare(
        person(
            1, "田中 和子", "たなか かずこ", dt.date(1950, 5, 6), address="本町1-2-3", mobile="09011112222"
        ),
        person(2, "田中 健太", "たなか けんた", None, address="本町1丁目2番3号", mobile="090-1111-2222"),
    )
    assert pair.evidence["rule"] == "住所・電話が同じで名が異なる（同じ世帯の家族の可能性）"
    assert pair.weights["address"] <= 0
    assert not pair.is_candidate


def test_home_and_mobile_crossed() -> None:
    pair = compare(person(1, "田中 和子", phone="03-1111-2222"), person(2, "田中 和子", mobile="0311112222"))
    assert pair.evidence["phone"] == "自宅と携帯の欄違いで一致"
    assert pair.weights["phone"] > 0


def _population(size: int) -> list[PersonRecord]:
    rng = random.Random(7)
    surnames = ["佐藤", "鈴木", "高橋", "田中", "伊藤", "渡辺", "山本", "中村", "小林", "加藤"]
    given = ["翔太", "花子", "一郎", "和子", "健太", "陽子", "誠", "恵子", "大輔", "幸子", "直樹", "美咲"]
    return [
        person(
            pk,
            f"{rng.choice(surnames)} {rng.choice(given)}",
            born=dt.date(1940, 1, 1) + dt.timedelta(days=rng.randrange(365 * 70)),
            address=f"本町{rng.randint(1, 5)}-{rng.randint(1, 30)}-{rng.randint(1, 20)}",
            phone=f"03{rng.randint(10000000, 99999999)}",
        )
        for pk in range(size)
    ]


def test_blocking_compares_far_fewer_than_all_pairs() -> None:
    records = _population(600)
    records.append(person(600, "佐藤 翔太", born=dt.date(1999, 12, 31), address="港町1-1-1"))
    records.append(person(601, "佐藤 翔太", born=dt.date(1999, 12, 13), address="港町1-1-1"))
    found = find_duplicates(records)
    all_pairs = len(records) * (len(records) - 1) // 2
    assert found.compared < all_pairs / 10
    assert (600, 601) in {(pair.left, pair.right) for pair in found.pairs}


def test_records_sharing_no_block_are_never_compared() -> None:
    people = [
        Prepared(person(1, "田中 和子", born=dt.date(1950, 1, 2))),
        Prepared(person(2, "鈴木 一郎", born=dt.date(1960, 3, 4))),
    ]
    pairs, _ = candidate_pairs(people)
    assert pairs == set()


def test_an_oversized_block_is_skipped() -> None:
    # One facility's phone on 40 residents with nothing else in common.
    people = [Prepared(person(pk, f"田中{pk} 和子{pk}", born=None, phone="0311112222")) for pk in range(40)]
    pairs, skipped = candidate_pairs(people, block_cap=30)
    assert pairs == set()
    assert skipped == 1
    pairs, skipped = candidate_pairs(people, block_cap=40)
    assert len(pairs) == 40 * 39 // 2


def test_a_crowded_name_is_compared_within_a_decade_and_with_the_undated() -> None:
    # 30 people named 佐藤 誠, born across five decades, and one record of that name without a birth date.
    people = [
        Prepared(person(pk, "佐藤 誠", born=dt.date(1940 + 10 * (pk % 5), 1 + pk % 12, 1 + pk)))
        for pk in range(30)
    ]
    people.append(Prepared(person(30, "佐藤 誠", born=None)))
    pairs, _ = candidate_pairs(people)
    assert (0, 5) in pairs  # both born in the 1940s
    assert (0, 1) not in pairs  # 1940s and 1950s
    assert all((pk, 30) in pairs for pk in range(30))


def test_a_home_phone_adds_little_once_the_address_agrees() -> None:
    apart = compare(person(1, "田中 和子", phone="0311112222"), person(2, "田中 和子", phone="03-1111-2222"))
    together = compare(
        person(1, "田中 和子", address="本町1-2-3", phone="0311112222"),
        person(2, "田中 和子", address="本町1-2-3", phone="03-1111-2222"),
    )
    assert together.weights["phone"] < 1 < 5 < apart.weights["phone"]


def test_no_maiden_name_rule_between_men() -> None:
    pair = compare(
        person(1, "田中 一郎", "たなか いちろう", sex="male", address="本町1-2-3"),
        person(2, "鈴木 一郎", "すずき いちろう", sex="male", address="緑町9-9-9"),
    )
    assert "rule" not in pair.evidence


def test_the_evidence_tells_one_blank_from_both_blank() -> None:
    a = PersonRecord(id=1, name="斉藤 ハナ", kana="さいとう はな", birth_date=dt.date(1940, 2, 3))
    b = PersonRecord(id=2, name="齋藤 ハナ", kana="", birth_date=dt.date(1940, 2, 3))
    evidence = compare(a, b).evidence
    assert evidence["kana"] == "片方が空欄" and evidence["phone"] == "両方とも空欄"
    assert evidence["address"] == "両方とも空欄"
