"""The library of 先進事例 (read by every participant) and the register of experts (support staff)."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from kasane.accounts.models import Role, User
from kasane.audit.actor import actor_of
from kasane.dispatch import library_services
from kasane.dispatch.library_forms import ExpertForm, LibraryFilter, PracticeForm
from kasane.dispatch.models import Expert, Practice
from kasane.lib.text import terms
from kasane.readiness.access import participant_required, support_staff_required
from kasane.readiness.themes import population_band
from kasane.tenancy.models import Municipality

# --- 先進事例 ------------------------------------------------------------------------------------------------


def _practices(request: HttpRequest) -> QuerySet[Practice]:
    return Practice.objects.filter(prefecture=request.prefecture)  # type: ignore[attr-defined]


def search_practices(practices: QuerySet[Practice], *, q: str, theme: str, band: str) -> list[Practice]:
    """Every word must appear (folded with search_key, as the agencies directory matches); theme and size
    are kept as JSON and a number, so they are checked on the rows."""
    for word in terms(q):
        practices = practices.filter(search_text__contains=word)
    found = list(practices.order_by("-year", "title", "pk"))
    if theme:
        found = [p for p in found if theme in p.themes]
    if band.isdecimal():
        found = [p for p in found if population_band(p.population) == int(band)]
    return found


@participant_required
@require_GET
def practice_list(request: HttpRequest) -> HttpResponse:
    form = LibraryFilter(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {"q": "", "theme": "", "band": ""}
    practices = search_practices(_practices(request), **filters)
    return render(
        request,
        "dispatch/practice_list.html",
        {
            "form": form,
            "practices": practices,
            "filtered": any(filters.values()),
            "support": request.support_staff,  # type: ignore[attr-defined]
            "nav": "practices",
        },
    )


@participant_required
@require_GET
def practice_detail(request: HttpRequest, practice_id: int) -> HttpResponse:
    practice = _practices(request).select_related("municipality").filter(pk=practice_id).first()
    if practice is None:
        raise Http404
    return render(
        request,
        "dispatch/practice_detail.html",
        {"practice": practice, "support": request.support_staff, "nav": "practices"},  # type: ignore[attr-defined]
    )


@support_staff_required
@require_http_methods(["GET", "POST"])
def practice_edit(request: HttpRequest, practice_id: int | None = None) -> HttpResponse:
    practice = None
    if practice_id is not None:
        practice = _practices(request).filter(pk=practice_id).first()
        if practice is None:
            raise Http404
    municipalities = Municipality.objects.filter(prefecture=request.prefecture)  # type: ignore[attr-defined]
    form = PracticeForm(
        request.POST or None,
        instance=practice,
        municipalities=municipalities,
        # A new practice starts in this prefecture; an edited one keeps its own (initial would override it).
        initial={} if practice else {"prefecture_name": request.prefecture.name},  # type: ignore[attr-defined]
    )
    if request.method == "POST" and form.is_valid():
        saved = library_services.save_practice(form.save(commit=False), actor=actor_of(request))
        messages.success(request, f"先進事例「{saved.title}」を保存しました。")
        return redirect("dispatch:practice", saved.pk)
    return render(
        request, "dispatch/practice_form.html", {"form": form, "practice": practice, "nav": "practices"}
    )


# --- 専門家 -------------------------------------------------------------------------------------------------


def support_accounts(request: HttpRequest) -> QuerySet[User]:
    """Accounts that may be tied to an expert: support staff of this prefecture."""
    roles = [r.pk for r in Role.objects.all() if "prefecture.support" in r.permissions]
    return (
        User.objects.filter(
            is_active=True,
            memberships__is_active=True,
            memberships__role__in=roles,
            memberships__agency__prefecture=request.prefecture,  # type: ignore[attr-defined]
        )
        .distinct()
        .order_by("full_name_kana", "pk")
    )


@support_staff_required
@require_GET
def expert_list(request: HttpRequest) -> HttpResponse:
    experts = Expert.objects.filter(prefecture=request.prefecture).select_related("user")  # type: ignore[attr-defined]
    return render(request, "dispatch/expert_list.html", {"experts": list(experts), "nav": "dispatch"})


@support_staff_required
@require_http_methods(["GET", "POST"])
def expert_edit(request: HttpRequest, expert_id: int | None = None) -> HttpResponse:
    expert = None
    if expert_id is not None:
        expert = Expert.objects.filter(prefecture=request.prefecture, pk=expert_id).first()  # type: ignore[attr-defined]
        if expert is None:
            raise Http404
    form = ExpertForm(request.POST or None, instance=expert, accounts=support_accounts(request))
    if request.method == "POST" and form.is_valid():
        saved = library_services.save_expert(form.save(commit=False), actor=actor_of(request))
        messages.success(request, f"専門家「{saved.name}」を保存しました。")
        return redirect("dispatch:experts")
    return render(request, "dispatch/expert_form.html", {"form": form, "expert": expert, "nav": "dispatch"})
