"""The events' chapters: each event with its programme, participants and questionnaire results.

Only a sitting that was held (``held``) reports participants and questionnaire results; one still to come
is labelled 開催予定 and reports its sign-ups, one past without attendance on record says so.
"""

from __future__ import annotations

from collections import Counter

from kasane.annual_report import chapter_questionnaires
from kasane.annual_report.document import Chart, Heading, PageBreak, Para, Section, Slide, Table
from kasane.annual_report.held import HELD, LABELS, PLANNED
from kasane.events.models import Event, EventGroup, Registration
from kasane.lib.dates import wareki
from kasane.questionnaires.models import Questionnaire

EXTRA_SLIDES_PER_EVENT = 2  # questionnaire charts beyond the event's own slide


def _date_line(event: Event) -> str:
    days = wareki(event.starts_on)
    if event.ends_on and event.ends_on != event.starts_on:
        days += f"〜{wareki(event.ends_on)}"
    if event.start_time:
        days += f" {event.start_time:%H:%M}"
        if event.end_time:
            days += f"〜{event.end_time:%H:%M}"
    return days


def build(title: str, events: list[Event], states: dict[int, str], min_sample: int) -> Section:
    section = Section(title)
    registrations = list(
        Registration.objects.filter(event__in=events).select_related("municipality").order_by("pk")
    )
    by_event: dict[int, list[Registration]] = {}
    for registration in registrations:
        by_event.setdefault(registration.event_id, []).append(registration)
    questionnaires = list(
        Questionnaire.objects.filter(event__in=events).select_related("pair").order_by("pk")
    )
    for number, event in enumerate(events, start=1):
        if number > 1:
            section.blocks.append(PageBreak())
        state = states[event.pk]
        counted = _event_blocks(section, number, event, by_event.get(event.pk, []), state)
        charts: list[Chart] = []
        for questionnaire in (q for q in questionnaires if q.event_id == event.pk):
            charts += chapter_questionnaires.blocks(section, questionnaire, state, min_sample)
        section.slides.append(Slide(_slide_title(event, state), counted, chart=charts[0] if charts else None))
        for chart in charts[1 : 1 + EXTRA_SLIDES_PER_EVENT]:
            section.slides.append(Slide(f"{event.title}：アンケート結果", [], chart=chart))
    return section


def _slide_title(event: Event, state: str) -> str:
    return f"{event.title}（{LABELS[state]}）" if LABELS[state] else event.title


def _people(state: str, registrations: list[Registration]) -> tuple[str, str, list[Registration]]:
    """The row's label and text for the participants, and the registrations it counts."""
    attended = [r for r in registrations if r.attended]
    if state == HELD:
        counted = attended
        label, text = "参加者数", f"{len(attended)}人{_municipalities(attended)}　申込 {len(registrations)}人"
    elif state == PLANNED:
        counted = registrations
        label, text = "申込者数", f"{len(registrations)}人{_municipalities(registrations)}"
    else:
        counted = []
        label = "参加者数"
        text = "出席の記録がありません" + (f"（申込 {len(registrations)}人）" if registrations else "")
    return label, text, counted


def _municipalities(registrations: list[Registration]) -> str:
    count = len({r.municipality_id for r in registrations if r.municipality_id})
    return f"（{count}市町村）" if count else ""


def groups_line(groups: list[EventGroup], state: str) -> str:
    """What the records say about the groups and their facilitators — never more."""
    if not groups:
        return ""
    without = [g.name for g in groups if g.facilitator_id is None]
    planned = "（予定）" if state == PLANNED else ""
    if not without:
        return f"{len(groups)}グループ{planned}（各グループにファシリテーターを配置）"
    if len(without) == len(groups):
        return f"{len(groups)}グループ{planned}（ファシリテーターは未定）"
    return (
        f"{len(groups)}グループ{planned}（ファシリテーター未定 {len(without)}グループ：{'、'.join(without)}）"
    )


def _event_blocks(
    section: Section, number: int, event: Event, registrations: list[Registration], state: str
) -> list[str]:
    """The event's heading, table, programme and materials; returns the points of its slide."""
    label, people, counted = _people(state, registrations)
    categories = Counter(r.get_category_display() for r in counted)
    place = event.place if event.format != "online" else ""
    mark = f"（{LABELS[state]}）" if LABELS[state] else ""
    rows = (
        ("日時", _date_line(event)),
        ("開催形式", f"{event.get_format_display()}　{place}".strip()),
        ("ブロック", event.block.name if event.block else ""),
        ("参加対象", event.target),
        ("目的", event.purpose),
        (label, people),
        (
            f"{'参加者' if state == HELD else '申込者'}の内訳",
            "、".join(f"{k} {v}人" for k, v in categories.most_common()),
        ),
        ("グループ", groups_line(list(event.groups.all()), state)),
    )
    section.blocks += [
        Heading(f"{number}. {event.title}{mark}", 2),
        Table(("項目", "内容"), tuple(row for row in rows if row[1]), (1, 4), caption=f"{event.title}の概要"),
    ]
    slots = list(event.slots.all())
    if slots:
        section.blocks.append(Heading("プログラム", 3))
        section.blocks.append(
            Table(
                ("時間", "内容", "講師等"),
                tuple(
                    (
                        f"{s.starts_at:%H:%M}～" + (f"{s.ends_at:%H:%M}" if s.ends_at else ""),
                        s.title + (f"\n{s.content}" if s.content else ""),
                        s.speakers,
                    )
                    for s in slots
                ),
                (1, 4, 2),
                caption=f"{event.title}のプログラム",
            )
        )
    materials = list(event.materials.all())
    if materials:
        section.blocks.append(
            Para("提出物：" + "、".join(f"{m.title}（{m.get_kind_display()}）" for m in materials), note=True)
        )
    section.sources.append(("events.Event", event.pk))
    section.sources += [("events.Registration", r.pk) for r in counted]
    return [_date_line(event), f"{event.get_format_display()}　{place}".strip(), f"{label}：{people}"]
