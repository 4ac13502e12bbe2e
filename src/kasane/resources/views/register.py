"""The register's pages: search (with the A4 list of what was found), one activity, and its form."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from kasane.accounts import permissions
from kasane.accounts.access import permission_required
from kasane.audit.actor import actor_of
from kasane.lib.dates import today, wareki
from kasane.lib.exports import attachment_response
from kasane.resources import services
from kasane.resources.access import access_service, can_edit_register
from kasane.resources.forms import ScheduleFormSet, SearchForm, ServiceForm, schedule_initial
from kasane.resources.models import Service
from kasane.resources.queries import search, with_details
from kasane.tenancy.models import Municipality

PAGE_SIZE = 50


def _found(municipality: Municipality, form: SearchForm) -> QuerySet[Service]:
    """What the search finds; nothing while a criterion cannot be read (the form says which), so neither the
    list nor its A4 print quietly shows the whole register instead."""
    if form.is_bound and not form.is_valid():
        return Service.objects.none()
    return search(municipality, form.criteria())


@permission_required("directory.view")
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    municipality = request.municipality  # type: ignore[attr-defined]
    form = SearchForm(request.GET or None, municipality=municipality)
    found = with_details(_found(municipality, form))
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "query": query.urlencode(),
        "can_edit": can_edit_register(request),
        "nav": "resources",
    }
    template = "resources/_results.html" if request.htmx else "resources/index.html"  # type: ignore[attr-defined]
    return render(request, template, context)


@permission_required("directory.view")
@require_GET
def print_list(request: HttpRequest) -> HttpResponse:
    """The A4 list of what the search found, as staff hand it to a person or a 民生委員."""
    from kasane.resources import printing  # noqa: PLC0415 - reportlab loads when a PDF is asked for

    municipality = request.municipality  # type: ignore[attr-defined]
    form = SearchForm(request.GET or None, municipality=municipality)
    found = list(with_details(_found(municipality, form)))
    body = printing.resource_list_pdf(
        municipality,
        found,
        title=f"{municipality.name} 地域の社会資源一覧",
        subtitle=f"{wareki(today())}現在・{len(found)}件",
    )
    return attachment_response(body, f"社会資源一覧_{today():%Y%m%d}.pdf", "application/pdf")


@permission_required("directory.view")
@require_GET
def detail(request: HttpRequest, service_id: int) -> HttpResponse:
    service = access_service(request, service_id)
    context = {
        "service": service,
        "can_edit": can_edit_register(request),
        # 地域づくり keeps some activities as places (kasane.community, above this app: linked by URL only).
        "can_keep_places": permissions.has_perm(
            request.user,  # type: ignore[arg-type]
            "community.edit",
            municipality=request.municipality,  # type: ignore[attr-defined]
        ),
        "nav": "resources",
    }
    return render(request, "resources/detail.html", context)


@permission_required("resource.edit")
@require_http_methods(["GET", "POST"])
def new(request: HttpRequest) -> HttpResponse:
    return _edit(request, Service())


@permission_required("resource.edit")
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, service_id: int) -> HttpResponse:
    return _edit(request, access_service(request, service_id))


def _edit(request: HttpRequest, service: Service) -> HttpResponse:
    municipality = request.municipality  # type: ignore[attr-defined]
    form = ServiceForm(request.POST or None, instance=service, municipality=municipality)
    rows = ScheduleFormSet(request.POST or None, prefix="schedule", initial=schedule_initial(service))
    if request.method == "POST" and form.is_valid() and rows.is_valid():
        changed = list(form.changed_data) + (["schedules"] if rows.has_changed() else [])
        schedules = [s for s in (row.record() for row in rows) if s is not None]
        try:
            saved = services.save_service(
                form.save(commit=False),
                form.organization_record(),
                form.location_record(),
                schedules,
                changed=changed,
                actor=actor_of(request),
            )
        except services.RegisterError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, f"「{saved.name}」を保存しました。")
            return redirect("resources:detail", saved.pk)
    context = {"form": form, "rows": rows, "service": service, "nav": "resources"}
    return render(request, "resources/form.html", context, status=400 if request.method == "POST" else 200)
