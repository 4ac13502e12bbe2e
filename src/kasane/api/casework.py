"""Case records through the API: the same access helpers as the pages, so the same rules and audit entries.

Nothing here reads a personal record any other way than through ``access_*`` (one record) or the
visibility querysets with ``record_list`` (lists), exactly as the views do.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Literal

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from ninja import Router, Status

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
from kasane.api.writes import conflict, invalid, link, refused
from kasane.audit.actor import actor_of
from kasane.audit.models import Basis
from kasane.casework.access import (
    access_case,
    access_consultation,
    access_household,
    access_person,
    access_referral,
)
from kasane.casework.forms.notes import NoteForm
from kasane.casework.models import (
    LIFE_FIELDS,
    Case,
    Consultation,
    Household,
    Person,
    Plan,
    ProgressNote,
    Referral,
)
from kasane.casework.queries.lists import CASE_ORDER, PAGE_SIZE, boxed_referrals, filtered_cases
from kasane.casework.queries.search import MAX_RESULTS, PersonQuery, parse_birth_date, search_page
from kasane.casework.queries.timeline import household_timeline
from kasane.casework.services.cases import WorkflowError, add_note
from kasane.casework.visibility import (
    Viewer,
    record_list,
    require_viewer,
    team_cases,
    visible_consultations,
    visible_households,
    visible_persons,
)
from kasane.lib.paging import keyset

casework = Router(tags=["相談・ケース（個人情報）"])
# One record: the same 404 for a record that does not exist and one the caller has no basis to see.
RECORD_ERRORS = {**DENIED, **NOT_FOUND, **INVALID}


def person_out(p: Person) -> dict[str, Any]:
    return {
        "id": p.pk,
        "household_id": p.household_id,
        "name": p.name,
        "kana": p.kana,
        "sex": p.sex,
        "sex_label": p.get_sex_display(),
        "birth_date": p.birth_date,
        "age": p.age(),
        "address": p.address,
        "phone": p.phone,
        "mobile": p.mobile,
        "email": p.email,
        "relationship": p.relationship,
        "relationship_label": p.get_relationship_display(),
        "is_main": p.is_main,
        "lives_apart": p.lives_apart,
        "apart_note": p.apart_note,
        "owner_agency": p.owner_agency.name,
        "household": link("get_household", p.household_id),
    }


@dataclass(frozen=True)
class Seen:
    """Which of the records a response would link the caller may open now: a link is given only to those, so
    that a withdrawn consent closes the links with the records (one query per kind, for a page at once)."""

    persons: frozenset[int]
    households: frozenset[int]
    consultations: frozenset[int]


def seen_by(
    viewer: Viewer,
    persons: Iterable[int | None] = (),
    households: Iterable[int | None] = (),
    consultations: Iterable[int | None] = (),
) -> Seen:
    def ids(queryset: Any, wanted: Iterable[int | None]) -> frozenset[int]:
        wanted = {pk for pk in wanted if pk is not None}
        return (
            frozenset(queryset.filter(pk__in=wanted).values_list("pk", flat=True)) if wanted else frozenset()
        )

    return Seen(
        ids(visible_persons(viewer), persons),
        ids(visible_households(viewer), households),
        ids(visible_consultations(viewer), consultations),
    )


def seen_link(name: str, record_id: int | None, allowed: frozenset[int]) -> dict[str, Any] | None:
    return link(name, record_id) if record_id in allowed else None


def referral_out(
    r: Referral, visible: bool, sender: bool = False, seen: Seen | None = None
) -> dict[str, Any]:
    return {
        "id": r.pk,
        "from_agency": r.from_agency.name,
        "to_agency": r.to_agency.name,
        "status": r.status,
        "status_label": r.get_status_display(),
        "fhir_status": r.fhir_status,
        "reply_by": r.reply_by,
        "message": r.message,
        "basis": r.basis,
        "shared_fields": r.shared_fields,
        # Withdrawn consent hides the shared content from the receiver, as on the page.
        "shared": r.shared_data if visible else None,
        "created_at": r.created_at,
        "person": seen_link("get_person", r.person_id, seen.persons) if visible and seen else None,
        "consultation": (
            seen_link("get_consultation", r.consultation_id, seen.consultations) if sender and seen else None
        ),
    }


def shown_referral(r: Referral, viewer: Viewer, seen: Seen | None = None) -> dict[str, Any]:
    """A referral as its sender or its receiver sees it."""
    sender = r.from_agency_id in viewer.agency_ids
    seen = seen or seen_by(viewer, [r.person_id], consultations=[r.consultation_id])
    return referral_out(r, sender or r.basis_valid, sender, seen)


def case_summary(c: Case, seen: Seen) -> dict[str, Any]:
    return {
        "id": c.pk,
        "title": c.title,
        "status": c.status,
        "status_label": c.get_status_display(),
        "person_id": c.person_id,
        "household_id": c.household_id,
        "opened_on": c.opened_on,
        "closed_on": c.closed_on,
        "person": seen_link("get_person", c.person_id, seen.persons),
        "household": seen_link("get_household", c.household_id, seen.households),
    }


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


def household_out(
    household: Household, viewer: Viewer, _basis: Basis, members: list[Person]
) -> dict[str, Any]:
    return {
        "id": household.pk,
        "address": household.address,
        "members": [person_out(m) for m in members],
        # The household's 多機関協働 cases the caller sees, oldest first.
        "cases": [
            link("get_case", pk)
            for pk in team_cases(viewer)
            .filter(household=household)
            .order_by("opened_on", "pk")
            .values_list("pk", flat=True)
        ],
        "timeline": [
            {"on": e.on.isoformat(), "kind": e.kind, "title": e.title, "agency": e.agency, "text": e.text}
            for e in household_timeline(viewer, household)
        ],
    }


@casework.get(
    "/consultations/{consultation_id}", response={200: ConsultationOut, **RECORD_ERRORS}, summary="相談受付"
)
def get_consultation(request: HttpRequest, consultation_id: RecordId) -> Any:
    c, viewer, _basis = access_consultation(request, consultation_id)
    return consultation_out(c, viewer)


def consultation_out(c: Consultation, viewer: Viewer) -> dict[str, Any]:
    seen = seen_by(viewer, [c.person_id], [c.household_id])
    return {
        "id": c.pk,
        "person_id": c.person_id,
        "household_id": c.household_id,
        "owner_agency": c.owner_agency.name,
        "received_at": c.received_at,
        "channel": c.channel,
        "route": c.route,
        "referrer_agency": c.referrer_agency.name if c.referrer_agency else None,
        "referrer_name": c.referrer_name,
        "sex": c.sex,
        "age_band": c.age_band,
        "visitor": c.visitor,
        "visitor_relation": c.visitor_relation,
        "topics": c.topics,
        "main_topic": c.main_topic,
        "situations": c.situations,
        "complaint": c.complaint,
        "wishes": c.wishes,
        "life": {name: getattr(c, name) for name in LIFE_FIELDS},
        "response": c.response,
        "consent_variant": c.consent_variant,
        "person": seen_link("get_person", c.person_id, seen.persons),
        "household": seen_link("get_household", c.household_id, seen.households),
    }


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


def case_out(case: Case, viewer: Viewer) -> dict[str, Any]:
    referral = case.referral
    # Its sender and receiver see a referral; the rest of the team follows the case, not the referral.
    sees_referral = referral is not None and bool(
        {referral.from_agency_id, referral.to_agency_id} & set(viewer.agency_ids)
    )
    seen = seen_by(viewer, [case.person_id], [case.household_id], [case.consultation_id])
    return {
        **case_summary(case, seen),
        "owner_agency": case.owner_agency.name,
        "consent_active": case.consent.is_active,
        "consultation": seen_link("get_consultation", case.consultation_id, seen.consultations),
        "referral": link("get_referral", case.referral_id) if sees_referral else None,
        "assessments": [
            {
                "id": a.pk,
                "version": a.version,
                "assessed_on": a.assessed_on,
                "urgency": a.urgency,
                "result": a.result,
            }
            for a in case.assessments.order_by("version")
        ],
        "team": [
            {"agency": m.agency.name, "part": m.part, "part_label": m.get_part_display()}
            for m in case.team.filter(left_on__isnull=True).select_related("agency")
        ],
        "plans": [plan_out(p) for p in case.plans.prefetch_related("roles__agency")],
        "notes": [note_out(n) for n in case.notes.select_related("agency")[:200]],
    }


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


def plan_out(p: Plan) -> dict[str, Any]:
    return {
        "id": p.pk,
        "kind": p.kind,
        "version": p.version,
        "lock_version": p.lock_version,
        "status": p.status,
        "status_label": p.get_status_display(),
        "long_term_goal": p.long_term_goal,
        "short_term_goals": p.short_term_goals,
        "next_review_on": p.next_review_on,
        "person_agreed": p.person_agreed,
        "roles": [
            {
                "agency": r.agency.name,
                "who": r.who,
                "actions": r.actions,
                "frequency": r.frequency,
                "until": r.until,
            }
            for r in p.roles.all()
        ],
    }


def note_out(n: ProgressNote) -> dict[str, Any]:
    return {
        "id": n.pk,
        "agency": n.agency.name,
        "kind": n.kind,
        "on": n.on,
        "starts_at": n.starts_at,
        "minutes": n.minutes,
        "counterparts": n.counterparts,
        "counterpart_name": n.counterpart_name,
        "place": n.place,
        "place_note": n.place_note,
        "stage": n.stage,
        "stage_label": n.get_stage_display(),
        "text": n.text,
        "next_action": n.next_action,
        "author_name": n.author_name,
    }
