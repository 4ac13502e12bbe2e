"""The hub (003's conclusion): for a municipality's stated need, the experts, the practices and the peer
municipalities that match, each with the reason in plain Japanese."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from kasane.dispatch import hub_search
from kasane.dispatch.library_forms import HubForm
from kasane.readiness.access import support_staff_required
from kasane.tenancy.models import Municipality


@support_staff_required
@require_GET
def hub_page(request: HttpRequest) -> HttpResponse:
    prefecture = request.prefecture  # type: ignore[attr-defined]
    municipalities = list(
        Municipality.objects.filter(prefecture=prefecture).select_related("profile").order_by("code")
    )
    form = HubForm(request.GET or None, municipalities=Municipality.objects.filter(prefecture=prefecture))
    context: dict[str, Any] = {"form": form, "nav": "hub"}
    if request.GET and form.is_valid():
        context.update(hub_search.search(prefecture, municipalities, form, request.GET))
    return render(request, "dispatch/hub.html", context)
