"""後方支援 for the demo prefecture (北海道): municipalities and their readiness, events, questionnaires,
expert dispatches, each loaded by its module here, in this order, all in the demo's one transaction."""

from __future__ import annotations

import datetime as dt

from kasane.accounts.models import User
from kasane.demo.prefecture import dispatch, events, events_signup, questionnaires, readiness, report
from kasane.demo.prefecture.staff import BackupStaff
from kasane.tenancy.models import Prefecture

__all__ = ["BackupStaff", "load_backup_support"]


def load_backup_support(prefecture: Prefecture, users: dict[str, User], today: dt.date) -> None:
    contractor_staff = User.objects.filter(memberships__role__code="backup_contractor").distinct()
    facilitators = sorted(contractor_staff, key=lambda u: (u.username != "fasi", u.pk))
    staff = BackupStaff(prefecture=users["ken"], facilitators=facilitators, city=users.get("shi"))
    readiness.load(prefecture, today, staff)
    events.load(prefecture, today, staff)
    events_signup.load(prefecture, today, staff)
    questionnaires.load(prefecture, today, staff)
    dispatch.load(prefecture, today, staff)
    report.load(prefecture, today, staff)
