"""Materials and recordings kept with an event. Files are never served directly (MEDIA_URL is unset): they
go out through this view, to support staff and to the event's own participants."""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kasane.audit.actor import actor_of
from kasane.events.access import access_material, support_event
from kasane.events.files import content_type
from kasane.events.forms import MaterialForm
from kasane.events.models import EventMaterial
from kasane.events.services import add_material, remove_material
from kasane.readiness.access import participant_required, support_staff_required


@support_staff_required
@require_http_methods(["GET", "POST"])
def material_new(request: HttpRequest, event_id: int) -> HttpResponse:
    event = support_event(request, event_id)
    form = MaterialForm(request.POST or None, request.FILES or None, initial={"kind": "material"})
    if request.method == "POST" and form.is_valid():
        material = add_material(event, form, actor=actor_of(request))
        messages.success(request, f"「{material.title}」を登録しました。")
        return redirect("events:detail", event.pk)
    return render(request, "events/material_form.html", {"event": event, "form": form, "nav": "events"})


@participant_required
@require_GET
def material(request: HttpRequest, material_id: int) -> HttpResponse:
    item = access_material(request, material_id)
    if item.link:
        return HttpResponseRedirect(item.link)
    try:
        handle = item.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    name = item.original_name or f"{item.title}.{item.suffix}"
    response = FileResponse(handle, as_attachment=True, filename=name)
    response["Content-Type"] = content_type(name)
    # A streamed response; the access decorators are typed for plain ones.
    return cast(HttpResponse, response)


@support_staff_required
@require_POST
def material_delete(request: HttpRequest, material_id: int) -> HttpResponse:
    item = EventMaterial.objects.filter(pk=material_id, event__prefecture=request.prefecture).first()  # type: ignore[attr-defined]
    if item is None:
        raise Http404
    remove_material(item, actor=actor_of(request))
    messages.success(request, f"「{item.title}」を削除しました。")
    return redirect("events:detail", item.event_id)
