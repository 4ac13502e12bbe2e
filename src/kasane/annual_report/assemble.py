"""Assemble the year's report (000 §8) from the records: events with their programmes, participants and
questionnaire results; expert dispatches with their goals and outcomes; the municipalities' readiness and
how it moved. Nothing is typed into the report by hand but the officer's 総括・考察, marked （担当者記載）:
change a record and the report changes with it. Sittings and workshops not (yet) held are labelled, never
counted as held; questionnaires with fewer answers than the officer's ``min_sample`` are not charted.
"""

from __future__ import annotations

import datetime as dt

from kasane.annual_report import (
    chapter_dispatch,
    chapter_events,
    chapter_overview,
    chapter_readiness,
    chapter_review,
    held,
    review,
)
from kasane.annual_report.chapter_readiness import distribution, movement
from kasane.annual_report.document import Report
from kasane.dispatch.models import Dispatch
from kasane.events.models import Event, EventKind
from kasane.lib.dates import fiscal_year_label, wareki
from kasane.readiness import support_settings
from kasane.tenancy.models import Prefecture

__all__ = ["EVENT_CHAPTERS", "build", "distribution", "movement"]

# Chapters in 000's order: 情報共有の場 (市町村間, 道と市町村), 人材養成研修, then other events.
EVENT_CHAPTERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("情報共有の場（市町村間）", (EventKind.FORUM,)),
    ("情報共有の場（道と市町村）", (EventKind.PREF_MEETING,)),
    ("重層的支援体制整備人材養成研修", (EventKind.TRAINING,)),
    ("意見交換会・ワークショップ", (EventKind.EXCHANGE, EventKind.WORKSHOP)),
)


def build(prefecture: Prefecture, year: int, *, today: dt.date, author: str = "") -> Report:
    report = Report(
        title=f"{fiscal_year_label(year)} 重層的支援体制構築に向けた後方支援事業 実施報告書",
        subtitle="情報共有の場づくり・人材養成研修・専門家派遣の実施結果",
        prefecture=prefecture.name,
        fiscal_year=year,
        fiscal_year_label=fiscal_year_label(year),
        made_on_label=wareki(today),
        author=author,
    )
    events = list(
        Event.objects.filter(prefecture=prefecture, fiscal_year=year)
        .select_related("block")
        .prefetch_related("slots", "materials", "groups")
        .order_by("starts_on", "pk")
    )
    dispatches = list(
        Dispatch.objects.filter(prefecture=prefecture, fiscal_year=year)
        .select_related("municipality")
        .prefetch_related("hearings", "goals__actions", "goals__outcome", "workshops__worksheets", "experts")
        .order_by("requested_on", "pk")
    )
    states = held.event_states(events, today)
    min_sample = support_settings.min_sample(prefecture)
    report.sections.append(chapter_overview.build(prefecture, year, events, dispatches, states, today))
    for title, kinds in EVENT_CHAPTERS:
        chosen = [e for e in events if e.kind in kinds]
        if chosen:
            report.sections.append(chapter_events.build(title, chosen, states, min_sample))
    report.sections.append(chapter_dispatch.build(dispatches, today))
    report.sections.append(chapter_readiness.build(prefecture, year))
    report.sections.append(chapter_review.build(review.of(prefecture, year)))
    report.number_figures()
    return report
