"""Agenda items, each on its own legal basis: 支援会議 (§106-6), 重層的支援会議 (consent), 全体推進会議."""

from __future__ import annotations

from django.db import transaction

from kasane.accounts.models import User
from kasane.agencies.models import Agency
from kasane.audit.actor import Actor
from kasane.audit.models import Basis
from kasane.casework.models import Case, CaseStatus, PlanStatus
from kasane.casework.visibility import visible_persons
from kasane.lib.dates import wareki
from kasane.meetings.access import MeetingViewer, has_pledge, pledged_members
from kasane.meetings.models import (
    ITEM_MEETING_KIND,
    AgendaItem,
    ItemKind,
    ItemStatus,
    Meeting,
    MeetingKind,
    MeetingStatus,
)
from kasane.meetings.rules import host_problems
from kasane.meetings.services._common import MeetingError, _log, _refuse, _require_host


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
    if not meeting.body.serves_support and needed == MeetingKind.SUPPORT:
        raise MeetingError("支援会議は、支援会議を兼ねる会議体の回で扱ってください。")
    _refuse(host_problems(meeting.body, [needed]))


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


def case_item_kinds(case: Case) -> list[str]:
    """The 重層的支援会議 items a case can be submitted for, given where it stands in its journey."""
    kinds: list[str] = []
    status = CaseStatus(case.status)
    if status in LAYERED_KIND_FOR_STATUS:
        kinds.append(LAYERED_KIND_FOR_STATUS[status])
    if status == CaseStatus.SUPPORT:
        kinds.append(ItemKind.CLOSURE)
    return kinds


def _check_case_may_go(case: Case, kind: str) -> None:
    """A case goes before a 重層的支援会議 only with the person's standing consent to it, at the right step."""
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


def _team_agency_ids(case: Case) -> set[int]:
    return {case.owner_agency_id, *case.team.filter(left_on__isnull=True).values_list("agency_id", flat=True)}


def case_team_members(meeting: Meeting, case: Case) -> list[User]:
    """The members of the body who work for the case's own agencies (its 多機関協働事業者 and team): they take
    part in their case's item, whether or not they are called to the rest of the sitting."""
    members = meeting.body.members.filter(left_on__isnull=True, agency_id__in=_team_agency_ids(case))
    return [m.user for m in members.select_related("user")]


def _case_item_invitees(meeting: Meeting, case: Case, also: list[User]) -> list[User]:
    # The person consented to discussion at the meeting: everyone called to the sitting takes part, and so
    # do the case's own agencies.
    attendees = list(User.objects.filter(pk__in=meeting.attendance.values("user_id")))
    team = case_team_members(meeting, case)
    return list({u.pk: u for u in [*also, *attendees, *team]}.values())


def team_agencies_uncalled(meeting: Meeting, case: Case) -> list[str]:
    """The team's agencies with nobody on the body, who therefore could not be called: the submitter is told,
    so the host can add a member."""
    on_body = meeting.body.members.filter(left_on__isnull=True).values_list("agency_id", flat=True)
    return list(
        Agency.objects.filter(pk__in=_team_agency_ids(case))
        .exclude(pk__in=on_body)
        .order_by("name")
        .values_list("name", flat=True)
    )


def add_case_item(
    viewer: MeetingViewer, meeting: Meeting, case: Case, kind: str, invited: list[User], *, actor: Actor
) -> AgendaItem:
    """A 重層的支援会議 item about a case: only with the person's consent to discussion at the meeting."""
    case_viewer = viewer.case_viewer()
    if case_viewer is None or case.owner_agency_id not in case_viewer.edit_agency_ids:
        raise MeetingError("重層的支援会議への提出は、ケースの多機関協働事業者が行います。")
    _check_meeting_serves(meeting, kind)
    _check_case_may_go(case, kind)
    consent = case.consent
    statuses = (
        [PlanStatus.SUBMITTED] if kind == ItemKind.PLAN_APPROVAL else [PlanStatus.ACTIVE, PlanStatus.APPROVED]
    )
    plan = case.plans.filter(status__in=statuses).order_by("-version").first()
    with transaction.atomic():
        # Two submissions at once: the case row lock lets the second see the first's item.
        Case.objects.select_for_update().filter(pk=case.pk).first()
        waiting = (
            AgendaItem.objects.filter(case=case, kind=kind, status=ItemStatus.PENDING)
            .select_related("meeting")
            .first()
        )
        if waiting is not None:
            raise MeetingError(
                f"このケースの同じ議題が、{wareki(waiting.meeting.held_on)}の「{waiting.meeting.title}」に"
                "まだ協議されずに残っています。提出先を誤った場合は、その議題の画面から"
                "別の会議に移すか、取り下げてください。"
            )
        item = AgendaItem.objects.create(
            meeting=meeting,
            kind=kind,
            order=_next_order(meeting),
            title=f"{case.title}（{ItemKind(kind).label}）",
            case=case,
            plan=plan,
            created_by=viewer.user,
        )
        item.invited.set(_case_item_invitees(meeting, case, [viewer.user, *invited]))
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
