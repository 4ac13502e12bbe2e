"""Scoring one pair: a Fellegi–Sunter sum of log-likelihood weights (weights.py), one per field, and the
evidence in words for the review screen.

Three rules go beyond independent fields, because family members are not independent of each other:
- 旧姓: a different surname with the same given name, the same ふりがな of the given name and the same birth
  date is what marriage (or adoption) looks like, so the surname does not count against the pair;
- 家族: when the given names differ, a shared address and home phone are what a household shares, so they
  do not count for the pair;
- 双子: when the given names differ and the birth date is the same within one family, the birth date does
  not count either.
And one dependence between fields: once the address agrees, a home phone agreeing adds little.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from kasane.lib.nayose.keys import Prepared
from kasane.lib.nayose.weights import (
    ADDRESS_WEIGHTS,
    AGREE,
    BIRTH_WEIGHTS,
    CROSSED,
    DIFFER,
    ERA_DISTANCES,
    ERA_SLIP,
    EXACT,
    GIVEN_M_AGREE,
    GIVEN_U_DEFAULT,
    GIVEN_WEIGHTS,
    HOME,
    HOME_PHONE_AT_SAME_ADDRESS,
    KANA_TYPO,
    KANJI_ONLY,
    MAIDEN,
    MISSING,
    MOBILE,
    ONE_DIGIT,
    PHONE_WEIGHTS,
    READING,
    SAME_YEAR,
    SEX_WEIGHTS,
    STREET,
    SURNAME_M_AGREE,
    SURNAME_U_DEFAULT,
    SURNAME_WEIGHTS,
    THRESHOLD,
    TOWN,
    TRANSPOSED,
    Frequencies,
    weight,
)

FIELD_LABELS = {
    "name": "氏名",
    "kana": "ふりがな",
    "birth_date": "生年月日",
    "address": "住所",
    "phone": "電話",
    "sex": "性別",
    "rule": "判断",
}


@dataclass(frozen=True)
class ScoredPair:
    """Two records (their ids, left < right), the summed weight in bits with the prior, the probability that
    they are one person, each field's weight, and the evidence in words keyed like FIELD_LABELS."""

    left: int
    right: int
    weight: float
    probability: float
    weights: dict[str, float]
    evidence: dict[str, str]

    @property
    def is_candidate(self) -> bool:
        return self.probability >= THRESHOLD


def within_one_edit(a: str, b: str) -> bool:
    """One kana inserted, dropped, changed, or two neighbours swapped (しょうた/しょた, さとう/さいとう)."""
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diffs = [i for i in range(len(a)) if a[i] != b[i]]
        if len(diffs) == 1:
            return True
        return (
            len(diffs) == 2
            and diffs[1] == diffs[0] + 1
            and a[diffs[0]] == b[diffs[1]]
            and a[diffs[1]] == b[diffs[0]]
        )
    short, long = (a, b) if len(a) < len(b) else (b, a)
    i = 0
    while i < len(short) and short[i] == long[i]:
        i += 1
    return short[i:] == long[i + 1 :]


def _split_like(whole: str, other_surname: str, other_given: str) -> tuple[str, str]:
    """Split a name typed without a space where the other record's surname or given name shows the cut."""
    if other_surname and whole.startswith(other_surname):
        return other_surname, whole[len(other_surname) :]
    if other_given and whole.endswith(other_given):
        return whole[: -len(other_given)], other_given
    return "", ""


def _aligned(
    a_surname: str, a_given: str, a_whole: str, b_surname: str, b_given: str, b_whole: str
) -> tuple[str, str, str, str]:
    if not a_surname and a_whole and b_surname:
        a_surname, a_given = _split_like(a_whole, b_surname, b_given)
    if not b_surname and b_whole and a_surname:
        b_surname, b_given = _split_like(b_whole, a_surname, a_given)
    if not a_surname and not b_surname and a_whole and a_whole == b_whole:
        return a_whole, "", b_whole, ""
    return a_surname, a_given, b_surname, b_given


_HAS_KANJI = re.compile(r"[^\u3041-\u309fー]")


def _part_level(kanji_a: str, kanji_b: str, kana_a: str, kana_b: str) -> str:
    kanji_agree = bool(kanji_a) and kanji_a == kanji_b
    kana_both = bool(kana_a) and bool(kana_b)
    if kanji_agree and not (kana_both and not within_one_edit(kana_a, kana_b)):
        return AGREE
    if kanji_agree:
        return KANJI_ONLY
    if kana_both and kana_a == kana_b:
        return READING
    # Two different names in kanji whose readings are one kana apart are two names (悠太/悠斗 ゆうた/ゆうと,
    # often twins), not one name misspelt: the typo level is for a side written in kana only.
    kanji_conflict = _HAS_KANJI.search(kanji_a) and _HAS_KANJI.search(kanji_b)
    if (
        kana_both
        and not kanji_conflict
        and min(len(kana_a), len(kana_b)) >= 2
        and within_one_edit(kana_a, kana_b)
    ):
        return KANA_TYPO
    if not (kanji_a and kanji_b) and not kana_both:
        return MISSING
    return DIFFER


