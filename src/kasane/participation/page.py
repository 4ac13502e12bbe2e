"""What the engagement and placement pages show, gathered in a fixed number of queries."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch

from kasane.casework.models import CaseStatus
from kasane.casework.visibility import Viewer, reaching_cases
from kasane.lib.dates import today
from kasane.participation import rules
from kasane.participation.forms import (
    ConsentForm,
    EndForm,
    FollowUpForm,
    HostForm,
    HostNoteForm,
    LinkCaseForm,
    ReviewForm,
    SheetForm,
    StageForm,
    UrgentForm,
)
from kasane.participation.hosts import standing_consent
from kasane.participation.models import OPEN_STAGES, Engagement, Placement, StageChange
from kasane.participation.queries import approved_on


def case_choices(viewer: Viewer, engagement: Engagement) -> list[tuple[str, str]]:
    cases = (
        reaching_cases(viewer)
        .filter(household_id=engagement.person.household_id)
        .exclude(status=CaseStatus.CLOSED)
    )
    return [(str(c.pk), f"{c.number} {c.title}") for c in cases]


def engagement_context(viewer: Viewer, engagement: Engagement, **forms: Any) -> dict[str, Any]:
    day = today()
    approved = approved_on(engagement)
    can_edit = viewer.can_edit(engagement.owner_agency_id) and engagement.status == "open"
    placements = list(
        engagement.placements.select_related(
            "service", "service__organization", "service__location"
        ).prefetch_related(Prefetch("changes", queryset=StageChange.objects.order_by("on", "pk")))
    )
    context: dict[str, Any] = {
        "engagement": engagement,
        "person": engagement.person,
        "age": engagement.person.age(day),
        "approved_on": approved,
        "waiting_days": rules.waiting_days(engagement.urgent_started_on, approved, day),
        "assessment": engagement.assessments.order_by("-version").first(),
        "placements": placements,
        "open_placements": [p for p in placements if p.stage in OPEN_STAGES],
        "reviews": list(engagement.reviews.all()),
        "can_edit": can_edit,
        "nav": "participation",
    }
    if can_edit:
        context["urgent_form"] = forms.get("urgent_form") or UrgentForm()
        context["review_form"] = forms.get("review_form") or ReviewForm()
        context["end_form"] = forms.get("end_form") or EndForm()
        if engagement.case_id is None:
            context["link_form"] = forms.get("link_form") or LinkCaseForm(
                cases=case_choices(viewer, engagement)
            )
    return context


def placement_context(viewer: Viewer, placement: Placement, **forms: Any) -> dict[str, Any]:
    engagement = placement.engagement
    can_edit = viewer.can_edit(engagement.owner_agency_id) and engagement.status == "open"
    consent = standing_consent(placement)
    follow_ups = list(placement.follow_ups.all())
    day = today()
    context: dict[str, Any] = {
        "placement": placement,
        "engagement": engagement,
        "person": engagement.person,
        "changes": list(placement.changes.all()),
        "consent": consent,
        "past_consents": [c for c in placement.consents.all() if consent is None or c.pk != consent.pk],
        "host_notes": list(placement.host_notes.all()),
        "follow_ups": follow_ups,
        # A suspended or ended placement is followed up no more: the lists leave it out, and so does its page.
        "pending": next((f for f in follow_ups if f.done_on is None), None) if placement.is_open else None,
        "today": day,
        "can_edit": can_edit,
        "nav": "participation",
    }
    if can_edit:
        context["stage_form"] = forms.get("stage_form") or StageForm(current=placement.stage)
        context["host_form"] = forms.get("host_form") or HostForm(
            initial={
                "contact": placement.host_contact,
                "phone": placement.host_phone,
                "follow_up_days": placement.follow_up_days,
            }
        )
        context["consent_form"] = forms.get("consent_form") or ConsentForm(
            initial={"fields_": consent.fields if consent else []}
        )
        context["note_form"] = forms.get("note_form") or HostNoteForm()
        context["follow_up_form"] = forms.get("follow_up_form") or FollowUpForm()
    if consent is not None and viewer.can_edit(engagement.owner_agency_id):
        context["sheet_form"] = forms.get("sheet_form") or SheetForm(consented=consent.fields)
    return context
