"""Keys for matching Japanese text. Raw strings are always kept; only these keys are normalised."""

from __future__ import annotations

import re
import unicodedata

import jpnorm

_KATAKANA = "".join(chr(c) for c in range(ord("ァ"), ord("ヶ") + 1))
_HIRAGANA = "".join(chr(c) for c in range(ord("ぁ"), ord("ゖ") + 1))
_KATA_TO_HIRA = str.maketrans(_KATAKANA, _HIRAGANA)
_SPACES = re.compile(r"\s+")


def search_key(text: str) -> str:
    """Fold width, case, kana and spaces so that ヒキコモリ, ﾋｷｺﾓﾘ and ひき こもり match ひきこもり."""
    folded = unicodedata.normalize("NFKC", text or "").lower()
    return _SPACES.sub("", fold_kana(folded))


def fold_kana(text: str) -> str:
    """Katakana to hiragana, character for character, so offsets into `text` stay valid."""
    return text.translate(_KATA_TO_HIRA)


def kana_reading(text: str) -> str:
    """ふりがな written one way, so a list sorts by it: ﾀｶﾊｼ　ｲﾁﾛｳ, タカハシ イチロウ and たかはし  いちろう
    all read たかはし　いちろう — width folded (NFKC), katakana to hiragana, the words split by one 全角 space.
    Unlike the keys it is shown, so the space between surname and given name stays."""
    folded = fold_kana(unicodedata.normalize("NFKC", text or ""))
    # NFKC turns a stand-alone ゛ into a space and a combining mark; NFC then joins the mark to its kana.
    folded = unicodedata.normalize("NFC", _SPACED_MARK.sub(r"\1", folded))
    return "\u3000".join(folded.split())


_SPACED_MARK = re.compile(r"\s([\u3099\u309a])")


def terms(text: str) -> list[str]:
    """Split a typed query on spaces and Japanese punctuation into folded terms."""
    raw = re.split(r"[\s、,，・/／]+", unicodedata.normalize("NFKC", text or ""))
    return [key for key in (search_key(part) for part in raw) if key]


# Variant kanji (異体字・旧字体) in names fold to one form in the matching keys, so that 髙橋 finds 高橋 and
# 斉藤 finds 齋藤. The table is not ours: it is jpnorm's (PyPI, MIT OR Apache-2.0, pinned in uv.lock), its
# 旧字体→新字体 table (310 characters: 國→国, 澤→沢, 邊→辺, 齋→斎, 濱→浜, 龍→竜 …) and its table of variants
# met in personal and place names (27: 髙→高, 﨑→崎, 嵜→崎, 邉→辺, 濵→浜, 嶋→島, 冨→富, 𠮷→吉 …); it also
# drops variation selectors, so a name copied from a 住基 export with an IVS (葛󠄀) matches the plain one.
# Raw names are always kept and shown; only keys fold, so folding costs at most a wrong candidate on screen.
#
# What may fold: characters that are one character written two ways, which staff cannot be expected to
# know from a phone call or a handwritten form. jpnorm was chosen over broader tables (ja-itaiji's
# 16,660 families, Unihan's semantic variants) because those link characters that are different names:
# 峯/封, 嶺/領, 亘/宣, 祐/右, 吉/桔, 崎/埼/碕, 藤/籐, 濱/頻. NEVER_FOLDED lists such groups; a test holds
# every table version against it, and another pins the table itself, so upgrading jpnorm is a decision
# (with a migration re-keying the stored names, like casework's name_keys_itaiji) and never a surprise.
_TABLE = jpnorm.Normalizer(
    "none", kyujitai_to_shinjitai=True, unify_itaiji=True, remove_variation_selectors=True
)

# House decisions on top of the table, each with its reason.
NAME_FOLDS_ADDED: dict[str, str] = {
    # 斉 and 斎 are two characters (ひとし / いつき), and the table rightly keeps them apart. But as the
    # surname さいとう (斉藤・斎藤・齊藤・齋藤) they are one family that staff mix every day, and the
    # duplicate check exists to catch exactly that: offering a wrong candidate costs a click.
    "斉": "斎",
    # Name variants the table lacks, found by the hand-written pairs in tests/lib/test_name_variants.py
    # (the old hand list had the first three).
    "栁": "柳",
    "槗": "橋",
    "彅": "薙",  # 草彅, long printed 草なぎ or 草薙 where 彅 was missing from the character set
    "檜": "桧",
    "桒": "桑",
    "恆": "恒",
    "堯": "尭",
    "凜": "凛",
}
# Characters that a variant table might link but that tell two names apart: they must never fold together.
NEVER_FOLDED: tuple[str, ...] = (
    "己巳已",
    "土士",
    "未末",
    "崎埼碕",
    "峰封",
    "嶺領",
    "亘宣",
    "祐右",
    "吉桔",
    "藤籐",
    "浜頻",
    "沢途",
    "礼豊",
    "冶治",
)
_ADDED_FOLD = str.maketrans(NAME_FOLDS_ADDED)
_NON_DIGITS = re.compile(r"[^0-9]")


def name_key(text: str) -> str:
    """A matching key for names and ふりがな: search_key plus variant kanji, so ﾀｶﾊｼ 髙 matches たかはし高 and
    齋藤 matches 斉藤."""
    # NFKC turns a stand-alone ゛ into a space and a combining mark; once search_key drops the space,
    # NFC recombines the mark with its kana (か゛ → が).
    folded = unicodedata.normalize("NFC", search_key(text))
    return _TABLE.normalize(folded).translate(_ADDED_FOLD)


def phone_key(text: str) -> str:
    """Digits only, after NFKC: ０９０－１２３４－５６７８ gives 09012345678."""
    return _NON_DIGITS.sub("", unicodedata.normalize("NFKC", text or ""))


def name_search_terms(query: str) -> list[str]:
    """Split a typed name query on spaces (ASCII and U+3000) into name keys."""
    return [key for key in (name_key(part) for part in (query or "").split()) if key]


def name_suffixes(*texts: str) -> dict[str, bool]:
    """Every folded suffix of each text and of its space-separated parts, mapped to whether it is a whole
    word (a whole part, or the whole text) rather than a tail starting inside one: name search ranks a
    whole word above a word's start (とみ → とみ, then とみた) above the middle of a word (ひとみ)."""
    found: dict[str, bool] = {}
    for raw in texts:
        for part in [raw, *raw.replace("\u3000", " ").split(" ")]:
            key = name_key(part)
            for i in range(len(key)):
                found[key[i:]] = found.get(key[i:], False) or i == 0
    return found
