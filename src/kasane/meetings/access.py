"""Who sees which meeting and agenda item, and on which basis: the one place that answers it for meetings.

- A meeting (date, place, which items exist) is seen by the members of its body and by the municipality's
  hosts (市の事業担当 with ``meeting.host``, 多機関協働担当 with ``collaboration.coordinate``). Items a viewer
  may not see are not listed at all.
- A 支援会議 item (社会福祉法第106条の6) is seen only by members invited to that item who are still members of
  the body and hold a current 守秘義務の誓約 for it (the pledge binds members: one who leaves the body loses
  the item at once, whatever the pledge's date). Nobody else — not the host's other staff, not the person's
  own agency, not a municipal administrator — and every read is audited with basis ``sw106_6``.
- A 重層的支援会議 item is seen by those invited to it while the case's consent to discussion at the meeting
  stands, and by those who see the case itself (its 多機関協働事業者 and team).
- A 全体推進会議 item holds no personal data; every member of the body sees it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404, HttpRequest

from kasane import audit
from kasane.accounts import permissions
from kasane.accounts.models import Membership, User
from kasane.audit.actor import actor_of
from kasane.audit.models import Basis
from kasane.audit.trail import Item, log_many
from kasane.casework.models import Case
from kasane.casework.visibility import Viewer, case_basis, record_denied, team_cases
from kasane.lib.dates import today
from kasane.meetings.models import (
    AgendaItem,
    Attendance,
    BodyMember,
    ItemKind,
    Meeting,
    MeetingBody,
    MeetingKind,
    Pledge,
)
from kasane.meetings.rules import host_of
from kasane.tenancy.models import Municipality


@dataclass(frozen=True)
class MeetingViewer:
    """Any staff member of the municipality; what they see depends on membership, invitation and pledge."""

    user: User
    municipality: Municipality
    agency_ids: frozenset[int]
    can_host: bool

    @classmethod
    def of(cls, request: HttpRequest) -> MeetingViewer:
        user = request.user
        municipality = getattr(request, "municipality", None)
        if not user.is_authenticated or municipality is None:
            raise Http404
        assert isinstance(user, User)
        agency_ids = frozenset(
            m.agency_id
            for m in permissions.memberships_of(user)
            if m.agency.municipality_id == municipality.pk
        )
        if not agency_ids:
            raise Http404
        can_host = permissions.has_perm(
            user, "meeting.host", municipality=municipality
        ) or permissions.has_perm(user, "collaboration.coordinate", municipality=municipality)
        return cls(user=user, municipality=municipality, agency_ids=agency_ids, can_host=can_host)

    @property
    def primary_agency_id(self) -> int:
        return min(self.agency_ids)

    @property
    def primary_agency(self):  # type: ignore[no-untyped-def]
        return next(
            m.agency for m in permissions.memberships_of(self.user) if m.agency_id == self.primary_agency_id
        )

    def case_viewer(self) -> Viewer | None:
        return Viewer.of(self.user, self.municipality)


def _member_q(viewer: MeetingViewer, body_ref: str) -> Exists:
    return Exists(BodyMember.objects.filter(body=OuterRef(body_ref), user=viewer.user, left_on__isnull=True))


def is_member(user: User, body_id: int) -> bool:
    return BodyMember.objects.filter(body_id=body_id, user=user, left_on__isnull=True).exists()


def visible_bodies(viewer: MeetingViewer) -> QuerySet[MeetingBody]:
    bodies = MeetingBody.objects.filter(municipality=viewer.municipality)
    if viewer.can_host:
        return bodies
    return bodies.filter(_member_q(viewer, "pk"))


def visible_meetings(viewer: MeetingViewer) -> QuerySet[Meeting]:
    meetings = Meeting.objects.filter(municipality=viewer.municipality)
    if viewer.can_host:
        return meetings
    return meetings.filter(_member_q(viewer, "body"))


def has_pledge(user: User, body: MeetingBody | int) -> bool:
    body_id = body if isinstance(body, int) else body.pk
    return Pledge.objects.current().filter(user=user, body_id=body_id).exists()


def visible_items(viewer: MeetingViewer) -> QuerySet[AgendaItem]:
    """Items the viewer may see, decided in the database so lists and counts use the same rule."""

    items = AgendaItem.objects.filter(meeting__municipality=viewer.municipality)
    invited = Q(invited=viewer.user)
    pledged = Exists(Pledge.objects.current().filter(user=viewer.user, body=OuterRef("meeting__body")))
    support = Q(kind=ItemKind.SUPPORT_CASE) & invited & Q(pledged) & Q(_member_q(viewer, "meeting__body"))
    consent_stands = Exists(
        Case.objects.filter(
            pk=OuterRef("case"),
            consent__withdrawn_at__isnull=True,
            consent__covers_meeting=True,
        )
    )
    layered = Q(kind__in=[ItemKind.PLAN_APPROVAL, ItemKind.PROGRESS, ItemKind.CLOSURE]) & (
        invited & Q(consent_stands)
    )
    case_viewer = viewer.case_viewer()
    if case_viewer is not None:
        layered |= Q(kind__in=[ItemKind.PLAN_APPROVAL, ItemKind.PROGRESS, ItemKind.CLOSURE]) & Q(
            case__in=team_cases(case_viewer).values("pk")
        )
    promotion = Q(kind=ItemKind.PROMOTION) & Q(meeting__in=visible_meetings(viewer).values("pk"))
    return items.filter(support | layered | promotion).distinct()


def item_basis(viewer: MeetingViewer, item: AgendaItem) -> Basis | None:
    """The basis on which the viewer sees this item, or None."""
    if item.meeting.municipality_id != viewer.municipality.pk:
        return None
    if item.kind == ItemKind.PROMOTION:
        return Basis.OWN if visible_meetings(viewer).filter(pk=item.meeting_id).exists() else None
    invited = item.invited.filter(pk=viewer.user.pk).exists()
    if item.kind == ItemKind.SUPPORT_CASE:
        body_id = item.meeting.body_id
        allowed = invited and has_pledge(viewer.user, body_id) and is_member(viewer.user, body_id)
        return Basis.SW106_6 if allowed else None
    # 重層的支援会議: the case's own viewers, or invitees while the consent to discussion stands.
    case_viewer = viewer.case_viewer()
    if case_viewer is not None and item.case is not None:
        basis = case_basis(case_viewer, item.case)
        if basis is not None:
            return basis
    consent = item.case.consent if item.case is not None else None
    if invited and consent is not None and consent.withdrawn_at is None and consent.covers_meeting:
        return Basis.CONSENT
    return None


def access_meeting(request: HttpRequest, meeting_id: int) -> tuple[Meeting, MeetingViewer]:
    viewer = MeetingViewer.of(request)
    meeting = (
        visible_meetings(viewer)
        .filter(pk=meeting_id)
        .select_related("body", "body__host_agency", "body__collaboration_host")
        .first()
    )
    if meeting is None:
        raise Http404
    return meeting, viewer


class NotInvited(Http404):
    """A 支援会議 item asked for by a member of its body who holds a current pledge but was not invited.

    Still a 404 and still audited as refused, but the member — bound by the same duty of confidentiality —
    is told whom to ask: the agency hosting the body's 支援会議. Nothing of the item (its title, its sitting,
    whom it is about) is said. Anyone else gets the plain 404, so outsiders cannot tell it exists."""

    def __init__(self, host_name: str) -> None:
        super().__init__("not invited")
        self.host_name = host_name


def _pledged_but_uninvited(viewer: MeetingViewer, item: AgendaItem) -> bool:
    body_id = item.meeting.body_id
    return (
        item.is_support
        and is_member(viewer.user, body_id)
        and has_pledge(viewer.user, body_id)
        and not item.invited.filter(pk=viewer.user.pk).exists()
    )


def access_item(
    request: HttpRequest, item_id: int, *, action: str = "agenda_item.viewed"
) -> tuple[AgendaItem, MeetingViewer, Basis]:
    """The item for those with a basis, audited with it; 404 for anyone else (its existence stays hidden)."""
    viewer = MeetingViewer.of(request)
    item = (
        AgendaItem.objects.filter(pk=item_id, meeting__municipality=viewer.municipality)
        .select_related("meeting", "meeting__body", "case", "case__consent", "case__person", "plan", "person")
        .first()
    )
    basis = item_basis(viewer, item) if item is not None else None
    if item is None or basis is None:
        record_denied(request, viewer.case_viewer(), AgendaItem, item_id, exists=item is not None)
        if item is not None and _pledged_but_uninvited(viewer, item):
            raise NotInvited(host_of(item.meeting.body, MeetingKind.SUPPORT).name)
        raise Http404
    record_item_read(request, viewer, item, basis, action=action)
    return item, viewer, basis


def record_item_read(
    request: HttpRequest, viewer: MeetingViewer, item: AgendaItem, basis: Basis, *, action: str
) -> None:
    audit.log(
        action,
        actor=actor_of(request),
        agency=viewer.primary_agency,
        obj=item,
        person_id=_person_id(item),
        basis=basis,
        basis_ref=f"meeting:{item.meeting_id}",
    )


def record_items_listed(
    request: HttpRequest,
    viewer: MeetingViewer,
    meeting: Meeting | None,
    items: list[AgendaItem],
    *,
    action: str = "agenda_item.listed",
) -> None:
    """A page shows items' titles or content: one entry per sitting and basis, naming every item and person
    shown, appended in one go so the cost stays the same however many items there are. ``meeting`` is the
    sitting when all items come from one; otherwise each item's own (loaded with it)."""
    groups: dict[tuple[int, Basis], list[AgendaItem]] = {}
    sittings: dict[int, Meeting] = {}
    for item in items:
        if item.kind == ItemKind.PROMOTION:
            continue  # about the system, not a person
        sitting = meeting or item.meeting
        sittings[sitting.pk] = sitting
        basis = Basis.SW106_6 if item.is_support else Basis.CONSENT
        groups.setdefault((sitting.pk, basis), []).append(item)
    log_many(
        action,
        [
            Item(
                obj=sittings[meeting_id],
                basis=basis,
                basis_ref=f"meeting:{meeting_id}",
                details={
                    "items": [i.pk for i in group],
                    "persons": sorted({p for i in group if (p := _person_id(i)) != ""}),
                },
            )
            for (meeting_id, basis), group in groups.items()
        ],
        actor=actor_of(request),
        agency=viewer.primary_agency,
    )


