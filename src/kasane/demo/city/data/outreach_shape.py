"""The shape of the demo's outreach year (``kasane.demo.city.outreach``): the 社協's visits to agencies, and
its targets with the steps each went through, every step dated relative to the day of loading.

A date (``At``) is one of
- ``ago(n)``: n days before today;
- ``on(anchor, n)``: n days after an anchor the loader knows (``today``, ``last_year`` — the first day of the
  previous 年度 —, ``item`` — the 支援会議 sitting a target was raised at —, and for a case story ``<key>.first``
  — its 相談受付 —, ``<key>.opened``, ``<key>.consent`` — the day a further member consented —, and
  ``<key>.note:<words>`` — the day of the 社協's 支援経過記録 containing those words);
- ``between(a, b, f)``: the fraction f of the way from the date a to the date b.
The loader moves a Saturday or Sunday back to the Friday and keeps each target's steps in order.
"""

from __future__ import annotations

from dataclasses import dataclass

THIS_WEEK = "this_week"  # a next step later this week: in two days but by Friday (on a weekend, today)
TODAY = "today"


@dataclass(frozen=True)
class Ago:
    days: int


@dataclass(frozen=True)
class On:
    anchor: str
    days: int = 0


@dataclass(frozen=True)
class Between:
    start: At
    end: At
    fraction: float


At = Ago | On | Between


def ago(days: int) -> At:
    return Ago(days)


def on(anchor: str, days: int = 0) -> At:
    return On(anchor, days)


def between(start: At, end: At, fraction: float) -> At:
    return Between(start, end, fraction)


@dataclass(frozen=True)
class Visit:
    """情報把握のネットワーク: one visit to an agency, a 民生委員, a 自治会 or a shop."""

    at: At
    kind: str  # Counterpart
    counterpart: str
    purpose: str
    minutes: int
    result: str
    follow_up: str = ""
    follow_in: int | None = None  # days after the visit
    key: str = ""  # named by the target raised at this visit


@dataclass(frozen=True)
class Touch:
    """One contact attempt; ``home`` records the 帰所確認 of a home visit (the companions who are not staff;
    "" when the CSW went alone or with a colleague only)."""

    at: At
    method: str
    with_whom: str
    outcome: str
    minutes: int
    text: str
    next_step: str = ""
    next_in: int | str | None = None  # days after the contact, THIS_WEEK or TODAY
    stage: str = ""
    home: str | None = None
    colleague: bool = False  # a colleague of the 社協 went too
    leaves: str = ""  # "HH:MM" the home visit set out; "" = in the morning or early afternoon


@dataclass(frozen=True)
class Move:
    """A stage set by hand (見守り継続 …)."""

    at: At
    stage: str
    note: str


@dataclass(frozen=True)
class Close:
    at: At
    reason: str
    note: str


@dataclass(frozen=True)
class Identify:
    """The person is linked to the record of the case journey (``person`` of the target)."""

    at: At


@dataclass(frozen=True)
class HandOver:
    """支援につなぐ through the person's own 相談受付 at the 社協 (the loader finds it)."""

    at: At
    route: str


@dataclass(frozen=True)
class PlanVisit:
    """A home visit planned for later today (or the next working morning when the day is nearly over)."""

    companions_other: str
    colleague: bool = True


Step = Touch | Move | Close | Identify | HandOver | PlanVisit


@dataclass(frozen=True)
class Script:
    key: str
    label: str
    description: str
    area: str
    source: str
    raised_by: str
    raised: At
    steps: tuple[Step, ...]
    visit: str = ""  # the key of the agency visit it was raised at
    person: tuple[str, int] | None = None  # (case story, resident index); linked at once unless Identify
    item: bool = False  # raised at the 支援会議: points at the item, never copies it
