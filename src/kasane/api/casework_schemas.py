"""The shapes of case records in the API (``kasane.api.casework``): what goes out, and a note that comes in."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Schema

from kasane.api.writes import Link, LongText, Text100
from kasane.casework.models import Counterpart, NoteKind, Place


class PersonOut(Schema):
    id: int
    household_id: int
    name: str
    kana: str
    sex: str
    sex_label: str
    birth_date: dt.date | None
    age: int | None
    address: str
    phone: str
    mobile: str
    email: str
    relationship: str
    relationship_label: str
    is_main: bool
    lives_apart: bool
    apart_note: str
    owner_agency: str
    household: Link


class HouseholdOut(Schema):
    id: int
    address: str
    members: list[PersonOut]
    cases: list[Link]
    timeline: list[dict[str, Any]]


class LifeOut(Schema):
    """ご本人の生活の状況 (B票) as codes; the lists' codes are in the lists' order."""

    employment: str
    employment_note: str
    housing: str
    housing_unstable: bool
    housing_note: str
    income_sources: list[str]
    monthly_income: int | None
    welfare: str
    debt: str
    arrears: list[str]
    money_note: str
    illness: str
    treatment: str
    mental_health: str
    disability_card: str
    card_kinds: list[str]
    health_insurance: str
    pension: str
    issues: list[str]


class ConsultationOut(Schema):
    id: int
    person_id: int
    household_id: int
    owner_agency: str
    received_at: dt.datetime
    channel: str
    route: str
    referrer_agency: str | None
    referrer_name: str
    sex: str
    age_band: int | None
    visitor: str
    visitor_relation: str
    topics: list[str]
    main_topic: str
    situations: list[str]
    complaint: str
    wishes: str
    life: LifeOut
    response: str
    consent_variant: str
    person: Link | None  # None once the caller may no longer open it (a consent withdrawn)
    household: Link | None


class ReferralOut(Schema):
    id: int
    from_agency: str
    to_agency: str
    status: str
    status_label: str
    fhir_status: str
    reply_by: dt.date | None
    message: str
    basis: str
    shared_fields: list[str]
    shared: dict[str, Any] | None
    created_at: dt.datetime
    # Null where the caller may not follow it: the person once the consent a receiver relied on is withdrawn,
    # the consultation for anyone but the agency that sent the つなぎ.
    person: Link | None
    consultation: Link | None


class TeamOut(Schema):
    agency: str
    part: str
    part_label: str


class PlanRoleOut(Schema):
    agency: str
    who: str
    actions: str
    frequency: str
    until: dt.date | None


class PlanOut(Schema):
    id: int
    kind: str
    version: int
    # Sent back with an edit (PUT /plans/{plan_id}): a save made by someone else since is refused with 409.
    lock_version: int
    status: str
    status_label: str
    long_term_goal: str
    short_term_goals: str
    next_review_on: dt.date | None
    person_agreed: bool
    roles: list[PlanRoleOut]


class NoteOut(Schema):
    id: int
    agency: str
    kind: str
    on: dt.date
    starts_at: dt.time | None
    minutes: int | None
    counterparts: list[str]
    counterpart_name: str
    place: str
    place_note: str
    stage: str
    stage_label: str
    text: str
    next_action: str
    author_name: str


class CaseSummaryOut(Schema):
    id: int
    title: str
    status: str
    status_label: str
    person_id: int
    household_id: int
    opened_on: dt.date
    closed_on: dt.date | None
    person: Link | None  # None once the caller may no longer open it (a consent withdrawn)
    household: Link | None


class AssessmentSummaryOut(Schema):
    id: int
    version: int
    assessed_on: dt.date
    urgency: str
    result: str


class CaseOut(CaseSummaryOut):
    owner_agency: str
    consent_active: bool
    # What the case was opened from, where the caller may follow it.
    consultation: Link | None
    referral: Link | None
    team: list[TeamOut]
    assessments: list[AssessmentSummaryOut]
    plans: list[PlanOut]
    notes: list[NoteOut]


class NoteIn(Schema):
    kind: NoteKind = NoteKind.INTERVIEW
    on: dt.date
    starts_at: dt.time | None = None
    minutes: int | None = None
    counterparts: list[Counterpart] = []
    counterpart_name: Text100 = ""
    place: Place | None = None
    place_note: Text100 = ""
    text: LongText
    next_action: LongText = ""


class ConsentOut(Schema):
    id: int
    person: Link
    owner_agency: str
    covers_collaboration: bool
    covers_meeting: bool
    shared_agencies: list[str]
    purpose: str
    obtained_on: dt.date
    method: str
    method_label: str
    is_active: bool
    withdrawn_on: dt.date | None


class AssessmentOut(AssessmentSummaryOut):
    case: Link
    household_situation: str
    household_issues: str
    members: list[dict[str, Any]]


class GoalOut(Schema):
    goal: str
    result: str
    comment: str


class EvaluationOut(Schema):
    id: int
    case: Link
    evaluated_on: dt.date
    goal_result: str
    goal_result_label: str
    direction: str
    closure_code: str
    goals: list[GoalOut]
