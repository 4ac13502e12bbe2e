"""The ``permission_required`` guard used by every view."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponseBase

from kasane.accounts import permissions

View = Callable[..., HttpResponseBase]


def permission_required(code: str) -> Callable[[View], View]:
    """Anonymous → login page; logged in without the permission in the current municipality → 403."""

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            municipality = getattr(request, "municipality", None)
            if municipality is None or not permissions.has_perm(
                request.user,
                code,
                municipality=municipality,
            ):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
