"""The coordination log's pages: the year's list with its counts, one record, its form, its removal."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kasane.accounts.access import permission_required
from kasane.audit.actor import actor_of
from kasane.community.access import access_coordination, can_edit, municipality_of
from kasane.community.forms.coordination import NO_PERSONAL, CoordinationFilter, CoordinationForm
from kasane.community.models import Coordination
from kasane.community.rules import CommunityError
from kasane.community.services import coordination as services
from kasane.lib.dates import fiscal_year_label, today

PAGE_SIZE = 50


@permission_required("directory.view")
@require_GET
def coordination_list(request: HttpRequest) -> HttpResponse:
    municipality, day = municipality_of(request), today()
    filters = CoordinationFilter(
        request.GET, municipality=municipality, years=services.years_of(municipality, on=day)
    )
    year = filters.year_or(day)
    records = filters.in_area(services.coordinations_in(municipality, year, on=day))
    page = Paginator(filters.narrow(records), PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "filters": filters,
        "year": year,
        "year_label": fiscal_year_label(year),
        "area": filters.value("area"),
        "page": page,
        "query": query.urlencode(),
        "outcomes": services.outcome_counts(records),
        "connections": services.connection_counts(records),
        "overdue": services.overdue_count(records, on=day),
        "can_edit": can_edit(request),
        "nav": "community",
        "tab": "coordination",
    }
    return render(request, "community/coordination/list.html", context)


@permission_required("directory.view")
@require_GET
def coordination_detail(request: HttpRequest, coordination_id: int) -> HttpResponse:
    record = access_coordination(request, coordination_id)
    context = {"record": record, "can_edit": can_edit(request), "nav": "community", "tab": "coordination"}
    return render(request, "community/coordination/detail.html", context)


@permission_required("community.edit")
@require_http_methods(["GET", "POST"])
def coordination_new(request: HttpRequest) -> HttpResponse:
    return _edit(request, Coordination())


@permission_required("community.edit")
@require_http_methods(["GET", "POST"])
def coordination_edit(request: HttpRequest, coordination_id: int) -> HttpResponse:
    return _edit(request, access_coordination(request, coordination_id))


def _edit(request: HttpRequest, record: Coordination) -> HttpResponse:
    form = CoordinationForm(request.POST or None, instance=record, municipality=municipality_of(request))
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.save_coordination(
                form.save(commit=False), changed=form.changed_data, actor=actor_of(request)
            )
        except CommunityError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"{saved.counterpart}とのコーディネートを記録しました。")
            return redirect("community:coordination", saved.pk)
    context = {
        "form": form,
        "record": record,
        "warning": NO_PERSONAL,
        "nav": "community",
        "tab": "coordination",
    }
    return render(
        request, "community/coordination/form.html", context, status=400 if request.method == "POST" else 200
    )


@permission_required("community.edit")
@require_POST
def coordination_delete(request: HttpRequest, coordination_id: int) -> HttpResponse:
    record = access_coordination(request, coordination_id)
    try:
        services.delete_coordination(record, actor=actor_of(request))
    except CommunityError as exc:
        messages.error(request, str(exc))
        return redirect("community:coordination", record.pk)
    messages.success(request, f"{record.counterpart}とのコーディネート記録を削除しました。")
    return redirect("community:coordinations")
