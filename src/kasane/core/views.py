from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from kasane.accounts import permissions


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    return render(
        request,
        "core/home.html",
        {
            "can_directory": permissions.has_perm(user, "directory.view"),  # type: ignore[arg-type]
            "memberships": permissions.memberships_of(user),  # type: ignore[arg-type]
        },
    )


@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    """For the load balancer and monitoring: the process answers and the database is reachable."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
