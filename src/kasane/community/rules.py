"""Who may do what in 地域づくり. Nothing here is personal: every member of the municipality's staff who reads
the directory (``directory.view``, checked by the pages) reads it; those with ``community.edit`` (the city's
programme staff, the 社協's 地域づくり担当) record it, checked by every service, not only by the pages, so a
command and the demo meet the same rule."""

from __future__ import annotations

from kasane.accounts import permissions
from kasane.audit.actor import Actor
from kasane.tenancy.models import Municipality


class CommunityError(Exception):
    """A change 地域づくり refuses; the message is shown to staff."""


def may_edit(actor: Actor, municipality: Municipality) -> bool:
    return actor.user is not None and permissions.has_perm(
        actor.user, "community.edit", municipality=municipality
    )


def require_editor(actor: Actor) -> Municipality:
    """The municipality the actor records for, or a refusal in words staff read."""
    municipality = actor.municipality
    if municipality is None:
        raise CommunityError("市町村を選んでから記録してください。")
    if not may_edit(actor, municipality):
        raise CommunityError("地域づくりを記録する権限がありません。")
    return municipality


def require_own(record_municipality_id: int | None, municipality: Municipality) -> None:
    if record_municipality_id != municipality.pk:
        raise CommunityError("他の市町村の記録は変更できません。")
