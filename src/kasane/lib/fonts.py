"""The fonts kasane ships, all from PyPI and read as files, never imported.

IPAex Gothic (IPA Font License) from matplotlib-fontja is the font of every PDF and the web pages' fallback
when the terminal has no Japanese font of its own; that package's module imports matplotlib, which is not
installed. What IPAex Gothic lacks (外字 of CJK Extension B such as 𠮷, Hangul, emoji) PDFs draw from the
fallbacks below, in order (SIL Open Font License): Noto Sans JP/TC/KR/SC from justmytype-intl-cjk, Noto
Emoji and Noto Sans Symbols from manimgx-fonts — TrueType outlines, which reportlab can embed.
"""

from __future__ import annotations

import importlib.util
from functools import cache
from pathlib import Path


def _package_file(package: str, relative: str) -> Path:
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError(f"{package} is not installed; run `uv sync`")
    path = Path(next(iter(spec.submodule_search_locations))) / relative
    if not path.is_file():
        raise RuntimeError(f"{relative} not found in {package} at {path}")
    return path


@cache
def ipaex_gothic() -> Path:
    return _package_file("matplotlib_fontja", "fonts/ipaexg.ttf")


_FALLBACKS = (
    # Japanese forms first; Traditional Chinese next for the rarer Extension B 人名 kanji it adds.
    ("justmytype_intl_cjk", "fonts/ofl/notosansjp/NotoSansJP[wght].ttf"),
    ("justmytype_intl_cjk", "fonts/ofl/notosanstc/NotoSansTC[wght].ttf"),
    ("justmytype_intl_cjk", "fonts/ofl/notosanskr/NotoSansKR[wght].ttf"),
    ("justmytype_intl_cjk", "fonts/ofl/notosanssc/NotoSansSC[wght].ttf"),
    ("manimgx_fonts", "NotoEmoji[wght].ttf"),
    ("manimgx_fonts", "NotoSansSymbols[wght].ttf"),
    ("manimgx_fonts", "NotoSans[wght].ttf"),
)


@cache
def fallbacks() -> tuple[Path, ...]:
    """The fonts a PDF draws a character from when IPAex Gothic has no glyph for it, first match wins."""
    return tuple(_package_file(package, relative) for package, relative in _FALLBACKS)