_PART_WORDS = {
    AGREE: "一致",
    KANJI_ONLY: "漢字は一致、読みが異なる",
    READING: "漢字が異なり、読みが一致",
    KANA_TYPO: "漢字が異なり、読みが1字違い",
    DIFFER: "異なる",
    MISSING: "片方が空欄",
}


def _name_levels(a: Prepared, b: Prepared, freq: Frequencies) -> tuple[str, str, float, float]:
    """(surname level, given level, surname weight, given weight) from the names and their kana."""
    a_s, a_g, b_s, b_g = _aligned(a.surname, a.given, a.name, b.surname, b.given, b.name)
    ak_s, ak_g, bk_s, bk_g = _aligned(
        a.surname_kana, a.given_kana, a.whole_kana, b.surname_kana, b.given_kana, b.whole_kana
    )
    surname = _part_level(a_s, b_s, ak_s, bk_s)
    given = _part_level(a_g, b_g, ak_g, bk_g)
    if surname == AGREE and not a_g and not b_g and a_s == a.name:
        # The whole name agreed and neither record splits it: one agreement, weighed by the whole name's
        # frequency, and nothing more for the given name.
        whole_u = freq.u(freq.names, a.name, SURNAME_U_DEFAULT * GIVEN_U_DEFAULT)
        return AGREE, AGREE, weight(SURNAME_M_AGREE * GIVEN_M_AGREE, whole_u), 0.0
    surname_weight = (
        weight(SURNAME_M_AGREE, freq.u(freq.surnames, a_s, SURNAME_U_DEFAULT))
        if surname == AGREE
        else SURNAME_WEIGHTS[surname]
    )
    given_weight = (
        weight(GIVEN_M_AGREE, freq.u(freq.given, a_g, GIVEN_U_DEFAULT))
        if given == AGREE
        else GIVEN_WEIGHTS[given]
    )
    return surname, given, surname_weight, given_weight


def _name_words(a: Prepared, b: Prepared, surname: str, given: str) -> str:
    if surname == given == AGREE:
        return "一致" if a.name_raw == b.name_raw else "一致（異体字・表記の違い）"
    return f"姓：{_PART_WORDS[surname]}／名：{_PART_WORDS[given]}"


def _kana_words(a: Prepared, b: Prepared) -> str:
    if not a.whole_kana or not b.whole_kana:
        return "片方が空欄"
    if a.whole_kana == b.whole_kana:
        same_typing = a.record.kana.split() == b.record.kana.split()
        return "一致" if same_typing else "一致（カタカナ・半角などの違い）"
    if within_one_edit(a.whole_kana, b.whole_kana):
        return f"1字違い（{a.whole_kana}／{b.whole_kana}）"
    return "異なる"


def birth_level(a: Prepared, b: Prepared) -> str:
    x, y = a.birth_date, b.birth_date
    if x is None or y is None:
        return MISSING
    if x == y:
        return EXACT
    if x.year == y.year and x.month == y.day and x.day == y.month:
        return TRANSPOSED
    if (x.month, x.day) == (y.month, y.day) and abs(x.year - y.year) in ERA_DISTANCES:
        return ERA_SLIP
    if within_one_edit(a.birth_digits, b.birth_digits):
        return ONE_DIGIT
    if x.year == y.year:
        return SAME_YEAR
    return DIFFER


_BIRTH_WORDS = {
    EXACT: "一致",
    TRANSPOSED: "日と月が入れ替わり",
    ERA_SLIP: "月日が一致、年が元号の差だけ異なる（和暦の換算違いの可能性）",
    ONE_DIGIT: "1字違い",
    SAME_YEAR: "年のみ一致",
    DIFFER: "異なる",
    MISSING: "片方が空欄",
}


def address_level(a: Prepared, b: Prepared) -> str:
    if not a.address or not b.address:
        return MISSING
    if a.address == b.address:
        return AGREE
    if a.street == b.street and any(c.isdigit() for c in a.street):
        return STREET
    if a.town == b.town and any(c.isdigit() for c in a.town):
        return TOWN
    return DIFFER


_ADDRESS_WORDS = {
    AGREE: "一致",
    STREET: "番地まで一致（建物名・部屋番号が異なる）",
    TOWN: "町名・丁目まで一致",
    DIFFER: "異なる（転居の可能性）",
    MISSING: "片方が空欄",
}


