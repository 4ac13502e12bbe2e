"""名寄せ quality and speed: kasane's engine beside splink on one synthetic population with known truth.

    uv run --group bench python benchmarks/nayose.py [--persons N] [--skip-splink] [--splink-folded] [--check-weights]

N records (default 10,000). --splink-folded adds a third run: splink, same setup, fed kasane's folded keys.
--check-weights prints each level's shipped weight beside log2(m/u) observed on this data (a check only).

Builds N person records (seeded): households of a head, a spouse and children sharing an address and a home
phone, twins, common surnames and a long tail; then about one person in eight recorded again (and some a
third time) by another agency, with what really goes wrong: variant kanji (髙/高, 﨑/崎, 齋/斉/斎, 邊/辺/邉),
a given name in other kanji of the same reading (裕子/優子), ふりがな typos, in katakana or 半角, missing or misread; birth dates in 和暦 or 西暦, day and month swapped,
converted with the wrong era, one digit wrong or known only as a year; addresses written 1丁目2番3号, 1-2-3,
一丁目二番地三 or 全角, or a new address after a move; a married woman under her maiden name; phones missing,
changed or in the other box; names without the space. Birth dates are read with kasane.lib.dates for both.

Then runs, on the same records:
- kasane: kasane.lib.nayose.find_duplicates with its fixed weights (nothing is fitted to this data);
- splink (DuckDB) in its documented usual setup: comparisons from its library (NameComparison on surname,
  given name and their kana, DateOfBirthComparison, ExactMatch on address, phones and sex), blocking rules
  on a few columns, the prior from a deterministic rule, u by random sampling, m by EM on two blocking
  rules. Its input gets the usual cleaning a splink user would do (NFKC, spaces trimmed, phone digits only),
  not kasane's folds.
Prints, for each: precision, recall and F1 of the pairs at probability 0.5 (kasane's THRESHOLD, and the
natural cut for splink's match_probability), the best F1 over all thresholds, the pairs compared and the
wall time (data built outside the timing; splink's time includes its training).
"""

from __future__ import annotations

import datetime as dt
import math
import random
import sys
import time
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, replace
from itertools import combinations

from kasane.lib.dates import ERAS, era_year, parse_date_input
from kasane.lib.nayose import THRESHOLD, PersonRecord, address_key, find_duplicates, weights
from kasane.lib.nayose.candidates import candidate_pairs
from kasane.lib.nayose.keys import Prepared
from kasane.lib.nayose.score import Judgement
from kasane.lib.nayose.weights import Frequencies
from kasane.lib.text import phone_key


def _argument(argv: list[str], name: str, default: int) -> int:
    if name in argv:
        return int(argv[argv.index(name) + 1].replace("_", ""))
    return default


