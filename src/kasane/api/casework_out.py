"""Case records as the API answers them: one function per record kind, and the links to related records,
each given only while the caller may open the record it names (``Seen``). The routes are in ``casework``."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from kasane.api.writes import link
from kasane.audit.models import Basis
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
from kasane.casework.queries.timeline import household_timeline
from kasane.casework.visibility import (
    Viewer,
    team_cases,
    visible_consultations,
    visible_households,
    visible_persons,
)


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
