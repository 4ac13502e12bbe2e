"""What every service module shares: the errors shown to the user, the audit entry, the host check."""

from __future__ import annotations

from typing import Any

from kasane import audit
from kasane.audit.actor import Actor
from kasane.audit.models import Basis
from kasane.meetings.access import MeetingViewer
from kasane.meetings.models import AgendaItem


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


def _refuse(problems: list[str], then: str = "") -> None:
    """Raise the rule book's findings (``kasane.meetings.rules``) as one message, if there are any."""
    if problems:
        raise MeetingError("".join(problems) + then)


def _require_host(viewer: MeetingViewer) -> None:
    if not viewer.can_host:
        raise MeetingError("会議を主催する権限がありません。")


def _person_of(item: AgendaItem) -> int | str:
    if item.case_id is not None:
        return item.case.person_id  # type: ignore[union-attr]
    return item.person_id or ""
