"""The shape of the demo's 参加支援 (``kasane.demo.city.participation``): each person's engagement with the 社協 as
the steps staff took, every step dated relative to the day of loading.

Dates are ``outreach_shape``'s (``ago``, ``on``, ``between``). The anchors ``on`` knows here are ``today``; for a
case story ``<key>.approved`` (the 重層的支援会議 approved the case's 参加支援 plan), ``<key>.opened``,
``<key>.planning`` (プラン作成 began) and ``<key>.note:<words>`` (the 社協's 支援経過記録 containing the words);
``hub:<intake>.accepted`` (the 社協 accepted a つなぎ of ``intake.hub``); ``gap:<title>`` (a 全体推進会議 raised
the 不足している社会資源). The loader moves a Saturday or Sunday to a working day and keeps each person's steps in
order; a follow-up's next date (``Visit.next``) is kept as written, since it is a plan.
"""

from __future__ import annotations

from dataclasses import dataclass

from kasane.demo.city.data.outreach_shape import At


@dataclass(frozen=True)
class Needs:
    """参加に向けたアセスメント (a new version each time), in the person's own words."""

    at: At
    wishes: str
    strengths: str = ""
    time: str = ""
    travel_note: str = ""
    people: str = ""
    health: str = ""
    words: str = ""
    interests: tuple[str, ...] = ()  # resources.Category
    days: tuple[str, ...] = ()  # MO … SU
    hours: str = ""  # "13:00-16:00"
    area: str = ""  # 圏域; "" = not asked
    travel: str = "walk"  # participation.Travel
    load: str = "medium"  # resources.Load
    quiet: bool = False  # 人と話すのがまだ難しい


@dataclass(frozen=True)
class Urgent:
    """決定前に支援を始める (004 §4 (2)), with the reason."""

    at: At
    reason: str


@dataclass(frozen=True)
class Link:
    """A 参加支援 begun from a つなぎ is tied to the person's 多機関協働 case."""

    at: At


@dataclass(frozen=True)
class Propose:
    at: At
    host: str  # the register's key (``resources_*``)
    reasons: str


@dataclass(frozen=True)
class Move:
    at: At
    host: str
    stage: str  # participation.Stage
    note: str


@dataclass(frozen=True)
class Contact:
    """The host's contact person and how often the placement is followed up."""

    at: At
    host: str
    name: str
    phone: str
    every: int = 14


@dataclass(frozen=True)
class Agree:
    """The person's consent that these items go to the host (a new one replaces the standing one)."""

    at: At
    host: str
    fields: tuple[str, ...]
    method: str = "written"


@dataclass(frozen=True)
class Withdraw:
    at: At
    host: str


@dataclass(frozen=True)
class Tell:
    """受け入れ先への支援: what was worked out with the host (HostNoteKind)."""

    at: At
    host: str
    kind: str
    text: str


@dataclass(frozen=True)
class Visit:
    """The placement's follow-up due, done; the next on ``next`` (or after the placement's interval)."""

    at: At
    host: str
    note: str
    next: At | None = None


@dataclass(frozen=True)
class Review:
    at: At
    attendance: str
    words: str
    changes: str


@dataclass(frozen=True)
class End:
    at: At
    reason: str  # participation.EndReason
    note: str


Step = Needs | Urgent | Link | Propose | Move | Contact | Agree | Withdraw | Tell | Visit | Review | End


@dataclass(frozen=True)
class Script:
    key: str
    story: str  # a case story's key, or "hub:<intake key>" for a つなぎ to the 社協 with no case yet
    started: At
    steps: tuple[Step, ...]
    member: int = 0  # the person: index into the household's residents
    via_referral: bool = False  # begun from the つなぎ that brought the household to the 社協
