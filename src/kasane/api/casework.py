"""Case records through the API: the same access helpers as the pages, so the same rules and audit entries.

Nothing here reads a personal record any other way than through ``access_*`` (one record) or the
visibility querysets with ``record_list`` (lists), exactly as the views do.
"""

from __future__ import annotations

from typing import Any, Literal

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from ninja import Router, Status

from kasane.api.casework_out import (
    case_out,
    case_summary,
    consultation_out,
    household_out,
    note_out,
    person_out,
    seen_by,
    shown_referral,
)
from kasane.api.casework_schemas import (
    CaseOut,
    CaseSummaryOut,
    ConsultationOut,
    HouseholdOut,
    NoteIn,
    NoteOut,
    PersonOut,
    ReferralOut,
)
from kasane.api.idempotency import KeyHeader, create_once
from kasane.api.paging import page_size, paged
from kasane.api.schemas import DENIED, INVALID, NOT_FOUND, ErrorOut, RecordId, SearchText
from kasane.api.writes import conflict, invalid, refused
from kasane.audit.actor import actor_of
from kasane.casework.access import (
    access_case,
    access_consultation,
    access_household,
    access_person,
    access_referral,
)
from kasane.casework.forms.notes import NoteForm
from kasane.casework.queries.lists import CASE_ORDER, PAGE_SIZE, boxed_referrals, filtered_cases
from kasane.casework.queries.search import MAX_RESULTS, PersonQuery, parse_birth_date, search_page
from kasane.casework.services.cases import WorkflowError, add_note
from kasane.casework.visibility import (
    record_list,
    require_viewer,
)
from kasane.lib.paging import keyset

casework = Router(tags=["相談・ケース（個人情報）"])
# One record: the same 404 for a record that does not exist and one the caller has no basis to see.
RECORD_ERRORS = {**DENIED, **NOT_FOUND, **INVALID}


@casework.get(
    "/persons",
    response={200: list[PersonOut], 400: ErrorOut, **DENIED, **INVALID},
    summary="本人・世帯員の検索",
)
def search(
    request: HttpRequest,
    response: HttpResponse,
    name: SearchText = "",
    birth_date: SearchText = "",
    phone: SearchText = "",
    address: SearchText = "",
    cursor: str = "",
    size: int = MAX_RESULTS,
) -> Any:
    """Ranked as the search page ranks (a whole word, then a word's start, then inside a word; by ふりがな
    within each) and paged by keyset: ``X-Total-Count`` gives the whole count and ``Link: <…>; rel="next"``
    the next page, so no match is cut off."""
    viewer = require_viewer(request)
    born, error = parse_birth_date(birth_date)
    if error:
        return Status(400, {"detail": error})
    query = PersonQuery(name=name, born=born, phone=phone, address=address)
    page = search_page(viewer, query, cursor, page_size(size, MAX_RESULTS))
    paged(request, response, page)
    record_list(request, viewer, "person.searched", [p.pk for p in page.rows])
    return [person_out(p) for p in page.rows]


@casework.get("/persons/{person_id}", response={200: PersonOut, **RECORD_ERRORS}, summary="本人・世帯員")
def get_person(request: HttpRequest, person_id: RecordId) -> Any:
    person, _viewer, _basis = access_person(request, person_id)
    return person_out(person)


@casework.get(
    "/households/{household_id}", response={200: HouseholdOut, **RECORD_ERRORS}, summary="世帯と経過"
)
def get_household(request: HttpRequest, household_id: RecordId) -> Any:
    return household_out(*access_household(request, household_id))


@casework.get(
    "/consultations/{consultation_id}", response={200: ConsultationOut, **RECORD_ERRORS}, summary="相談受付"
)
def get_consultation(request: HttpRequest, consultation_id: RecordId) -> Any:
    c, viewer, _basis = access_consultation(request, consultation_id)
    return consultation_out(c, viewer)


# The values a list's filters take: anything else is a 422 naming them, never a silent default.
ReferralBox = Literal["received", "sent", "overdue"]
CaseList = Literal["mine", "agency", "review_overdue", "awaiting_meeting", "closed"]
CaseStatusFilter = Literal["", "intake", "assessment", "planning", "awaiting_meeting", "support", "closed"]


