"""The report as plain data: sections of blocks (headings, paragraphs, tables, charts), plus slides.

``assemble`` builds it from the records; ``render_pdf``, ``render_docx`` and ``render_pptx`` each draw the
same document, so the three files always say the same thing. Every section names the records it came from
(``sources``), so the report can be traced back to them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kasane.lib.charts import ChartSpec


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 2  # 1 = chapter, 2 = section, 3 = sub-section


@dataclass(frozen=True)
class Para:
    text: str
    note: bool = False  # smaller, grey: sources and remarks


@dataclass(frozen=True)
class Bullets:
    items: tuple[str, ...]


@dataclass(eq=False)
class Table:
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[float, ...] = ()  # relative column widths; empty = equal
    caption: str = ""
    number: int = 0  # 図表 number, given by ``number_figures`` once the report is assembled
    excerpt_of: Table | None = None  # a slide's shorter copy of a table in the report

    @property
    def label(self) -> str:
        return _label(self.number if self.excerpt_of is None else self.excerpt_of.number, self.caption)


@dataclass(eq=False)
class Chart:
    spec: ChartSpec
    caption: str = ""
    number: int = 0

    @property
    def label(self) -> str:
        return _label(self.number, self.caption)


def _label(number: int, caption: str) -> str:
    return f"図表{number}　{caption}".strip() if number else caption


@dataclass(frozen=True)
class PageBreak:
    pass


Block = Heading | Para | Bullets | Table | Chart | PageBreak


@dataclass
class Slide:
    """One slide for the report meeting: a title, a few points, and at most one table or chart."""

    title: str
    points: list[str] = field(default_factory=list)
    table: Table | None = None
    chart: Chart | None = None


@dataclass
class Section:
    title: str
    blocks: list[Block] = field(default_factory=list)
    slides: list[Slide] = field(default_factory=list)
    sources: list[tuple[str, int]] = field(default_factory=list)  # (model label, pk)


@dataclass
class Report:
    title: str
    subtitle: str
    prefecture: str
    fiscal_year: int
    fiscal_year_label: str
    made_on_label: str
    author: str
    sections: list[Section] = field(default_factory=list)

    def number_figures(self) -> None:
        """図表1, 図表2 …: every table and chart of the document, numbered in reading order (the slides show
        the same numbers, as they hold the same blocks)."""
        number = 0
        for section in self.sections:
            last_heading = section.title
            for block in section.blocks:
                if isinstance(block, Heading):
                    last_heading = block.text
                elif isinstance(block, Table | Chart):
                    number += 1
                    block.number = number
                    block.caption = block.caption or last_heading

    def source_ids(self, label: str) -> set[int]:
        return {pk for section in self.sections for model, pk in section.sources if model == label}

    def text(self) -> str:
        """Every word of the report, for search and tests."""
        parts: list[str] = [self.title, self.subtitle]
        for section in self.sections:
            parts.append(section.title)
            for block in section.blocks:
                if isinstance(block, Heading | Para):
                    parts.append(block.text)
                elif isinstance(block, Bullets):
                    parts.extend(block.items)
                elif isinstance(block, Table):
                    parts.append(block.label)
                    parts.extend(" ".join(row) for row in (block.header, *block.rows))
                elif isinstance(block, Chart):
                    parts.extend((block.label, block.spec.title, block.spec.description()))
        return "\n".join(parts)
