"""Signing up without an account, from the link or QR code of the invitation (``/e/<signup_key>/``).

No login, and nothing else reachable from here: the page shows the event as the invitation does and the number
of places left, never who else has signed up. The confirmation shows the applicant what they sent, in their own
browser only (the registration's number is kept in their session, nowhere in a URL). Every form is
CSRF-protected as everywhere in kasane; nothing here is cached.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from kasane.audit.actor import actor_of
from kasane.events.models import Event, Registration, RegistrationChannel
from kasane.events.signup import SignupRefused, event_by_key, refusal, remaining_places, sign_up
from kasane.events.signup_forms import PublicSignupForm
from kasane.lib.dates import today

SESSION_KEY = "event_signups"  # {signup_key: registration pk}, this browser's own sign-ups


def _about(event: Event) -> dict[str, object]:
    """What the page shows of the event: as the invitation does, and the places left (a number, no names)."""
    registered = event.registrations.count()
    return {
        "event": event,
        "slots": list(event.slots.all()),
        "remaining": remaining_places(event, registered),
        "refusal": refusal(event, day=today(), registered=registered),
    }


def _closed(request: HttpRequest, event: Event, reason: str) -> HttpResponse:
    return render(request, "events/signup_closed.html", {**_about(event), "reason": reason})


@never_cache
@require_http_methods(["GET", "POST"])
def signup_form(request: HttpRequest, key: str) -> HttpResponse:
    event = event_by_key(key)
    about = _about(event)
    if about["refusal"]:
        return _closed(request, event, str(about["refusal"]))
    form = PublicSignupForm(request.POST or None, prefecture=event.prefecture)
    if request.method == "POST" and form.is_valid():
        try:
            registration = sign_up(event, form.applicant(), actor=actor_of(request))
        except SignupRefused as exc:
            if exc.closed:
                return _closed(request, event, str(exc))
            form.add_error(None, str(exc))
        else:
            request.session[SESSION_KEY] = {**request.session.get(SESSION_KEY, {}), key: registration.pk}
            return redirect("signup:done", key)
    return render(request, "events/signup_form.html", {**about, "form": form})


@never_cache
@require_GET
def signup_done(request: HttpRequest, key: str) -> HttpResponse:
    event = event_by_key(key)
    pk = request.session.get(SESSION_KEY, {}).get(key)
    registration = (
        Registration.objects.filter(pk=pk, event=event, channel=RegistrationChannel.PUBLIC)
        .select_related("municipality")
        .first()
        if pk
        else None
    )
    if registration is None:
        return redirect("signup:form", key)
    return render(request, "events/signup_done.html", {"event": event, "registration": registration})
