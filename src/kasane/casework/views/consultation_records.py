"""相談記録: the agency's consultations as records that go on — 経過 added, closed with a reason, reopened — and
the list of those still open, which is where a 相談員 starts the day."""

from __future__ import annotations

from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, F, Max
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from kasane.audit.actor import actor_of
from kasane.casework.access import access_consultation
from kasane.casework.forms.consultations import CloseForm, ConsultationNoteForm, ReopenForm
from kasane.casework.models import Consultation
from kasane.casework.services import consultations as records
from kasane.casework.visibility import record_list, require_viewer

PAGE_SIZE = 50

STATES = {"open": "継続中", "closed": "終了", "all": "すべて"}


def _form_errors(request: HttpRequest, form: ConsultationNoteForm | CloseForm | ReopenForm) -> None:
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, str(error))


@login_required
@require_GET
def record_list_page(request: HttpRequest) -> HttpResponse:
    """The 相談記録 of the viewer's agencies: 継続中 first by default, the longest without a 経過 on top."""
    viewer = require_viewer(request)
    state = request.GET.get("state", "open")
    if state not in STATES:
        state = "open"
    own = Consultation.objects.filter(municipality=viewer.municipality, owner_agency__in=viewer.agency_ids)
    open_count = own.filter(closed_on=None).count()
    total = own.count()
    counts = {"open": open_count, "closed": total - open_count, "all": total}
    rows = own.select_related("person", "household", "owner_agency").annotate(
        note_count=Count("notes"), last_note_on=Max("notes__on")
    )
    if state == "open":
        rows = rows.filter(closed_on=None).order_by(
            F("last_note_on").asc(nulls_first=True), "received_at", "pk"
        )
    elif state == "closed":
        rows = rows.exclude(closed_on=None).order_by("-closed_on", "-pk")
    else:
        rows = rows.order_by("-received_at", "-pk")
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    record_list(request, viewer, "consultation.listed", [c.person_id for c in page])
    return render(
        request,
        "casework/consultations/record_list.html",
        {
            "page": page,
            "state": state,
            "state_label": STATES[state],
            "tabs": [(key, label, counts[key]) for key, label in STATES.items()],
            "nav": "people",
        },
    )


@login_required
@require_POST
def note_new(request: HttpRequest, consultation_id: int) -> HttpResponse:
    consultation, viewer, _basis = access_consultation(request, consultation_id)
    form = ConsultationNoteForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return redirect("consultations:detail", consultation.pk)
    try:
        records.add_note(viewer, consultation, form.save(commit=False), actor=actor_of(request))
    except records.RecordError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "相談経過を記録しました。")
    return redirect("consultations:detail", consultation.pk)


@login_required
@require_POST
def close_record(request: HttpRequest, consultation_id: int) -> HttpResponse:
    consultation, viewer, _basis = access_consultation(request, consultation_id)
    form = CloseForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return redirect("consultations:detail", consultation.pk)
    data = form.cleaned_data
    try:
        records.close(
            viewer,
            consultation,
            reason=data["reason"],
            on=data["on"],
            note=data["note"],
            actor=actor_of(request),
        )
    except records.RecordError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "相談記録を終了しました。")
    return redirect("consultations:detail", consultation.pk)


@login_required
@require_POST
def reopen_record(request: HttpRequest, consultation_id: int) -> HttpResponse:
    consultation, viewer, _basis = access_consultation(request, consultation_id)
    form = ReopenForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return redirect("consultations:detail", consultation.pk)
    try:
        records.reopen(viewer, consultation, reason=form.cleaned_data["reason"], actor=actor_of(request))
    except records.RecordError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "相談記録を再開しました。経過を記録できます。")
    return redirect("consultations:detail", consultation.pk)


@login_required
@require_GET
def progress_pdf(request: HttpRequest, consultation_id: int) -> HttpResponse:
    import kasane.casework.sheets as sheets  # noqa: PLC0415 - reportlab loads when a PDF is asked for, not at start-up

    consultation, _viewer, _basis = access_consultation(request, consultation_id, action="sheet.progress")
    notes = list(consultation.notes.order_by("on", "pk"))
    content = sheets.consultation_progress_sheet(consultation, notes)
    response = HttpResponse(content, content_type="application/pdf")
    filename = sheets.sheet_filename("progress", consultation)
    response["Content-Disposition"] = f"inline; filename*=UTF-8''{quote(filename)}"
    return response
