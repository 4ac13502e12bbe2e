"""Which events, registrations and files each person reaches. The rules for backup support as a whole live
in kasane.readiness.access; these are the events' own:

- support staff (prefecture.support) see every event of their prefecture, its participants and its files;
- a participant (staff of a municipality or agency of the prefecture) sees the prefecture's events that are
  still to come, and past events they attended; of the participants, only their own registration and
  group; the materials and recordings only of events they registered for;
- an event of another prefecture, or one a participant does not see, answers 404.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404, HttpRequest

from kasane.accounts.models import Membership, User
from kasane.events.models import Event, EventMaterial, Registration
from kasane.lib.dates import today
from kasane.tenancy.models import Prefecture

# The role of the prefecture's contractor, whose staff facilitate the groups (000: 委託事業者の職員).
CONTRACTOR_ROLE = "backup_contractor"


def visible_events(request: HttpRequest) -> QuerySet[Event]:
    """Needs ``request.prefecture`` and ``request.support_staff`` (set by participant_required)."""
    events = Event.objects.filter(prefecture=request.prefecture)  # type: ignore[attr-defined]
    if getattr(request, "support_staff", False):
        return events
    day = today()
    attended = Registration.objects.filter(event=OuterRef("pk"), user=request.user.pk, attended=True)
    return events.filter(Q(starts_on__gte=day) | Q(ends_on__gte=day) | Exists(attended))


def access_event(request: HttpRequest, event_id: int) -> Event:
    event = visible_events(request).select_related("block").filter(pk=event_id).first()
    if event is None:
        raise Http404
    return event


def support_event(request: HttpRequest, event_id: int) -> Event:
    """For pages of support staff only (``support_staff_required`` has already let the user in)."""
    event = (
        Event.objects.filter(prefecture=request.prefecture)  # type: ignore[attr-defined]
        .select_related("block")
        .filter(pk=event_id)
        .first()
    )
    if event is None:
        raise Http404
    return event


def own_registration(request: HttpRequest, event: Event) -> Registration | None:
    return (
        Registration.objects.filter(event=event, user=request.user.pk)
        .select_related("group__facilitator", "municipality")
        .first()
    )


def may_use_materials(request: HttpRequest, registration: Registration | None) -> bool:
    """Materials, recordings and the online link: support staff, and the event's own participants."""
    return bool(getattr(request, "support_staff", False) or registration is not None)


def access_material(request: HttpRequest, material_id: int) -> EventMaterial:
    material = EventMaterial.objects.select_related("event").filter(pk=material_id).first()
    if material is None:
        raise Http404
    event = access_event(request, material.event_id)
    if not may_use_materials(request, own_registration(request, event)):
        raise Http404
    return material


def support_users(prefecture: Prefecture) -> list[tuple[User, bool]]:
    """Who can facilitate: staff holding prefecture.support in the prefecture, the contractor's first
    (the second element says whether they are the contractor's)."""
    found: dict[int, tuple[User, bool]] = {}
    memberships = Membership.objects.filter(
        is_active=True, user__is_active=True, agency__prefecture=prefecture
    ).select_related("user", "role")
    for membership in memberships:
        if "prefecture.support" not in membership.role.permissions:
            continue
        user, contractor = found.get(membership.user_id, (membership.user, False))
        found[membership.user_id] = (user, contractor or membership.role.code == CONTRACTOR_ROLE)
    return sorted(found.values(), key=lambda pair: (not pair[1], pair[0].full_name_kana, pair[0].pk))
