"""What the 支援ケース pages gather before they render: where a new case comes from, the household members a
case page shows (each one a recorded read), the case page's context and the export's disclosure record.

Kept apart from ``cases.py`` so each view there reads top to bottom: access, guard, change, redirect.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, cast

from django.db.models import Field
from django.http import Http404, HttpRequest

from kasane.audit.actor import actor_of
from kasane.audit.models import Basis
from kasane.audit.trail import Item, log_many
from kasane.casework.access import access_consultation, access_referral
from kasane.casework.forms.cases import SubjectsForm, TeamMemberForm
from kasane.casework.forms.notes import NoteForm
from kasane.casework.models import (
    LIFE_FIELDS,
    Assessment,
    Case,
    CaseStatus,
    Consultation,
    ConsultationNote,
    Issue,
    Person,
    Referral,
    Situation,
    labels,
    life_summary,
    mark,
)
from kasane.casework.models import Status as ReferralStatus
from kasane.casework.visibility import (
    Viewer,
    consultation_basis,
    record_members,
    record_read,
    visible_consultations,
    visible_persons,
)
from kasane.casework.workflow import cases as workflow
from kasane.lib.dates import today
from kasane.lib.paging import keyset


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


@dataclass(frozen=True)
class CaseSource:
    """What a new case is opened from: the hub's own consultation or a referral the hub accepted."""

    person: Person
    consultation: Consultation | None = None
    referral: Referral | None = None

    @property
    def context(self) -> dict[str, Any]:
        """What the page shows of the source. A referral whose basis has lapsed (consent withdrawn) no longer
        shows whom it was about."""
        shown_name = self.person.name if self.referral is None or self.referral.basis_valid else ""
        return {"person_name": shown_name, "consultation": self.consultation, "referral": self.referral}


def case_source(request: HttpRequest, viewer: Viewer) -> CaseSource:
    """404 unless the case comes from a consultation the viewer may see or a referral their agency accepted:
    a case is never opened for a person picked at will."""
    source = request.POST if request.method == "POST" else request.GET
    if (cid := _int(source.get("consultation"))) is not None:
        consultation, _v, _b = access_consultation(request, cid)
        return CaseSource(consultation.person, consultation=consultation)
    if (rid := _int(source.get("referral"))) is not None:
        referral, _v, _b = access_referral(request, rid)
        if referral.to_agency_id not in viewer.agency_ids or referral.status not in (
            ReferralStatus.ACCEPTED,
            ReferralStatus.IN_PROGRESS,
        ):
            raise Http404
        return CaseSource(referral.person, referral=referral)
    raise Http404


def household_members(request: HttpRequest, viewer: Viewer, case: Case, basis: Basis) -> list[Person]:
    """The members of the case's household the viewer may see; showing them is a read of each, recorded."""
    members = list(visible_persons(viewer).filter(household_id=case.household_id).order_by("-is_main", "pk"))
    record_members(request, viewer, case, members, basis, action="case.members_viewed", via_case=True)
    return members


def carried_notes(request: HttpRequest, viewer: Viewer, case: Case) -> list[ConsultationNote]:
    """The 経過 of the 相談記録 the case opened from, which the case carries as its history: shown to whoever
    sees that consultation (its owner, and the case team through the case), and read as a read of it."""
    if case.consultation_id is None:
        return []
    notes = list(
        ConsultationNote.objects.filter(
            consultation__in=visible_consultations(viewer).filter(pk=case.consultation_id)
        )
        .select_related("agency", "consultation")
        .order_by("-on", "-pk")
    )
    if notes:
        consultation = notes[0].consultation
        basis = Basis.OWN if consultation.owner_agency_id in viewer.agency_ids else Basis.CASE_TEAM
        record_read(
            request,
            viewer,
            consultation,
            basis,
            action="consultation.viewed",
            person_id=consultation.person_id,
        )
    return notes


def assessment_intake(request: HttpRequest, viewer: Viewer, case: Case) -> Consultation | None:
    """The intake a case's first assessment starts from, so its life facts are not typed twice: the
    consultation the case was opened from, else the person's latest consultation the viewer may see (a case
    opened from a referral). Nothing the viewer may not see is copied; showing it is a read of it, recorded."""
    visible = visible_consultations(viewer).select_related("owner_agency")
    consultation = None
    if case.consultation_id is not None:
        consultation = visible.filter(pk=case.consultation_id).first()
    if consultation is None:
        consultation = visible.filter(person_id=case.person_id).order_by("-received_at", "-pk").first()
    if consultation is not None:
        record_read(
            request,
            viewer,
            consultation,
            consultation_basis(viewer, consultation) or Basis.CONSENT,
            action="consultation.viewed",
            person_id=consultation.person_id,
        )
    return consultation


def consultation_history(viewer: Viewer, case: Case) -> list[Consultation]:
    """相談歴 on the assessment sheet: the person's consultations the viewer may see, oldest first."""
    return list(
        visible_consultations(viewer)
        .filter(person_id=case.person_id)
        .select_related("owner_agency")
        .order_by("received_at", "pk")
    )


