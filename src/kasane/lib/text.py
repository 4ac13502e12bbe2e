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
    folded = folded.translate(_KATA_TO_HIRA)
    return _SPACES.sub("", folded)


def terms(text: str) -> list[str]:
    """Split a typed query on spaces and Japanese punctuation into folded terms."""
    raw = re.split(r"[\s、,，・/／]+", unicodedata.normalize("NFKC", text or ""))
    return [key for key in (search_key(part) for part in raw) if key]
