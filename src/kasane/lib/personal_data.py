"""The contract between the apps that hold personal data and the governance features that use it.

Each app that stores personal data offers one *provider* (``Provider``) that answers, for its own records:
what it holds about a person (``collect``: ``Section`` / ``Record`` / ``Field``, for 開示), when a household
must be kept (``holds``, given a ``Cutoff``), how much would go (``inventory``: ``Tally``), and how to let it
go (``anonymise``, tallied in ``Scrubbed``). ``kasane.governance.registry`` lists the providers; the apps
implement the contract from here, below both.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from kasane.lib.dates import TOKYO, localtime, wareki

if TYPE_CHECKING:
    from django.db.models import Q, QuerySet

ANONYMISED = "（匿名化済み）"


@dataclass(frozen=True)
class Field:
    """One item of a record: a machine key, the Japanese label, the text shown and the JSON value."""

    key: str
    label: str
    text: str
    value: Any = None


@dataclass(frozen=True)
class Record:
    title: str
    fields: tuple[Field, ...]


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    records: tuple[Record, ...]
    note: str = ""


@dataclass(frozen=True)
class Cutoff:
    """Records from this day on are recent: ``day`` for date fields, ``moment`` for date-time fields."""

    day: dt.date

    @property
    def moment(self) -> dt.datetime:
        return dt.datetime.combine(self.day, dt.time(), TOKYO)


def local_day(moment: dt.datetime | None) -> dt.date | None:
    return localtime(moment).date() if moment is not None else None


def moment_text(moment: dt.datetime | None) -> str:
    """令和8年11月23日 10:30, in Tokyo time: how a date and time reads on a document for the person."""
    if moment is None:
        return ""
    return f"{wareki(moment)} {localtime(moment):%H:%M}"


@dataclass(frozen=True)
class Tally:
    """How many records of one kind would be anonymised, and the span of their dates."""

    label: str
    count: int
    oldest: dt.date | None = None
    newest: dt.date | None = None


@dataclass
class Scrubbed:
    """What one anonymiser changed, by kind (Japanese label → records)."""

    counts: dict[str, int] = field(default_factory=dict)

    def add(self, label: str, count: int) -> None:
        if count:
            self.counts[label] = self.counts.get(label, 0) + count


class Provider(Protocol):
    key: str
    label: str
    models: tuple[str, ...]

    def collect(self, person: Any) -> list[Section]: ...

    def holds(self, cutoff: Cutoff) -> list[Q]: ...

    def inventory(self, households: QuerySet[Any]) -> list[Tally]: ...

    def anonymise(self, household: Any, scrubbed: Scrubbed) -> None: ...