def _person_id(item: AgendaItem) -> int | str:
    if item.case_id is not None and item.case is not None:
        return item.case.person_id
    return item.person_id or ""


def support_audience(item: AgendaItem) -> QuerySet[User]:
    """Who may see a 支援会議 item now: its invitees who are still members of the body with a current pledge.
    Only they may be given its tasks or be named on its distribution list."""
    body_id = item.meeting.body_id
    return item.invited.filter(
        Exists(BodyMember.objects.filter(body_id=body_id, user=OuterRef("pk"), left_on__isnull=True)),
        Exists(Pledge.objects.current().filter(body_id=body_id, user=OuterRef("pk"))),
    )


def assignable_users(item: AgendaItem) -> QuerySet[User]:
    """Who may be given a task from the item's minutes: for a 支援会議 item its audience only; otherwise
    whoever was called to the sitting or invited to the item."""
    if item.is_support:
        users = support_audience(item)
    else:
        users = User.objects.filter(
            Q(pk__in=item.meeting.attendance.values("user_id")) | Q(pk__in=item.invited.values("pk"))
        )
    return users.order_by("full_name_kana")


def pledged_members(body: MeetingBody, on: object = None) -> QuerySet[BodyMember]:
    """Current members of the body who hold a current pledge: the only ones a 支援会議 item may invite."""
    day = on or today()
    return (
        body.members.filter(left_on__isnull=True)
        .filter(
            Exists(
                Pledge.objects.current(day).filter(  # type: ignore[arg-type]
                    body=body, user=OuterRef("user")
                )
            )
        )
        .select_related("user", "agency")
    )


def agency_names(meeting: Meeting, users: Iterable[User]) -> dict[int, str]:
    """The agency each participant takes part for, so nobody is listed by a bare name: the one they were
    called to the sitting for, else their agency on the body, else the agency they work at. Three queries
    however many participants (the minutes PDF asks once for all its items)."""
    ids = {u.pk for u in users}
    names: dict[int, str] = {}
    memberships = Membership.objects.filter(
        user_id__in=ids, is_active=True, agency__municipality_id=meeting.municipality_id
    ).order_by("-agency_id")
    members = BodyMember.objects.filter(body_id=meeting.body_id, user_id__in=ids, left_on__isnull=True)
    called = Attendance.objects.filter(meeting=meeting, user_id__in=ids)
    # Later sources win: the attendance row says best for whom someone sits in at this sitting.
    for source in (memberships, members, called):
        names |= dict(source.values_list("user_id", "agency__name"))
    return names
