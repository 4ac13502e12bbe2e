"""Serves the bundled Japanese font as the static file kasane/fonts/ipaexg.ttf (and collects it)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.contrib.staticfiles.finders import BaseFinder
from django.core.files.storage import FileSystemStorage

from kasane.lib.fonts import ipaex_gothic

STATIC_NAME = "kasane/fonts/ipaexg.ttf"


class BundledFontFinder(BaseFinder):
    def check(self, **kwargs: Any) -> list[Any]:
        return []

    def find(self, path: str, find_all: bool = False, **kwargs: Any) -> Any:
        if path == STATIC_NAME:
            found = str(ipaex_gothic())
            return [found] if find_all else found
        return [] if find_all else ""

    def list(self, ignore_patterns: Any) -> Iterator[tuple[str, FileSystemStorage]]:
        font = ipaex_gothic()
        storage = FileSystemStorage(location=str(font.parent))
        storage.prefix = "kasane/fonts"  # type: ignore[attr-defined]
        yield font.name, storage
