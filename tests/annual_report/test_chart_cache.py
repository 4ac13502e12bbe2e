"""The Word report's chart pictures are kept per process (``render_png``), keyed by the chart's spec: a report
shows its own prefecture's and year's figures only, whatever was drawn before it in the same worker."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
from typing import Any

import pytest
from docx import Document
from PIL import Image

from kasane.annual_report import assemble, render_docx, render_png
from kasane.annual_report.document import Chart, Report
from kasane.events.models import Event, Registration
from kasane.lib.charts import BARS, ChartSpec
from kasane.questionnaires.models import Phase
from kasane.readiness.models import SupportSettings
from kasane.tenancy.models import Municipality, Prefecture
from tests.annual_report.conftest import DAY, YEAR, questionnaire

pytestmark = pytest.mark.django_db


def _pictures(docx: bytes) -> list[bytes]:
    """The document's pictures, in reading order."""
    document = Document(io.BytesIO(docx))
    parts = document.part.related_parts
    return [
        parts[shape._inline.graphic.graphicData.pic.blipFill.blip.embed].blob
        for shape in document.inline_shapes
    ]


def _specs(report: Report) -> list[ChartSpec]:
    return [block.spec for section in report.sections for block in section.blocks if isinstance(block, Chart)]


def _training(
    municipality: Municipality, year: int, starts_on: dt.date, answers: list[tuple[int, str, str]], user: Any
) -> None:
    """A training held, titled and asked as the records' one, answered otherwise."""
    event = Event.objects.create(
        prefecture=municipality.prefecture,
        kind="training",
        title="人材養成研修（第1回）",
        fiscal_year=year,
        starts_on=starts_on,
        format="online",
        created_by=user,
    )
    for n in range(len(answers)):
        Registration.objects.create(
            event=event, name=f"受講者{n}", municipality=municipality, category="municipal", attended=True
        )
    questionnaire(event, Phase.SINGLE, answers, user)


def test_reports_of_other_prefectures_and_years_never_show_cached_charts(
    records: dict[str, Any], world: dict[str, Any]
) -> None:
    ken = world["users"]["prefecture"]
    iwate = records["prefecture"]
    hokkaido = Prefecture.objects.create(code="01", name="北海道")
    sapporo = Municipality.objects.create(
        prefecture=hokkaido, code="011002", name="札幌市", population=1_900_000
    )
    SupportSettings.objects.create(prefecture=hokkaido, min_sample=3)
    five = [
        (0, "行政職員", ""),
        (0, "行政職員", ""),
        (4, "その他", ""),
        (3, "医療関係者", ""),
        (1, "行政職員", ""),
    ]
    _training(sapporo, YEAR, dt.date(2025, 11, 5), five, ken)
    six = [(4, "福祉関係者", "")] * 4 + [(3, "行政職員", ""), (2, "その他", "")]
    _training(world["municipality"], YEAR - 1, dt.date(2024, 11, 5), six, ken)

    render_png.clear_cache()
    first = assemble.build(iwate, YEAR, today=DAY)
    first_pictures = set(_pictures(render_docx.render(first)))
    assert first_pictures
    for prefecture, year in ((hokkaido, YEAR), (iwate, YEAR - 1)):
        report = assemble.build(prefecture, year, today=DAY)
        specs = _specs(report)
        # Charts with the same titles as the first report's but other figures: what a cache keyed by a
        # chart's title, number or place would serve wrongly.
        assert {s.title for s in specs} & {s.title for s in _specs(first)}
        assert any(s not in _specs(first) for s in specs)
        served = _pictures(render_docx.render(report))
        render_png.clear_cache()
        drawn = _pictures(render_docx.render(report))
        assert served == drawn
        for spec, picture in zip(specs, served, strict=True):
            if spec not in _specs(first):
                assert picture not in first_pictures, (prefecture.name, year, spec.title)
        render_png.clear_cache()
        render_docx.render(first)  # the first report's charts are in the cache again for the next turn


def test_chart_pictures_are_kept_by_what_they_show() -> None:
    render_png.clear_cache()
    spec = ChartSpec(
        title="職業",
        categories=("福祉関係者", "行政職員"),
        series=("割合",),
        values=((3,), (1,)),
        percentages=((75.0,), (25.0,)),
        kind=BARS,
    )
    assert render_png.chart_png(spec) is render_png.chart_png(dataclasses.replace(spec))
    other = dataclasses.replace(spec, values=((2,), (2,)), percentages=((50.0,), (50.0,)))
    assert render_png.chart_png(other) != render_png.chart_png(spec)
    # Equal in Python, printed differently in the labels (「3件」, 「3.0件」): two pictures. (Counts are ints
    # by type; the cache does not rely on it.)
    floats = dataclasses.replace(spec, values=((3.0,), (1.0,)))  # type: ignore[arg-type]
    assert floats == spec
    assert render_png.chart_png(floats) != render_png.chart_png(spec)


def test_the_png_holds_the_drawn_pixels() -> None:
    spec = ChartSpec(
        title="他機関・他職種の業務内容に対する理解が深まりましたか",
        categories=("研修前", "研修後"),
        series=("よく理解できた", "理解できた", "どちらともいえない"),
        values=((1, 2, 1), (3, 1, 0)),
        percentages=((25.0, 50.0, 25.0), (75.0, 25.0, 0.0)),
        note="n=4",
    )
    drawn = render_png.draw(spec)
    decoded = Image.open(io.BytesIO(render_png.encode(drawn)))
    decoded.load()
    assert decoded.format == "PNG" and decoded.mode == "RGB" and decoded.size == drawn.size
    assert decoded.tobytes() == drawn.tobytes()
    with pytest.raises(ValueError):
        render_png.encode(drawn.convert("RGBA"))