def read_history(request: HttpRequest, viewer: Viewer, case: Case) -> list[Consultation]:
    """The 相談歴 as the sheet prints it (受付日, 機関, 相談方法, 対応): showing each consultation is a read of it,
    recorded with the basis the viewer has on it."""
    history = consultation_history(viewer, case)
    for consultation in history:
        basis = consultation_basis(viewer, consultation)
        if basis is not None:
            record_read(
                request,
                viewer,
                consultation,
                basis,
                action="consultation.viewed",
                person_id=consultation.person_id,
            )
    return history


def _marked(name: str) -> tuple[str, str]:
    label = str(cast(Field, Assessment._meta.get_field(name)).verbose_name)
    return label, mark("assessment", name, label)


# The life facts' labels as life_summary gives them, with ※ where the item is reported nationally.
_LIFE_LABELS = dict(_marked(name) for name in LIFE_FIELDS if name != "issues")


def _assessment(case: Case) -> dict[str, Any]:
    """The latest assessment and what the case page shows of it: the result, the 課題の特性 and 複合課題, and
    the life facts recorded (the 課題 are shown apart from them)."""
    assessment = case.assessments.prefetch_related("members__person").first()
    if assessment is None:
        return {"assessment": None, "assessment_count": 0}
    return {
        "assessment": assessment,
        "assessment_count": case.assessments.count(),
        # Short labels: the assessment sits in the page's narrow column.
        "assessment_labels": {
            "result": mark("assessment", "result", "アセスメント結果"),
            "issues": mark("assessment", "issues", "課題の特性"),
            "situations": mark("assessment", "situations", "複合課題の類型"),
        },
        "assessment_facts": [
            (_LIFE_LABELS[label], text) for label, text in life_summary(assessment) if label in _LIFE_LABELS
        ],
        "assessment_issues": labels(Issue, assessment.issues),
        "assessment_situations": labels(Situation, assessment.situations),
    }


def _people(case: Case, members: list[Person]) -> dict[str, Any]:
    """The household, the case's 主たる支援対象者 and the consent the team's access rests on (issue 13, point 6)."""
    # Subjects are named from the members the viewer was shown (and whose reading was audited), never around them.
    subject_ids = set(case.subjects.values_list("pk", flat=True))
    return {
        "consent_agencies": list(case.consent.shared_agencies.all()),
        "members": members,
        "subjects": [m for m in members if m.pk in subject_ids],
        "subject_ids": subject_ids,
        "subjects_form": SubjectsForm(members=members, initial={"persons": sorted(subject_ids)}),
    }


NOTES_PAGE = 50


def case_detail_context(
    viewer: Viewer, case: Case, basis: Basis, members: list[Person], notes_cursor: str = ""
) -> dict[str, Any]:
    """Everything the case page shows, each list fetched once so the page's query count stays constant; the
    支援経過 newest first, NOTES_PAGE at a time (``notes_cursor``: the page after the one before)."""
    notes = keyset(case.notes.select_related("agency"), ("-on", "-pk"), notes_cursor, NOTES_PAGE)
    is_owner = viewer.can_edit(case.owner_agency_id)
    team = list(case.team.select_related("agency", "user").order_by("left_on", "part", "pk"))
    team_agency_ids = {m.agency_id for m in team if m.left_on is None}
    return {
        **_people(case, members),
        "case": case,
        "basis": basis,
        "is_owner": is_owner,
        "can_note": bool(viewer.edit_agency_ids & team_agency_ids) and case.status != CaseStatus.CLOSED,
        "team": team,
        **_assessment(case),
        "plans": list(case.plans.prefetch_related("roles__agency").order_by("-version")),
        "decisions": list(case.decisions.select_related("plan")),
        "pending_items": list(case.agenda_items.filter(status="pending").select_related("meeting")),
        "notes": notes.rows,
        "notes_page": notes,
        "evaluations": list(case.evaluations.prefetch_related("goals")),
        "events": list(case.events.all()),
        "actions": workflow.manual_actions(case.status) if is_owner else [],
        "team_form": TeamMemberForm(municipality=viewer.municipality, initial={"joined_on": today()}),
        "note_form": NoteForm(initial={"on": today()}),
        "statuses": CaseStatus.choices,
        "nav": "cases",
    }


def record_export(
    request: HttpRequest, viewer: Viewer, cases: Sequence[Case], *, which: str, status: str
) -> None:
    """An export is a disclosure of every row: one entry per case, with its person and basis, so each
    person's disclosure record (情報の提供先) and a 開示 show it."""
    log_many(
        "case.exported",
        [
            Item(
                obj=c,
                person_id=c.person_id,
                basis=Basis.OWN if c.owner_agency_id in viewer.agency_ids else Basis.CASE_TEAM,
                basis_ref=f"case:{c.pk}",
                details={"list": which, "status": status, "count": len(cases)},
            )
            for c in cases
        ],
        actor=actor_of(request),
        agency=viewer.primary_agency,
    )