SEED = 20261208
# (kanji, kana, weight, variant spellings met in records)
SURNAMES = [
    ("佐藤", "さとう", 40, []),
    ("鈴木", "すずき", 38, []),
    ("高橋", "たかはし", 32, ["髙橋"]),
    ("田中", "たなか", 30, []),
    ("伊藤", "いとう", 25, []),
    ("渡辺", "わたなべ", 24, ["渡邊", "渡邉"]),
    ("山本", "やまもと", 24, []),
    ("中村", "なかむら", 23, []),
    ("小林", "こばやし", 22, []),
    ("加藤", "かとう", 20, []),
    ("吉田", "よしだ", 19, ["𠮷田"]),
    ("山田", "やまだ", 18, []),
    ("佐々木", "ささき", 16, []),
    ("山口", "やまぐち", 14, []),
    ("松本", "まつもと", 14, []),
    ("井上", "いのうえ", 13, []),
    ("木村", "きむら", 13, []),
    ("林", "はやし", 12, []),
    ("斎藤", "さいとう", 12, ["齋藤", "斉藤", "齊藤"]),
    ("清水", "しみず", 12, []),
    ("山崎", "やまざき", 11, ["山\ufa11", "山嵜"]),
    ("森", "もり", 10, []),
    ("池田", "いけだ", 10, []),
    ("橋本", "はしもと", 10, []),
    ("阿部", "あべ", 10, []),
    ("石川", "いしかわ", 10, []),
    ("中島", "なかじま", 9, ["中嶋"]),
    ("長谷川", "はせがわ", 8, []),
    ("藤田", "ふじた", 8, []),
    ("渡部", "わたなべ", 5, ["渡邊"]),
    ("浜田", "はまだ", 4, ["濱田", "濵田"]),
    ("島田", "しまだ", 4, ["嶋田"]),
    ("宮崎", "みやざき", 5, ["宮\ufa11"]),
    ("高木", "たかぎ", 5, ["髙木"]),
    ("斉藤", "さいとう", 7, ["齋藤", "斎藤"]),
    ("辺見", "へんみ", 1, ["邊見"]),
    ("沢田", "さわだ", 3, ["澤田"]),
    ("広田", "ひろた", 2, ["廣田"]),
]
_FIRST = [
    ("山", "やま"),
    ("川", "かわ"),
    ("小", "こ"),
    ("大", "おお"),
    ("石", "いし"),
    ("松", "まつ"),
    ("竹", "たけ"),
    ("森", "もり"),
    ("村", "むら"),
    ("野", "の"),
    ("岡", "おか"),
    ("西", "にし"),
    ("東", "ひがし"),
    ("北", "きた"),
    ("南", "みなみ"),
    ("金", "かね"),
    ("長", "なが"),
    ("福", "ふく"),
    ("平", "ひら"),
    ("今", "いま"),
    ("上", "かみ"),
    ("下", "しも"),
    ("横", "よこ"),
    ("桜", "さくら"),
]
_SECOND = [
    ("田", "た"),
    ("川", "かわ"),
    ("本", "もと"),
    ("井", "い"),
    ("原", "はら"),
    ("木", "き"),
    ("沢", "さわ"),
    ("口", "ぐち"),
    ("谷", "たに"),
    ("内", "うち"),
    ("尾", "お"),
    ("野", "の"),
    ("岡", "おか"),
    ("橋", "はし"),
    ("瀬", "せ"),
    ("坂", "さか"),
    ("島", "しま"),
    ("宮", "みや"),
]
TAIL = [(a + b, ka + kb) for a, ka in _FIRST for b, kb in _SECOND]
MALE = [
    ("翔太", "しょうた"),
    ("大輔", "だいすけ"),
    ("健太", "けんた"),
    ("拓也", "たくや"),
    ("一郎", "いちろう"),
    ("誠", "まこと"),
    ("浩", "ひろし"),
    ("博", "ひろし"),
    ("茂", "しげる"),
    ("勇", "いさむ"),
    ("隆", "たかし"),
    ("清", "きよし"),
    ("修", "おさむ"),
    ("悠斗", "ゆうと"),
    ("悠太", "ゆうた"),
    ("雄太", "ゆうた"),
    ("陽翔", "はると"),
    ("蓮", "れん"),
    ("大樹", "だいき"),
    ("直樹", "なおき"),
    ("和也", "かずや"),
    ("達也", "たつや"),
    ("翔", "しょう"),
    ("亮", "りょう"),
    ("哲也", "てつや"),
    ("健一", "けんいち"),
    ("正男", "まさお"),
    ("秀樹", "ひでき"),
    ("康弘", "やすひろ"),
    ("俊介", "しゅんすけ"),
    ("龍之介", "りゅうのすけ"),
    ("功", "いさお"),
    ("豊", "ゆたか"),
    ("実", "みのる"),
    ("進", "すすむ"),
    ("昇", "のぼる"),
    ("健二", "けんじ"),
    ("孝", "たかし"),
    ("明", "あきら"),
    ("剛", "つよし"),
    ("聡", "さとし"),
    ("武", "たけし"),
    ("優斗", "ゆうと"),
    ("颯太", "そうた"),
    ("湊", "みなと"),
    ("樹", "いつき"),
    ("蒼", "あおい"),
    ("智也", "ともや"),
    ("祐介", "ゆうすけ"),
    ("雅人", "まさと"),
    ("義男", "よしお"),
    ("勝", "まさる"),
    ("忠", "ただし"),
    ("光太郎", "こうたろう"),
    ("慎吾", "しんご"),
    ("陸", "りく"),
]
FEMALE = [
    ("花子", "はなこ"),
    ("陽子", "ようこ"),
    ("恵子", "けいこ"),
    ("和子", "かずこ"),
    ("幸子", "さちこ"),
    ("美咲", "みさき"),
    ("さくら", "さくら"),
    ("結衣", "ゆい"),
    ("陽菜", "ひな"),
    ("愛", "あい"),
    ("真由美", "まゆみ"),
    ("由美子", "ゆみこ"),
    ("裕子", "ゆうこ"),
    ("優子", "ゆうこ"),
    ("明美", "あけみ"),
    ("直美", "なおみ"),
    ("久美子", "くみこ"),
    ("智子", "ともこ"),
    ("京子", "きょうこ"),
    ("洋子", "ようこ"),
    ("千尋", "ちひろ"),
    ("彩", "あや"),
    ("舞", "まい"),
    ("葵", "あおい"),
    ("凜", "りん"),
    ("凛", "りん"),
    ("芽衣", "めい"),
    ("美穂", "みほ"),
    ("香織", "かおり"),
    ("静香", "しずか"),
    ("節子", "せつこ"),
    ("トシ", "とし"),
    ("ハル", "はる"),
    ("キヨ", "きよ"),
    ("文子", "ふみこ"),
    ("春香", "はるか"),
    ("真理子", "まりこ"),
    ("奈々", "なな"),
    ("理恵", "りえ"),
    ("美香", "みか"),
    ("瞳", "ひとみ"),
    ("麻衣", "まい"),
    ("沙織", "さおり"),
    ("加奈子", "かなこ"),
    ("紀子", "のりこ"),
    ("順子", "じゅんこ"),
    ("礼子", "れいこ"),
    ("早苗", "さなえ"),
    ("桃子", "ももこ"),
    ("千夏", "ちなつ"),
    ("莉子", "りこ"),
    ("結菜", "ゆいな"),
    ("心春", "こはる"),
    ("美月", "みつき"),
    ("澄江", "すみえ"),
    ("ミツ", "みつ"),
]
TOWNS = [
    "本町",
    "栄町",
    "緑町",
    "旭町",
    "中央",
    "東町",
    "西町",
    "南町",
    "北町",
    "新町",
    "若葉",
    "桜ヶ丘",
    "松原",
    "梅田",
    "青葉台",
    "富士見",
    "宮前",
    "住吉",
    "昭和町",
    "大和町",
    "幸町",
    "朝日町",
    "泉",
    "港町",
    "日の出町",
    "光が丘",
    "みどり野",
    "あけぼの",
    "若松町",
    "千代田",
]
BUILDINGS = ["", "", "", "", "コーポ本町", "ハイツ緑", "メゾン栄", "グリーンヒル", "県営住宅", "サンライズ"]


