"""The bodies the case journey's writes take (``kasane.api.journey``, ``kasane.api.journey_cases``).

Each mirrors the page's form field by field, with the model's codes as enums, so the document says what is
accepted; the page's form then checks the rules (the same words as on the page).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from ninja import Schema
from pydantic import Field

from kasane.api.schemas import RecordId
from kasane.api.writes import LongText, Text30, Text60, Text100, Text200
from kasane.casework.models import (
    Arrear,
    AssessmentResult,
    CardKind,
    Channel,
    ClosureCode,
    ConsentMethod,
    ConsentVariant,
    Direction,
    DisabilityCard,
    Employment,
    GoalResult,
    HealthInsurance,
    Housing,
    Improvement,
    IncomeSource,
    Issue,
    MentalHealth,
    Pension,
    PlanKind,
    Presence,
    Programme,
    ReferralBasis,
    Relationship,
    Response,
    Route,
    Sex,
    SharedField,
    Situation,
    Topic,
    Treatment,
    Urgency,
    Visitor,
    Welfare,
)

Yen = Annotated[int, Field(ge=0, le=99_999_999)]


class PersonIn(Schema):
    """本人 (the household's main person), as the person form takes them."""

    name: Text60
    kana: Text60 = ""
    sex: Sex = Sex.UNANSWERED
    birth_date: dt.date | None = None
    address: Text200 = ""
    phone: Text30 = ""
    mobile: Text30 = ""
    email: Text100 = ""
    notes: LongText = ""


class MemberIn(PersonIn):
    """A household member: who they are to the main person, and where they live when apart."""

    relationship: Relationship
    lives_apart: bool = False
    apart_note: Text100 = ""


class HouseholdIn(Schema):
    person: PersonIn
    members: list[MemberIn] = Field(default=[], max_length=20)
    # The look-alikes already seen and judged another person: create anyway.
    confirmed_new: bool = False


class LifeIn(Schema):
    """ご本人の生活の状況 (B票). Left out, an item is 未確認."""

    employment: Employment | None = None
    employment_note: Text200 = ""
    housing: Housing | None = None
    housing_unstable: bool = False
    housing_note: Text200 = ""
    income_sources: list[IncomeSource] = []
    monthly_income: Yen | None = None
    welfare: Welfare | None = None
    debt: Presence | None = None
    arrears: list[Arrear] = []
    money_note: Text200 = ""
    illness: Text200 = ""
    treatment: Treatment | None = None
    mental_health: MentalHealth | None = None
    disability_card: DisabilityCard | None = None
    card_kinds: list[CardKind] = []
    health_insurance: HealthInsurance | None = None
    pension: Pension | None = None
    issues: list[Issue] = []


class ConsentIn(Schema):
    """同意: its scope (多機関協働の利用申込み, 重層的支援会議での検討, the agencies named), when and how given."""

    covers_collaboration: bool = False
    covers_meeting: bool = False
    shared_agencies: list[RecordId] = Field(default=[], max_length=100)
    purpose: Text200 = ""
    obtained_on: dt.date
    method: ConsentMethod = ConsentMethod.WRITTEN
    notes: LongText = ""


class ConsultationIn(Schema):
    """相談受付 (相談受付・申込票 A票・B票): for a person on record (``person_id``), for a new one (``person``),
    or from a つなぎ the desk's agency accepted (``referral_id``: the person referred)."""

    person_id: RecordId | None = None
    person: PersonIn | None = None
    referral_id: RecordId | None = None
    confirmed_new: bool = False
    # The new person's household members named at intake (three at most, as on the page).
    members: list[MemberIn] = Field(default=[], max_length=20)
    received_at: dt.datetime
    channel: Channel = Channel.VISIT
    route: Route = Route.SELF
    referrer_agency_id: RecordId | None = None
    referrer_name: Text100 = ""
    visitor: Visitor = Visitor.SELF
    visitor_relation: Text30 = ""
    visitor_name: Text60 = ""
    visitor_contact: Text100 = ""
    topics: list[Topic] = Field(min_length=1)
    main_topic: Topic | None = None
    topic_other: Text100 = ""
    situations: list[Situation] = []
    complaint: LongText
    wishes: LongText = ""
    life: LifeIn = LifeIn()
    response: Response = Response.ADVICE
    response_note: LongText = ""
    consent_variant: ConsentVariant = ConsentVariant.WITHOUT
    # Needed when ``consent_variant`` is 同意あり.
    consent: ConsentIn | None = None


class ReferralIn(Schema):
    """つなぎ: from one of the agency's own consultations (``consultation_id``) or for a person it sees."""

    consultation_id: RecordId | None = None
    person_id: RecordId | None = None
    to_agency_id: RecordId
    shared_fields: list[SharedField] = Field(min_length=1)
    shared_note: LongText = ""
    basis: ReferralBasis = ReferralBasis.CONSENT
    consent_id: RecordId | None = None
    basis_note: LongText = ""
    message: LongText
    reply_by: dt.date | None = None


ReferralAction = Literal["accept", "decline", "start", "complete", "cancel"]


class ReferralTransitionIn(Schema):
    action: ReferralAction
    # The reason, needed to decline or cancel.
    note: Annotated[str, Field(max_length=2000, pattern=r"^[^\x00]*$")] = ""


class WithdrawalIn(Schema):
    withdrawn_on: dt.date
    withdrawal_note: Annotated[str, Field(min_length=1, max_length=2000, pattern=r"^[^\x00]*$")]


class CaseIn(Schema):
    """A 多機関協働 case, from the hub's own consultation or from a つなぎ it accepted."""

    consultation_id: RecordId | None = None
    referral_id: RecordId | None = None
    title: Text100
    opened_on: dt.date


CaseAction = Literal["start_assessment", "start_planning", "submit_plan", "review_plan", "reopen"]


class CaseTransitionIn(Schema):
    action: CaseAction
    # The reason, needed to reopen.
    note: Annotated[str, Field(max_length=2000, pattern=r"^[^\x00]*$")] = ""


class AssessmentMemberIn(Schema):
    person_id: RecordId
    situation: LongText = ""
    issues: LongText = ""


class AssessmentIn(LifeIn):
    """インテーク・アセスメントシート, with a row for each household member written about."""

    assessed_on: dt.date
    household_situation: LongText
    household_issues: LongText = ""
    background: LongText = ""
    strengths: LongText = ""
    person_words: LongText = ""
    urgency: Urgency = Urgency.MEDIUM
    risks: LongText = ""
    situations: list[Situation] = []
    result: AssessmentResult | None = None
    members: list[AssessmentMemberIn] = Field(default=[], max_length=50)


class PlanRoleIn(Schema):
    agency_id: RecordId
    who: Text60 = ""
    actions: LongText
    frequency: Annotated[str, Field(max_length=40, pattern=r"^[^\x00]*$")] = ""
    until: dt.date | None = None


class PlanIn(Schema):
    """プラン兼事業等利用申込書 with its 役割分担 (one role at least)."""

    kind: PlanKind = PlanKind.COLLABORATION
    needs: LongText = ""
    policy: LongText = ""
    long_term_goal: LongText
    short_term_goals: LongText
    person_tasks: LongText = ""
    programmes: list[Programme] = []
    employment_support: bool = False
    starts_on: dt.date | None = None
    ends_on: dt.date | None = None
    next_review_on: dt.date | None = None
    person_agreed: bool = False
    person_agreed_on: dt.date | None = None
    person_comment: LongText = ""
    roles: list[PlanRoleIn] = Field(min_length=1, max_length=50)


class PlanEditIn(PlanIn):
    # The plan's ``lock_version`` when the editor read it: a save made by someone else since is refused (409).
    lock_version: Annotated[int, Field(ge=0, le=2_147_483_647)]


class GoalIn(Schema):
    """One 短期目標 of the plan being carried out, in the plan's order: how far it was met."""

    result: GoalResult
    # Needed unless the goal was met.
    comment: Annotated[str, Field(max_length=2000, pattern=r"^[^\x00]*$")] = ""


class EvaluationIn(Schema):
    """評価シート before closure: one row in ``goals`` for each 短期目標 of the plan being carried out."""

    evaluated_on: dt.date
    reasons: LongText
    implementation: LongText = ""
    improvements: list[Improvement] = []
    employed: bool = False
    employed_on: dt.date | None = None
    income_increased: bool = False
    income_increase: Yen | None = None
    person_view: LongText = ""
    remaining_issues: LongText = ""
    direction: Direction
    closure_code: ClosureCode | None = None
    keep_watching: bool = False
    watch_note: Text200 = ""
    goals: list[GoalIn] = Field(min_length=1, max_length=50)
