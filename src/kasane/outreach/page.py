"""The target page's context: what the outreach worker sees and does on one target, gathered in one place so
the views stay short. Nothing here writes."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from kasane.audit.models import Basis
from kasane.casework.models import Case, Status
from kasane.casework.visibility import Viewer, team_cases, visible_consultations, visible_referrals
from kasane.lib.dates import today
from kasane.outreach import rules
from kasane.outreach.choices import agency_staff, source_shown
from kasane.outreach.forms import (
    CloseForm,
    ContactForm,
    HandOverForm,
    HomeVisitForm,
    ReopenForm,
    StageForm,
)
from kasane.outreach.models import STAGE_ORDER, Stage, Target
from kasane.outreach.services import settings_for


def stage_steps(target: Target) -> list[dict[str, str]]:
    """The stage bar: each stage as done, current or ahead (終了 only when it is the current one)."""
    at = STAGE_ORDER.index(target.stage)
    steps = []
    for i, stage in enumerate(Stage):
        if stage == Stage.CLOSED and target.stage != Stage.CLOSED:
            continue
        state = "current" if i == at else ("done" if i < at else "ahead")
        steps.append({"value": stage.value, "label": stage.label, "state": state})
    return steps


def handover_records(viewer: Viewer, target: Target) -> list[tuple[str, str]]:
    """The person's 相談受付 and つなぎ this user may see, as the hand-over form offers them."""
    if target.person_id is None:
        return []
    records = [
        (f"c{c.pk}", f"相談受付 {c.number}（{c.owner_agency.name}）")
        for c in visible_consultations(viewer)
        .filter(person_id=target.person_id)
        .select_related("owner_agency")
    ]
    records += [
        (f"r{r.pk}", f"つなぎ：{r.to_agency.name}（{r.get_status_display()}）")
        for r in visible_referrals(viewer)
        .filter(person_id=target.person_id)
        .exclude(status__in=[Status.DECLINED, Status.CANCELLED])
        .select_related("to_agency")
    ]
    return records


def target_context(
    request: HttpRequest,
    target: Target,
    viewer: Viewer,
    basis: Basis,
    contact_form: ContactForm | None = None,
) -> dict[str, Any]:
    can_edit = viewer.can_edit(target.owner_agency_id)
    staff = agency_staff(target.owner_agency_id) if can_edit else None
    cases: list[Case] = []
    if target.consultation_id is not None:
        cases = list(team_cases(viewer).filter(consultation_id=target.consultation_id))
    stale_days = settings_for(viewer.municipality.pk).stale_days
    told = source_shown(request, target)  # a 支援会議 origin only to those who may see the item
    last = target.last_contact_on or target.raised_on
    return {
        "target": target,
        "basis": basis,
        "can_edit": can_edit and target.is_open,
        "can_reopen": can_edit and not target.is_open,
        "steps": stage_steps(target),
        "contacts": list(target.contacts.select_related("agency")),
        "stage_changes": list(target.stage_changes.all()),
        "home_visits": list(target.home_visits.prefetch_related("companions").order_by("-leaves_at")[:10]),
        "item_visible": target.meeting_item_id is not None and told,
        "source_shown": told,
        "cases": cases,
        "stale": target.is_open and target.stage != Stage.HANDED_OVER and (today() - last).days > stale_days,
        "stale_days": stale_days,
        "contact_form": contact_form or ContactForm(target=target),
        "stage_form": StageForm(),
        "handover_form": HandOverForm(records=handover_records(viewer, target)) if can_edit else None,
        "close_form": CloseForm(),
        "reopen_form": ReopenForm(),
        "home_visit_form": HomeVisitForm(staff=staff) if staff is not None else None,
        "home_visit_methods": sorted(rules.HOME_VISIT_METHODS),
        "nav": "outreach",
    }
