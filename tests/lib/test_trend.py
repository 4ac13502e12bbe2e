"""The trend chart of an indicator (kasane.lib.trend): the SVG a page shows (valid XML, no inline style or script,
described in words, each value drawn, the planned path, a gap where no value was measured, the intervals) and
the reportlab drawing a PDF holds, rendered to a PNG to be looked at (tests/artifacts/trend-*.png)."""

from __future__ import annotations

import io
import shutil
import subprocess
import xml.etree.ElementTree as ET

import pytest

from kasane.lib import trend
from kasane.lib.trend import TrendPoint, TrendSpec
from tests.conftest import ARTIFACTS, skip_or_fail

SVG = "{http://www.w3.org/2000/svg}"

SURVEY = TrendSpec(
    title="⑤ 身近な地域に相談できる人がいると答えた市民の割合",
    unit="%",
    points=(
        TrendPoint("R5", 2023, 52.2, trend.BASELINE, (48.9, 55.5)),
        TrendPoint("R6", 2024, 54.0, trend.ACTUAL, (50.8, 57.2)),
        TrendPoint("R7", 2025, None, trend.ACTUAL),
        TrendPoint("R8", 2026, 55.1, trend.PARTIAL, (51.0, 59.2)),
        TrendPoint("R10", 2028, 60, trend.TARGET),
    ),
    note="市民意識調査（n=812）",
)
MEETINGS = TrendSpec(
    title="② 支援会議の開催回数",
    unit="回",
    points=(
        TrendPoint("令和5年度", 2023, 6, trend.BASELINE),
        TrendPoint("令和6年度", 2024, 8, trend.ACTUAL),
        TrendPoint("令和7年度", 2025, 11, trend.ACTUAL),
        TrendPoint("令和8年度", 2026, 5, trend.PARTIAL),
        TrendPoint("令和10年度", 2028, 12, trend.TARGET),
    ),
)


def _svg(spec: TrendSpec) -> tuple[str, ET.Element]:
    svg = trend.to_svg(spec, chart_id="t5")
    return svg, ET.fromstring(svg)  # noqa: S314 - our own output, parsed to check it is well-formed


def _lines(root: ET.Element, colour: str) -> list[dict[str, str]]:
    return [line.attrib for line in root.iter(f"{SVG}line") if line.get("stroke") == colour]


def test_description_says_the_chart_in_words() -> None:
    assert SURVEY.description() == (
        "現状値 52.2%（令和5年度、95%信頼区間 48.9〜55.5%）、令和6年度 54.0%（95%信頼区間 50.8〜57.2%）、"
        "令和7年度 値なし、令和8年度（年度途中） 55.1%（95%信頼区間 51.0〜59.2%）、目標値 60%（令和10年度）。"
        "値が高いほど良い指標です。市民意識調査（n=812）。"
    )
    assert MEETINGS.description() == (
        "現状値 6回（令和5年度）、令和6年度 8回、令和7年度 11回、令和8年度（年度途中） 5回、目標値 12回（令和10年度）。"
        "値が高いほど良い指標です。"
    )
    lower = TrendSpec("孤立", "件", (TrendPoint("R5", 2023, 3, trend.BASELINE),), direction=trend.LOWER)
    assert "値が低いほど良い指標です" in lower.description()


def test_svg_is_accessible_well_formed_and_has_no_style_or_script() -> None:
    svg, root = _svg(SURVEY)
    assert root.tag == f"{SVG}svg" and root.get("role") == "img"
    assert root.get("aria-labelledby") == "t5-title t5-desc"
    assert root.find(f"{SVG}title").text == SURVEY.title  # type: ignore[union-attr]
    assert root.find(f"{SVG}desc").text == SURVEY.description()  # type: ignore[union-attr]
    assert "style=" not in svg and "<script" not in svg and "<style" not in svg
    assert all(
        "style" not in el.attrib and not any(a.startswith("on") for a in el.attrib) for el in root.iter()
    )


def test_each_value_and_each_year_is_drawn() -> None:
    _, root = _svg(SURVEY)
    texts = [t.text for t in root.iter(f"{SVG}text")]
    for shown in ("52.2%", "54.0%", "55.1%", "60%", "R5", "R6", "R7", "R8", "R10"):
        assert shown in texts, shown
    _, root = _svg(MEETINGS)
    texts = [t.text for t in root.iter(f"{SVG}text")]
    for shown in ("6回", "8回", "11回", "5回", "12回", "令和10年度", "（回）"):
        assert shown in texts, shown


