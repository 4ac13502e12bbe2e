"""Japanese sentences as words with their dictionary forms, through SudachiPy and its core dictionary.

相談先ナビ compares what someone typed (息子が家から出られない) with short phrases (家から出ない) word by
word: 出られない and 出ない both come down to 出る + a negation, and ゴミ屋敷 / ごみ屋敷 / 塵屋敷 share a form.
The dictionary is loaded on first use, once per process (about 40 ms: it is memory-mapped), so pages and
commands that never read a sentence never pay for it.
"""

from __future__ import annotations

import functools
import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kasane.lib.text import search_key

if TYPE_CHECKING:
    from sudachipy import Tokenizer

# One key for every way of saying "not": 出られない, 行かず, お金がない, 無い.
NEGATION = "<not>"
_NEGATING_AUXILIARIES = {"ない", "ぬ", "ず", "ん"}
# Parts of speech that carry meaning; particles, auxiliaries, symbols and affixes do not.
_CONTENT = {"名詞", "代名詞", "動詞", "形容詞", "形状詞", "副詞", "連体詞"}
_NOUNS = {"名詞", "代名詞"}

_lock = threading.Lock()


@dataclass(frozen=True)
class Word:
    """One content word: the folded forms it can be matched by, and where it stands in the text."""

    keys: frozenset[str]
    begin: int
    end: int
    is_noun: bool
    # A verb or adjective that mostly helps another (いる in 働いていない, くる in 出てこない).
    is_light: bool = False
    # Shorter units inside a compound (発達障害 → 発達, 障害), each with its own keys.
    parts: tuple[frozenset[str], ...] = ()


@functools.cache
def _tokenizer() -> Tokenizer:
    from sudachipy import (  # noqa: PLC0415 - the dictionary loads on the first sentence read, not at start-up
        Dictionary,
        SplitMode,
    )

    return Dictionary(dict="core").tokenizer(SplitMode.C)


def _keys(surface: str, dictionary_form: str, normalized_form: str) -> frozenset[str]:
    return frozenset(
        k for k in (search_key(surface), search_key(dictionary_form), search_key(normalized_form)) if k
    )


@functools.lru_cache(maxsize=4096)
def content_words(text: str) -> tuple[Word, ...]:
    """The content words of `text` in order, negations kept as NEGATION; cached, since topic phrases repeat."""
    from sudachipy import SplitMode  # noqa: PLC0415 - with the tokenizer above, only when a sentence is read

    tokenizer = _tokenizer()
    # A Sudachi tokenizer is not meant to be used by two threads at once; queries take well under a millisecond.
    with _lock:
        morphemes = list(tokenizer.tokenize(text))
        units_of = [
            [
                (unit.surface(), unit.dictionary_form(), unit.normalized_form())
                for unit in m.split(SplitMode.A)
            ]
            for m in morphemes
        ]
    words: list[Word] = []
    for morpheme, units in zip(morphemes, units_of, strict=True):
        pos = morpheme.part_of_speech()[0]
        lemma = morpheme.dictionary_form()
        if (pos == "助動詞" and lemma in _NEGATING_AUXILIARIES) or morpheme.normalized_form() == "無い":
            words.append(Word(frozenset({NEGATION}), morpheme.begin(), morpheme.end(), is_noun=False))
            continue
        if pos not in _CONTENT:
            continue
        parts = tuple(_keys(*unit) for unit in units) if len(units) > 1 else ()
        words.append(
            Word(
                _keys(morpheme.surface(), lemma, morpheme.normalized_form()),
                morpheme.begin(),
                morpheme.end(),
                is_noun=pos in _NOUNS,
                is_light=morpheme.part_of_speech()[1] == "非自立可能",
                parts=parts,
            )
        )
    return tuple(words)


def warm_up() -> None:
    """Load the dictionary now (a worker's start-up, a benchmark) rather than on the first query."""
    _tokenizer()