@casework.get("/referrals", response={200: list[ReferralOut], **DENIED, **INVALID}, summary="つなぎの一覧")
def list_referrals(
    request: HttpRequest,
    response: HttpResponse,
    box: ReferralBox = "received",
    cursor: str = "",
    size: int = PAGE_SIZE,
) -> Any:
    """Paged by keyset: ``X-Total-Count`` gives the whole count and ``Link: <…>; rel="next"`` the next page."""
    viewer = require_viewer(request)
    _box, referrals, order = boxed_referrals(viewer, box)
    page = keyset(referrals, order, cursor, page_size(size, PAGE_SIZE))
    paged(request, response, page)
    record_list(request, viewer, "referral.listed", [r.person_id for r in page.rows])
    seen = seen_by(
        viewer, [r.person_id for r in page.rows], consultations=[r.consultation_id for r in page.rows]
    )
    return [shown_referral(r, viewer, seen) for r in page.rows]


@casework.get("/referrals/{referral_id}", response={200: ReferralOut, **RECORD_ERRORS}, summary="つなぎ")
def get_referral(request: HttpRequest, referral_id: RecordId) -> Any:
    r, viewer, _basis = access_referral(request, referral_id)
    return shown_referral(r, viewer)


@casework.get(
    "/cases", response={200: list[CaseSummaryOut], **DENIED, **INVALID}, summary="多機関協働ケースの一覧"
)
def list_cases(
    request: HttpRequest,
    response: HttpResponse,
    list: CaseList = "agency",
    status: CaseStatusFilter = "",
    cursor: str = "",
    size: int = PAGE_SIZE,
) -> Any:
    """Paged by keyset: ``X-Total-Count`` gives the whole count and ``Link: <…>; rel="next"`` the next page."""
    viewer = require_viewer(request)
    cases = filtered_cases(viewer, list, status)
    page = keyset(cases, CASE_ORDER, cursor, page_size(size, PAGE_SIZE))
    paged(request, response, page)
    seen = seen_by(viewer, [c.person_id for c in page.rows], [c.household_id for c in page.rows])
    shown = [case_summary(c, seen) for c in page.rows]
    record_list(request, viewer, "case.listed", [c["person_id"] for c in shown])
    return shown


@casework.get("/cases/{case_id}", response={200: CaseOut, **RECORD_ERRORS}, summary="多機関協働ケース")
def get_case(request: HttpRequest, case_id: RecordId) -> Any:
    case, viewer, _basis = access_case(request, case_id)
    return case_out(case, viewer)


@casework.post(
    "/cases/{case_id}/notes",
    response={201: NoteOut, 400: ErrorOut, **RECORD_ERRORS, 409: ErrorOut},
    summary="支援経過記録の追加",
    description="Idempotency-Key を付けると、同じ記録を送り直しても二重には記録されません。",
)
def post_note(
    request: HttpRequest, case_id: RecordId, payload: NoteIn, idempotency_key: KeyHeader = None
) -> Any:
    case, viewer, _basis = access_case(request, case_id)

    if not viewer.edit_agency_ids:
        raise PermissionDenied  # reading staff and read-only keys: 403, as on every write

    def create() -> Status[Any]:
        form = NoteForm(
            {
                "kind": payload.kind,
                "on": payload.on.isoformat(),
                "starts_at": "" if payload.starts_at is None else f"{payload.starts_at:%H:%M}",
                "minutes": "" if payload.minutes is None else payload.minutes,
                "counterparts": [c.value for c in payload.counterparts],
                "counterpart_name": payload.counterpart_name,
                "place": payload.place or "",
                "place_note": payload.place_note,
                "text": payload.text,
                "next_action": payload.next_action,
            }
        )
        if not form.is_valid():
            return invalid(refused(form))  # as every write: 422, each message at its field
        try:
            note = add_note(viewer, case, form.save(commit=False), actor=actor_of(request))
        except WorkflowError as exc:
            return conflict(str(exc))
        return Status(201, note_out(note))

    def show(note_id: int) -> dict[str, Any]:
        # The case was loaded through its access helper above, for this request.
        return note_out(case.notes.select_related("agency").get(pk=note_id))

    return create_once(request, idempotency_key, "note", create, show)
