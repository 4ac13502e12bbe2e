"""Shared by the outreach tests: the day the clock stands on, viewers and actors for the services, a target
in a given stage, and the audit trail since a mark."""

from __future__ import annotations

import datetime as dt
from typing import Any

from kasane.audit.actor import Actor
from kasane.audit.models import AuditEntry
from kasane.casework.models import Person
from kasane.casework.visibility import Viewer
from kasane.outreach.models import Target
from tests import factories

DAY = dt.date(2026, 11, 24)  # a Tuesday: its week runs from Monday 23 to Sunday 29 November
SHAKYO = "shakyo"


def days_ago(n: int) -> dt.date:
    return DAY - dt.timedelta(days=n)


def viewer(w: dict[str, Any], key: str = "coordinator") -> Viewer:
    seen = Viewer.of(w["users"][key], w["municipality"])
    assert seen is not None, key
    return seen


def actor(w: dict[str, Any], key: str = "coordinator") -> Actor:
    return Actor(user=w["users"][key], municipality=w["municipality"])


def target(
    w: dict[str, Any],
    label: str = "北町の70代男性",
    *,
    person: Person | None = None,
    stage: str = "attempting",
    **extra: Any,
) -> Target:
    """A target of the 社協 (the coordinator's agency) led by the coordinator, raised a month before ``DAY``,
    unless said otherwise."""
    extra.setdefault("raised_on", days_ago(30))
    owned = {k: extra.pop(k) for k in ("owner_agency", "lead_user") if k in extra}
    made = factories.outreach_target(w, label=label, person=person, stage=stage, **extra)
    if owned:
        Target.objects.filter(pk=made.pk).update(**owned)
        made.refresh_from_db()
    return made


def audit_mark() -> int:
    return AuditEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0


def entries_since(mark: int) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(id__gt=mark).order_by("id"))


def actions_since(mark: int) -> list[str]:
    return [e.action for e in entries_since(mark)]
