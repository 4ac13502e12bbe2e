"""Who may do what in backup support (後方支援). One place, used by every backup-support app.

Two kinds of user take part:
- support staff: the prefecture's own staff and its contractor's facilitators and experts, who hold
  ``prefecture.support``. They see the prefecture's municipalities, events, questionnaires and dispatches,
  and nothing of any municipality's case records (those views answer them 403/404 on their own).
- participants: staff of a municipality or agency in the prefecture. They see their own municipality's
  sheets, other municipalities' sheets only where published to peers, and the events open to them.

A record of another prefecture answers 404, as records outside one's reach do everywhere in kasane.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponseBase

from kasane.accounts import permissions
from kasane.tenancy.models import Municipality, Prefecture

View = Callable[..., HttpResponseBase]


def current_prefecture(request: HttpRequest) -> Prefecture | None:
    if not request.user.is_authenticated:
        return None
    return permissions.prefecture_of(request.user)


def is_support_staff(request: HttpRequest) -> bool:
    return request.user.is_authenticated and permissions.supports_prefecture(request.user)


def support_staff_required(view: View) -> View:
    """Pages of the prefecture's own work. Sets ``request.prefecture``. Others get 403."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        prefecture = current_prefecture(request)
        if prefecture is None or not is_support_staff(request):
            raise PermissionDenied
        request.prefecture = prefecture  # type: ignore[attr-defined]
        return view(request, *args, **kwargs)

    return wrapped


def participant_required(view: View) -> View:
    """Pages every member of staff in the prefecture may open (support staff and municipal staff alike).
    Sets ``request.prefecture`` and ``request.support_staff``."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        prefecture = current_prefecture(request)
        if prefecture is None:
            raise PermissionDenied
        request.prefecture = prefecture  # type: ignore[attr-defined]
        request.support_staff = is_support_staff(request)  # type: ignore[attr-defined]
        return view(request, *args, **kwargs)

    return wrapped


def own_municipalities(request: HttpRequest) -> list[Municipality]:
    """The municipalities a participant works for (empty for the prefecture's own staff)."""
    if not request.user.is_authenticated:
        return []
    return permissions.municipalities_of(request.user)


def can_edit_readiness(request: HttpRequest, municipality: Municipality) -> bool:
    """The municipality's programme staff fill in its sheet and publish its counts."""
    return permissions.has_perm(request.user, "readiness.edit", municipality=municipality)  # type: ignore[arg-type]
