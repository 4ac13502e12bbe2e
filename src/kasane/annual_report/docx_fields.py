"""Word fields for the report: the page number in the footer and a table of contents Word refreshes on open.

python-docx writes no fields of its own; these add the few elements Word needs (ECMA-376 §17.16). The TOC's
result holds the chapter titles, so a viewer that does not update fields still shows a contents list.
"""

from __future__ import annotations

from typing import Any

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

# Elements that follow w:updateFields in CT_Settings: it must come before the first of them.
AFTER_UPDATE_FIELDS = (
    "w:hdrShapeDefaults",
    "w:footnotePr",
    "w:endnotePr",
    "w:compat",
    "w:docVars",
    "w:rsids",
    "m:mathPr",
    "w:attachedSchema",
    "w:themeFontLang",
    "w:clrSchemeMapping",
)


def _run(paragraph: Any, *children: Any) -> None:
    run = OxmlElement("w:r")
    for child in children:
        run.append(child)
    paragraph._p.append(run)


def _char(kind: str, *, dirty: bool = False) -> Any:
    element = OxmlElement("w:fldChar")
    element.set(qn("w:fldCharType"), kind)
    if dirty:
        element.set(qn("w:dirty"), "true")
    return element


def _instruction(code: str) -> Any:
    element = OxmlElement("w:instrText")
    element.set(qn("xml:space"), "preserve")
    element.text = f" {code} "
    return element


def _text(value: str) -> Any:
    element = OxmlElement("w:t")
    element.set(qn("xml:space"), "preserve")
    element.text = value
    return element


def simple_field(paragraph: Any, code: str, shown: str) -> None:
    """A field such as PAGE inside a paragraph, with the value to show until Word computes it."""
    _run(paragraph, _char("begin"))
    _run(paragraph, _instruction(code))
    _run(paragraph, _char("separate"))
    _run(paragraph, _text(shown))
    _run(paragraph, _char("end"))


def table_of_contents(document: Any, entries: list[str]) -> None:
    """A TOC field over Heading 1–2 (marked dirty), whose result lists ``entries`` until Word refreshes it."""
    paragraphs = [document.add_paragraph(style="TOC 1" if _has(document, "TOC 1") else None) for _ in entries]
    if not paragraphs:
        paragraphs = [document.add_paragraph()]
    first, last = paragraphs[0], paragraphs[-1]
    begin = OxmlElement("w:r")
    begin.append(_char("begin", dirty=True))
    instruction = OxmlElement("w:r")
    instruction.append(_instruction('TOC \\o "1-2" \\h \\z \\u'))
    separate = OxmlElement("w:r")
    separate.append(_char("separate"))
    for paragraph, entry in zip(paragraphs, entries, strict=False):
        _run(paragraph, _text(entry))
    first._p.insert(_after_properties(first), separate)
    first._p.insert(_after_properties(first), instruction)
    first._p.insert(_after_properties(first), begin)
    _run(last, _char("end"))


def _after_properties(paragraph: Any) -> int:
    return 1 if paragraph._p.pPr is not None else 0


def _has(document: Any, style: str) -> bool:
    return any(s.name == style for s in document.styles)


def update_fields_on_open(document: Any) -> None:
    """settings.xml's w:updateFields: Word refreshes the TOC (and page numbers) when the file is opened."""
    settings = document.settings.element
    flag = settings.find(qn("w:updateFields"))
    if flag is None:
        flag = OxmlElement("w:updateFields")
        following = next(
            (settings.find(qn(tag)) for tag in AFTER_UPDATE_FIELDS if settings.find(qn(tag)) is not None),
            None,
        )
        if following is None:
            settings.append(flag)
        else:
            following.addprevious(flag)
    flag.set(qn("w:val"), "true")
