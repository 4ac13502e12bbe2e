"""The shape of an everyday consultation template: the household, what was heard, what followed."""

from __future__ import annotations

from dataclasses import dataclass

F, M_ = "female", "male"


@dataclass(frozen=True)
class Member:
    rel: str
    sex: str
    lo: int
    hi: int
    relative: bool = True  # age = the main person's age + lo..hi (the main person's own range is absolute)
    apart: str = ""


@dataclass(frozen=True)
class Intake:
    key: str
    agencies: tuple[str, ...]  # agency keys; "houkatsu" is the 地域包括 of the household's area
    weight: int
    members: tuple[Member, ...]
    topics: tuple[str, ...]  # the first is the most pressing (◎)
    complaint: tuple[str, ...]  # variants
    wishes: tuple[str, ...]
    response: str
    note: tuple[str, ...]
    situations: tuple[str, ...] = ()
    channels: tuple[str, ...] = ("visit",)
    visitor: str = "self"
    visitor_member: int | None = None
    visitor_relation: str = ""
    visitor_name: str = ""
    household: str = ""
    refer_to: str = ""
    referral_message: str = ""
    basis: str = "consent"
    basis_note: str = ""
    decline: str = ""
    resend_to: str = ""  # after a 辞退, the sender tries this agency instead …
    resend_message: str = ""  # … with this message
    follow: str = ""  # a later consultation at the same agency: what was heard
    follow_note: str = ""
    area: str = ""  # only households in this 圏域


def member(rel: str, sex: str, lo: int, hi: int, apart: str = "", *, absolute: bool = False) -> Member:
    return Member(rel, sex, lo, hi, relative=not absolute, apart=apart)


ALONE_OLD_F = (member("self", F, 78, 92, absolute=True),)
