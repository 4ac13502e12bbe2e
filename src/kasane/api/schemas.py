from __future__ import annotations

from typing import Annotated, Any

from ninja import Schema
from pydantic import Field

# Primary keys are 64-bit (BigAutoField). A number outside 1..2**63-1 names no record; left unchecked it
# would overflow the database driver instead of finding nothing.
MAX_ID = 2**63 - 1
RecordId = Annotated[int, Field(ge=1, le=MAX_ID)]
# Typed search words, names and addresses. PostgreSQL text cannot hold NUL, and no search needs one.
SearchText = Annotated[str, Field(max_length=200, pattern=r"^[^\x00]*$")]


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
