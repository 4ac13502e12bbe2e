"""What every change to a case shares: the check that the hub's staff make it, the CaseEvent where the
state moves, and the audit entry.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from kasane import audit
from kasane.audit.actor import Actor
from kasane.audit.models import Basis
from kasane.casework.models import Case, CaseEvent
from kasane.casework.visibility import Viewer
from kasane.casework.workflow import cases as workflow
from kasane.lib.dates import today

WorkflowError = workflow.WorkflowError


def _log(viewer: Viewer, action: str, case: Case, obj: Any = None, *, actor: Actor, **details: Any) -> None:
    audit.log(
        action,
        actor=actor,
        agency=viewer.primary_agency,
        obj=obj if obj is not None else case,
        person_id=case.person_id,
        basis=Basis.OWN if case.owner_agency_id in viewer.agency_ids else Basis.CASE_TEAM,
        basis_ref=f"case:{case.pk}",
        details=details,
    )


def _event(
    viewer: Viewer, case: Case, action: str, source: str, on: dt.date | None = None, note: str = ""
) -> CaseEvent:
    return CaseEvent.objects.create(
        case=case,
        action=action,
        from_status=source,
        to_status=case.status,
        actor=viewer.user,
        actor_name=viewer.user.full_name,
        on=on or today(),
        note=note,
    )


def _require_owner(viewer: Viewer, case: Case) -> None:
    if not viewer.can_edit(case.owner_agency_id):
        raise WorkflowError("この操作は多機関協働事業者の担当者が行います。")
