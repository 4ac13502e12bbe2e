"""Meeting bodies, their members, and the 守秘義務の誓約 each member signs."""

from __future__ import annotations

from django.db import transaction

from kasane.accounts.models import User
from kasane.audit.actor import Actor
from kasane.lib.dates import today
from kasane.meetings.access import MeetingViewer
from kasane.meetings.models import (
    PLEDGE_WORDING,
    BodyMember,
    Meeting,
    MeetingBody,
    MeetingKind,
    Pledge,
)
from kasane.meetings.rules import host_problems
from kasane.meetings.services._common import MeetingError, _log, _refuse, _require_host


def create_body(viewer: MeetingViewer, body: MeetingBody, *, actor: Actor) -> MeetingBody:
    _require_host(viewer)
    body.municipality = viewer.municipality
    _refuse(host_problems(body, body.kinds))
    with transaction.atomic():
        body.save()
        _log(viewer, "meeting_body.created", body, kinds=list(body.kinds), actor=actor)
    return body


BODY_FIELDS = ("name", "kinds", "host_agency_id", "collaboration_host_id", "description")


def body_state(body: MeetingBody) -> dict[str, object]:
    return {field: getattr(body, field) for field in BODY_FIELDS}


def update_body(
    viewer: MeetingViewer, body: MeetingBody, *, before: dict[str, object], actor: Actor
) -> list[str]:
    """Save a body's changed name, kinds or hosts (the 多機関協働事業者 changes with a new contract, say), under
    the same host rules as when it was registered. A kind that a recorded sitting serves stays: its items
    and their legal basis belong to it. Returns the changed fields."""
    _require_host(viewer)
    _refuse(host_problems(body, body.kinds))
    changed = [field for field, value in before.items() if getattr(body, field) != value]
    if not changed:
        return []
    with transaction.atomic():
        # The body's row lock orders this against a sitting being added to it (create_meeting takes it too).
        MeetingBody.objects.select_for_update().filter(pk=body.pk).first()
        held = {
            k for kinds in Meeting.objects.filter(body=body).values_list("kinds", flat=True) for k in kinds
        }
        dropped = [k for k in MeetingKind.values if k in held and k not in body.kinds]  # in the kinds' order
        if dropped:
            names = "・".join(MeetingKind(k).label for k in dropped)
            raise MeetingError(f"この会議体には{names}の開催記録があるため、会議の種類から外せません。")
        body.save(update_fields=[f.removesuffix("_id") for f in changed])
        # The hosts and kinds before and after (ids and codes); names and descriptions by field only.
        values = {f: [before[f], getattr(body, f)] for f in changed if f not in ("name", "description")}
        _log(viewer, "meeting_body.changed", body, fields=changed, values=values, actor=actor)
    return changed


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
