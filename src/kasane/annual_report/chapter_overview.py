"""事業の概要: the report's first chapter, the year at a glance and the checks against the 実施要綱."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from kasane.annual_report.document import Bullets, Heading, Para, Section, Slide, Table
from kasane.annual_report.held import HELD, PLANNED, UNRECORDED
from kasane.dispatch.models import Dispatch
from kasane.events import minimums
from kasane.events.models import Event, Registration
from kasane.tenancy.models import Prefecture


def build(
    prefecture: Prefecture,
    year: int,
    events: list[Event],
    dispatches: list[Dispatch],
    states: dict[int, str],
    today: dt.date,
) -> Section:
    section = Section("事業の概要")
    live = [d for d in dispatches if d.status != "withdrawn"]
    checks = minimums.check_minimums(prefecture, year, len(live), today=today)
    held = [e for e in events if states[e.pk] == HELD]
    planned = [e for e in events if states[e.pk] == PLANNED]
    unrecorded = [e for e in events if states[e.pk] == UNRECORDED]
    attended = Registration.objects.filter(event__in=held, attended=True)
    people = attended.count()
    reached = attended.exclude(municipality=None).values("municipality").distinct().count()
    rows = [("開催した情報共有の場・研修等", f"{len(held)}回")]
    if planned:
        rows.append(("開催予定（報告書作成時点）", f"{len(planned)}回"))
    if unrecorded:
        rows.append(("開催日を過ぎ、出席の記録がないもの", f"{len(unrecorded)}回（実績に含めていません）"))
    if held:
        rows += [("出席者数（延べ）", f"{people}人"), ("出席者のあった市町村", f"{reached}市町村")]
    rows.append(("専門家派遣", _dispatch_line(live)))
    section.blocks += [
        Heading("事業の目的", 2),
        Para(
            "対象者の属性を問わない相談支援、参加支援及び地域づくりに向けた支援を一体的に実施する重層的支援体制"
            "整備事業について、実施主体である市町村の体制整備が円滑に行われるよう、後方支援を行う。"
        ),
        Para("（実施要綱に定める事業の目的）", note=True),
        Heading("実施の概要", 2),
        Table(("項目", "実績"), tuple(rows), (2, 3), caption="実施の概要"),
        Heading("実施要綱に定める回数等の確認", 2),
        Table(
            ("項目", "要綱", "実績", "判定"),
            tuple((m.label, m.requirement, m.achieved, m.status_label) for m in checks),
            (3, 2, 4, 2),
            caption="実施要綱に定める回数等の確認",
        ),
    ]
    missing = [f"{m.label}：{'、'.join(m.missing)}" for m in checks if m.missing]
    if unrecorded:
        missing.append(
            "開催日を過ぎて出席の記録がない開催："
            + "、".join(e.title for e in unrecorded)
            + "（上の表では開催済みに数えています。出席を記録してください）"
        )
    if missing:
        section.blocks.append(Bullets(tuple(missing)))
    points = [f"情報共有の場・研修等 {len(held)}回開催" + (f"（予定 {len(planned)}回）" if planned else "")]
    if held:
        points.append(f"出席者 延べ{people}人（{reached}市町村）")
    section.slides.append(
        Slide(
            "事業の概要",
            [
                *points,
                f"専門家派遣 {_dispatch_line(live)}",
                *[f"{m.label}：{m.status_label}（{m.achieved}）" for m in checks],
            ],
        )
    )
    section.sources += [("events.Event", e.pk) for e in events]
    section.sources += [("dispatch.Dispatch", d.pk) for d in dispatches]
    return section


def _dispatch_line(live: list[Dispatch]) -> str:
    if not live:
        return "なし"
    by_status = Counter(d.get_status_display() for d in live)
    return f"{len(live)}市町村（" + "、".join(f"{k} {v}" for k, v in by_status.items()) + "）"
