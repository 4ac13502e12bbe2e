from __future__ import annotations

from urllib.parse import quote

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from kasane import audit
from kasane.accounts import permissions
from kasane.accounts.access import permission_required
from kasane.agencies import navi
from kasane.agencies.access import access_agency, can_edit_agency
from kasane.agencies.directory import search_agencies
from kasane.agencies.forms import AgencyForm
from kasane.agencies.models import AgencyKind, SupportField, Topic
from kasane.agencies.services import save_agency
from kasane.audit.actor import actor_of
from kasane.lib.dates import today
from kasane.tenancy.models import Area, area_for_address


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


@permission_required("directory.view")
@require_GET
def agency_list(request: HttpRequest) -> HttpResponse:
    municipality = request.municipality  # type: ignore[attr-defined]
    q = request.GET.get("q", "").strip()
    field_code = request.GET.get("field", "")
    area_id = _int(request.GET.get("area"))
    topic_id = _int(request.GET.get("topic"))
    kind = request.GET.get("kind", "")
    agencies = search_agencies(
        municipality, q=q, field_code=field_code, area_id=area_id, topic_id=topic_id, kind=kind
    )
    context = {
        "agencies": agencies,
        "areas": Area.objects.filter(municipality=municipality),
        "support_fields": SupportField.objects.all(),
        "topics": Topic.objects.all(),
        "kinds": [c for c in AgencyKind.choices if c[0] != AgencyKind.PREFECTURE],
        "filters": {"q": q, "field": field_code, "area": area_id, "topic": topic_id, "kind": kind},
        "can_create": permissions.has_perm(request.user, "agency.edit_all", municipality=municipality),  # type: ignore[arg-type]
        "nav": "agencies",
    }
    template = "agencies/_agency_results.html" if request.htmx else "agencies/agency_list.html"  # type: ignore[attr-defined]
    return render(request, template, context)


@permission_required("directory.view")
@require_GET
def agency_detail(request: HttpRequest, agency_id: int) -> HttpResponse:
    agency = access_agency(request, agency_id)
    links = list(agency.agency_topics.all())
    return render(
        request,
        "agencies/agency_detail.html",
        {
            "agency": agency,
            "primary_topics": [link.topic for link in links if link.level == 1],
            "other_topics": [link.topic for link in links if link.level == 2],
            "can_edit": can_edit_agency(request.user, agency),  # type: ignore[arg-type]
            "nav": "agencies",
        },
    )


@permission_required("directory.view")
@require_http_methods(["GET", "POST"])
def agency_edit(request: HttpRequest, agency_id: int) -> HttpResponse:
    agency = access_agency(request, agency_id)
    if not can_edit_agency(request.user, agency):  # type: ignore[arg-type]
        raise PermissionDenied
    form = AgencyForm(request.POST or None, instance=agency, municipality=request.municipality)  # type: ignore[attr-defined]
    if request.method == "POST" and form.is_valid():
        save_agency(form, actor=actor_of(request))
        messages.success(request, f"「{agency.name}」の情報を更新しました。")
        return redirect("agencies:detail", agency_id=agency.pk)
    return render(request, "agencies/agency_form.html", {"form": form, "agency": agency, "nav": "agencies"})


@permission_required("agency.edit_all")
@require_http_methods(["GET", "POST"])
def agency_new(request: HttpRequest) -> HttpResponse:
    form = AgencyForm(request.POST or None, municipality=request.municipality)  # type: ignore[attr-defined]
    if request.method == "POST" and form.is_valid():
        agency = save_agency(form, actor=actor_of(request))
        messages.success(request, f"「{agency.name}」を登録しました。")
        return redirect("agencies:detail", agency_id=agency.pk)
    return render(request, "agencies/agency_form.html", {"form": form, "agency": None, "nav": "agencies"})


@permission_required("directory.view")
@require_GET
def navi_view(request: HttpRequest) -> HttpResponse:
    municipality = request.municipality  # type: ignore[attr-defined]
    all_topics = list(Topic.objects.all())
    picked = [t for t in all_topics if str(t.pk) in request.GET.getlist("topic")]
    text = request.GET.get("q", "").strip()
    address = request.GET.get("address", "").strip()
    areas = list(Area.objects.filter(municipality=municipality))
    area = next((a for a in areas if a.pk == _int(request.GET.get("area"))), None)
    if area is None and address:
        area = area_for_address(municipality, address)
    topics = (
        picked + [t for t in navi.topics_for_text(text, all_topics) if t not in picked] if text else picked
    )
    result = navi.guide(municipality, topics=topics, text=text, area=area) if (topics or text) else None
    context = {
        "all_topics": all_topics,
        "picked_ids": {t.pk for t in picked},
        "q": text,
        "address": address,
        "areas": areas,
        "area": area,
        "area_from_address": bool(address and area and not request.GET.get("area")),
        "result": result,
        "nav": "navi",
    }
    template = "agencies/_navi_results.html" if request.htmx else "agencies/navi.html"  # type: ignore[attr-defined]
    return render(request, template, context)


@permission_required("directory.view")
@require_GET
def brochure(request: HttpRequest) -> HttpResponse:
    # reportlab is imported only when a PDF is asked for, keeping it off every other request's path.
    from kasane.agencies.brochure import (  # noqa: PLC0415 - reportlab loads when a PDF is asked for, not at start-up
        brochure_filename,
        build_brochure,
    )

    municipality = request.municipality  # type: ignore[attr-defined]
    day = today()
    pdf = build_brochure(municipality, today=day)
    with transaction.atomic():
        audit.log("directory.brochure", actor=actor_of(request), municipality=municipality)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = _attachment(brochure_filename(municipality, day))
    return response


def _attachment(filename: str) -> str:

    return f"attachment; filename=\"kasane.pdf\"; filename*=UTF-8''{quote(filename)}"
