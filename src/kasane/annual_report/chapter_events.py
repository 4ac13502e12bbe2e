"""The events' chapters: each event with its programme, participants and questionnaire results."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from kasane.annual_report.document import Chart, Heading, PageBreak, Para, Section, Slide, Table
from kasane.events.models import Event, Registration
from kasane.lib.dates import wareki
from kasane.questionnaires import data as questionnaire_data
from kasane.questionnaires import results
from kasane.questionnaires.models import Phase, Questionnaire

MAX_CHARTS_PER_QUESTIONNAIRE = 6
MAX_EXCERPTS_PER_GROUP = 4


def _date_line(event: Event) -> str:
    days = wareki(event.starts_on)
    if event.ends_on and event.ends_on != event.starts_on:
        days += f"〜{wareki(event.ends_on)}"
    if event.start_time:
        days += f" {event.start_time:%H:%M}"
        if event.end_time:
            days += f"〜{event.end_time:%H:%M}"
    return days


def build(title: str, events: list[Event], today: dt.date) -> Section:
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
        _event_blocks(
            section,
            number,
            event,
            by_event.get(event.pk, []),
            [q for q in questionnaires if q.event_id == event.pk],
            today,
        )
    return section


def _event_blocks(
    section: Section,
    number: int,
    event: Event,
    registrations: list[Registration],
    questionnaires: list[Questionnaire],
    today: dt.date,
) -> None:
    attended = [r for r in registrations if r.attended]
    counted = attended if event.starts_on <= today else registrations
    municipalities = {r.municipality_id for r in counted if r.municipality_id}
    categories = Counter(r.get_category_display() for r in counted)
    place = event.place if event.format != "online" else ""
    state = "" if event.starts_on <= today else "（開催予定）"
    section.blocks += [
        Heading(f"{number}. {event.title}{state}", 2),
        Table(
            ("項目", "内容"),
            tuple(
                row
                for row in (
                    ("日時", _date_line(event)),
                    ("開催形式", f"{event.get_format_display()}　{place}".strip()),
                    ("ブロック", event.block.name if event.block else ""),
                    ("参加対象", event.target),
                    ("目的", event.purpose),
                    (
                        "参加者数" if event.starts_on <= today else "申込者数",
                        f"{len(counted)}人（{len(municipalities)}市町村）"
                        + (f"　申込 {len(registrations)}人" if event.starts_on <= today else ""),
                    ),
                    ("参加者の内訳", "、".join(f"{k} {v}人" for k, v in categories.most_common())),
                    (
                        "グループ",
                        f"{len(event.groups.all())}グループ（各グループにファシリテーターを配置）"
                        if event.groups.all()
                        else "",
                    ),
                )
                if row[1]
            ),
            (1, 4),
        ),
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
            )
        )
    materials = list(event.materials.all())
    if materials:
        section.blocks.append(
            Para("提出物：" + "、".join(f"{m.title}（{m.get_kind_display()}）" for m in materials), note=True)
        )
    section.sources.append(("events.Event", event.pk))
    section.sources += [("events.Registration", r.pk) for r in counted]
    points = [
        _date_line(event),
        f"{event.get_format_display()}　{place}".strip(),
        f"{'参加' if event.starts_on <= today else '申込'} {len(counted)}人（{len(municipalities)}市町村）",
    ]
    slide = Slide(event.title, points)
    for questionnaire in questionnaires:
        chart = _questionnaire_blocks(section, questionnaire)
        if chart is not None and slide.chart is None:
            slide.chart = chart
    section.slides.append(slide)


def _questionnaire_blocks(section: Section, questionnaire: Questionnaire) -> Chart | None:
    """Counts, charts and excerpts of one questionnaire; returns the chart to show on the slide."""
    loaded = questionnaire_data.load(questionnaire)
    section.sources.append(("questionnaires.Questionnaire", questionnaire.pk))
    if questionnaire.phase == Phase.PRE and hasattr(questionnaire, "paired_post"):
        return None  # reported with its 研修後 questionnaire
    section.blocks.append(Heading(f"アンケート結果：{questionnaire.title}", 3))
    section.blocks.append(Para(f"回答数 {loaded.respondents}件"))
    first_chart: Chart | None = None
    compared = questionnaire_data.comparison(questionnaire) if questionnaire.phase == Phase.POST else None
    shown: set[int] = set()
    if compared is not None:
        before, _after, comparison = compared
        section.sources.append(("questionnaires.Questionnaire", before.questionnaire.pk))
        section.blocks.append(
            Para(f"研修前（回答 {before.respondents}件）と研修後（回答 {loaded.respondents}件）の比較")
        )
        for row in comparison.rows:
            chart = Chart(
                results.comparison_chart(row),
                f"{row.text}：{row.after.positive_label}の割合 {row.before.positive_share}% → "
                f"{row.after.positive_share}%（{_signed(row.shift_points)}ポイント）",
            )
            section.blocks.append(chart)
            shown.add(row.after.question.id)
            first_chart = first_chart or chart
    charts = 0
    for result in loaded.summary:
        if result.question.id in shown or charts >= MAX_CHARTS_PER_QUESTIONNAIRE:
            continue
        spec = results.chart_for(result)
        if spec is None:
            continue
        chart = Chart(spec, f"{result.question.text}（n={result.answered}）")
        section.blocks.append(chart)
        first_chart = first_chart or chart
        charts += 1
    for question, groups in questionnaire_data.excerpts(questionnaire):
        section.blocks.append(Heading(f"{question.text}（原文ママ、抜粋）", 3))
        section.blocks.append(
            Table(
                ("区分", "回答"),
                tuple(
                    (group.label, "\n".join(f"・{a.text}" for a in group.answers[:MAX_EXCERPTS_PER_GROUP]))
                    for group in groups
                ),
                (1, 5),
            )
        )
    return first_chart


def _signed(value: object) -> str:
    text = str(value)
    return text if text.startswith("-") else f"+{text}"
