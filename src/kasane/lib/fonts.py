"""The Japanese font kasane ships: IPAex Gothic (IPA Font License), from the PyPI package matplotlib-fontja.

We only read the .ttf file; the package's own module imports matplotlib, which is not installed, so it is
located without being imported. PDFs embed it, and the web pages fall back to it when the terminal has no
Japanese font of its own.
"""

from __future__ import annotations

import importlib.util
from functools import cache
from pathlib import Path


@cache
def ipaex_gothic() -> Path:
    spec = importlib.util.find_spec("matplotlib_fontja")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("matplotlib-fontja (IPAex Gothic) is not installed; run `uv sync`")
    path = Path(next(iter(spec.submodule_search_locations))) / "fonts" / "ipaexg.ttf"
    if not path.is_file():
        raise RuntimeError(f"IPAex Gothic not found at {path}")
    return path
