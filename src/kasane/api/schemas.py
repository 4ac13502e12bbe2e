from __future__ import annotations

from ninja import Schema


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


class ErrorOut(Schema):
    detail: str
