"""The event's papers and files: 受付名簿, 名札, 参加証明書 (A4 PDF) and the participants with their attendance
(Excel, CSV). Support staff only; every file of names taken is written to the audit trail."""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_GET

from kasane import audit
from kasane.audit.actor import actor_of
from kasane.events import exports
from kasane.events.access import support_event
from kasane.events.models import Event, Registration
from kasane.lib.dates import today
from kasane.lib.exports import attachment_response
from kasane.readiness.access import support_staff_required

PDF = "application/pdf"
NO_CERTIFICATE = (
    "出席の記録がある人にだけ参加証明書を作れます。先に「参加者と出席」で出席を記録してください。"
)


def _printed(request: HttpRequest, event: Event, sheet: str, people: int) -> None:
    with transaction.atomic():
        audit.log(
            "events.roster_printed",
            actor=actor_of(request),
            obj=event,
            details={"sheet": sheet, "people": people},
        )


@support_staff_required
@require_GET
def sign_in_sheet(request: HttpRequest, event_id: int) -> HttpResponse:
    event = support_event(request, event_id)
    people = exports.participants(event)
    _printed(request, event, "sign_in", len(people))
    from kasane.events.sheets.sign_in import sign_in_pdf  # noqa: PLC0415 - reportlab loads when a PDF is asked for, not at start-up

    body = sign_in_pdf(event, people, made_on=today())
    return attachment_response(body, f"{event.title}_受付名簿.pdf", PDF)


@support_staff_required
@require_GET
def name_tags(request: HttpRequest, event_id: int) -> HttpResponse:
    event = support_event(request, event_id)
    people = exports.participants(event)
    _printed(request, event, "name_tags", len(people))
    from kasane.events.sheets.name_tags import name_tags_pdf  # noqa: PLC0415 - reportlab loads when a PDF is asked for, not at start-up

    return attachment_response(name_tags_pdf(event, people, made_on=today()), f"{event.title}_名札.pdf", PDF)


@support_staff_required
@require_GET
def certificates(request: HttpRequest, event_id: int) -> HttpResponse:
    """Every attended participant's certificate, one page each."""
    event = support_event(request, event_id)
    people = [r for r in exports.participants(event) if r.attended]
    if not people:
        messages.error(request, NO_CERTIFICATE)
        return redirect("events:registrations", event.pk)
    _printed(request, event, "certificates", len(people))
    from kasane.events.sheets.certificates import certificates_pdf  # noqa: PLC0415 - reportlab loads when a PDF is asked for, not at start-up

    body = certificates_pdf(event, people, issued_on=today())
    return attachment_response(body, f"{event.title}_参加証明書.pdf", PDF)


@support_staff_required
@require_GET
def certificate(request: HttpRequest, registration_id: int) -> HttpResponse:
    registration = (
        Registration.objects.filter(pk=registration_id, event__prefecture=request.prefecture)  # type: ignore[attr-defined]
        .select_related("event__prefecture", "municipality")
        .first()
    )
    if registration is None:
        raise Http404
    event = registration.event
    if not registration.attended:
        messages.error(request, NO_CERTIFICATE)
        return redirect("events:registrations", event.pk)
    _printed(request, event, "certificate", 1)
    from kasane.events.sheets.certificates import certificates_pdf  # noqa: PLC0415 - reportlab loads when a PDF is asked for, not at start-up

    body = certificates_pdf(event, [registration], issued_on=today())
    return attachment_response(body, f"{event.title}_参加証明書_{registration.name}.pdf", PDF)


@support_staff_required
@require_GET
def participants_export(request: HttpRequest, event_id: int, fmt: str) -> StreamingHttpResponse:
    event = support_event(request, event_id)
    if fmt not in exports.FORMATS:
        raise Http404
    return exports.export_participants(event, fmt, actor=actor_of(request))
