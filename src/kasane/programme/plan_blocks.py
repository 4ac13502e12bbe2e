"""The 実施計画 document as plain data: what ``plan_document.content`` assembles from the records, and what
both renderers (``plan_docx``, ``plan_pdf``) draw. Nothing here knows about a database or a file format."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from kasane.lib.dates import wareki


@dataclass(frozen=True)
class Para:
    """A paragraph; ``note`` sets it smaller and grey (a note under a table, the mark of a standard text)."""

    text: str
    note: bool = False


@dataclass(frozen=True)
class Heading:
    """A heading inside a section (ア 実施内容, ① 地域包括支援センターの運営): not in the 目次."""

    text: str


@dataclass(frozen=True)
class KeyRow:
    """A row of a 事業's table: a label on the left and one cell across the rest, or two (実施主体 | 機関名称).
    Consecutive rows with the same label share one merged label cell; ``head`` shades the row's cells."""

    label: str
    cells: tuple[str, ...]
    head: bool = False


@dataclass(frozen=True)
class KeyTable:
    """004's table of one 事業 (主な対象者 / 圏域・箇所数 / 事業内容 / 実施主体・機関名 / 担当課); ``caption``
    is a row across the top (基本型, こども家庭センター型, a meeting body's name) when given."""

    rows: tuple[KeyRow, ...]
    caption: str = ""


@dataclass(frozen=True)
class GridTable:
    """A table with a header row; ``widths`` are relative column widths."""

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[int, ...]


Block = Para | Heading | KeyTable | GridTable


@dataclass(frozen=True)
class Section:
    """(1) 包括的相談支援事業 …: the second level of the 目次."""

    number: str
    title: str
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class Chapter:
    number: int
    title: str
    blocks: tuple[Block, ...]  # before its first section
    sections: tuple[Section, ...] = ()

    @property
    def heading(self) -> str:
        return f"{self.number}. {self.title}"


@dataclass(frozen=True)
class TocEntry:
    level: int  # 0 a chapter, 1 a section
    text: str


@dataclass(frozen=True)
class PlanContent:
    municipality: str
    title: str
    period_label: str  # 計画期間 令和6年度〜令和10年度（2024年度〜2028年度）
    made_label: str  # 令和6年4月策定, or "" when no 策定日 is set
    revised_label: str  # 令和8年4月改訂, or ""
    day: dt.date  # the day the content was read from the records
    chapters: tuple[Chapter, ...]

    @property
    def toc(self) -> list[TocEntry]:
        entries = []
        for chapter in self.chapters:
            entries.append(TocEntry(0, chapter.heading))
            entries += [TocEntry(1, f"{s.number} {s.title}") for s in chapter.sections]
        return entries

    def text(self) -> str:
        """Every word of the document, for tests and search."""
        parts = [self.title, self.period_label, self.made_label, self.revised_label, self.municipality]
        for chapter in self.chapters:
            parts.append(chapter.heading)
            for number, title, blocks in [("", "", chapter.blocks)] + [
                (s.number, s.title, s.blocks) for s in chapter.sections
            ]:
                parts.append(f"{number} {title}")
                for block in blocks:
                    parts += block_text(block)
        return "\n".join(p for p in parts if p.strip())


def block_text(block: Block) -> list[str]:
    if isinstance(block, Para | Heading):
        return [block.text]
    if isinstance(block, KeyTable):
        return [block.caption] + [" ".join((row.label, *row.cells)) for row in block.rows]
    return [" ".join(block.header)] + [" ".join(row) for row in block.rows]


def stamp(content: PlanContent, *, draft: bool) -> str:
    """What every page says about the document: 「案」 while a draft, the day of publication once published."""
    return "案" if draft else f"公表版（{wareki(content.day)}公表）"
