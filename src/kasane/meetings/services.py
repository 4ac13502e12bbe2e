"""Every change to meetings: one transaction, one audit entry, the law's rules enforced here and nowhere else."""

from __future__ import annotations

import calendar
import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import F

from kasane import audit
from kasane.accounts.models import User
from kasane.agencies.models import AgencyKind
from kasane.audit.actor import Actor
from kasane.audit.models import Basis
from kasane.casework.models import Case, CaseStatus, DecisionKind, Outcome, PlanStatus
from kasane.casework.services import cases as case_services
from kasane.casework.visibility import visible_persons
from kasane.lib.dates import today
from kasane.meetings.access import MeetingViewer, has_pledge, pledged_members, support_audience
from kasane.meetings.models import (
    ITEM_MEETING_KIND,
    LAYERED_ITEM_KINDS,
    PLEDGE_WORDING,
    ActionItem,
    AgendaItem,
    Attendance,
    BodyMember,
    Decision,
    ItemKind,
    ItemStatus,
    Meeting,
    MeetingBody,
    MeetingKind,
    MeetingSeries,
    MeetingStatus,
    Pledge,
    ResourceGap,
    SupportOutcome,
)


class MeetingError(Exception):
    """A rule of the meetings was broken; the message is shown to the user as it is."""


class EditConflict(MeetingError):
    """Someone else saved the minutes after this editor loaded them."""


def _log(
    viewer: MeetingViewer,
    action: str,
    obj: Any,
    *,
    person_id: int | str = "",
    basis: Basis = Basis.NONE,
    meeting_id: int | None = None,
    actor: Actor,
    **details: Any,
) -> None:
    audit.log(
        action,
        actor=actor,
        agency=viewer.primary_agency,
        obj=obj,
        person_id=person_id,
        basis=basis,
        basis_ref=f"meeting:{meeting_id}" if meeting_id else "",
        details=details,
    )


def _require_host(viewer: MeetingViewer) -> None:
    if not viewer.can_host:
        raise MeetingError("会議を主催する権限がありません。")


# --- bodies, members, pledges ---------------------------------------------------------------------------


def create_body(viewer: MeetingViewer, body: MeetingBody, *, actor: Actor) -> MeetingBody:
    _require_host(viewer)
    if MeetingKind.SUPPORT in body.kinds and body.host_agency.kind != AgencyKind.CITY_DIVISION:
        raise MeetingError("支援会議は市町村が組織します。主催には市町村の担当課を選んでください。")
    with transaction.atomic():
        body.municipality = viewer.municipality
        body.save()
        _log(viewer, "meeting_body.created", body, kinds=list(body.kinds), actor=actor)
    return body


def add_member(
    viewer: MeetingViewer, body: MeetingBody, user: User, agency_id: int, core: bool, *, actor: Actor
) -> BodyMember:
    _require_host(viewer)
    if body.members.filter(user=user, left_on__isnull=True).exists():
        raise MeetingError(f"{user.full_name}さんはすでに構成員です。")
    with transaction.atomic():
        member = BodyMember.objects.create(
            body=body, user=user, agency_id=agency_id, is_core=core, joined_on=today()
        )
        _log(viewer, "meeting_body.member_added", body, member=user.username, actor=actor)
    return member


def remove_member(viewer: MeetingViewer, member: BodyMember, *, actor: Actor) -> None:
    _require_host(viewer)
    with transaction.atomic():
        member.left_on = today()
        member.save(update_fields=["left_on"])
        _log(viewer, "meeting_body.member_removed", member.body, member=member.user.username, actor=actor)


def take_pledge(viewer: MeetingViewer, body: MeetingBody, *, actor: Actor) -> Pledge:
    """A member signs the 守秘義務の誓約 for this fiscal year, in their own name."""
    if not body.members.filter(user=viewer.user, left_on__isnull=True).exists():
        raise MeetingError("誓約は会議体の構成員が行います。先に構成員に登録してもらってください。")
    day = today()
    if Pledge.objects.current(day).filter(body=body, user=viewer.user).exists():
        raise MeetingError("今年度の誓約はすでに済んでいます。")
    member = body.members.filter(user=viewer.user, left_on__isnull=True).select_related("agency").first()
    with transaction.atomic():
        pledge = Pledge.objects.create(
            body=body,
            user=viewer.user,
            user_name=viewer.user.full_name,
            agency_name=member.agency.name if member else "",
            pledged_on=day,
            valid_until=Pledge.valid_until_for(day),
            wording=PLEDGE_WORDING,
            recorded_by=viewer.user,
        )
        _log(viewer, "pledge.taken", pledge, body=body.pk, actor=actor)
    return pledge


# --- meetings ---------------------------------------------------------------------------------------------


