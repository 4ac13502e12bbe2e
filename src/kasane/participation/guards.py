"""What every 参加支援 change checks and leaves: the owner agency's staff write, an ended engagement takes no more,
no day in the future, and one audit entry naming the person on the owner's own basis."""

from __future__ import annotations

import datetime as dt
from typing import Any

from kasane import audit
from kasane.audit.actor import Actor
from kasane.audit.models import Basis
from kasane.casework.visibility import Viewer
from kasane.lib.dates import today
from kasane.participation.models import Engagement, EngagementStatus
from kasane.participation.rules import ParticipationError


def log(
    viewer: Viewer, action: str, engagement: Engagement, obj: Any = None, *, actor: Actor, **details: Any
) -> None:
    audit.log(
        action,
        actor=actor,
        agency=engagement.owner_agency,
        obj=obj if obj is not None else engagement,
        person_id=engagement.person_id,
        basis=Basis.OWN,
        basis_ref=f"participation:{engagement.pk}",
        details=details,
    )


def require_owner(viewer: Viewer, engagement: Engagement) -> None:
    if not viewer.can_edit(engagement.owner_agency_id):
        raise ParticipationError("参加支援の記録は、担当する機関の職員が行います。")


def require_open(engagement: Engagement) -> None:
    if engagement.status != EngagementStatus.OPEN:
        raise ParticipationError("終了した参加支援です。")


def not_future(on: dt.date, what: str) -> None:
    if on > today():
        raise ParticipationError(f"{what}に未来の日付は入れられません。")
