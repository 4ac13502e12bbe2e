"""総括・考察: the one chapter the officer writes; the report marks it （担当者記載）, and says 未記載 while empty.

An empty 総括 stays in the document as 「未記載」 rather than being left out, so nobody reads a report
without it believing nothing was to be said; the report page shows the same gap with a link to write it.
"""

from __future__ import annotations

from kasane.annual_report.document import Para, Section, Slide
from kasane.annual_report.models import Review
from kasane.lib.dates import wareki

TITLE = "総括・考察（担当者記載）"
NOT_WRITTEN = "未記載（総括・考察はまだ書かれていません）"
SLIDE_POINTS = 5


def build(review: Review | None) -> Section:
    section = Section(TITLE)
    paragraphs = review.paragraphs() if review else []
    if review is None or not paragraphs:
        section.blocks.append(Para(NOT_WRITTEN))
        section.slides.append(Slide(TITLE, [NOT_WRITTEN]))
        return section
    section.blocks.append(
        Para(
            f"この章は、記録から集計したものではなく、担当者が記載したものです"
            f"（{wareki(review.updated_at.date())}更新）。",
            note=True,
        )
    )
    section.blocks += [Para(text) for text in paragraphs]
    section.slides.append(Slide(TITLE, paragraphs[:SLIDE_POINTS]))
    section.sources.append(("annual_report.Review", review.pk))
    return section
