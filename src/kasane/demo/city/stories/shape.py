"""The shape of a demo story: who lives in the household, how it reached the 社協, and what was written."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Resident:
    rel: str
    sex: str
    age: int
    name: str = ""  # 「姓 名」 as typed; "" = generated from the household's surname
    kana: str = ""
    family: tuple[str, str] | None = None  # another surname (a parent who lives apart, …)
    apart: str = ""
    phone: str = ""  # "mobile", "home" or ""
    note: str = ""
    situation: str = ""  # for the assessment sheet
    issues: str = ""


@dataclass(frozen=True)
class Note:
    phase: str
    agency: str
    kind: str
    minutes: int
    text: str


@dataclass(frozen=True)
class Team:
    agency: str
    part: str = "support"
    phase: str = "assessment"  # when the agency joined
    left: str = ""  # the phase in which it left the team, if it did


@dataclass(frozen=True)
class Role:
    agency: str
    actions: str
    frequency: str = ""


@dataclass(frozen=True)
class PlanText:
    long_goal: str
    short_goals: str
    roles: tuple[Role, ...]
    kind: str = "collaboration"
    comment: str = ""
    approval: str = ""  # what the meeting said when it approved the plan


@dataclass(frozen=True)
class Assess:
    situation: str
    issues: str
    strengths: str
    words: str
    risks: str = ""
    urgency: str = "medium"


@dataclass(frozen=True)
class Closure:
    result: str  # GoalResult
    reasons: str
    person_view: str
    decision: str  # the meeting's notes, which become the case's closure reason
    watch: str = ""  # how the household is watched over after closure; "" = not at all


@dataclass(frozen=True)
class Contact:
    """Another agency that met the household first and referred it to the intake agency.

    That agency then owns the household record, as it would in the application.
    """

    agency: str
    member: int
    complaint: str
    note: str
    topics: tuple[str, ...] = ("other",)
    wishes: str = ""
    response: str = "continue"
    visitor: str = "self"
    visitor_name: str = ""


@dataclass(frozen=True)
class OwnIntake:
    """The member's own 相談受付 (利用申込み), taken the day they consented: the case journey's record through
    which outreach hands them over to 多機関協働 (``kasane.outreach.rules``: a hand-over needs the person's own)."""

    complaint: str
    note: str
    topics: tuple[str, ...]
    situations: tuple[str, ...] = ()
    wishes: str = ""
    channel: str = "home_visit"


@dataclass(frozen=True)
class ExtraConsent:
    """A consent from another member of the household (consent is per person)."""

    member: int
    agency: str
    shared: tuple[str, ...]
    phase: str
    purpose: str
    at: float = 0.5  # position within the phase
    meeting: bool = True
    note: str = ""
    intake: OwnIntake | None = None  # the member applied that day too


@dataclass(frozen=True)
class Story:
    key: str
    title: str
    status: str  # CaseStatus value
    intake: str  # the agency that took the consultation and referred the household to the 社協
    town: str  # "" = address withheld (DV)
    residents: tuple[Resident, ...]
    topics: tuple[str, ...]
    situations: tuple[str, ...]
    complaint: str
    wishes: str
    intake_note: str
    referral: str  # the referral's message to the 社協
    team: tuple[Team, ...] = ()
    assessment: Assess | None = None
    plans: tuple[PlanText, ...] = ()  # collaboration v1 (and v2 when reviewed), then other kinds
    notes: tuple[Note, ...] = ()
    closure: Closure | None = None
    contacts: tuple[Contact, ...] = ()
    consents: tuple[ExtraConsent, ...] = ()
    case_person: int = 0
    subjects: tuple[int, ...] = ()  # 主たる支援対象者 besides the case's 本人 (indexes into residents)
    visitor: str = "self"
    visitor_member: int | None = None
    visitor_relation: str = ""
    visitor_name: str = ""
    channel: str = "visit"
    household: str = ""
    family: tuple[str, str] | None = None
    lead: str = ""  # username of the lead coordinator
    days: int = 60  # 支援中: days since the (last) approval; 終結: days since closure
    support_days: int = 150  # 終結: how long support lasted
    overdue_review: bool = False
    revised: str = ""  # the meeting asked for a revision (its notes)
    reviewed: str = ""  # a progress meeting asked for a second version of the plan (its notes)
    withdrawn: str = ""  # the person withdrew consent; the case was closed after it
    reopened: str = ""  # why the closed case was reopened
    assessment2: Assess | None = None  # a later assessment (support2 or reopen)
