"""The prefecture's table summed by block or by region (振興局): how many municipalities, where they stand with
the programme, how many submitted this 年度's sheet, how many are rated and how many moved since the last
rating. Pure: it sums the rows ``overview.rows`` made, with no query of its own."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from kasane.readiness.themes import ProgrammeStatus

if TYPE_CHECKING:
    from kasane.readiness.overview import Row

UNSET = "未設定"


@dataclass
class Line:
    """One block or region of the roll-up (or the total)."""

    name: str
    pk: int | None  # the block's or region's id, to filter the table by it (None: 未設定 or 計)
    statuses: list[int] = field(default_factory=lambda: [0] * len(ProgrammeStatus))
    submitted: int = 0
    rated: int = 0
    moved_up: int = 0

    @property
    def total(self) -> int:
        return sum(self.statuses)

    def add(self, row: Row) -> None:
        status = row.profile.status if row.profile else ProgrammeStatus.UNDECIDED
        self.statuses[ProgrammeStatus.values.index(status)] += 1
        self.submitted += row.submitted_this_year
        self.rated += row.rated
        self.moved_up += row.moved_up


def _block(row: Row) -> tuple[int, str, int | None]:
    block = row.profile.block if row.profile else None
    return (block.sort_order, block.name, block.pk) if block else (1 << 16, UNSET, None)


def _region(row: Row) -> tuple[int, str, int | None]:
    region = row.profile.region if row.profile else None
    return (region.sort_order, region.name, region.pk) if region else (1 << 16, UNSET, None)


def _sum(found: Iterable[Row], key: Callable[[Row], tuple[int, str, int | None]]) -> list[Line]:
    lines: dict[tuple[int, str, int | None], Line] = {}
    for row in found:
        at = key(row)
        if at not in lines:
            lines[at] = Line(name=at[1], pk=at[2])
        lines[at].add(row)
    return [lines[at] for at in sorted(lines)]


def by_block(found: list[Row]) -> list[Line]:
    return _sum(found, _block)


def by_region(found: list[Row]) -> list[Line]:
    return _sum(found, _region)


def total(found: list[Row]) -> Line:
    line = Line(name="計", pk=None)
    for row in found:
        line.add(row)
    return line