def _check_kinds(body: MeetingBody, kinds: list[str]) -> None:
    # A sitting serves only what its body serves: so a 支援会議 is always hosted by the city (create_body).
    if any(k not in body.kinds for k in kinds):
        raise MeetingError("この会議体が兼ねていない種類の会議は選べません。")
    if not kinds:
        raise MeetingError("この回が兼ねる会議を1つ以上選んでください。")


def create_meeting(viewer: MeetingViewer, meeting: Meeting, *, actor: Actor) -> Meeting:
    _require_host(viewer)
    _check_kinds(meeting.body, meeting.kinds)
    with transaction.atomic():
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
    _require_host(viewer)
    with transaction.atomic():
        for row in meeting.attendance.all():
            present = row.user_id in present_user_ids
            if row.present != present:
                row.present = present
                row.save(update_fields=["present"])
        if meeting.status == MeetingStatus.SCHEDULED and meeting.held_on <= today():
            meeting.status = MeetingStatus.HELD
            meeting.save(update_fields=["status", "updated_at"])
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


# --- agenda items -----------------------------------------------------------------------------------------


def _next_order(meeting: Meeting) -> int:
    last = meeting.items.order_by("-order").values_list("order", flat=True).first()
    return (last or 0) + 1


def _check_meeting_serves(meeting: Meeting, kind: str) -> None:
    needed = ITEM_MEETING_KIND[ItemKind(kind)]
    if not meeting.serves(needed):
        raise MeetingError(
            f"この回は「{MeetingKind(needed).label}」を兼ねていないため、この議題は扱えません。"
        )
    if meeting.status == MeetingStatus.CANCELLED:
        raise MeetingError("中止になった会議には議題を追加できません。")
    body = meeting.body
    if needed == MeetingKind.SUPPORT and (
        not body.serves_support or body.host_agency.kind != AgencyKind.CITY_DIVISION
    ):
        raise MeetingError(
            "支援会議は市町村が組織します。市町村の担当課が主催する支援会議の会議体で扱ってください。"
        )


def _check_support_invitees(meeting: Meeting, invited: list[User]) -> None:
    """Refuse a 支援会議 item for anyone who has not taken the confidentiality pledge."""
    pledged = set(pledged_members(meeting.body).values_list("user_id", flat=True))
    missing = [u.full_name for u in invited if u.pk not in pledged]
    if missing:
        raise MeetingError(
            "守秘義務の誓約をしていない方は、支援会議の議題に参加できません：" + "、".join(missing)
        )


def add_support_item(
    viewer: MeetingViewer, meeting: Meeting, item: AgendaItem, invited: list[User], *, actor: Actor
) -> AgendaItem:
    """A 支援会議 item: for someone without consent, shared under §106-6 among pledged members only."""
    _require_host(viewer)
    _check_meeting_serves(meeting, ItemKind.SUPPORT_CASE)
    if not has_pledge(viewer.user, meeting.body):
        raise MeetingError("支援会議の議題を作成する前に、ご自身の守秘義務の誓約を行ってください。")
    everyone = list({u.pk: u for u in [viewer.user, *invited]}.values())
    _check_support_invitees(meeting, everyone)
    if item.person_id is not None:
        case_viewer = viewer.case_viewer()

        if case_viewer is None or not visible_persons(case_viewer).filter(pk=item.person_id).exists():
            raise MeetingError("ご自身が見られない方の記録とは結び付けられません。")
    with transaction.atomic():
        item.meeting = meeting
        item.kind = ItemKind.SUPPORT_CASE
        item.order = _next_order(meeting)
        item.created_by = viewer.user
        item.save()
        item.invited.set(everyone)
        _log(
            viewer,
            "agenda_item.created",
            item,
            person_id=item.person_id or "",
            basis=Basis.SW106_6,
            meeting_id=meeting.pk,
            invited=len(everyone),
            actor=actor,
        )
    return item


LAYERED_KIND_FOR_STATUS = {
    CaseStatus.AWAITING_MEETING: ItemKind.PLAN_APPROVAL,
    CaseStatus.SUPPORT: ItemKind.PROGRESS,
}


