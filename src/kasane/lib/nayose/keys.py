"""What 名寄せ compares: a person's record reduced once to folded keys, and the blocking keys built from them.

Raw values are never changed; the keys fold what staff write in different ways for one fact: variant kanji
and kana width through ``kasane.lib.text.name_key``, digits and separators in phone numbers through
``phone_key``, and 丁目・番地・号 written as words, kanji numerals, hyphens or in 全角 through
``address_key`` here.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from kasane.lib.text import name_key, phone_key, search_key


@dataclass(frozen=True)
class PersonRecord:
    """One person as recorded: the fields 名寄せ looks at. ``id`` is the caller's (a Person's pk)."""

    id: int
    name: str
    kana: str = ""
    birth_date: dt.date | None = None
    address: str = ""
    phone: str = ""
    mobile: str = ""
    sex: str = ""  # "male" / "female"; anything else is unknown


# --- addresses -------------------------------------------------------------------------------------------

_KANJI_DIGITS = {"〇": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_KANJI_NUMBER = re.compile(r"[〇一二三四五六七八九十百千]+(?=丁目|番地|番|号|の|[-－ー‐―−]|$)")
_PREFECTURE = re.compile(r"^(東京都|北海道|京都府|大阪府|[^\d\s]{2,3}県)")
# A city, ward or county before the town: two to five characters ending in 市・区・郡 (the two-character
# minimum keeps 市場町 and 区画 whole).
_CITY = re.compile(r"^[^\d\s]{2,5}?[市区郡](?=\D)")
_SEPARATORS = re.compile(r"(丁目|番地の?|番|号|の|[-－ー‐―−])(?=\d)")
_TRAILING = re.compile(r"(丁目|番地|番|号)")
_SPACES = re.compile(r"\s+")
_STREET = re.compile(r"^\D*\d+(?:-\d+)*")
_TOWN = re.compile(r"^\D*\d*")


def _kanji_number(text: str) -> str:
    """一 → 1, 十二 → 12, 二十三 → 23, 百五 → 105, 二〇三 → 203."""
    if not any(c in text for c in "十百千"):
        return "".join(str(_KANJI_DIGITS[c]) for c in text)
    total, current = 0, 0
    for char in text:
        if char in _KANJI_DIGITS:
            current = current * 10 + _KANJI_DIGITS[char]
        else:
            unit = {"十": 10, "百": 100, "千": 1000}[char]
            total += (current or 1) * unit
            current = 0
    return str(total + current)


@lru_cache(maxsize=65_536)
def address_key(text: str) -> str:
    """One spelling for one address: 「〇〇県みどり市本町一丁目二番地三」, 「本町1丁目2番3号」 and 「本町１－２－３」
    all read 本町1-2-3. The prefecture and the city are dropped (one municipality's records may or may not
    write them); a building and room after the numbers stay, folded like the rest."""
    folded = _SPACES.sub("", unicodedata.normalize("NFKC", text or ""))
    folded = _KANJI_NUMBER.sub(lambda m: _kanji_number(m.group()), folded)
    folded = _PREFECTURE.sub("", folded)
    folded = _CITY.sub("", folded)
    folded = _SEPARATORS.sub("-", folded)
    folded = _TRAILING.sub("", folded)
    return search_key(folded)


def street_key(key: str) -> str:
    """The address up to its last number (building and room dropped): 本町1-2-3ハイツ101 → 本町1-2-3."""
    match = _STREET.match(key)
    return match.group() if match else key


def town_key(key: str) -> str:
    """The town and its 丁目: 本町1-2-3 → 本町1."""
    match = _TOWN.match(key)
    return match.group() if match else key


# --- names -----------------------------------------------------------------------------------------------

_HIRAGANA_ONLY = re.compile(r"^[\u3041-\u309fー]+$")


@lru_cache(maxsize=65_536)
def _parts(text: str) -> tuple[str, str, str]:
    """(surname, given name, whole) as name keys; surname and given are empty when no space divides them."""
    words = unicodedata.normalize("NFKC", text or "").split()
    whole = name_key("".join(words))
    if len(words) >= 2:
        return name_key(words[0]), name_key("".join(words[1:])), whole
    return "", "", whole


class Prepared:
    """A record with its keys computed once; scoring and blocking read only these."""

    __slots__ = (
        "address",
        "birth_date",
        "birth_digits",
        "given",
        "given_kana",
        "given_raw",
        "mobile",
        "name",
        "name_raw",
        "phone",
        "record",
        "sex",
        "street",
        "surname",
        "surname_kana",
        "surname_raw",
        "town",
        "whole_kana",
    )

    def __init__(self, record: PersonRecord) -> None:
        self.record = record
        self.surname, self.given, self.name = _parts(record.name)
        # The raw spelling (width and spaces folded, variant kanji kept), to tell 一致 from 一致（異体字）.
        raw_words = unicodedata.normalize("NFKC", record.name or "").split()
        self.name_raw = search_key(record.name)
        self.surname_raw = search_key(raw_words[0]) if len(raw_words) >= 2 else ""
        self.given_raw = search_key("".join(raw_words[1:])) if len(raw_words) >= 2 else ""
        kana = record.kana
        if not name_key(kana) and _HIRAGANA_ONLY.match(self.name):
            kana = record.name  # a name written in kana is its own reading
        self.surname_kana, self.given_kana, self.whole_kana = _parts(kana)
        self.birth_date = record.birth_date
        self.birth_digits = record.birth_date.strftime("%Y%m%d") if record.birth_date else ""
        self.address = address_key(record.address)
        self.street = street_key(self.address)
        self.town = town_key(self.address)
        self.phone = phone_key(record.phone)
        self.mobile = phone_key(record.mobile)
        self.sex = record.sex if record.sex in ("male", "female") else ""


# --- blocking --------------------------------------------------------------------------------------------


def blocking_keys(person: Prepared) -> list[str]:
    """The blocks a record joins; two records are compared only when they share one.

    Each key is one way a duplicate still agrees with its original when other fields went wrong:
    - the folded name (any birth date, address or phone);
    - the whole ふりがな (kanji written differently or not at all);
    - the birth date with day and month in order (a 旧姓 or a new kanji; 3/4 and 4/3 land together);
    - month, day and the ふりがな of the given name (a year typed wrong or in the wrong era);
    - the first two kana of the surname, the first of the given name and the birth year (a ふりがな typo);
    - each phone number (a record with neither name nor birth date right but the same number).
    """
    keys = []
    if person.name:
        keys.append("n:" + person.name)
    if person.whole_kana:
        keys.append("k:" + person.whole_kana)
    born = person.birth_date
    if born is not None:
        low, high = sorted((born.month, born.day))
        keys.append(f"b:{born.year}-{low}-{high}")
        if person.given_kana:
            keys.append(f"m:{born.month}-{born.day}:{person.given_kana}")
        if person.surname_kana and person.given_kana:
            keys.append(f"p:{person.surname_kana[:2]}:{person.given_kana[:1]}:{born.year}")
    for number in {person.phone, person.mobile} - {""}:
        keys.append("t:" + number)
    return keys
