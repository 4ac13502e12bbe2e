"""Decisions come only from agenda items: a case's decision is recorded through its 重層的支援会議 item, moves
the case and the plan, needs the city present, and is the hub's to record."""

from __future__ import annotations

from typing import Any

import pytest

from kasane.audit.actor import actor_of
from kasane.audit.models import Basis
from kasane.casework.models import CaseStatus, DecisionKind, Outcome, PlanStatus
from kasane.casework.services import cases as case_services
from kasane.casework.visibility import Viewer
from kasane.lib.dates import today
from kasane.meetings import services
from kasane.meetings.models import AgendaItem, Attendance, Decision, ItemKind, ItemStatus, MeetingStatus

from .helpers import awaiting_meeting, lock_of, post_minutes, request_of, submit_case, viewer_of

pytestmark = pytest.mark.django_db


def test_record_decision_without_an_agenda_item_is_refused(w: dict[str, Any]) -> None:
    case, coordinator = awaiting_meeting(w), w["users"]["coordinator"]
    viewer = Viewer.of(coordinator, w["municipality"])
    assert viewer is not None
    decision = Decision(
        kind=DecisionKind.PLAN_APPROVAL, decided_on=today(), attendees="地域福祉課", outcome=Outcome.APPROVED
    )
    with pytest.raises(case_services.WorkflowError, match="重層的支援会議の議題から記録します"):
        case_services.record_decision(viewer, case, decision, actor=actor_of(request_of(coordinator, w)))
    case.refresh_from_db()
    w["r"]["plan"].refresh_from_db()
    assert case.status == CaseStatus.AWAITING_MEETING and w["r"]["plan"].status == PlanStatus.SUBMITTED
    assert not Decision.objects.exists()


