"""参加支援 through the API, read-only: the placements of the engagements the caller may see, and one engagement
with its placements — through the same rule book and access helper as the pages, so the same answers and the
same audit entries.

The list reads ``visible_engagements`` and leaves one ``participation.listed`` entry naming the persons shown
(``record_list``); one engagement is read through ``access_engagement``, which leaves ``participation.viewed``
with the person and the basis, or answers 404 (and ``access.denied``) to anyone without a basis.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from django.db.models import Min, Prefetch, Q, TextChoices
from django.http import HttpRequest, HttpResponse
from ninja import Router, Schema
from pydantic import WithJsonSchema

from kasane.api.paging import numbered
from kasane.api.schemas import DENIED, INVALID, NOT_FOUND, PageNumber, RecordId
from kasane.audit.models import Basis
from kasane.casework.visibility import record_list, require_viewer
from kasane.participation.access import access_engagement
from kasane.participation.models import (
    SHAREABLE_FIELDS,
    EndReason,
    EngagementStatus,
    HostConsent,
    Origin,
    Placement,
    Stage,
    StageChange,
)
from kasane.participation.queries import approved_on
from kasane.participation.visibility import visible_engagements

participation = Router(tags=["参加支援（個人情報）"])
RECORD_ERRORS = {**DENIED, **NOT_FOUND, **INVALID}
# As many as the participation list page shows at once.
PAGE_SIZE = 50
PENDING = Min("follow_ups__due_on", filter=Q(follow_ups__done_on__isnull=True))


def _codes(choices: type[TextChoices]) -> WithJsonSchema:
    """A coded field's values written out in place: outreach's ``Stage`` already holds the document's
    component of that name, and a second enum of the same name would replace it."""
    return WithJsonSchema({"type": "string", "enum": [str(v) for v in choices.values]})


StageCode = Annotated[Stage, _codes(Stage)]
OriginCode = Annotated[Origin, _codes(Origin)]
StatusCode = Annotated[EngagementStatus, _codes(EngagementStatus)]
EndReasonCode = Annotated[EndReason, _codes(EndReason)]


class PlacementOut(Schema):
    id: int
    engagement_id: int
    person_id: int
    person_name: str
    service_id: int
    service: str
    organization: str
    stage: StageCode
    stage_label: str
    proposed_on: dt.date
    ended_on: dt.date | None
    # The next follow-up not yet done, if one is planned.
    next_follow_up_on: dt.date | None


class PlacementStageOut(Schema):
    from_stage: StageCode | None
    from_stage_label: str
    to_stage: StageCode
    to_stage_label: str
    on: dt.date
    note: str
    author_name: str


class HostConsentOut(Schema):
    fields: list[str]
    field_labels: list[str]
    obtained_on: dt.date
    method: str
    method_label: str
    obtained_by_name: str


class PlacementDetailOut(PlacementOut):
    reasons: str
    host_contact: str
    host_phone: str
    follow_up_days: int
    end_reason: str
    # What the person agreed may go to this host; null when no consent stands.
    host_consent: HostConsentOut | None
    stage_history: list[PlacementStageOut]


class EngagementOut(Schema):
    id: int
    number: str
    person_id: int
    person_name: str
    owner_agency: str
    origin: OriginCode
    origin_label: str
    case_id: int | None
    referral_id: int | None
    started_on: dt.date
    lead: str | None
    status: StatusCode
    status_label: str
    # The day a 重層的支援会議 approved the 参加支援 plan; null while it waits.
    approved_on: dt.date | None
    urgent_started_on: dt.date | None
    urgent_reason: str
    ended_on: dt.date | None
    end_reason: EndReasonCode | None
    end_reason_label: str
    end_note: str
    basis: str
    basis_label: str
    placements: list[PlacementDetailOut]


def placement_out(p: Placement) -> dict[str, Any]:
    person = p.engagement.person
    return {
        "id": p.pk,
        "engagement_id": p.engagement_id,
        "person_id": person.pk,
        "person_name": person.name,
        "service_id": p.service_id,
        "service": p.service.name,
        "organization": p.service.organization.name,
        "stage": p.stage,
        "stage_label": p.get_stage_display(),
        "proposed_on": p.proposed_on,
        "ended_on": p.ended_on,
        "next_follow_up_on": p.next_follow_up_on,  # type: ignore[attr-defined]
    }


def _consent_out(consents: list[HostConsent]) -> dict[str, Any] | None:
    standing = [c for c in consents if c.withdrawn_on is None]
    if not standing:
        return None
    c = max(standing, key=lambda c: (c.obtained_on, c.pk))
    return {
        "fields": [f for f in c.fields if f in SHAREABLE_FIELDS],
        "field_labels": c.field_labels,
        "obtained_on": c.obtained_on,
        "method": c.method,
        "method_label": c.get_method_display(),
        "obtained_by_name": c.obtained_by_name,
    }


def placement_detail(p: Placement) -> dict[str, Any]:
    return {
        **placement_out(p),
        "reasons": p.reasons,
        "host_contact": p.host_contact,
        "host_phone": p.host_phone,
        "follow_up_days": p.follow_up_days,
        "end_reason": p.end_reason,
        "host_consent": _consent_out(list(p.consents.all())),
        "stage_history": [
            {
                "from_stage": c.from_stage or None,
                "from_stage_label": c.get_from_stage_display(),
                "to_stage": c.to_stage,
                "to_stage_label": c.get_to_stage_display(),
                "on": c.on,
                "note": c.note,
                "author_name": c.author_name,
            }
            for c in p.changes.all()
        ],
    }


@participation.get(
    "/participation/placements",
    response={200: list[PlacementOut], **DENIED, **INVALID},
    summary="受け入れの一覧",
    description=(
        f"閲覧できる参加支援の受け入れを、提案日の新しい順に{PAGE_SIZE}件ずつ返します。"
        "stage を指定すると、その段階のものだけを返します。"
    ),
)
def list_placements(
    request: HttpRequest, response: HttpResponse, stage: StageCode | None = None, page: PageNumber = 1
) -> Any:
    viewer = require_viewer(request)
    placements = Placement.objects.filter(engagement__in=visible_engagements(viewer).values("pk"))
    if stage is not None:
        placements = placements.filter(stage=stage)
    ordered = (
        placements.select_related("engagement__person", "service__organization")
        .annotate(next_follow_up_on=PENDING)
        .order_by("-proposed_on", "-pk")
    )
    shown = numbered(request, response, ordered, page, PAGE_SIZE)
    record_list(request, viewer, "participation.listed", [p.engagement.person_id for p in shown])
    return [placement_out(p) for p in shown]


@participation.get(
    "/participation/engagements/{engagement_id}",
    response={200: EngagementOut, **RECORD_ERRORS},
    summary="参加支援",
    description="参加支援1件と、その受け入れすべて（段階の経過、受け入れ先への情報提供の同意）を返します。",
)
def get_engagement(request: HttpRequest, engagement_id: RecordId) -> Any:
    e, _viewer, basis = access_engagement(request, engagement_id)
    placements = (
        e.placements.select_related("service__organization")
        .annotate(next_follow_up_on=PENDING)
        .prefetch_related(
            Prefetch("changes", queryset=StageChange.objects.order_by("on", "pk")),
            "consents",
        )
        .order_by("-proposed_on", "-pk")
    )
    rows = []
    for p in placements:
        p.engagement = e  # the engagement is the one just checked: no query per placement
        rows.append(placement_detail(p))
    return {
        "id": e.pk,
        "number": e.number,
        "person_id": e.person_id,
        "person_name": e.person.name,
        "owner_agency": e.owner_agency.name,
        "origin": e.origin,
        "origin_label": e.get_origin_display(),
        "case_id": e.case_id,
        "referral_id": e.referral_id,
        "started_on": e.started_on,
        "lead": e.lead_user.full_name if e.lead_user else None,
        "status": e.status,
        "status_label": e.get_status_display(),
        "approved_on": approved_on(e),
        "urgent_started_on": e.urgent_started_on,
        "urgent_reason": e.urgent_reason,
        "ended_on": e.ended_on,
        "end_reason": e.end_reason or None,
        "end_reason_label": e.get_end_reason_display(),
        "end_note": e.end_note,
        "basis": basis.value,
        "basis_label": Basis(basis).label,
        "placements": rows,
    }
