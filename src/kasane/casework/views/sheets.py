"""The 帳票 as A4 PDFs. Each goes through the record's access check; producing one is a disclosure, audited."""

from __future__ import annotations

from urllib.parse import quote

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from kasane.casework.access import access_case, access_consultation, access_plan
from kasane.casework.views.case_pages import carried_notes, read_history


def _pdf(content: bytes, filename: str) -> HttpResponse:

    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f"inline; filename*=UTF-8''{quote(filename)}"
    return response


@login_required
@require_GET
def consultation_sheet(request: HttpRequest, consultation_id: int) -> HttpResponse:
    import kasane.casework.sheets as sheets  # noqa: PLC0415 - reportlab loads when a PDF is asked for, not at start-up

    consultation, _viewer, _basis = access_consultation(request, consultation_id, action="sheet.consultation")
    return _pdf(sheets.consultation_sheet(consultation), sheets.sheet_filename("consultation", consultation))


@login_required
@require_GET
def assessment_sheet(request: HttpRequest, case_id: int) -> HttpResponse:
    import kasane.casework.sheets as sheets  # noqa: PLC0415 - reportlab loads when a PDF is asked for, not at start-up

    case, viewer, _basis = access_case(request, case_id, action="sheet.assessment")
    assessment = case.assessments.first()
    if assessment is None:
        raise Http404
    history = read_history(request, viewer, case)
    return _pdf(
        sheets.assessment_sheet(assessment, history=history), sheets.sheet_filename("assessment", assessment)
    )


@login_required
@require_GET
def plan_sheet(request: HttpRequest, plan_id: int) -> HttpResponse:
    import kasane.casework.sheets as sheets  # noqa: PLC0415 - reportlab loads when a PDF is asked for, not at start-up

    plan, _viewer, _basis = access_plan(request, plan_id, action="sheet.plan")
    return _pdf(sheets.plan_sheet(plan), sheets.sheet_filename("plan", plan))


@login_required
@require_GET
def evaluation_sheet(request: HttpRequest, case_id: int) -> HttpResponse:
    import kasane.casework.sheets as sheets  # noqa: PLC0415 - reportlab loads when a PDF is asked for, not at start-up

    case, _viewer, _basis = access_case(request, case_id, action="sheet.evaluation")
    evaluation = case.evaluations.first()
    if evaluation is None:
        raise Http404
    return _pdf(sheets.evaluation_sheet(evaluation), sheets.sheet_filename("evaluation", evaluation))


@login_required
@require_GET
def progress_sheet(request: HttpRequest, case_id: int) -> HttpResponse:
    import kasane.casework.sheets as sheets  # noqa: PLC0415 - reportlab loads when a PDF is asked for, not at start-up

    case, viewer, _basis = access_case(request, case_id, action="sheet.progress")
    notes = list(case.notes.select_related("agency").order_by("on", "pk"))
    carried = carried_notes(request, viewer, case)
    return _pdf(sheets.progress_sheet(case, notes, carried=carried), sheets.sheet_filename("progress", case))
