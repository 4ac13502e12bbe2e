"""The minutes of an item and, for a 重層的支援会議 item, the decision about the case they lead to."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import F

from kasane.audit.actor import Actor
from kasane.audit.models import Basis
from kasane.casework.models import DecisionKind, Outcome
from kasane.casework.services import cases as case_services
from kasane.lib.dates import today
from kasane.meetings.access import MeetingViewer, support_audience
from kasane.meetings.models import (
    ActionItem,
    AgendaItem,
    Decision,
    ItemKind,
    ItemStatus,
    Meeting,
    MeetingKind,
    MeetingStatus,
    SupportOutcome,
)
from kasane.meetings.rules import attendance_problems, host_problems
from kasane.meetings.services._common import EditConflict, MeetingError, _log, _person_of, _refuse


def _check_held(meeting: Meeting) -> None:
    """An outcome is recorded only for a sitting its host holds with the attendance the rule book asks."""
    _refuse(host_problems(meeting.body, meeting.kinds))
    present = list(meeting.attendance.filter(present=True).select_related("agency"))
    _refuse(attendance_problems(meeting, present), "先に会議の画面で出席者を記録してください。")


def record_minutes(
    viewer: MeetingViewer,
    item: AgendaItem,
    data: dict[str, Any],
    actions: list[dict[str, Any]],
    *,
    lock_version: int,
    basis: Basis,
    actor: Actor,
) -> AgendaItem:
    """The structured minutes of one item: situation, discussion, decisions, who does what by when.

    Two people editing the same minutes never overwrite each other: the second is told and loses nothing
    of what the first saved. For a 重層的支援会議 item the outcome becomes the case's ``Decision``.
    """
    meeting = item.meeting
    if (
        item.kind != ItemKind.PROMOTION
        and not viewer.can_host
        and not meeting.attendance.filter(user=viewer.user).exists()
    ):
        raise MeetingError("議事録は会議の出席者または主催者が記録します。")
    if item.is_support and actions:
        audience = set(support_audience(item).values_list("pk", flat=True))
        strangers = [a["assignee"].full_name for a in actions if a["assignee"].pk not in audience]
        if strangers:
            raise MeetingError(
                "支援会議の宿題は、この議題の参加者（誓約済み）にだけ割り当てられます："
                + "、".join(strangers)
            )
    outcome = data.get("outcome") or ""
    if outcome:
        _check_held(meeting)
    with transaction.atomic():
        updated = AgendaItem.objects.filter(pk=item.pk, lock_version=lock_version).update(
            lock_version=F("lock_version") + 1
        )
        if not updated:
            raise EditConflict(
                "ほかの方が先にこの議事録を保存しました。最新の内容を表示しています。"
                "入力した内容を確認して、もう一度保存してください。"
            )
        fresh = AgendaItem.objects.select_for_update().get(pk=item.pk)
        if fresh.is_layered and outcome and hasattr(fresh, "decision"):
            raise MeetingError("この議題の決定はすでに記録されています。")
        for field in ("situation", "discussion", "decisions", "rediscuss_on", "contact_by"):
            if field in data:
                setattr(fresh, field, data[field])
        if outcome:
            fresh.outcome = outcome
            fresh.status = ItemStatus.DISCUSSED
        if fresh.is_support and outcome == SupportOutcome.WATCH and not fresh.rediscuss_on:
            raise MeetingError("見守りとする場合は、再協議の予定日を入力してください。")
        if fresh.is_support and outcome == SupportOutcome.CONTACT and not fresh.contact_by:
            raise MeetingError("本人に接触する機関・担当を入力してください。")
        fresh.save()
        ActionItem.objects.bulk_create(
            [
                ActionItem(item=fresh, assignee=a["assignee"], task=a["task"], due_on=a["due_on"])
                for a in actions
            ]
        )
        if fresh.is_layered and outcome:
            _decide(viewer, fresh, outcome, data.get("next_review_on"), actor=actor)
        if meeting.status == MeetingStatus.SCHEDULED and outcome and meeting.held_on <= today():
            meeting.status = MeetingStatus.HELD
            meeting.save(update_fields=["status", "updated_at"])
        _log(
            viewer,
            "agenda_item.minutes",
            fresh,
            person_id=_person_of(fresh),
            basis=basis,
            meeting_id=meeting.pk,
            outcome=outcome,
            actions=len(actions),
            actor=actor,
        )
    return fresh


def _decide(
    viewer: MeetingViewer, item: AgendaItem, outcome: str, next_review_on: Any, *, actor: Actor
) -> Decision:
    meeting = item.meeting
    if not meeting.serves(MeetingKind.LAYERED):
        raise MeetingError("重層的支援会議を兼ねていない会議では、プランの承認や終結は決められません。")
    if meeting.held_on > today():
        raise MeetingError("開催日より前に決定は記録できません。")
    if not meeting.attendance_recorded:
        # The decision names who took it: those recorded as present, not those who were called.
        raise MeetingError("決定を記録する前に、会議の画面で出席者を記録してください。")
    if next_review_on and next_review_on <= meeting.held_on:
        raise MeetingError("次回見直し日は会議日より後の日付にしてください。")
    case_viewer = viewer.case_viewer()
    if case_viewer is None or item.case is None:
        raise MeetingError("決定の記録は、ケースの多機関協働事業者が行います。")
    attendees = "、".join(
        f"{a.agency.name} {a.name}" for a in meeting.attendance.filter(present=True).select_related("agency")
    )
    decision = Decision(
        kind=DecisionKind(item.kind),
        decided_on=meeting.held_on,
        meeting_name=meeting.title,
        attendees=attendees,
        outcome=Outcome(outcome),
        notes="\n".join(t for t in (item.discussion, item.decisions) if t),
        agenda_item=item,
    )
    try:
        case_services.record_decision(
            case_viewer, item.case, decision, next_review_on=next_review_on, actor=actor
        )
    except case_services.WorkflowError as exc:
        raise MeetingError(str(exc)) from exc
    return decision