def test_the_planned_path_runs_dashed_from_baseline_to_target() -> None:
    _, root = _svg(MEETINGS)
    # The last of each: the legend shows one first.
    target = [p for p in root.iter(f"{SVG}polygon") if p.get("fill") == trend.TARGET_FILL][-1]
    baseline = [r for r in root.iter(f"{SVG}rect") if r.get("fill") == trend.MEASURED][-1]
    plan = [line for line in _lines(root, trend.PLANNED) if line["x1"] != line["x2"]]
    # One in the legend, one in the plot: from the baseline's centre to the target's.
    path = max(plan, key=lambda line: float(line["x2"]) - float(line["x1"]))
    assert path.get("stroke-dasharray")
    bx = float(baseline.get("x", 0)) + float(baseline.get("width", 0)) / 2
    by = float(baseline.get("y", 0)) + float(baseline.get("height", 0)) / 2
    diamond = [float(v) for v in target.get("points", "").split()]
    assert (float(path["x1"]), float(path["y1"])) == pytest.approx((bx, by), abs=0.2)
    assert (float(path["x2"]), float(path["y2"])) == pytest.approx((diamond[0], diamond[3]), abs=0.2)
    without_target = TrendSpec("t", "回", MEETINGS.points[:3])
    assert not _lines(ET.fromstring(trend.to_svg(without_target)), trend.PLANNED)  # noqa: S314


def test_the_measured_line_is_solid_dashed_to_a_year_under_way() -> None:
    assert [bool(line.get("stroke-dasharray")) for line in _segments(MEETINGS)] == [False, False, True]
    _, root = _svg(MEETINGS)
    hollow = [c for c in root.iter(f"{SVG}circle") if c.get("fill") == "#ffffff"]
    assert len(hollow) == 2  # the legend's and 令和8年度's


def _segments(spec: TrendSpec) -> list[dict[str, str]]:
    """The measured line's segments in the plot (after the legend's two samples)."""
    root = ET.fromstring(trend.to_svg(spec))  # noqa: S314 - our own output
    return [line for line in _lines(root, trend.MEASURED) if line["stroke-width"] == "2"][2:]


def test_a_year_without_a_value_leaves_a_gap() -> None:
    # R5→R6 only: R7 has no value, so neither R6→R7 nor R7→R8 is drawn.
    assert len(_segments(SURVEY)) == 1
    _, root = _svg(SURVEY)
    assert "値なし" in [t.text for t in root.iter(f"{SVG}text")]
    measured = tuple(TrendPoint("R7", 2025, 54.5) if p.value is None else p for p in SURVEY.points)
    assert len(_segments(TrendSpec("t", "%", measured))) == 3


def test_intervals_are_drawn_as_error_bars() -> None:
    _, root = _svg(SURVEY)
    bars = [
        line for line in _lines(root, trend.MEASURED) if line["x1"] == line["x2"] and line["y1"] != line["y2"]
    ]
    assert len(bars) == 1 + 3  # the legend's and one a surveyed year
    plot_bars = sorted(bars[1:], key=lambda line: float(line["x1"]))
    # Each bar spans its interval: 48.9–55.5 is taller than 50.8–57.2 in proportion.
    heights = [abs(float(b["y1"]) - float(b["y2"])) for b in plot_bars]
    assert heights[0] == pytest.approx(heights[1] * 6.6 / 6.4, rel=0.01)
    assert not any(
        line["x1"] == line["x2"] and line["y1"] != line["y2"]
        for line in _lines(ET.fromstring(trend.to_svg(MEETINGS)), trend.MEASURED)  # noqa: S314
    )


def test_the_axis_starts_at_zero_or_a_round_floor_for_a_percentage() -> None:
    assert trend.scale(MEETINGS) == [0, 5, 10, 15]
    ticks = trend.scale(SURVEY)
    assert ticks[0] == 40 and ticks[-1] == 60 and ticks[-1] >= 60
    low = TrendSpec(
        "t", "%", (TrendPoint("R5", 2023, 8.5, trend.BASELINE), TrendPoint("R10", 2028, 15, trend.TARGET))
    )
    assert trend.scale(low)[0] == 0
    high = TrendSpec(
        "t", "%", (TrendPoint("R5", 2023, 91.0, trend.BASELINE), TrendPoint("R10", 2028, 99, trend.TARGET))
    )
    assert trend.scale(high)[-1] == 100
    with pytest.raises(ValueError):
        TrendPoint("R5", 2023, 1, "forecast")


def test_reportlab_drawing_renders_to_a_png() -> None:
    from pypdf import PdfReader
    from reportlab.graphics import renderPDF
    from reportlab.graphics.shapes import Drawing

    if shutil.which("pdftoppm") is None:
        skip_or_fail("pdftoppm（poppler-utils）がないため PDF の画像化を省略しました")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for name, spec in (("trend-survey", SURVEY), ("trend-meetings", MEETINGS)):
        drawing = trend.to_reportlab_drawing(spec, width=480)
        assert isinstance(drawing, Drawing) and drawing.width == 480 and drawing.height > 200
        pdf = renderPDF.drawToString(drawing)
        text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
        assert spec.title[2:] in text and "目標値" in text and "目標への道筋" in text
        source = ARTIFACTS / f"{name}.pdf"
        source.write_bytes(pdf)
        subprocess.run(
            ["pdftoppm", "-png", "-r", "150", "-singlefile", str(source), str(ARTIFACTS / name)], check=True
        )
        png = (ARTIFACTS / f"{name}.png").read_bytes()
        assert png.startswith(b"\x89PNG") and len(png) > 10_000
