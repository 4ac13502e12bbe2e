from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from ninja import Schema
from pydantic import Field

from kasane.outreach.models import CloseReason, Method, Outcome, Route, Source, Stage, With

# Primary keys are 64-bit (BigAutoField). A number outside 1..2**63-1 names no record; left unchecked it
# would overflow the database driver instead of finding nothing.
MAX_ID = 2**63 - 1
RecordId = Annotated[int, Field(ge=1, le=MAX_ID)]
# A page of a long list, counted from 1; bounded so that the offset stays far inside the database's range.
PageNumber = Annotated[int, Field(ge=1, le=100_000)]
# Typed search words, names and addresses. PostgreSQL text cannot hold NUL, and no search needs one.
SearchText = Annotated[str, Field(max_length=200, pattern=r"^[^\x00]*$")]
# Text staff write (what happened on a visit): any length, but no NUL either.
FreeText = Annotated[str, Field(pattern=r"^[^\x00]*$")]


class FieldOut(Schema):
    code: str
    name: str


class TopicOut(Schema):
    id: int
    name: str
    keywords: list[str]


class AreaOut(Schema):
    id: int
    name: str
    towns: list[str]


class AgencyTopicOut(Schema):
    topic_id: int
    topic: str
    level: int
    level_label: str


class AgencyOut(Schema):
    id: int
    name: str
    name_kana: str
    kind: str
    kind_label: str
    support_fields: list[FieldOut]
    operation_form: str
    operation_label: str
    contractor: str
    department: str
    area_id: int | None
    area_label: str
    postal_code: str
    address: str
    phone: str
    fax: str
    email: str
    hours: str
    contact_person: str
    handles_text: str
    referral_howto: str
    topics: list[AgencyTopicOut]
    updated_at: str


class NaviMatchOut(Schema):
    score: int
    primary_topics: list[str]
    other_topics: list[str]
    text_hit: bool
    agency: AgencyOut


class NaviOut(Schema):
    topics: list[TopicOut]
    area: AreaOut | None
    hidden_other_area: int
    matches: list[NaviMatchOut]
    # Where to turn when nothing fits: the municipality's 多機関協働 desk, with its phone and hours.
    collaboration_desk: AgencyOut | None


class ErrorOut(Schema):
    detail: str


class FieldErrorOut(Schema):
    loc: list[str | int]
    message: str


class ValidationErrorOut(ErrorOut):
    errors: list[FieldErrorOut]


# What each kind of operation may answer besides success (see errors.py for the bodies): 401 without a
# session, 403 without the permission, 422 for parameters or a body that do not fit this document, and 404
# for a record that does not exist or that the caller has no basis to see.
DENIED: dict[int, Any] = {401: ErrorOut, 403: ErrorOut}
INVALID: dict[int, Any] = {422: ValidationErrorOut}
NOT_FOUND: dict[int, Any] = {404: ErrorOut}


# アウトリーチ (api/outreach.py). Each coded field carries the model choice's code, beside its Japanese label.


class OutreachTargetOut(Schema):
    id: int
    number: str
    label: str
    area: str
    stage: Stage
    stage_label: str
    raised_on: dt.date
    last_contact_on: dt.date | None
    # Null until the target is linked to a person's record.
    person_id: int | None
    owner_agency: str


class StageChangeOut(Schema):
    from_stage: Stage | None
    from_stage_label: str
    to_stage: Stage
    to_stage_label: str
    on: dt.date
    note: str
    author_name: str


class OutreachTargetDetailOut(OutreachTargetOut):
    description: str
    # None where the reader may not be told the origin (a 支援会議 item they cannot see, §106-6).
    source: Source | None
    source_label: str | None
    raised_by: str | None
    household_id: int | None
    lead: str | None
    stage_changed_on: dt.date
    route: Route | None
    route_label: str
    close_reason: CloseReason | None
    close_reason_label: str
    closed_on: dt.date | None
    basis: str
    basis_label: str
    stage_history: list[StageChangeOut]


class OutreachContactOut(Schema):
    id: int
    agency: str
    on: dt.date
    method: Method
    method_label: str
    with_whom: With
    with_whom_label: str
    outcome: Outcome
    outcome_label: str
    minutes: int | None
    text: str
    next_step: str
    next_on: dt.date | None
    author_name: str


class OutreachContactIn(Schema):
    on: dt.date
    method: Method = Method.VISIT
    with_whom: With = With.PERSON
    outcome: Outcome
    minutes: Annotated[int, Field(ge=0, le=32767)] | None = None
    text: FreeText = ""
    next_step: Annotated[str, Field(max_length=200, pattern=r"^[^\x00]*$")] = ""
    next_on: dt.date | None = None
    # The stage the target moves to with this contact; left out, it stays where it is.
    stage: Stage | None = None
