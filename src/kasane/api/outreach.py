"""アウトリーチ through the API, for the outreach worker's device: the same rule book, access helper, form and
service as the pages, so the same answers and audit entries.

A list is read through ``visible_targets`` with ``record_list``, one target through ``access_target`` (404 and
an ``access.denied`` entry for anyone without a basis), and a contact is logged by ``services.log_contact``.
Nothing here reaches a 支援会議 item: a target only points at one, and the API does not say which.
"""

from __future__ import annotations

from typing import Any

from django.db.models import F
from django.http import HttpRequest, HttpResponse
from ninja import Router, Status

from kasane.api.idempotency import KeyHeader, create_once
from kasane.api.paging import numbered
from kasane.api.schemas import (
    DENIED,
    INVALID,
    NOT_FOUND,
    ErrorOut,
    OutreachContactIn,
    OutreachContactOut,
    OutreachTargetDetailOut,
    OutreachTargetOut,
    PageNumber,
    RecordId,
)
from kasane.audit.actor import actor_of
from kasane.audit.models import Basis
from kasane.casework.visibility import record_list, require_viewer
from kasane.outreach import services
from kasane.outreach.access import access_target
from kasane.outreach.choices import source_shown
from kasane.outreach.forms import ContactForm
from kasane.outreach.models import Contact, Stage, Target
from kasane.outreach.visibility import visible_targets

outreach = Router(tags=["アウトリーチ（個人情報）"])
RECORD_ERRORS = {**DENIED, **NOT_FOUND, **INVALID}
# As many as the outreach start page shows at once.
PAGE_SIZE = 50


def target_out(t: Target) -> dict[str, Any]:
    return {
        "id": t.pk,
        "number": t.number,
        "label": t.label,
        "area": t.area,
        "stage": t.stage,
        "stage_label": t.get_stage_display(),
        "raised_on": t.raised_on,
        "last_contact_on": t.last_contact_on,
        "person_id": t.person_id,
        "owner_agency": t.owner_agency.name,
    }


def contact_out(c: Contact) -> dict[str, Any]:
    return {
        "id": c.pk,
        "agency": c.agency.name,
        "on": c.on,
        "method": c.method,
        "method_label": c.get_method_display(),
        "with_whom": c.with_whom,
        "with_whom_label": c.get_with_whom_display(),
        "outcome": c.outcome,
        "outcome_label": c.get_outcome_display(),
        "minutes": c.minutes,
        "text": c.text,
        "next_step": c.next_step,
        "next_on": c.next_on,
        "author_name": c.author_name,
    }


@outreach.get(
    "/outreach/targets",
    response={200: list[OutreachTargetOut], **DENIED, **INVALID},
    summary="アウトリーチ対象の一覧",
    description=f"閲覧できる対象を、最後の接触が古い順（接触のない対象が先）に{PAGE_SIZE}件ずつ返します。",
)
def list_targets(
    request: HttpRequest, response: HttpResponse, stage: Stage | None = None, page: PageNumber = 1
) -> Any:
    viewer = require_viewer(request)
    targets = visible_targets(viewer).select_related("owner_agency")
    if stage is not None:
        targets = targets.filter(stage=stage)
    ordered = targets.order_by(F("last_contact_on").asc(nulls_first=True), "raised_on", "pk")
    shown = numbered(request, response, ordered, page, PAGE_SIZE)
    record_list(request, viewer, "outreach_target.listed", [t.person_id for t in shown if t.person_id])
    return [target_out(t) for t in shown]


@outreach.get(
    "/outreach/targets/{target_id}",
    response={200: OutreachTargetDetailOut, **RECORD_ERRORS},
    summary="アウトリーチ対象",
)
def get_target(request: HttpRequest, target_id: RecordId) -> Any:
    t, _viewer, basis = access_target(request, target_id)
    told = source_shown(request, t)  # a 支援会議 origin only to those who may see the item (§106-6)
    return {
        **target_out(t),
        "description": t.description,
        "source": t.source if told else None,
        "source_label": t.get_source_display() if told else None,
        "raised_by": t.raised_by if told else None,
        "household_id": t.household_id,
        "lead": t.lead_user.full_name if t.lead_user else None,
        "stage_changed_on": t.stage_changed_on,
        "route": t.route or None,
        "route_label": t.get_route_display(),
        "close_reason": t.close_reason or None,
        "close_reason_label": t.get_close_reason_display(),
        "closed_on": t.closed_on,
        "basis": basis.value,
        "basis_label": Basis(basis).label,
        "stage_history": [
            {
                "from_stage": s.from_stage or None,
                "from_stage_label": s.get_from_stage_display(),
                "to_stage": s.to_stage,
                "to_stage_label": s.get_to_stage_display(),
                "on": s.on,
                "note": s.note,
                "author_name": s.author_name,
            }
            for s in t.stage_changes.all()
        ],
    }


@outreach.get(
    "/outreach/targets/{target_id}/contacts",
    response={200: list[OutreachContactOut], **RECORD_ERRORS},
    summary="アウトリーチの接触記録",
    description=f"対象の接触記録を、新しい順に{PAGE_SIZE}件ずつ返します。",
)
def list_contacts(
    request: HttpRequest, response: HttpResponse, target_id: RecordId, page: PageNumber = 1
) -> Any:
    target, _viewer, _basis = access_target(request, target_id)
    contacts = target.contacts.select_related("agency")
    return [contact_out(c) for c in numbered(request, response, contacts, page, PAGE_SIZE)]


@outreach.post(
    "/outreach/targets/{target_id}/contacts",
    response={201: OutreachContactOut, 400: ErrorOut, **RECORD_ERRORS},
    summary="アウトリーチの接触の記録",
    description="接触を1件記録します。stage を指定すると、対象の段階も同時に変わります。"
    "Idempotency-Key を付けると、同じ記録を送り直しても二重には記録されません。",
)
def post_contact(
    request: HttpRequest, target_id: RecordId, payload: OutreachContactIn, idempotency_key: KeyHeader = None
) -> Any:
    # The page's form checks the fields, so the API refuses what the page refuses, in the same words.
    target, viewer, _basis = access_target(request, target_id)

    def create() -> Status[Any]:
        form = ContactForm(
            {
                "on": payload.on.isoformat(),
                "method": payload.method,
                "with_whom": payload.with_whom,
                "outcome": payload.outcome,
                "minutes": "" if payload.minutes is None else payload.minutes,
                "text": payload.text,
                "next_step": payload.next_step,
                "next_on": payload.next_on.isoformat() if payload.next_on else "",
            },
            target=target,
        )
        if not form.is_valid():
            message = "　".join(str(e) for errors in form.errors.values() for e in errors)
            return Status(400, {"detail": message})
        try:
            contact = services.log_contact(
                viewer, target, form.save(commit=False), stage=payload.stage or "", actor=actor_of(request)
            )
        except services.OutreachError as exc:
            # Refused for who is asking or for the target's state, as notes on a case are; otherwise the input.
            refused = not viewer.can_edit(target.owner_agency_id) or not target.is_open
            return Status(403 if refused else 400, {"detail": str(exc)})
        return Status(201, contact_out(contact))

    def show(contact_id: int) -> dict[str, Any]:
        # The target was loaded through its access helper above, for this request.
        return contact_out(target.contacts.select_related("agency").get(pk=contact_id))

    return create_once(request, idempotency_key, "outreach_contact", create, show)
