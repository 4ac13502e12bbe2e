from __future__ import annotations

from django.http import Http404, HttpRequest

from kasane.audit.models import Basis
from kasane.cases.models import Case, Plan
from kasane.households.visibility import Viewer, case_basis, record_read, require_viewer


def access_case(
    request: HttpRequest, case_id: int, *, action: str = "case.viewed"
) -> tuple[Case, Viewer, Basis]:
    """The case for its 多機関協働事業者 and its team (while the case's consent stands); 404 for anyone else."""
    viewer = require_viewer(request)
    case = (
        Case.objects.filter(pk=case_id, municipality=viewer.municipality)
        .select_related("person", "household", "owner_agency", "consent", "lead_user")
        .first()
    )
    basis = case_basis(viewer, case) if case is not None else None
    if case is None or basis is None:
        raise Http404
    record_read(
        request, viewer, case, basis, action=action, person_id=case.person_id, basis_ref=f"case:{case.pk}"
    )
    return case, viewer, basis


def access_plan(
    request: HttpRequest, plan_id: int, *, action: str = "plan.viewed"
) -> tuple[Plan, Viewer, Basis]:
    viewer = require_viewer(request)
    plan = (
        Plan.objects.filter(pk=plan_id, case__municipality=viewer.municipality)
        .select_related("case", "case__person", "case__owner_agency", "case__consent")
        .first()
    )
    basis = case_basis(viewer, plan.case) if plan is not None else None
    if plan is None or basis is None:
        raise Http404
    record_read(
        request,
        viewer,
        plan,
        basis,
        action=action,
        person_id=plan.case.person_id,
        basis_ref=f"case:{plan.case_id}",
    )
    return plan, viewer, basis