def phone_level(a: Prepared, b: Prepared) -> str:
    if a.mobile and a.mobile == b.mobile:
        return MOBILE
    if a.phone and a.phone == b.phone:
        return HOME
    if (a.phone and a.phone == b.mobile) or (a.mobile and a.mobile == b.phone):
        return CROSSED
    if (a.phone or a.mobile) and (b.phone or b.mobile):
        return DIFFER
    return MISSING


_PHONE_WORDS = {
    MOBILE: "携帯電話が一致",
    HOME: "自宅電話が一致",
    CROSSED: "自宅と携帯の欄違いで一致",
    DIFFER: "異なる",
    MISSING: "片方が空欄",
}


class Judgement:
    """The levels a pair falls into and their weights, before any words: cheap enough for every candidate."""

    __slots__ = ("address", "birth", "given", "phone", "rule", "sex", "surname", "total", "weights")
    surname: str
    given: str
    birth: str
    address: str
    phone: str
    sex: str
    rule: str
    weights: dict[str, float]
    total: float

    def __init__(self, a: Prepared, b: Prepared, freq: Frequencies) -> None:
        surname, given, surname_weight, given_weight = _name_levels(a, b, freq)
        birth, address, phone = birth_level(a, b), address_level(a, b), phone_level(a, b)
        sex = MISSING if not a.sex or not b.sex else AGREE if a.sex == b.sex else DIFFER
        weights = {
            "surname": surname_weight,
            "given": given_weight,
            "birth_date": BIRTH_WEIGHTS[birth],
            "address": ADDRESS_WEIGHTS[address],
            "phone": PHONE_WEIGHTS[phone],
            "sex": SEX_WEIGHTS[sex],
        }
        if phone in (HOME, CROSSED) and address in (AGREE, STREET):
            weights["phone"] = HOME_PHONE_AT_SAME_ADDRESS
        rule = ""
        given_kana_agrees = bool(a.given_kana) and a.given_kana == b.given_kana
        # Nineteen in twenty who change surname at marriage are women: a man's record does not get the rule.
        could_have_married = "male" not in (a.sex, b.sex)
        if (
            surname == DIFFER
            and given in (AGREE, READING)
            and given_kana_agrees
            and birth == EXACT
            and could_have_married
        ):
            weights["surname"] = SURNAME_WEIGHTS[MAIDEN]
            rule = MAIDEN
        elif given == DIFFER and (address in (AGREE, STREET) or phone in (HOME, CROSSED)):
            weights["address"] = min(weights["address"], 0.0)
            if phone in (HOME, CROSSED):
                weights["phone"] = 0.0
            if birth == EXACT:
                weights["birth_date"] = 0.0
                rule = TWINS
            else:
                rule = FAMILY
        self.surname, self.given, self.birth, self.address, self.phone, self.sex = (
            surname,
            given,
            birth,
            address,
            phone,
            sex,
        )
        self.rule = rule
        self.weights = weights
        self.total = freq.prior + sum(weights.values())

    @property
    def probability(self) -> float:
        return 1.0 / (1.0 + math.exp2(-self.total))


FAMILY, TWINS = "family", "twins"
_RULE_WORDS = {
    MAIDEN: "姓だけが異なり、名・名のふりがな・生年月日が一致（旧姓の可能性）",
    TWINS: "住所・電話と生年月日が同じで名が異なる（双子など別人の可能性）",
    FAMILY: "住所・電話が同じで名が異なる（同じ世帯の家族の可能性）",
}
_SEX_WORDS = {AGREE: "一致", DIFFER: "異なる", MISSING: "片方が空欄・未回答"}


def score_pair(a: Prepared, b: Prepared, freq: Frequencies, judged: Judgement | None = None) -> ScoredPair:
    """The pair's weight and probability with the evidence in words, field by field, for the review screen."""
    judged = judged or Judgement(a, b, freq)
    evidence = {
        "name": _name_words(a, b, judged.surname, judged.given),
        "kana": _kana_words(a, b),
        "birth_date": _BIRTH_WORDS[judged.birth],
        "address": _ADDRESS_WORDS[judged.address],
        "phone": _PHONE_WORDS[judged.phone],
        "sex": _SEX_WORDS[judged.sex],
    }
    both_blank = {
        "kana": not a.whole_kana and not b.whole_kana,
        "birth_date": a.birth_date is None and b.birth_date is None,
        "address": not a.address and not b.address,
        "phone": not (a.phone or a.mobile or b.phone or b.mobile),
        "sex": not a.sex and not b.sex,
    }
    evidence |= {name: "両方とも空欄" for name, blank in both_blank.items() if blank}
    if judged.rule:
        evidence["rule"] = _RULE_WORDS[judged.rule]
    left, right = sorted((a.record.id, b.record.id))
    return ScoredPair(left, right, judged.total, judged.probability, judged.weights, evidence)
