"""Sittings: one-off and regular meetings, who is called to them and who attended."""

from __future__ import annotations

import calendar
import datetime as dt

from django.db import transaction
from django.utils import timezone

from kasane.audit.actor import Actor
from kasane.lib.dates import today
from kasane.meetings.access import MeetingViewer
from kasane.meetings.models import (
    LAYERED_ITEM_KINDS,
    Attendance,
    BodyMember,
    Meeting,
    MeetingBody,
    MeetingSeries,
    MeetingStatus,
)
from kasane.meetings.rules import attendance_problems, host_problems, membership_problems
from kasane.meetings.services._common import MeetingError, _log, _refuse, _require_host


def _check_kinds(body: MeetingBody, kinds: list[str]) -> None:
    # A sitting serves only what its body serves, hosted as the rule book says: checked again here because
    # an agency may have stopped being the 多機関協働事業者 since the body was set up.
    if any(k not in body.kinds for k in kinds):
        raise MeetingError("この会議体が兼ねていない種類の会議は選べません。")
    if not kinds:
        raise MeetingError("この回が兼ねる会議を1つ以上選んでください。")
    _refuse(host_problems(body, kinds))


def create_meeting(viewer: MeetingViewer, meeting: Meeting, *, actor: Actor) -> Meeting:
    _require_host(viewer)
    with transaction.atomic():
        # Under the body's row lock, so a change of its kinds (update_body) cannot pass in between.
        _check_kinds(MeetingBody.objects.select_for_update().get(pk=meeting.body_id), meeting.kinds)
        meeting.municipality = viewer.municipality
        meeting.created_by = viewer.user
        meeting.save()
        _invite_core_members(meeting)
        _log(viewer, "meeting.created", meeting, urgent=meeting.urgent, actor=actor)
    return meeting


def _invite_core_members(meeting: Meeting) -> None:
    members = meeting.body.members.filter(left_on__isnull=True, is_core=True).select_related("user")
    Attendance.objects.bulk_create(
        [
            Attendance(
                meeting=meeting, user=m.user, agency_id=m.agency_id, name=m.user.full_name, present=True
            )
            for m in members
        ],
        ignore_conflicts=True,
    )


def nth_weekday(year: int, month: int, week: int, weekday: int) -> dt.date | None:
    """The date of the n-th given weekday of a month (第3木曜日); None when the month has no such day."""
    days = [d for d in calendar.Calendar().itermonthdates(year, month) if d.month == month]
    matches = [d for d in days if d.weekday() == weekday]
    return matches[week - 1] if 0 < week <= len(matches) else None


def create_series(
    viewer: MeetingViewer,
    series: MeetingSeries,
    *,
    first_month: dt.date,
    months: int,
    kinds: list[str],
    actor: Actor,
) -> list[Meeting]:
    """Regular sittings, one per month, each its own meeting (agenda and members change from case to case)."""
    _require_host(viewer)
    if not 1 <= months <= 24:
        raise MeetingError("作成する回数は1〜24回にしてください。")
    _check_kinds(series.body, kinds)
    with transaction.atomic():
        series.save()
        created: list[Meeting] = []
        year, month = first_month.year, first_month.month
        for _ in range(months):
            day = nth_weekday(year, month, series.week, series.weekday)
            if day is not None:
                meeting = Meeting(
                    body=series.body,
                    series=series,
                    title=f"{series.title}（{day.month}月）",
                    kinds=kinds,
                    held_on=day,
                    starts_at=series.starts_at,
                    place=series.place,
                )
                meeting.municipality = viewer.municipality
                meeting.created_by = viewer.user
                meeting.save()
                _invite_core_members(meeting)
                created.append(meeting)
            month += 1
            if month > 12:
                year, month = year + 1, 1
        _log(viewer, "meeting.series_created", series, count=len(created), actor=actor)
    return created


def record_attendance(
    viewer: MeetingViewer, meeting: Meeting, present_user_ids: set[int], *, actor: Actor
) -> None:
    """Who came. From the sitting's day on this records a held sitting, which the rule book's attendance
    must complete (``rules.attendance_problems``); before it, it is a plan and only the members sit in."""
    _require_host(viewer)
    rows = list(meeting.attendance.select_related("agency"))
    came = [row for row in rows if row.user_id in present_user_ids]
    if meeting.held_on <= today() and meeting.status != MeetingStatus.CANCELLED:
        _refuse(attendance_problems(meeting, came), "出席者を確認してください。")
    else:
        _refuse(membership_problems(meeting, came))
    with transaction.atomic():
        for row in rows:
            present = row.user_id in present_user_ids
            if row.present != present:
                row.present = present
                row.save(update_fields=["present"])
        if meeting.held_on <= today() and meeting.status != MeetingStatus.CANCELLED:
            # From now on the rows say who came, and the minutes list them as 出席者.
            meeting.status = MeetingStatus.HELD
            meeting.attendance_recorded_at = timezone.now()
            meeting.save(update_fields=["status", "attendance_recorded_at", "updated_at"])
        _log(viewer, "meeting.attendance", meeting, present=len(present_user_ids), actor=actor)


def invite_to_meeting(viewer: MeetingViewer, meeting: Meeting, member: BodyMember, *, actor: Actor) -> None:
    _require_host(viewer)
    with transaction.atomic():
        Attendance.objects.get_or_create(
            meeting=meeting,
            user=member.user,
            defaults={"agency_id": member.agency_id, "name": member.user.full_name, "present": True},
        )
        # The person consented to discussion at the meeting: whoever is called to it takes part in its
        # 重層的支援会議 items. 支援会議 items keep their own, pledged, participants.
        for item in meeting.items.filter(kind__in=LAYERED_ITEM_KINDS):
            item.invited.add(member.user)
        _log(viewer, "meeting.invited", meeting, member=member.user.username, actor=actor)
