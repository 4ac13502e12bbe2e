"""When things happened in a demo case: 重層的支援会議 dates and a case's key dates, worked out backwards.

A case in 支援中 had its plan approved some weeks ago at a 重層的支援会議 (held on the third Wednesday of each
month), so it was submitted before that, assessed before that, and so on back to the first consultation.
Phases (intake, assessment, planning, support, replan, support2, closing, reopen) are the spans in which
the story's notes and later consents are placed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from kasane.casework.models import CaseStatus
from kasane.demo.city.build import Builder
from kasane.demo.city.stories import Story
from kasane.lib.dates import fiscal_year, fiscal_year_label


def meeting_before(day: dt.date) -> dt.date:
    """The last 重層的支援会議 (third Wednesday of the month) on or before ``day``."""
    this_month = day.replace(day=1)
    for month in (this_month, (this_month - dt.timedelta(days=1)).replace(day=1)):
        first_wed = month + dt.timedelta(days=(2 - month.weekday()) % 7)
        third = first_wed + dt.timedelta(days=14)
        if third <= day:
            return third
    raise AssertionError("unreachable")


def meeting_after(day: dt.date) -> dt.date:
    candidate = meeting_before(day)
    while candidate < day:
        candidate = meeting_before(candidate + dt.timedelta(days=40))
    return candidate


def meeting_name(day: dt.date) -> str:
    fy = fiscal_year(day)
    number = (day.month - 4) % 12 + 1
    return f"重層的支援会議（{fiscal_year_label(fy).split('（')[0]}第{number}回）"


@dataclass
class Timeline:
    """Key dates of the case; None where the case has not got that far."""

    first: dt.date = dt.date.min
    sent: dt.date = dt.date.min
    accepted: dt.date = dt.date.min
    opened: dt.date = dt.date.min
    assessing: dt.date | None = None
    assessed: dt.date | None = None
    planning: dt.date | None = None
    drafted: dt.date | None = None
    submitted: dt.date | None = None
    revised: dt.date | None = None
    approved: dt.date | None = None
    review: dt.date | None = None
    resubmitted: dt.date | None = None
    approved2: dt.date | None = None
    evaluated: dt.date | None = None
    closed: dt.date | None = None
    reopened: dt.date | None = None
    phases: dict[str, tuple[dt.date, dt.date]] = field(default_factory=dict)


def timeline(b: Builder, s: Story) -> Timeline:
    g, today = b.rng.randint, b.today
    t = Timeline()
    status = CaseStatus(s.status)
    ended = status == CaseStatus.CLOSED or bool(s.reopened)
    last_approval = today
    if s.reopened:
        t.reopened = b.workday(today - dt.timedelta(days=g(8, 20)))
    if ended:
        t.closed = meeting_before(today - dt.timedelta(days=s.days))
        t.evaluated = b.workday(t.closed - dt.timedelta(days=g(5, 12)))
        last_approval = meeting_before(t.closed - dt.timedelta(days=s.support_days))
    elif status == CaseStatus.SUPPORT:
        last_approval = meeting_before(today - dt.timedelta(days=s.days))
    if ended or status == CaseStatus.SUPPORT:
        if s.reviewed:
            t.approved2 = last_approval
            t.resubmitted = b.workday(t.approved2 - dt.timedelta(days=g(5, 15)))
            t.review = meeting_before(t.resubmitted - dt.timedelta(days=g(7, 20)))
            t.approved = meeting_before(t.review - dt.timedelta(days=g(90, 150)))
        else:
            t.approved = last_approval
        t.submitted = t.approved - dt.timedelta(days=g(7, 20))
    elif status == CaseStatus.AWAITING_MEETING:
        last = meeting_before(b.yesterday)
        # Some day after the last sitting, up to yesterday: one draw, however long ago that sitting was.
        after = 1 + int(b.fraction() * max((b.yesterday - last).days, 1))
        t.submitted = min(last + dt.timedelta(days=after), b.yesterday)
    elif status == CaseStatus.PLANNING and s.revised:
        t.revised = meeting_before(today - dt.timedelta(days=g(2, 10)))
        t.submitted = t.revised - dt.timedelta(days=g(5, 12))
    elif status == CaseStatus.PLANNING:
        t.planning = today - dt.timedelta(days=g(5, 25))
    elif status == CaseStatus.ASSESSMENT:
        t.assessing = today - dt.timedelta(days=g(7, 30))
    else:
        t.opened = today - dt.timedelta(days=g(2, 12))
    if t.submitted is not None:
        t.drafted = t.submitted - dt.timedelta(days=g(4, 10))
        t.planning = t.drafted - dt.timedelta(days=g(3, 8))
    if t.planning is not None:
        t.assessed = t.planning - dt.timedelta(days=g(1, 4))
        t.assessing = t.assessed - dt.timedelta(days=g(14, 28))
    if t.assessing is not None:
        t.opened = t.assessing - dt.timedelta(days=g(3, 8))
    t.accepted = t.opened - dt.timedelta(days=g(1, 4))
    t.sent = t.accepted - dt.timedelta(days=g(1, 3))
    t.first = t.sent - dt.timedelta(days=g(3, 12))
    for name in (
        "first",
        "sent",
        "accepted",
        "opened",
        "assessing",
        "assessed",
        "planning",
        "drafted",
        "submitted",
    ):
        day = getattr(t, name)
        if day is not None:
            setattr(t, name, b.workday(day))

    end = t.evaluated or today
    t.phases["intake"] = (t.opened, t.assessing or today)
    if t.assessing:
        t.phases["assessment"] = (t.assessing, t.assessed or today)
    if t.planning:
        t.phases["planning"] = (t.planning, today if t.revised else t.submitted or today)
    if t.approved:
        t.phases["support"] = (t.approved, t.review or end)
    if t.review and t.approved2:
        t.phases["replan"] = (t.review, t.approved2)
        t.phases["support2"] = (t.approved2, end)
    if t.evaluated and t.closed:
        t.phases["closing"] = (t.evaluated, t.closed)
    if t.reopened:
        t.phases["reopen"] = (t.reopened, today)
    return t


def spread(b: Builder, span: tuple[dt.date, dt.date], i: int, n: int) -> dt.date:
    start, end = span
    return b.workday(start + dt.timedelta(days=(end - start).days * (i + 1) // (n + 1)))


def within(b: Builder, span: tuple[dt.date, dt.date], fraction: float) -> dt.date:
    start, end = span
    return b.workday(start + dt.timedelta(days=int((end - start).days * fraction)))