def add_case_item(
    viewer: MeetingViewer, meeting: Meeting, case: Case, kind: str, invited: list[User], *, actor: Actor
) -> AgendaItem:
    """A 重層的支援会議 item about a case: only with the person's consent to discussion at the meeting."""
    case_viewer = viewer.case_viewer()
    if case_viewer is None or case.owner_agency_id not in case_viewer.edit_agency_ids:
        raise MeetingError("重層的支援会議への提出は、ケースの多機関協働事業者が行います。")
    _check_meeting_serves(meeting, kind)
    consent = case.consent
    if consent.withdrawn_at is not None or not consent.covers_meeting:
        raise MeetingError(
            "本人の同意（重層的支援会議での検討）がないため、重層的支援会議では扱えません。"
            "同意のない方は、支援会議（社会福祉法第106条の6）の議題にしてください。"
        )
    if kind == ItemKind.PLAN_APPROVAL and case.status != CaseStatus.AWAITING_MEETING:
        raise MeetingError("プランの適切性は、プランを会議に提出した（会議待ちの）ケースについて協議します。")
    if kind in (ItemKind.PROGRESS, ItemKind.CLOSURE) and case.status != CaseStatus.SUPPORT:
        raise MeetingError("進捗確認・終結時の評価は「支援中」のケースについて協議します。")
    statuses = (
        [PlanStatus.SUBMITTED] if kind == ItemKind.PLAN_APPROVAL else [PlanStatus.ACTIVE, PlanStatus.APPROVED]
    )
    plan = case.plans.filter(status__in=statuses).order_by("-version").first()
    with transaction.atomic():
        # Two submissions at once: the case row lock lets the second see the first's item.
        Case.objects.select_for_update().filter(pk=case.pk).first()
        if AgendaItem.objects.filter(case=case, kind=kind, status=ItemStatus.PENDING).exists():
            raise MeetingError("このケースの同じ議題が、まだ協議されずに残っています。")
        item = AgendaItem.objects.create(
            meeting=meeting,
            kind=kind,
            order=_next_order(meeting),
            title=f"{case.title}（{ItemKind(kind).label}）",
            case=case,
            plan=plan,
            created_by=viewer.user,
        )
        # The person consented to discussion at the meeting: everyone called to the sitting takes part.
        attendees = list(User.objects.filter(pk__in=meeting.attendance.values("user_id")))
        item.invited.set({u.pk: u for u in [viewer.user, *attendees, *invited]}.values())
        _log(
            viewer,
            "agenda_item.created",
            item,
            person_id=case.person_id,
            basis=Basis.CONSENT,
            meeting_id=meeting.pk,
            consent=consent.pk,
            actor=actor,
        )
    return item


def add_promotion_item(
    viewer: MeetingViewer, meeting: Meeting, item: AgendaItem, *, actor: Actor
) -> AgendaItem:
    _require_host(viewer)
    _check_meeting_serves(meeting, ItemKind.PROMOTION)
    with transaction.atomic():
        item.meeting = meeting
        item.kind = ItemKind.PROMOTION
        item.order = _next_order(meeting)
        item.created_by = viewer.user
        item.save()
        _log(viewer, "agenda_item.created", item, meeting_id=meeting.pk, actor=actor)
    return item


def _municipal_attendee(meeting: Meeting) -> bool:
    return meeting.attendance.filter(present=True, agency__kind=AgencyKind.CITY_DIVISION).exists()


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


def _person_of(item: AgendaItem) -> int | str:
    if item.case_id is not None:
        return item.case.person_id  # type: ignore[union-attr]
    return item.person_id or ""


def _decide(
    viewer: MeetingViewer, item: AgendaItem, outcome: str, next_review_on: Any, *, actor: Actor
) -> Decision:
    meeting = item.meeting
    if not meeting.serves(MeetingKind.LAYERED):
        raise MeetingError("重層的支援会議を兼ねていない会議では、プランの承認や終結は決められません。")
    if meeting.held_on > today():
        raise MeetingError("開催日より前に決定は記録できません。")
    if not _municipal_attendee(meeting):
        raise MeetingError("重層的支援会議には市町村の職員の出席が必要です。先に出席者を記録してください。")
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


def complete_action(viewer: MeetingViewer, action: ActionItem, *, actor: Actor) -> None:
    if action.assignee_id != viewer.user.pk:
        raise MeetingError("宿題を完了にできるのは担当者です。")
    item = action.item
    # Completing a task of an item is an act on that item: audited on the item's own basis.
    basis = Basis.SW106_6 if item.is_support else Basis.CONSENT if item.is_layered else Basis.NONE
    with transaction.atomic():
        action.done_on = today()
        action.save(update_fields=["done_on"])
        _log(
            viewer,
            "action_item.done",
            item,
            person_id=_person_of(item),
            basis=basis,
            meeting_id=item.meeting_id,
            task=action.pk,
            actor=actor,
        )


# --- resource gaps ------------------------------------------------------------------------------------------


def save_gap(
    viewer: MeetingViewer, gap: ResourceGap, *, lock_version: int | None = None, actor: Actor
) -> ResourceGap:
    with transaction.atomic():
        if gap.pk is None:
            gap.municipality = viewer.municipality
            gap.save()
            _log(viewer, "resource_gap.created", gap, actor=actor)
            return gap
        updated = ResourceGap.objects.filter(pk=gap.pk, lock_version=lock_version or 0).update(
            lock_version=F("lock_version") + 1
        )
        if not updated:
            raise EditConflict("ほかの方が先にこの項目を更新しました。最新の内容を確認してください。")
        gap.lock_version = (lock_version or 0) + 1
        gap.save()
        _log(viewer, "resource_gap.updated", gap, status=gap.status, actor=actor)
    return gap
