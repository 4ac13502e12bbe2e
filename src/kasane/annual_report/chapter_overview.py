"""事業の概要: the report's first chapter, the year at a glance and the checks against the 実施要綱."""

from __future__ import annotations

import datetime as dt

from kasane.annual_report.document import Bullets, Heading, Para, Section, Slide, Table
from kasane.dispatch.models import Dispatch
from kasane.events import minimums
from kasane.events.models import Event, Registration
from kasane.tenancy.models import Prefecture


def build(
    prefecture: Prefecture, year: int, events: list[Event], dispatches: list[Dispatch], today: dt.date
) -> Section:
    section = Section("事業の概要")
    live = [d for d in dispatches if d.status != "withdrawn"]
    checks = minimums.check_minimums(prefecture, year, len(live), today=today)
    attended = Registration.objects.filter(event__in=events, attended=True)
    people = attended.count()
    reached = attended.exclude(municipality=None).values("municipality").distinct().count()
    held = [e for e in events if e.starts_on <= today]
    section.blocks += [
        Heading("事業の目的", 2),
        Para(
            "対象者の属性を問わない相談支援、参加支援及び地域づくりに向けた支援を一体的に実施する重層的支援体制"
            "整備事業について、実施主体である市町村の体制整備が円滑に行われるよう、後方支援を実施した。"
        ),
        Heading("実施の概要", 2),
        Table(
            ("項目", "実績"),
            (
                ("開催した情報共有の場・研修等", f"{len(held)}回（予定を含め{len(events)}回）"),
                ("出席者数（延べ）", f"{people}人"),
                ("出席者のあった市町村", f"{reached}市町村"),
                ("専門家派遣", f"{len(live)}市町村"),
            ),
            (2, 3),
        ),
        Heading("実施要綱に定める回数等の確認", 2),
        Table(
            ("項目", "要綱", "実績", "判定"),
            tuple((m.label, m.requirement, m.achieved, m.status_label) for m in checks),
            (3, 2, 4, 2),
        ),
    ]
    missing = [f"{m.label}：{'、'.join(m.missing)}" for m in checks if m.missing]
    if missing:
        section.blocks.append(Bullets(tuple(missing)))
    section.slides.append(
        Slide(
            "事業の概要",
            [
                f"情報共有の場・研修等 {len(held)}回、出席者 延べ{people}人（{reached}市町村）",
                f"専門家派遣 {len(live)}市町村",
                *[f"{m.label}：{m.status_label}（{m.achieved}）" for m in checks],
            ],
        )
    )
    section.sources += [("events.Event", e.pk) for e in events]
    section.sources += [("dispatch.Dispatch", d.pk) for d in dispatches]
    return section
