"""The page where support staff keep the prefecture's regions (振興局 and the like) and the word for them."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.views.decorators.http import require_POST

from kasane.audit.actor import actor_of
from kasane.readiness import regions
from kasane.readiness.access import support_staff_required
from kasane.readiness.models import Region


def _region(request: HttpRequest, region_id: int) -> Region:
    """One of the prefecture's own regions; another prefecture's answers 404."""
    return get_object_or_404(
        Region.objects.select_related("prefecture"),
        pk=region_id,
        prefecture=request.prefecture,  # type: ignore[attr-defined]
    )


def _done(request: HttpRequest, change: Callable[[], object], success: str) -> HttpResponse:
    """Make the change, say what happened (or why nothing did), and go back to the list."""
    try:
        change()
    except regions.RegionError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, success)
    return redirect("readiness:regions")


@support_staff_required
def region_list(request: HttpRequest) -> HttpResponse:
    prefecture = request.prefecture  # type: ignore[attr-defined]
    if request.method == "POST":
        name = request.POST.get("name", "")
        return _done(
            request,
            lambda: regions.add(prefecture, name, actor=actor_of(request)),
            f"「{' '.join(name.split())}」を追加しました。",
        )
    return render(
        request,
        "readiness/regions.html",
        {"nav": "backup", "regions": regions.listed(prefecture), "word": regions.label(prefecture)},
    )


@support_staff_required
@require_POST
def region_label(request: HttpRequest) -> HttpResponse:
    word = request.POST.get("region_label", "")
    return _done(
        request,
        lambda: regions.set_label(request.prefecture, word, actor=actor_of(request)),  # type: ignore[attr-defined]
        "地域の呼び方を保存しました。",
    )


@support_staff_required
@require_POST
def region_rename(request: HttpRequest, region_id: int) -> HttpResponse:
    region = _region(request, region_id)
    name = request.POST.get("name", "")
    return _done(
        request,
        lambda: regions.rename(region, name, actor=actor_of(request)),
        f"名称を「{' '.join(name.split())}」にしました。",
    )


@support_staff_required
@require_POST
def region_move(request: HttpRequest, region_id: int) -> HttpResponse:
    region = _region(request, region_id)
    up = request.POST.get("direction") == "up"
    return _done(
        request,
        lambda: regions.move(region, up=up, actor=actor_of(request)),
        f"「{region.name}」を{'上' if up else '下'}へ移しました。",
    )


@support_staff_required
@require_POST
def region_delete(request: HttpRequest, region_id: int) -> HttpResponse:
    region = _region(request, region_id)
    name = region.name
    return _done(
        request, lambda: regions.delete(region, actor=actor_of(request)), f"「{name}」を削除しました。"
    )


urlpatterns = [
    path("", region_list, name="regions"),
    path("label/", region_label, name="region_label"),
    path("<int:region_id>/rename/", region_rename, name="region_rename"),
    path("<int:region_id>/move/", region_move, name="region_move"),
    path("<int:region_id>/delete/", region_delete, name="region_delete"),
]
