"""Keys for matching Japanese text. Raw strings are always kept; only these keys are normalised."""

from __future__ import annotations

import re
import unicodedata

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


def terms(text: str) -> list[str]:
    """Split a typed query on spaces and Japanese punctuation into folded terms."""
    raw = re.split(r"[\s、,，・/／]+", unicodedata.normalize("NFKC", text or ""))
    return [key for key in (search_key(part) for part in raw) if key]


# Variant kanji (異体字) in personal names, folded to the common form so that 髙橋 finds 高橋.
# Compatibility ideographs are written as escapes: an editor or tool that applies NFC would silently
# turn U+FA10 into U+585A, hiding the entry. Only variants that never tell two different names apart
# belong here; 斎 and 斉 stay distinct, for example.
NAME_VARIANTS: dict[str, str] = {
    "髙": "高",
    "\ufa11": "崎",  # 﨑, a compatibility ideograph that NFKC leaves unchanged
    "嵜": "崎",
    "邉": "辺",
    "邊": "辺",
    "齋": "斎",
    "齊": "斉",
    "濵": "浜",
    "濱": "浜",
    "德": "徳",
    "瀨": "瀬",
    "栁": "柳",
    "\uf9c9": "柳",  # compatibility form; NFKC folds it already
    "槗": "橋",
    "彅": "薙",
    "曻": "昇",
    "\ufa10": "塚",  # compatibility forms; NFKC folds both to U+585A already
    "\ufa7c": "塚",
    "𠮷": "吉",
}
# name_key applies NFKC before this table, so each entry is keyed by its NFKC form: a compatibility
# ideograph and the variant it normalises to then fold the same way.
_NAME_VARIANT_FOLD = str.maketrans(
    {
        unicodedata.normalize("NFKC", variant): common
        for variant, common in NAME_VARIANTS.items()
        if unicodedata.normalize("NFKC", variant) != common
    }
)
_NON_DIGITS = re.compile(r"[^0-9]")


def name_key(text: str) -> str:
    """A matching key for names and ふりがな: search_key plus variant kanji, so ﾀｶﾊｼ 髙 matches たかはし高."""
    # NFKC turns a stand-alone ゛ into a space and a combining mark; once search_key drops the space,
    # NFC recombines the mark with its kana (か゛ → が).
    folded = unicodedata.normalize("NFC", search_key(text))
    return folded.translate(_NAME_VARIANT_FOLD)


def phone_key(text: str) -> str:
    """Digits only, after NFKC: ０９０－１２３４－５６７８ gives 09012345678."""
    return _NON_DIGITS.sub("", unicodedata.normalize("NFKC", text or ""))


def name_search_terms(query: str) -> list[str]:
    """Split a typed name query on spaces (ASCII and U+3000) into name keys."""
    return [key for key in (name_key(part) for part in (query or "").split()) if key]