@dataclass(frozen=True)
class Person:
    surname: str
    surname_kana: str
    given: str
    given_kana: str
    sex: str
    born: dt.date
    address: tuple[str, int, int, int, str, int]  # town, 丁目, 番, 号, building, room
    phone: str
    mobile: str
    maiden: tuple[str, str] | None = None  # surname before marriage


class Population:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.people: list[Person] = []

    def surname(self) -> tuple[str, str]:
        if self.rng.random() < 0.6:
            kanji, kana, _, _ = self.rng.choices(SURNAMES, weights=[s[2] for s in SURNAMES])[0]
            return kanji, kana
        return self.rng.choice(TAIL)

    def address(self) -> tuple[str, int, int, int, str, int]:
        r = self.rng
        building = r.choice(BUILDINGS)
        return (
            r.choice(TOWNS),
            r.randint(1, 5),
            r.randint(1, 30),
            r.randint(1, 25),
            building,
            r.randint(1, 4) * 100 + r.randint(1, 9) if building else 0,
        )

    def number(self, prefix: str) -> str:
        r = self.rng
        return f"{prefix}{r.randint(1000, 9999)}{r.randint(1000, 9999)}"

    def child_of(self, head: Person, born: dt.date, family: list[Person]) -> Person:
        sex = self.rng.choice(["male", "female"])
        # Parents do not give a child a name already in the family.
        taken = {member.given_kana for member in family}
        given, kana = self.rng.choice([n for n in (MALE if sex == "male" else FEMALE) if n[1] not in taken])
        mobile = self.number("090") if self.rng.random() < 0.6 and born.year < 2008 else ""
        return replace(head, given=given, given_kana=kana, sex=sex, born=born, mobile=mobile, maiden=None)

    def household(self) -> None:
        r = self.rng
        surname, kana = self.surname()
        born = dt.date(1935, 1, 1) + dt.timedelta(days=r.randint(0, 365 * 65))
        sex = r.choice(["male", "female"])
        given, given_kana = r.choice(MALE if sex == "male" else FEMALE)
        home = self.number("03") if r.random() < 0.6 else ""
        head = Person(
            surname,
            kana,
            given,
            given_kana,
            sex,
            born,
            self.address(),
            home,
            self.number("090") if r.random() < 0.6 else "",
        )
        members = [head]
        if r.random() < 0.55:
            wife_given, wife_kana = r.choice(FEMALE)
            if sex == "female":
                head = replace(head, maiden=self.surname())
                members[0] = head
                husband_given, husband_kana = r.choice(MALE)
                spouse = replace(head, given=husband_given, given_kana=husband_kana, sex="male", maiden=None)
            else:
                spouse = replace(
                    head, given=wife_given, given_kana=wife_kana, sex="female", maiden=self.surname()
                )
            spouse = replace(
                spouse,
                born=born + dt.timedelta(days=r.randint(-2000, 2000)),
                mobile=self.number("080") if r.random() < 0.6 else "",
            )
            members.append(spouse)
            for _ in range(r.choice([0, 1, 1, 2, 2, 3])):
                child_born = born + dt.timedelta(days=r.randint(365 * 22, 365 * 38))
                members.append(self.child_of(head, child_born, members))
                if r.random() < 0.04:  # twins: the same birth date, another given name
                    members.append(self.child_of(head, child_born, members))
        self.people.extend(members)


