"""The event page's sign-up panel, for support staff: the public link and its QR code, open or close the form,
its 定員 and 締切, and how the registrations arrived."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from kasane.audit.actor import actor_of
from kasane.events import signup
from kasane.events.access import support_event
from kasane.events.models import Event
from kasane.events.signup_forms import SignupSettingsForm
from kasane.lib.dates import today
from kasane.readiness.access import support_staff_required

OPENED = "申込フォームを公開しました。リンクやQRコードを案内してください。"
CLOSED = "申込フォームを閉じました。リンクを開いても申し込めません。"


def signup_url(request: HttpRequest, event: Event) -> str:
    return request.build_absolute_uri(reverse("signup:form", args=[event.signup_key]))


def signup_panel(
    request: HttpRequest, event: Event, form: SignupSettingsForm | None = None
) -> dict[str, object]:
    """The panel's context on the event page (``events/_signup_panel.html``)."""
    url = signup_url(request, event)
    channels = signup.counts_by_channel(event)
    registered = sum(n for _label, n in channels)  # one query for both
    return {
        "signup_url": url,
        "signup_qr": signup.qr_svg(url, scale=4),
        "signup_form": form or SignupSettingsForm(event=event),
        "signup_remaining": signup.remaining_places(event, registered),
        "signup_refusal": signup.refusal(event, day=today(), registered=registered),
        "signup_channels": channels,
    }


@support_staff_required
@require_POST
def signup_settings(request: HttpRequest, event_id: int) -> HttpResponse:
    event = support_event(request, event_id)
    form = SignupSettingsForm(request.POST, event=event)
    if not form.is_valid():
        messages.error(request, "申込フォームの設定を保存できませんでした。入力内容を確かめてください。")
        context = {"event": event, "nav": "events", **signup_panel(request, event, form)}
        return render(request, "events/signup_settings.html", context)
    data = form.cleaned_data
    changed = signup.save_settings(
        event,
        signup_open=data["signup_open"],
        capacity=data["capacity"],
        deadline=data["signup_deadline"],
        actor=actor_of(request),
    )
    if "signup_open" in changed:
        messages.success(request, OPENED if event.signup_open else CLOSED)
    elif changed:
        messages.success(request, "申込フォームの設定を保存しました。")
    return redirect(f"{reverse('events:detail', args=[event.pk])}#signup-heading")


@support_staff_required
@require_GET
def signup_qr(request: HttpRequest, event_id: int) -> HttpResponse:
    """The QR code as a PNG file, to put in a flyer or on a slide."""
    event = support_event(request, event_id)
    response = HttpResponse(signup.qr_png(signup_url(request, event)), content_type="image/png")
    response["Content-Disposition"] = f'attachment; filename="signup-qr-{event.pk}.png"'
    return response
