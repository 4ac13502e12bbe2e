"""What the prefecture's programme requires in a year (000 §6), checked against what is on record.

- 情報共有の場（市町村間）: held in every block (道内4ブロックで開催)
- 情報共有の場（道と市町村）: at least once (1回以上)
- 人材養成研修: at least twice (2回以上)
- 専門家派遣: about six municipalities (6市町村程度)

An event counts once it is on record for the year: held if its day has passed, planned if it is still to
come, so that in the middle of a year staff see both what is done and what is arranged.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.apps import apps

from kasane.events.models import Event, EventKind
from kasane.lib.dates import today as today_in_tokyo
from kasane.readiness.models import Block
from kasane.tenancy.models import Prefecture

TRAININGS_REQUIRED = 2
PREF_MEETINGS_REQUIRED = 1
DISPATCHES_EXPECTED = 6


class Status:
    MET = "met"  # held
    PLANNED = "planned"  # arranged, still to be held
    MISSING = "missing"


STATUS_LABELS = {Status.MET: "✓ 達成", Status.PLANNED: "予定どおりなら達成", Status.MISSING: "未達"}


@dataclass
class Minimum:
    label: str
    requirement: str
    status: str
    achieved: str  # what is on record, in words
    missing: list[str] = field(default_factory=list)  # what is still needed, in words

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def is_met(self) -> bool:
        return self.status == Status.MET


def _count_status(held: int, planned: int, required: int) -> str:
    if held >= required:
        return Status.MET
    if held + planned >= required:
        return Status.PLANNED
    return Status.MISSING


def check_minimums(
    prefecture: Prefecture, fiscal_year: int, dispatch_count: int, *, today: dt.date | None = None
) -> list[Minimum]:
    """The four minimums for the year; ``dispatch_count`` is the year's 専門家派遣 (kept by kasane.dispatch)."""
    day = today or today_in_tokyo()
    events = list(
        Event.objects.filter(prefecture=prefecture, fiscal_year=fiscal_year).only(
            "kind", "starts_on", "ends_on", "block_id"
        )
    )
    blocks = list(Block.objects.filter(prefecture=prefecture))
    return [
        _forums(events, blocks, day),
        _counted(events, day, EventKind.PREF_MEETING, PREF_MEETINGS_REQUIRED, "1回以上"),
        _counted(events, day, EventKind.TRAINING, TRAININGS_REQUIRED, "2回以上"),
        _dispatches(dispatch_count),
    ]


def _forums(events: list[Event], blocks: list[Block], day: dt.date) -> Minimum:
    forums = [e for e in events if e.kind == EventKind.FORUM]
    held = {e.block_id for e in forums if e.block_id and not e.is_upcoming(day)}
    planned = {e.block_id for e in forums if e.block_id and e.is_upcoming(day)} - held
    without = [b.name for b in blocks if b.pk not in held and b.pk not in planned]
    if not blocks:
        status, missing = (
            Status.MISSING,
            ["ブロックが登録されていません（市町村の状況でブロックを登録してください）"],
        )
    else:
        status = Status.MET if len(held) == len(blocks) else Status.PLANNED if not without else Status.MISSING
        missing = [f"{name}ブロックで未開催" for name in without]
        missing += [f"{b.name}ブロックは開催予定" for b in blocks if b.pk in planned]
    return Minimum(
        label=EventKind.FORUM.label,
        requirement=f"全{len(blocks)}ブロックで開催" if blocks else "全ブロックで開催",
        status=status,
        achieved=f"開催済み {len(held)}ブロック・予定 {len(planned)}ブロック",
        missing=missing,
    )


def _counted(events: list[Event], day: dt.date, kind: EventKind, required: int, requirement: str) -> Minimum:
    of_kind = [e for e in events if e.kind == kind]
    held = sum(1 for e in of_kind if not e.is_upcoming(day))
    planned = len(of_kind) - held
    status = _count_status(held, planned, required)
    missing = []
    if held + planned < required:
        missing.append(f"あと{required - held - planned}回の開催が必要です")
    elif held < required:
        missing.append(f"予定の{planned}回を開催すれば達成します")
    return Minimum(
        label=kind.label,
        requirement=requirement,
        status=status,
        achieved=f"開催済み {held}回・予定 {planned}回",
        missing=missing,
    )


def _dispatches(count: int) -> Minimum:
    missing = [] if count >= DISPATCHES_EXPECTED else [f"目安まであと{DISPATCHES_EXPECTED - count}市町村"]
    return Minimum(
        label="専門家派遣",
        requirement=f"{DISPATCHES_EXPECTED}市町村程度",
        status=Status.MET if count >= DISPATCHES_EXPECTED else Status.MISSING,
        achieved=f"{count}市町村",
        missing=missing,
    )


def dispatch_count(prefecture: Prefecture, fiscal_year: int) -> int:
    """The municipalities with an expert dispatch in the year, as kasane.dispatch keeps them (one a year per
    municipality; 取りやめ does not count). Looked up by name: that app builds on this one, not the other way
    round."""

    dispatch = apps.get_model("dispatch", "Dispatch")
    return int(
        dispatch.objects.filter(prefecture=prefecture, fiscal_year=fiscal_year)
        .exclude(status="withdrawn")
        .count()
    )