# --- writing a person down as a record, the ways staff do ------------------------------------------------

_HALF = str.maketrans(
    "アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワヲンァィゥェォャュョッー",
    "ｱｲｳｴｵｶｷｸｹｺｻｼｽｾｿﾀﾁﾂﾃﾄﾅﾆﾇﾈﾉﾊﾋﾌﾍﾎﾏﾐﾑﾒﾓﾔﾕﾖﾗﾘﾙﾚﾛﾜｦﾝｧｨｩｪｫｬｭｮｯｰ",
)


def _katakana(text: str) -> str:
    return "".join(chr(ord(c) + 0x60) if "ぁ" <= c <= "ゖ" else c for c in text)


def _half_width(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", _katakana(text))
    return decomposed.replace("\u3099", "ﾞ").replace("\u309a", "ﾟ").translate(_HALF)


def _kana_typo(rng: random.Random, kana: str) -> str:
    if len(kana) < 3:
        return kana
    if "う" in kana[1:] and rng.random() < 0.5:  # しょうた → しょた
        i = kana.index("う", 1)
        return kana[:i] + kana[i + 1 :]
    i = rng.randrange(1, len(kana))
    return kana[:i] + rng.choice("あいうかきくさしすたちつなにぬまみむらりる") + kana[i + 1 :]


_KANJI_NUMERALS = "〇一二三四五六七八九"


def _kanji_number(n: int) -> str:
    if n < 10:
        return _KANJI_NUMERALS[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _KANJI_NUMERALS[tens]) + "十" + (_KANJI_NUMERALS[ones] if ones else "")


def _address_text(rng: random.Random, address: tuple[str, int, int, int, str, int]) -> str:
    town, chome, ban, go, building, room = address
    style = rng.random()
    if style < 0.35:
        text = f"{town}{chome}丁目{ban}番{go}号"
    elif style < 0.7:
        text = f"{town}{chome}-{ban}-{go}"
    elif style < 0.85:
        text = f"{town}{_kanji_number(chome)}丁目{_kanji_number(ban)}番地{_kanji_number(go)}"
    else:
        text = unicodedata.normalize("NFKC", f"{town}{chome}-{ban}-{go}").translate(
            str.maketrans("0123456789-", "０１２３４５６７８９－")
        )
    if building and rng.random() < 0.8:
        text += rng.choice(["", " ", "　"]) + building + str(room)
    prefix = rng.random()
    if prefix < 0.3:
        text = "みどり市" + text
    elif prefix < 0.4:
        text = "〇〇県みどり市" + text
    return text


def _phone_text(rng: random.Random, number: str) -> str:
    if not number:
        return ""
    style = rng.random()
    if style < 0.5:
        return f"{number[:-8]}-{number[-8:-4]}-{number[-4:]}"
    if style < 0.8:
        return number
    return unicodedata.normalize("NFKC", number).translate(
        str.maketrans("0123456789", "０１２３４５６７８９")
    )


def _date_text(rng: random.Random, day: dt.date) -> str:
    if rng.random() < 0.4:
        era, year = era_year(day)
        return f"{era.name}{year}年{day.month}月{day.day}日"
    return rng.choice([f"{day:%Y-%m-%d}", f"{day.year}年{day.month}月{day.day}日", f"{day:%Y/%m/%d}"])


def _slipped_date(rng: random.Random, born: dt.date) -> dt.date | None:
    """What a second agency wrote down for the birth date (None: left blank)."""
    roll = rng.random()
    try:
        if roll < 0.05 and born.day <= 12 and born.day != born.month:
            return born.replace(month=born.day, day=born.month)
        if roll < 0.08:  # 和暦 converted with the neighbouring era's start year
            era, year = era_year(born)
            index = ERAS.index(era)
            other = ERAS[index + 1] if index + 1 < len(ERAS) else ERAS[index - 1]
            return dt.date(other.start.year + year - 1, born.month, born.day)
        if roll < 0.12:
            text = born.strftime("%Y%m%d")
            i = rng.choice([3, 6, 7])
            text = text[:i] + str(rng.randint(0, 9)) + text[i + 1 :]
            return dt.date(int(text[:4]), int(text[4:6]), int(text[6:]))
        if roll < 0.14:
            return born.replace(month=1, day=1)  # known as a year only
        if roll < 0.19:
            return None
    except ValueError:
        pass
    return born


def record_of(rng: random.Random, index: int, person: Person, again: bool) -> dict[str, object]:
    surname, surname_kana, given, given_kana = (
        person.surname,
        person.surname_kana,
        person.given,
        person.given_kana,
    )
    born: dt.date | None = person.born
    address, phone, mobile = person.address, person.phone, person.mobile
    if again:
        variants = next((s[3] for s in SURNAMES if s[0] == surname), [])
        if variants and rng.random() < 0.5:
            surname = rng.choice(variants)
        if person.maiden and rng.random() < 0.35:
            surname, surname_kana = person.maiden
        homophones = [g for g, k in MALE + FEMALE if k == given_kana and g != given]
        if homophones and rng.random() < 0.2:  # 裕子 typed 優子: the reading was right, the kanji not
            given = rng.choice(homophones)
        if rng.random() < 0.1:
            given_kana = _kana_typo(rng, given_kana)
        elif rng.random() < 0.05:
            surname_kana = _kana_typo(rng, surname_kana)
        born = _slipped_date(rng, person.born)
        if rng.random() < 0.25:
            address = (rng.choice(TOWNS), rng.randint(1, 5), rng.randint(1, 30), rng.randint(1, 25), "", 0)
        if rng.random() < 0.2:
            mobile = f"070{rng.randint(10000000, 99999999)}"
        if rng.random() < 0.06:
            phone, mobile = mobile, phone
    separator = rng.choices([" ", "　", ""], weights=[70, 20, 10])[0]
    kana_style = rng.random()
    kana = f"{surname_kana} {given_kana}"
    if kana_style < 0.15:
        kana = ""
    elif kana_style < 0.45:
        kana = _katakana(kana)
    elif kana_style < 0.55:
        kana = _half_width(kana)
    return {
        "index": index,
        "name": f"{surname}{separator}{given}",
        "kana": kana,
        "birth": _date_text(rng, born) if born else "",
        "address": _address_text(rng, address) if rng.random() > 0.08 else "",
        "phone": _phone_text(rng, phone if rng.random() > 0.15 else ""),
        "mobile": _phone_text(rng, mobile if rng.random() > 0.15 else ""),
        "sex": person.sex if rng.random() < 0.8 else "",
    }


def build(total: int) -> tuple[list[dict[str, object]], list[int]]:
    """`total` records and, for each, the index of the person it records."""
    rng = random.Random(SEED)
    population = Population(rng)
    while len(population.people) < total * 0.87:
        population.household()
    people = population.people
    owners = list(range(len(people)))
    while len(owners) < total:
        owner = rng.randrange(len(people))
        owners.append(owner)
        if rng.random() < 0.15 and len(owners) < total:
            owners.append(owner)
    rng.shuffle(owners)
    seen: set[int] = set()
    rows = []
    for index, owner in enumerate(owners):
        rows.append(record_of(rng, index, people[owner], again=owner in seen))
        seen.add(owner)
    return rows, owners


# --- running and measuring -------------------------------------------------------------------------------


def _date(text: object) -> dt.date | None:
    try:
        return parse_date_input(str(text)) if text else None
    except ValueError:
        return None


def true_pairs(owners: list[int]) -> set[tuple[int, int]]:
    by_person: dict[int, list[int]] = defaultdict(list)
    for index, owner in enumerate(owners):
        by_person[owner].append(index)
    return {pair for indexes in by_person.values() for pair in combinations(sorted(indexes), 2)}


def measure(scored: list[tuple[float, int, int]], truth: set[tuple[int, int]], threshold: float) -> str:
    """P/R/F1 at `threshold`, and the best F1 over every threshold (pairs never scored count as misses)."""
    scored = sorted(scored, reverse=True)
    hits = 0
    best = (0.0, 0.0)
    at = (0, 0)
    for rank, (probability, left, right) in enumerate(scored, start=1):
        hits += (left, right) in truth
        f1 = 2 * hits / (rank + len(truth))
        if f1 > best[0]:
            best = (f1, probability)
        if probability >= threshold:
            at = (rank, hits)
    predicted, correct = at
    precision = correct / predicted if predicted else 0.0
    recall = correct / len(truth) if truth else 0.0
    f1 = 2 * correct / (predicted + len(truth)) if truth else 0.0
    return (
        f"precision {precision:.3f}  recall {recall:.3f}  F1 {f1:.3f} at p>={threshold}"
        f"  ({predicted:,} pairs, {correct:,} right of {len(truth):,});  best F1 {best[0]:.3f} at p>={best[1]:.3g}"
    )


def run_kasane(rows: list[dict[str, object]]) -> tuple[list[tuple[float, int, int]], int, float]:
    """Times what the application would run (find_duplicates at its THRESHOLD, evidence for each pair found);
    then, untimed, scores every candidate pair the same way for the curve behind the best F1."""
    started = time.perf_counter()
    records = [_record(row) for row in rows]
    found = find_duplicates(records)
    elapsed = time.perf_counter() - started
    people = [Prepared(record) for record in records]
    frequencies = Frequencies.of(people)
    pairs, _ = candidate_pairs(people)
    scored = [(Judgement(people[i], people[j], frequencies).probability, i, j) for i, j in pairs]
    assert sum(p >= THRESHOLD for p, _, _ in scored) == len(found.pairs)
    return scored, found.compared, elapsed


def _clean(text: object) -> str | None:
    folded = "".join(unicodedata.normalize("NFKC", str(text or "")).split())
    return folded or None


def _splink_columns(rows: list[dict[str, object]], folded: bool) -> dict[str, list[object]]:
    """The usual cleaning (NFKC, spaces trimmed, phone digits only); or, `folded`, kasane's own keys
    (variant kanji, kana width and katakana, addresses), to tell the keys' share from the model's."""
    columns: dict[str, list[object]] = defaultdict(list)
    for row in rows:
        born = _date(row["birth"])
        if folded:
            person = Prepared(PersonRecord(id=0, name=str(row["name"]), kana=str(row["kana"])))
            name = [person.surname, person.given] if person.surname else [person.name]
            kana = [person.surname_kana, person.given_kana] if person.surname_kana else [person.whole_kana]
            address = address_key(str(row["address"])) or None
        else:
            name = unicodedata.normalize("NFKC", str(row["name"])).split()
            kana = unicodedata.normalize("NFKC", str(row["kana"])).split()
            address = _clean(row["address"])
        columns["unique_id"].append(row["index"])
        columns["surname"].append(name[0] if name and name[0] else None)
        columns["given_name"].append("".join(name[1:]) or None)
        columns["surname_kana"].append(kana[0] if kana and kana[0] else None)
        columns["given_kana"].append("".join(kana[1:]) or None)
        columns["birth_date"].append(born.isoformat() if born else None)
        columns["address"].append(address)
        columns["phone"].append(phone_key(str(row["phone"])) or None)
        columns["mobile"].append(phone_key(str(row["mobile"])) or None)
        columns["sex"].append(row["sex"] or None)
    return columns


def run_splink(
    rows: list[dict[str, object]], *, folded: bool = False
) -> tuple[list[tuple[float, int, int]], int, float]:
    import splink.comparison_library as cl
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on

    started = time.perf_counter()
    columns = _splink_columns(rows, folded)
    db_api = DuckDBAPI()
    frame = db_api.register(dict(columns))
    settings = SettingsCreator(
        link_type="dedupe_only",
        comparisons=[
            cl.NameComparison("surname"),
            cl.NameComparison("given_name"),
            cl.NameComparison("surname_kana"),
            cl.NameComparison("given_kana"),
            cl.DateOfBirthComparison("birth_date", input_is_string=True),
            cl.ExactMatch("address"),
            cl.ExactMatch("phone"),
            cl.ExactMatch("mobile"),
            cl.ExactMatch("sex"),
        ],
        blocking_rules_to_generate_predictions=[
            block_on("surname", "given_name"),
            block_on("surname_kana", "given_kana"),
            block_on("birth_date"),
            block_on("phone"),
            block_on("mobile"),
        ],
    )
    linker = Linker(frame, settings, log_level=None)
    linker.training.estimate_probability_two_random_records_match(
        [block_on("surname", "given_name", "birth_date")], recall=0.7
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=min(5e6, len(rows) * 200), seed=SEED)
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("birth_date"))
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("surname_kana", "given_kana"))
    predictions = linker.inference.predict(threshold_match_probability=0.001)
    result = (
        predictions.as_duckdbpyrelation().select("match_probability, unique_id_l, unique_id_r").fetchall()
    )
    elapsed = time.perf_counter() - started
    blocked = linker.inference.compute_blocked_pairs_for_predict().as_duckdbpyrelation()
    compared = int(blocked.count("*").fetchall()[0][0])
    scored = [(float(p), min(int(a), int(b)), max(int(a), int(b))) for p, a, b in result]
    return scored, compared, elapsed


