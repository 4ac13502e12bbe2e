"""事業の実施状況: one page of counts for those who run the programme."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from kasane.lib.dates import today
from kasane.programme.figures import compute, reach_of


@login_required
@require_GET
def overview(request: HttpRequest) -> HttpResponse:
    reach = reach_of(request.user, getattr(request, "municipality", None))  # type: ignore[arg-type]
    if reach is None:
        raise PermissionDenied
    return render(request, "programme/overview.html", {"f": compute(reach, today()), "nav": "programme"})
