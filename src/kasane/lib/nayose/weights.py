"""The weights of 名寄せ: for each field, its agreement levels and a fixed log-likelihood weight for each.

A level's weight is log2(m / u), where m is how often two records of one person fall into that level and u how
often two records of different people do. The numbers are set from what we know of how records are written
and how people live (the reason is next to each), not fitted on any data set: the benchmark
(benchmarks/nayose.py) only checks them. Only the u of an exact name agreement is taken from the records at
hand (a term-frequency adjustment: 佐藤 agreeing says less than 勅使河原 agreeing), smoothed towards a fixed
value so that a handful of records cannot make it up.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import combinations

from kasane.lib.dates import ERAS
from kasane.lib.nayose.keys import Prepared

# Agreement levels of a name part (surname or given name).
AGREE, KANJI_ONLY, READING, KANA_TYPO, DIFFER, MISSING, MAIDEN = (
    "agree",
    "kanji_only",
    "reading",
    "kana_typo",
    "differ",
    "missing",
    "maiden",
)


def weight(m: float, u: float) -> float:
    """log2(m / u): the evidence a level gives, in bits."""
    return math.log2(m / u)


# Surnames: m of agreement is below the given name's because surnames change at marriage; u of agreement is
# set from the records (term frequency), this being the value when they are too few to say.
SURNAME_U_DEFAULT = 0.003  # about one pair of strangers in 300 share a surname (佐藤 alone is 1.5%)
SURNAME_M_AGREE = 0.88
SURNAME_WEIGHTS = {
    # Kanji differ but the reading is the same: 渡辺/渡部 typed from a phone call, a name in katakana.
    READING: weight(0.05, 0.003),
    # One kana typed wrong (さいとう/さいと) where one record has the name in kana only or no kanji at all
    # (two names both in kanji, differing, are two names: score.py).
    KANA_TYPO: weight(0.02, 0.004),
    # Same kanji, different reading (a misread ふりがな): the kanji still say a lot.
    KANJI_ONLY: weight(0.02, 0.0005),
    # About one duplicate in twenty carries another surname (marriage, divorce, adoption).
    DIFFER: weight(0.05, 0.99),
    MISSING: 0.0,
    # The 旧姓 rule (score.py): the other surname is what marriage does, so it neither counts for nor against.
    MAIDEN: 0.0,
}
GIVEN_U_DEFAULT = 0.002
GIVEN_M_AGREE = 0.92
GIVEN_WEIGHTS = {
    READING: weight(0.04, 0.001),
    KANA_TYPO: weight(0.03, 0.003),
    KANJI_ONLY: weight(0.01, 0.0005),
    # A given name hardly ever changes; staff typing a wholly different one is rarer still.
    DIFFER: weight(0.004, 0.99),
    MISSING: 0.0,
}
# Pseudo-records behind the default u: with fewer records than this, a name's own frequency counts little.
TERM_FREQUENCY_SMOOTHING = 1_000

# Birth dates: about 27,000 different days in the 75 years in which most of the people served were born.
_DATE_U = 1 / 27_000
EXACT, TRANSPOSED, ERA_SLIP, ONE_DIGIT, SAME_YEAR = (
    "exact",
    "transposed",
    "era_slip",
    "one_digit",
    "same_year",
)
BIRTH_WEIGHTS = {
    EXACT: weight(0.85, _DATE_U),
    # 3月4日 written 4月3日: a common slip on forms, as likely as any one typo.
    TRANSPOSED: weight(0.02, _DATE_U),
    # 昭和50年 converted as 平成50年 (or 西暦 computed from the wrong era): same month and day, the years
    # apart by exactly the distance between two eras; one of ~10 such distances.
    ERA_SLIP: weight(0.02, 10 * _DATE_U),
    # One digit wrong or two neighbouring digits swapped in YYYYMMDD: ~40 dates lie that close to any date.
    ONE_DIGIT: weight(0.04, 40 * _DATE_U),
    # Only the year in common (a date known as a year, 1月1日 filled in).
    SAME_YEAR: weight(0.03, 1 / 75),
    DIFFER: weight(0.04, 0.98),
    MISSING: 0.0,
}
# 明治 to 令和: the distances between the years of any two eras (30 for 平成↔令和, 63 for 昭和↔平成 …).
ERA_DISTANCES = frozenset(abs(a.start.year - b.start.year) for a, b in combinations(ERAS, 2))

STREET, TOWN = "street", "town"
ADDRESS_WEIGHTS = {
    # People move and agencies record old addresses: a same-person pair agrees on it only half the time.
    AGREE: weight(0.5, 0.0005),
    # Same 番地, the building or room written differently (or left out).
    STREET: weight(0.1, 0.001),
    # Same 町・丁目 only: a move within the neighbourhood, or a typo in the numbers.
    TOWN: weight(0.05, 0.02),
    DIFFER: weight(0.35, 0.98),
    MISSING: 0.0,
}

MOBILE, HOME, CROSSED = "mobile", "home", "crossed"
PHONE_WEIGHTS = {
    # A mobile is one person's, but a family member's number is sometimes given as the contact.
    MOBILE: weight(0.4, 0.0002),
    # A home phone is the household's: family members share it.
    HOME: weight(0.4, 0.001),
    # The home number in one record's mobile field (or the reverse): the same number entered in the other box.
    CROSSED: weight(0.1, 0.001),
    DIFFER: weight(0.3, 0.95),
    MISSING: 0.0,
}

# Once the address agrees, a home phone agreeing says little more: the strangers who share an address are
# family members, and they share the home phone too.
HOME_PHONE_AT_SAME_ADDRESS = weight(0.8, 0.6)

SEX_WEIGHTS = {AGREE: weight(0.98, 0.5), DIFFER: weight(0.01, 0.5), MISSING: 0.0}

# The expected share of records that have a duplicate; with the number of records it gives the prior odds
# that a pair is one person. Below MIN_POPULATION records the prior is that of MIN_POPULATION, so that a
# small search does not make every pair likely.
DUPLICATE_RATE = 0.1
MIN_POPULATION = 10_000
# A pair is shown for review when it is more likely the same person than not.
THRESHOLD = 0.5


@dataclass
class Frequencies:
    """How often each folded surname and given name occurs among the records being compared."""

    records: int
    surnames: Counter[str] = field(default_factory=Counter)
    given: Counter[str] = field(default_factory=Counter)
    names: Counter[str] = field(default_factory=Counter)

    @classmethod
    def of(cls, people: Iterable[Prepared]) -> Frequencies:
        people = list(people)
        return cls(
            records=len(people),
            surnames=Counter(p.surname for p in people if p.surname),
            given=Counter(p.given for p in people if p.given),
            names=Counter(p.name for p in people if p.name),
        )

    def u(self, counts: Counter[str], key: str, default: float) -> float:
        k = TERM_FREQUENCY_SMOOTHING
        return (counts[key] + k * default) / (self.records + k)

    @property
    def prior(self) -> float:
        return math.log2(DUPLICATE_RATE / max(self.records, MIN_POPULATION))