def check_weights(rows: list[dict[str, object]], truth: set[tuple[int, int]]) -> None:
    """The shipped weight of each level beside log2(m/u) observed here: m over every true pair, u over
    random pairs (levels before the family rules). A check on the constants, which are not taken from it."""
    people = [Prepared(_record(row)) for row in rows]
    frequencies = Frequencies.of(people)
    rng = random.Random(SEED + 1)
    strangers: set[tuple[int, int]] = set()
    while len(strangers) < 300_000:
        i, j = sorted(rng.sample(range(len(people)), 2))
        if (i, j) not in truth:
            strangers.add((i, j))
    tables = {
        "surname": weights.SURNAME_WEIGHTS,
        "given": weights.GIVEN_WEIGHTS,
        "birth": weights.BIRTH_WEIGHTS,
        "address": weights.ADDRESS_WEIGHTS,
        "phone": weights.PHONE_WEIGHTS,
        "sex": weights.SEX_WEIGHTS,
    }
    counts: dict[str, defaultdict[tuple[str, str], int]] = {"m": defaultdict(int), "u": defaultdict(int)}
    for kind, pairs in (("m", truth), ("u", strangers)):
        for i, j in pairs:
            judged = Judgement(people[i], people[j], frequencies)
            for name in tables:
                counts[kind][(name, getattr(judged, name))] += 1
    print("field     level        shipped   observed   (m over true pairs, u over 300,000 random pairs)")
    for name, level in sorted(set(counts["m"]) | set(counts["u"])):
        m = counts["m"][(name, level)] / max(1, len(truth))
        u = counts["u"][(name, level)] / len(strangers)
        observed = f"{math.log2(m / u):6.1f}" if m and u else "   n/a"
        table = tables[name]
        shipped = f"{table[level]:6.1f}" if level in table else "by freq."
        print(f"{name:9} {level:11} {shipped:>9}   {observed}   (m {m:.4f}, u {u:.5f})")


