"""Keyset paging: lists that go on past any cap, at the same cost on the thousandth page as on the first.

A page is read as "the rows after this one" in the list's own order (``WHERE (opened_on, id) < (…)``), never as
an OFFSET, so a deep page does not scan the rows before it and a row added meanwhile does not shift the next
page. The cursor carries the last row's order values and how many rows came before it (for 「全N件中 M〜K件目」);
it only narrows a queryset the viewer may already see, so a forged cursor shows nothing new. A cursor that does
not decode starts the list from the top.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet


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


def _encode_value(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return {"t": value.isoformat()}
    if isinstance(value, dt.date):
        return {"d": value.isoformat()}
    if isinstance(value, Decimal):
        return {"n": str(value)}
    return value


_INT64 = 2**63


def _decode_value(value: Any) -> Any:
    """A value of a cursor we wrote: a date, time, decimal, bounded int, short string or bool; anything else
    (a list, a number past 64 bits, a long text) is not ours, and must not reach the database."""
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int):
        if not -_INT64 <= value < _INT64:
            raise ValueError("out of range")
        return value
    if isinstance(value, str):
        if len(value) > 200:
            raise ValueError("too long")
        return value
    if isinstance(value, dict) and len(value) == 1:
        if "t" in value:
            return dt.datetime.fromisoformat(value["t"])
        if "d" in value:
            return dt.date.fromisoformat(value["d"])
        if "n" in value:
            return Decimal(value["n"])
    raise ValueError("unknown value")


def encode_cursor(values: Sequence[Any], start: int) -> str:
    raw = json.dumps([start, [_encode_value(v) for v in values]], separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_cursor(cursor: str, width: int) -> tuple[list[Any], int] | None:
    """The order values and the count before, or None when the cursor is missing or not one of ours."""
    if not cursor or len(cursor) > 1000:
        return None
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        start, values = json.loads(raw)
        decoded = [_decode_value(v) for v in values]
    except (ValueError, TypeError, ArithmeticError, binascii.Error, UnicodeDecodeError):
        return None
    if not isinstance(start, int) or start < 0 or len(decoded) != width:
        return None
    return decoded, start


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
    """One page of ``rows`` in ``order`` (which must end in a unique field, e.g. "-pk") after ``cursor``.

    The page is read with one row more than ``size``, to know whether a next page exists; the count is a
    second query only when the list does not fit on its first page. Order fields must not be null."""
    decoded = decode_cursor(cursor, len(order))
    ordered = rows.order_by(*order)
    start = 0
    if decoded is not None:
        values, start = decoded
        try:
            ordered = ordered.filter(_after(order, values))
        except (ValidationError, ValueError, TypeError):
            # A value of the wrong kind for its field (a text where a date belongs): not a cursor of this list.
            decoded, start, ordered = None, 0, rows.order_by(*order)
    fetched = list(ordered[: size + 1])
    shown = fetched[:size]
    total = len(fetched) if decoded is None and len(fetched) <= size else rows.count()
    next_cursor = ""
    if len(fetched) > size:
        last = shown[-1]
        next_cursor = encode_cursor([_value(last, key.lstrip("-")) for key in order], start + size)
    return Page(shown, total, start, next_cursor)


def _value(row: Any, field: str) -> Any:
    value = row
    for part in field.split("__"):
        value = getattr(value, "pk" if part == "pk" else part)
    return value
