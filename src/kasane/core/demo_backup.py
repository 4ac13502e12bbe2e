"""後方支援 for the demo prefecture (北海道): municipalities and their readiness, events, questionnaires,
expert dispatches. Each app loads its own part (``<app>/demo.py``), in this order, all in the demo's one
transaction."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from kasane.accounts.models import User
from kasane.tenancy.models import Prefecture


@dataclass
class BackupStaff:
    """Who does the demo's backup-support work."""

    prefecture: User  # 都道府県担当 (ken)
    facilitators: list[User] = field(default_factory=list)  # the contractor's staff (fasi first)
    city: User | None = None  # かさね市の事業担当 (shi), who fills in かさね市's sheet


def load_backup_support(prefecture: Prefecture, users: dict[str, User], today: dt.date) -> None:
    from kasane.dispatch import demo as dispatch_demo
    from kasane.events import demo as events_demo
    from kasane.questionnaires import demo as questionnaires_demo
    from kasane.readiness import demo as readiness_demo

    contractor_staff = User.objects.filter(memberships__role__code="backup_contractor").distinct()
    facilitators = sorted(contractor_staff, key=lambda u: (u.username != "fasi", u.pk))
    staff = BackupStaff(prefecture=users["ken"], facilitators=facilitators, city=users.get("shi"))
    readiness_demo.load(prefecture, today, staff)
    events_demo.load(prefecture, today, staff)
    questionnaires_demo.load(prefecture, today, staff)
    dispatch_demo.load(prefecture, today, staff)
