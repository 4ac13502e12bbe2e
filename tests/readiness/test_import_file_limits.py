"""A workbook or CSV that claims a huge sheet in a few bytes is refused, not read: both imports on the
prefecture's side (the municipality list and an event's participant list) read at most READ_COLUMNS columns
and stop at ten times their read limit in rows, empty ones included (``lib.tablefile`` reads for both)."""

from __future__ import annotations

import io
from collections.abc import Callable
from types import ModuleType

import pytest
from openpyxl import Workbook

from kasane.events import roster_file
from kasane.lib import tablefile
from kasane.readiness import importer

READERS: list[tuple[ModuleType, type[Exception]]] = [
    (importer, importer.ImportFileError),
    (roster_file, roster_file.RosterFileError),
]


def _xlsx(fill: Callable[[object], None]) -> bytes:
    workbook = Workbook()
    fill(workbook.active)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


@pytest.mark.parametrize(("reader", "error"), READERS, ids=["municipalities", "participants"])
def test_rows_far_apart_are_refused(reader: ModuleType, error: type[Exception]) -> None:
    last = 10 * reader.READ_LIMIT + 5

    def fill(sheet: object) -> None:
        sheet.cell(row=1, column=1, value="氏名")  # type: ignore[attr-defined]
        sheet.cell(row=last, column=1, value="遠くの行")  # type: ignore[attr-defined]

    content = _xlsx(fill)
    assert len(content) < 10_000
    with pytest.raises(error, match="空の行を含めて"):
        reader.read_table("list.xlsx", content)
    csv = ("氏名\n" + "\n" * last + "遠くの行\n").encode()
    with pytest.raises(error, match="空の行を含めて"):
        reader.read_table("list.csv", csv)


@pytest.mark.parametrize(("reader", "error"), READERS, ids=["municipalities", "participants"])
def test_only_the_first_columns_are_read(reader: ModuleType, error: type[Exception]) -> None:
    def fill(sheet: object) -> None:
        sheet.cell(row=1, column=1, value="氏名")  # type: ignore[attr-defined]
        sheet.cell(row=2, column=1, value="山田")  # type: ignore[attr-defined]
        sheet.cell(row=2, column=16_384, value="XFD")  # type: ignore[attr-defined]

    rows = reader.read_table("list.xlsx", _xlsx(fill))
    assert rows[1][0] == "山田"
    assert max(len(row) for row in rows) <= tablefile.READ_COLUMNS
