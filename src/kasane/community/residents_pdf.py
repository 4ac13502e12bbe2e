"""地域の居場所マップ・一覧: the A4 paper 民生委員 carry on their visits and the library counter hands out.

Only places marked for the map whose activity is running, grouped by 日常生活圏域 and numbered through the
whole document. The first page is an overview, not a map: kasane has no base map and no internet, so each
area is a box listing its numbers and, where the register has latitude and longitude, a plain frame with
the numbered points placed by their coordinates (no roads, no tiles: 位置は目安です).
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from reportlab.graphics.shapes import Circle, Drawing, Rect
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, PageBreak, Paragraph, Spacer, Table, TableStyle

from kasane.community.models import Audience, Generation, Place
from kasane.lib import pdf
from kasane.lib.dates import era_year, today
from kasane.tenancy.models import Area, Municipality

TITLE = "地域の居場所マップ・一覧"
OTHER_AREA = "その他（圏域の登録なし）"

H1 = pdf.style("h1", 18, leading=25, textColor=pdf.PRIMARY)
SUBTITLE = pdf.style("subtitle", 11, leading=17)
INTRO = pdf.style("intro", 9, leading=14.5)
NOTE = pdf.style("note", 8, leading=12, textColor=pdf.SUB)
AREA = pdf.style("area", 13, leading=19, spaceBefore=4, spaceAfter=4, textColor=pdf.PRIMARY, keepWithNext=1)
NAME = pdf.style("name", 11, leading=15)
KINDS = pdf.style("kinds", 8.3, leading=12, textColor=pdf.SUB, alignment=2)
BODY = pdf.style("body", 9, leading=13.5)

# The overview's boxes (points): as tall as page 1 leaves below the title and above the note.
OVERVIEW_HEIGHT = 212 * mm
GAP = 4 * mm
HEADER_H = 8 * mm
LIST_SIZE = 7.2
LIST_LEADING = 3.4 * mm
POINT_SIZE = 6.8
# Points closer than this on paper share one dot labelled with all their numbers (activities in one 公民館,
# or near enough that two labels would run into each other: the positions are 目安 anyway).
SAME_SPOT = 5 * mm


@dataclass
class Section:
    name: str
    entries: list[tuple[int, Place]]

    @property
    def numbers(self) -> str:
        if not self.entries:
            return ""
        first, last = self.entries[0][0], self.entries[-1][0]
        return f"{first}" if first == last else f"{first}〜{last}"


def month_label(day: dt.date) -> str:
    """令和8年6月現在: the month the list stands at, as the title says it."""
    era, n = era_year(day)
    return f"{era.name}{'元' if n == 1 else n}年{day.month}月現在"


def sections(places: list[Place], areas: list[Area]) -> list[Section]:
    """The areas in their order (each even without a place: a box on the overview says so), then the places
    whose activity has no area; each place numbered once, in that order."""
    by_area: dict[int | None, list[Place]] = {}
    for place in places:
        location = place.service.location
        by_area.setdefault(location.area_id if location else None, []).append(place)
    groups = [(area.name, by_area.get(area.pk, [])) for area in areas]
    if by_area.get(None):
        groups.append((OTHER_AREA, by_area[None]))
    result, number = [], 0
    for name, members in groups:
        entries = []
        for place in members:
            number += 1
            entries.append((number, place))
        result.append(Section(name, entries))
    return result


# --- the overview ------------------------------------------------------------------------------------------


def _text(
    drawing: Drawing,
    x: float,
    y: float,
    text: str,
    size: float,
    *,
    fill: object = pdf.TEXT,
    anchor: str = "start",
) -> None:
    for shape in pdf.strings(x, y, text, size=size, anchor=anchor, fill=fill):
        drawing.add(shape)


def _fit(text: str, width: float, size: float) -> str:
    if stringWidth(text, pdf.FONT_NAME, size) <= width:
        return text
    while text and stringWidth(text + "…", pdf.FONT_NAME, size) > width:
        text = text[:-1]
    return text + "…"


def _coordinates(place: Place) -> tuple[float, float] | None:
    location = place.service.location
    if location is None or location.latitude is None or location.longitude is None:
        return None
    return float(location.latitude), float(location.longitude)


def _plot(drawing: Drawing, section: Section, x: float, y: float, w: float, h: float) -> None:
    """The section's points in a plain frame, north up, longitude shrunk by the latitude's cosine."""
    drawing.add(Rect(x, y, w, h, fillColor=colors.white, strokeColor=pdf.RULE, strokeWidth=0.6))
    points = [(n, c) for n, place in section.entries if (c := _coordinates(place))]
    mid = sum(lat for _, (lat, _) in points) / len(points)
    xs = [lon * math.cos(math.radians(mid)) for _, (_, lon) in points]
    ys = [lat for _, (lat, _) in points]
    pad = 4 * mm
    span = max(max(xs) - min(xs), max(ys) - min(ys), 1e-9)
    scale = min((w - 2 * pad - 10) / span, (h - 2 * pad) / span)
    cx, cy = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    spots: list[tuple[float, float, list[int]]] = []
    for (number, _), px, py in zip(points, xs, ys, strict=True):
        dot = (x + w / 2 + (px - cx) * scale, y + h / 2 + (py - cy) * scale)
        near = next((spot for spot in spots if math.dist(spot[:2], dot) < SAME_SPOT), None)
        if near is None:
            spots.append((*dot, [number]))
        else:
            near[2].append(number)
    for dot_x, dot_y, numbers in spots:
        drawing.add(
            Circle(dot_x, dot_y, 1.3 * mm, fillColor=pdf.PRIMARY, strokeColor=colors.white, strokeWidth=0.5)
        )
        label = "・".join(str(n) for n in numbers)
        # Beside the dot, on the left where the right would run out of the frame.
        if dot_x + 1.8 * mm + stringWidth(label, pdf.FONT_NAME, POINT_SIZE) > x + w - 1 * mm:
            _text(drawing, dot_x - 1.8 * mm, dot_y - POINT_SIZE * 0.35, label, POINT_SIZE, anchor="end")
        else:
            _text(drawing, dot_x + 1.8 * mm, dot_y - POINT_SIZE * 0.35, label, POINT_SIZE)


def _frame_height(width: float) -> float:
    return 80 * mm if width > 120 * mm else 50 * mm


def _list_columns(width: float) -> int:
    return 2 if width > 120 * mm else 1


def _has_points(section: Section) -> bool:
    return any(_coordinates(place) for _, place in section.entries)


def _needed(section: Section, width: float) -> float:
    """The height a box takes to show the section whole."""
    lines = math.ceil(max(len(section.entries), 1) / _list_columns(width))
    frame = _frame_height(width) + 2 * mm if _has_points(section) else 0
    return HEADER_H + 2.5 * mm + frame + lines * LIST_LEADING + 2 * mm


def _box(drawing: Drawing, section: Section, x: float, y: float, w: float, h: float) -> None:
    drawing.add(Rect(x, y, w, h, fillColor=colors.white, strokeColor=pdf.RULE, strokeWidth=0.8))
    drawing.add(
        Rect(x, y + h - HEADER_H, w, HEADER_H, fillColor=pdf.SHADE, strokeColor=pdf.RULE, strokeWidth=0.8)
    )
    baseline = y + h - HEADER_H / 2 - 3.6
    count = f"{len(section.entries)}か所" + (f"（番号 {section.numbers}）" if section.entries else "")
    _text(drawing, x + w - 2.5 * mm, baseline, count, 8.5, fill=pdf.SUB, anchor="end")
    name_room = w - 5 * mm - stringWidth(count, pdf.FONT_NAME, 8.5) - 3 * mm
    _text(drawing, x + 2.5 * mm, baseline, _fit(section.name, name_room, 10.5), 10.5, fill=pdf.PRIMARY)
    top = y + h - HEADER_H - 2.5 * mm
    if not section.entries:
        _text(
            drawing,
            x + 2.5 * mm,
            top - LIST_SIZE,
            "この圏域に載せている居場所はありません。",
            LIST_SIZE,
            fill=pdf.SUB,
        )
        return
    columns = _list_columns(w)
    if _has_points(section):
        # As tall as leaves room for the whole list; if the box cannot, 30 mm, or what three lines leave.
        room = top - y - 4.5 * mm
        frame_h = min(_frame_height(w), room - math.ceil(len(section.entries) / columns) * LIST_LEADING)
        frame_h = max(frame_h, min(30 * mm, room - 3 * LIST_LEADING), 12 * mm)
        _plot(drawing, section, x + 2.5 * mm, top - frame_h, w - 5 * mm, frame_h)
        top -= frame_h + 2 * mm
    per_column = max(int((top - y - 1.5 * mm) / LIST_LEADING + 1e-6), 1)
    room = per_column * columns
    shown = section.entries if len(section.entries) <= room else section.entries[: room - 1]
    column_w = (w - 3 * mm) / columns
    for i, (number, place) in enumerate(shown):
        column, line = divmod(i, per_column)
        left, line_y = x + column * column_w, top - LIST_SIZE - line * LIST_LEADING
        _text(drawing, left + 8 * mm, line_y, str(number), LIST_SIZE, anchor="end")
        _text(
            drawing,
            left + 9.5 * mm,
            line_y,
            _fit(place.service.name, column_w - 11 * mm, LIST_SIZE),
            LIST_SIZE,
        )
    if len(shown) < len(section.entries):
        rest = section.entries[len(shown) :]
        column, line = divmod(len(shown), per_column)
        more = f"ほか {len(rest)}か所（番号 {rest[0][0]}〜{rest[-1][0]}）"
        line_y = top - LIST_SIZE - line * LIST_LEADING
        _text(drawing, x + column * column_w + 9.5 * mm, line_y, more, LIST_SIZE, fill=pdf.SUB)


def overview(found: list[Section], width: float, height: float) -> Drawing:
    """One box per area in a grid of two columns (one for a single area), all as tall as the fullest needs
    and the page allows."""
    columns = 1 if len(found) == 1 else 2
    rows = max(math.ceil(len(found) / columns), 1)
    box_w = (width - GAP * (columns - 1)) / columns
    fullest = max((_needed(section, box_w) for section in found), default=HEADER_H + 12 * mm)
    box_h = min((height - GAP * (rows - 1)) / rows, max(fullest, 40 * mm))
    drawing = Drawing(width, box_h * rows + GAP * (rows - 1))
    for i, section in enumerate(found):
        row, column = divmod(i, columns)
        x = column * (box_w + GAP)
        y = drawing.height - (row + 1) * box_h - row * GAP
        _box(drawing, section, x, y, box_w, box_h)
    return drawing


# --- the list ------------------------------------------------------------------------------------------------


def _p(text: str, style: object = BODY) -> Paragraph:
    return Paragraph(pdf.markup(text), style)


def _when(place: Place) -> str:
    return "\n".join(
        f"{s.label}（{s.description}）" if s.description else s.label for s in place.service.schedules.all()
    )


def _where(place: Place) -> str:
    location = place.service.location
    if location is None:
        return ""
    lines = [
        location.name,
        location.address if location.address != location.name else "",
        location.transportation,
    ]
    return "\n".join(line for line in lines if line)


def _for_whom(place: Place) -> str:
    # In the enums' order, so どなたでも comes first however the place was ticked.
    audiences = [str(label) for code, label in Audience.choices if code in place.audiences]
    generations = [str(label) for code, label in Generation.choices if code in place.generations]
    lines = ["・".join([*audiences, *generations])]
    if place.service.eligibility:
        lines.append(place.service.eligibility)
    return "\n".join(line for line in lines if line)


def _contact(place: Place) -> str:
    service = place.service
    phone = service.contact_phone or service.organization.phone
    return f"{service.organization.name}　電話 {phone}" if phone else service.organization.name


def _entry(number: int, place: Place) -> Table:
    """One table: the number, name and kinds on a shaded row, then what a resident asks, a row each. The
    number and the labels are plain strings in the font IPAex has them in (cheaper than paragraphs: a list of
    a thousand places is laid out in seconds)."""
    service = place.service
    facts = [
        ("いつ", _when(place)),
        ("どこ", _where(place)),
        ("対象", _for_whom(place)),
        ("費用", service.cost),
        ("問い合わせ", _contact(place)),
    ]
    rows: list[list[object]] = [
        [str(number), _p(service.name, NAME), "", _p("・".join(service.category_labels), KINDS)],
        *(["", label, _p(value), ""] for label, value in facts if value.strip()),
    ]
    table = Table(rows, colWidths=[11 * mm, 19 * mm, None, 48 * mm])
    table.setStyle(
        TableStyle(
            [
                ("NOSPLIT", (0, 0), (-1, -1)),
                ("SPAN", (1, 0), (2, 0)),
                *(("SPAN", (2, row), (3, row)) for row in range(1, len(rows))),
                ("BACKGROUND", (0, 0), (0, 0), pdf.PRIMARY),
                ("BACKGROUND", (1, 0), (-1, 0), pdf.SHADE),
                ("FONT", (0, 0), (0, 0), pdf.FONT_NAME, 13),
                ("TEXTCOLOR", (0, 0), (0, 0), colors.white),
                ("ALIGN", (0, 0), (0, 0), "CENTER"),
                ("FONT", (1, 1), (1, -1), pdf.FONT_NAME, 8.3),
                ("TEXTCOLOR", (1, 1), (1, -1), pdf.SUB),
                ("VALIGN", (0, 0), (-1, 0), "MIDDLE"),
                ("VALIGN", (0, 1), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, 0), 2.5),
                ("BOTTOMPADDING", (0, 0), (-1, 0), 2.5),
                ("TOPPADDING", (0, 1), (-1, -1), 1),
                ("BOTTOMPADDING", (0, 1), (-1, -1), 1),
                ("TOPPADDING", (0, 1), (-1, 1), 2.5),
                ("BOTTOMPADDING", (0, -1), (-1, -1), 6),
            ]
        )
    )
    return table


@pdf.document
def map_pdf(
    municipality: Municipality, places: list[Place], areas: list[Area], *, area: Area | None = None
) -> bytes:
    """The residents' PDF of ``places`` (``queries.map_places``); ``areas`` in their order, or the one asked for."""
    made_on = today()
    found = sections(places, areas)
    title = f"{municipality.name} {TITLE}" + (f"（{area.name}）" if area else "")
    plotted = any(_coordinates(p) for p in places)
    story: list[Flowable] = [
        _p(title, H1),
        _p(f"{month_label(made_on)}　{len(places)}か所", SUBTITLE),
        _p(
            "サロン・通いの場・子ども食堂・認知症カフェなど、地域の方が気軽に集まれる場所の一覧です。"
            "番号は次のページからの一覧の番号です。日時や内容は変わることがあります。"
            "はじめて行くときは、問い合わせ先に電話で確かめてください。",
            INTRO,
        ),
        Spacer(1, 4 * mm),
        overview(found, A4[0] - 2 * pdf.MARGIN, OVERVIEW_HEIGHT),
        Spacer(1, 2 * mm),
        _p(
            "※ 枠の中の点は、登録されている緯度・経度から描いたおおよその配置です。道路や地形は描いていません。位置は目安です。"
            if plotted
            else "※ 圏域ごとの番号の一覧です。地図ではありません。",
            NOTE,
        ),
        PageBreak(),
    ]
    for section in found:
        if not section.entries:
            continue
        story.append(_p(f"■ {section.name}（{len(section.entries)}か所）", AREA))
        story.extend(_entry(number, place) for number, place in section.entries)
    if not places:
        story.append(_p("載せている居場所はありません。"))
    return pdf.build_a4(
        story,
        title=title,
        footer_left=f"{municipality.name} {TITLE}",
        footer_note="最新の情報は各問い合わせ先にご確認ください",
        made_on=made_on,
    )
