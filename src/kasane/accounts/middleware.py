from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import urlencode

from kasane import audit
from kasane.accounts import permissions
from kasane.audit.actor import actor_of

SESSION_LAST_SEEN = "kasane_last_seen"
SESSION_MUNICIPALITY = "kasane_municipality"


def _redirect(request: HttpRequest, url: str) -> HttpResponse:
    if request.headers.get("HX-Request"):
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return HttpResponseRedirect(url)


class IdleTimeoutMiddleware:
    """Log out a session that has been idle longer than KASANE_IDLE_TIMEOUT_MINUTES; also picks the
    municipality the request works in (``request.municipality``)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.municipality = None  # type: ignore[attr-defined]
        if request.user.is_authenticated and not request.path.startswith(settings.STATIC_URL):
            now = int(time.time())
            last_seen = request.session.get(SESSION_LAST_SEEN)
            limit = settings.KASANE_IDLE_TIMEOUT_MINUTES * 60
            if last_seen is not None and now - int(last_seen) > limit:
                audit.log(
                    "auth.idle_timeout",
                    actor=actor_of(request),
                    details={"idle_seconds": now - int(last_seen)},
                )
                logout(request)
                if _system_call(request):
                    return self.get_response(request)  # the session has ended; the key decides
                messages.info(
                    request,
                    "一定時間操作がなかったため、安全のためログアウトしました。もう一度ログインしてください。",
                )
                return _redirect(request, f"{reverse('accounts:login')}?{urlencode({'next': request.path})}")
            # Writing the session once a minute is enough for a timeout counted in minutes.
            if last_seen is None or now - int(last_seen) >= 60:
                request.session[SESSION_LAST_SEEN] = now
            request.municipality = _current_municipality(request)  # type: ignore[attr-defined]
        return self.get_response(request)


def _system_call(request: HttpRequest) -> bool:
    """An API call that carries a system's key (``Authorization: Bearer``)."""
    header = str(request.META.get("HTTP_AUTHORIZATION", ""))
    return request.path.startswith("/api/") and header[:7].lower() == "bearer "


def _current_municipality(request: HttpRequest) -> object:
    choices = permissions.municipalities_of(request.user)  # type: ignore[arg-type]
    wanted = request.session.get(SESSION_MUNICIPALITY)
    for municipality in choices:
        if municipality.pk == wanted:
            return municipality
    return choices[0] if choices else None


class TwoFactorRequiredMiddleware:
    """Before anything else a user may only, in this order: set their own password in place of a temporary one
    an administrator issued; set up 2FA when their role requires it; or log out."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if not user.is_authenticated or request.path.startswith(settings.STATIC_URL):
            return self.get_response(request)
        if user.must_set_password:
            required = "accounts:set_password"
        elif not user.has_two_factor and user.requires_two_factor():
            required = "accounts:two_factor_setup"
        else:
            return self.get_response(request)
        if request.path in {reverse(required), reverse("accounts:logout")}:
            return self.get_response(request)
        if _system_call(request):
            # A system's key beside a session that is not ready: the session counts for nothing, the key decides.
            request.user = AnonymousUser()
            return self.get_response(request)
        if request.path.startswith("/api/"):
            return HttpResponse(status=403)
        return _redirect(request, reverse(required))
