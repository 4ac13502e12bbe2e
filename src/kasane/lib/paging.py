"""Keyset paging: lists that go on past any cap, at the same cost on the thousandth page as on the first.

A page is read as "the rows after this one" in the list's own order (``WHERE (opened_on, id) < (…)``), never as
an OFFSET, so a deep page does not scan the rows before it and a row added meanwhile does not shift the next
page. The cursor names only the last row shown (its id) and how many rows came before it (for 「全N件中 M〜K件目」):
the row's order values are read back from the list itself, so no name or ふりがな travels in a URL (where access
logs and browser history would keep it beyond any retention), and a forged cursor can only name a row of the
viewer's own list. A cursor that does not decode, or names a row the list no longer holds, starts from the top.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet

_INT64 = 2**63


@dataclass(frozen=True)
class Page:
    rows: list[Any]
    total: int
    start: int  # rows before this page
    next_cursor: str

    @property
    def first(self) -> int:
        """The number of the page's first row, counting from 1 (0 on an empty list)."""
        return self.start + 1 if self.rows else 0

    @property
    def last(self) -> int:
        return self.start + len(self.rows)

    @property
    def is_first(self) -> bool:
        return self.start == 0

    @property
    def following(self) -> int:
        """How many rows come after this page: 「次の30件」 rather than a full page's worth when fewer remain."""
        return max(self.total - self.last, 0)


def encode_cursor(pk: int, start: int) -> str:
    raw = json.dumps([start, pk], separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[int, int] | None:
    """The id of the last row shown and the count before the next page, or None when the cursor is missing
    or not one of ours."""
    if not cursor or len(cursor) > 100:
        return None
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        start, pk = json.loads(raw)
    except (ValueError, TypeError, binascii.Error, UnicodeDecodeError):
        return None
    if not all(isinstance(n, int) and not isinstance(n, bool) and 0 <= n < _INT64 for n in (start, pk)):
        return None
    return pk, start


def _after(order: Sequence[str], values: Sequence[Any]) -> Q:
    """Rows strictly after ``values`` in ``order`` ("-field" descending): (a > x) or (a = x and b > y) or …"""
    condition = Q()
    for i, key in enumerate(order):
        field = key.lstrip("-")
        step = Q(**{f"{field}__{'lt' if key.startswith('-') else 'gt'}": values[i]})
        for earlier, value in zip(order[:i], values[:i], strict=True):
            step &= Q(**{earlier.lstrip("-"): value})
        condition |= step
    return condition


def keyset(rows: QuerySet[Any], order: Sequence[str], cursor: str, size: int) -> Page:
    """One page of ``rows`` in ``order`` (which must end in "pk" or "-pk") after ``cursor``.

    The page is read with one row more than ``size``, to know whether a next page exists; a page after the
    first reads its anchor row's order values first (one short query by id), and the count is a query only
    when the list does not fit on its first page. Order fields must not be null."""
    fields = [key.lstrip("-") for key in order]
    ordered = rows.order_by(*order)
    start = 0
    decoded = decode_cursor(cursor)
    if decoded is not None:
        pk, start = decoded
        anchor = rows.filter(pk=pk).values_list(*fields).first()
        if anchor is None:
            decoded, start = None, 0
        else:
            ordered = ordered.filter(_after(order, anchor))
    fetched = list(ordered[: size + 1])
    shown = fetched[:size]
    total = len(fetched) if decoded is None and len(fetched) <= size else rows.count()
    next_cursor = encode_cursor(shown[-1].pk, start + size) if len(fetched) > size else ""
    return Page(shown, total, start, next_cursor)