def test_approval_through_the_item_moves_the_case_and_the_plan(w: dict[str, Any], client_for: Any) -> None:
    case, plan, meeting = awaiting_meeting(w), w["r"]["plan"], w["m"]["meeting"]
    client = client_for(w["users"]["coordinator"])
    assert submit_case(client, case, meeting).status_code == 302
    item = AgendaItem.objects.get(case=case)
    page = client.get(f"/meetings/items/{item.pk}/")
    assert 'name="outcome" value="approved"' in page.content.decode()
    response = post_minutes(
        client, item, lock_of(page), outcome="approved", discussion="役割分担を確認した。"
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    case.refresh_from_db()
    plan.refresh_from_db()
    item.refresh_from_db()
    meeting.refresh_from_db()
    assert case.status == CaseStatus.SUPPORT and plan.status == PlanStatus.APPROVED
    decision = Decision.objects.get()
    assert (decision.agenda_item, decision.plan, decision.outcome) == (item, plan, Outcome.APPROVED)
    assert decision.decided_on == meeting.held_on and "地域福祉課" in decision.attendees
    assert "役割分担を確認した。" in decision.notes
    assert item.status == ItemStatus.DISCUSSED and meeting.status == MeetingStatus.HELD
    # The decision is final: the page no longer offers an outcome, and a second one is refused.
    page = client.get(f"/meetings/items/{item.pk}/")
    assert 'name="outcome"' not in page.content.decode()
    assert post_minutes(client, item, lock_of(page), outcome="revise").status_code == 302
    assert AgendaItem.objects.get(pk=item.pk).outcome == Outcome.APPROVED
    coordinator = w["users"]["coordinator"]
    with pytest.raises(services.MeetingError, match="この議題の決定はすでに記録されています"):
        services.record_minutes(
            viewer_of(coordinator, w),
            item,
            {"outcome": Outcome.REVISE},
            [],
            lock_version=AgendaItem.objects.get(pk=item.pk).lock_version,
            basis=Basis.OWN,
            actor=actor_of(request_of(coordinator, w)),
        )
    case.refresh_from_db()
    assert Decision.objects.count() == 1 and case.status == CaseStatus.SUPPORT


def test_revision_sends_the_plan_back(w: dict[str, Any], client_for: Any) -> None:
    case, plan = awaiting_meeting(w), w["r"]["plan"]
    client = client_for(w["users"]["coordinator"])
    submit_case(client, case, w["m"]["meeting"])
    item = AgendaItem.objects.get(case=case)
    response = post_minutes(
        client, item, item.lock_version, outcome="revise", discussion="就労の目標を見直す。"
    )
    assert response.status_code == 302
    case.refresh_from_db()
    plan.refresh_from_db()
    assert case.status == CaseStatus.PLANNING and plan.status == PlanStatus.REVISION


def test_a_decision_needs_a_city_division_attendee_present(w: dict[str, Any], client_for: Any) -> None:
    users, meeting = w["users"], w["m"]["meeting"]
    case = awaiting_meeting(w)
    client = client_for(users["coordinator"])
    submit_case(client, case, meeting)
    item = AgendaItem.objects.get(case=case)
    # Attendance recorded before the rule book refused it (tests/meetings/test_hosts_and_attendance.py):
    # the city's officer absent.
    Attendance.objects.filter(meeting=meeting, user=users["city"]).update(present=False)
    response = post_minutes(client, item, item.lock_version, outcome="approved", discussion="記録されない")
    assert response.status_code == 200
    assert "重層的支援会議には市町村の職員の出席が必要です。" in response.content.decode()
    case.refresh_from_db()
    fresh = AgendaItem.objects.get(pk=item.pk)
    assert case.status == CaseStatus.AWAITING_MEETING and not Decision.objects.exists()
    assert (fresh.status, fresh.discussion, fresh.lock_version) == (ItemStatus.PENDING, "", item.lock_version)
    # With the city present the same decision goes through.
    Attendance.objects.filter(meeting=meeting, user=users["city"]).update(present=True)
    assert post_minutes(client, item, item.lock_version, outcome="approved").status_code == 302
    assert Decision.objects.count() == 1


def test_the_city_cannot_record_the_cases_decision_for_the_hub(w: dict[str, Any], client_for: Any) -> None:
    users = w["users"]
    case = awaiting_meeting(w)
    submit_case(client_for(users["coordinator"]), case, w["m"]["meeting"], ItemKind.PLAN_APPROVAL)
    item = AgendaItem.objects.get(case=case)
    item.invited.add(users["city"])
    response = post_minutes(client_for(users["city"]), item, item.lock_version, outcome="approved")
    assert response.status_code == 200
    assert "多機関協働事業者の担当者が行います" in response.content.decode()
    assert not Decision.objects.exists()


def test_a_decision_waits_for_the_attendance(w: dict[str, Any], client_for: Any) -> None:
    """The decision names who took it (its 出席者): those recorded as present, not those who were called."""
    users, meeting = w["users"], w["m"]["meeting"]
    meeting.attendance_recorded_at = None
    meeting.save(update_fields=["attendance_recorded_at"])
    case = awaiting_meeting(w)
    client = client_for(users["coordinator"])
    submit_case(client, case, meeting)
    item = AgendaItem.objects.get(case=case)
    response = post_minutes(client, item, item.lock_version, outcome="approved", discussion="記録されない")
    assert response.status_code == 200
    assert "決定を記録する前に、会議の画面で出席者を記録してください。" in response.content.decode()
    case.refresh_from_db()
    assert case.status == CaseStatus.AWAITING_MEETING and not Decision.objects.exists()
    assert AgendaItem.objects.get(pk=item.pk).discussion == ""  # nothing half-written
    services.record_attendance(
        viewer_of(users["city"], w),
        meeting,
        {users["city"].pk, users["coordinator"].pk},
        actor=actor_of(request_of(users["city"], w)),
    )
    assert post_minutes(client, item, item.lock_version, outcome="approved").status_code == 302
    decision = Decision.objects.get()
    assert "北部地域包括支援センター" not in decision.attendees  # called, but not present