def _record(row: dict[str, object]) -> PersonRecord:
    return PersonRecord(
        id=int(str(row["index"])),
        name=str(row["name"]),
        kana=str(row["kana"]),
        birth_date=_date(row["birth"]),
        address=str(row["address"]),
        phone=str(row["phone"]),
        mobile=str(row["mobile"]),
        sex=str(row["sex"]),
    )


def main() -> None:
    total = _argument(sys.argv, "--persons", 10_000)
    started = time.perf_counter()
    rows, owners = build(total)
    truth = true_pairs(owners)
    print(
        f"## {total:,} records of {len(set(owners)):,} persons, {len(truth):,} true duplicate pairs "
        f"(built in {time.perf_counter() - started:.1f} s, seed {SEED})"
    )
    scored, compared, elapsed = run_kasane(rows)
    print(f"kasane  {elapsed:7.1f} s  {compared:>10,} pairs compared  " + measure(scored, truth, THRESHOLD))
    if "--skip-splink" not in sys.argv:
        scored, compared, elapsed = run_splink(rows)
        print(f"splink  {elapsed:7.1f} s  {compared:>10,} pairs compared  " + measure(scored, truth, 0.5))
    if "--splink-folded" in sys.argv:
        scored, compared, elapsed = run_splink(rows, folded=True)
        print(
            f"splink on kasane's keys  {elapsed:7.1f} s  {compared:>10,} pairs compared  "
            + measure(scored, truth, 0.5)
        )

    if "--check-weights" in sys.argv:
        check_weights(rows, truth)


if __name__ == "__main__":
    main()
