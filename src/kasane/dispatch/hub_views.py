"""The hub (003's conclusion): for a municipality's stated need, the experts, the practices and the peer
municipalities that match, each with the reason in plain Japanese."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from kasane.dispatch import hub, matching
from kasane.dispatch.library_forms import HubForm
from kasane.lib.dates import fiscal_year, today
from kasane.readiness.access import support_staff_required
from kasane.readiness.themes import ReadinessItem, Stage, population_band_label
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
    if not request.GET or not form.is_valid():
        return render(request, "dispatch/hub.html", context)

    municipality = form.cleaned_data["municipality"]
    stages = hub.current_stages(prefecture)
    themes: list[str] = list(form.cleaned_data["themes"])
    population = form.cleaned_data["population"]
    if municipality is not None:
        municipality = next(m for m in municipalities if m.pk == municipality.pk)
        stated = hub.stated_need(municipality, stages.get(municipality.pk, {}), fiscal_year(today()))
        population = municipality.population
        if not request.GET.get("edited"):
            # First look at a municipality: start from what it has said it needs.
            themes = stated.themes
            form = HubForm(
                {**request.GET.dict(), "themes": themes},
                municipalities=Municipality.objects.filter(prefecture=prefecture),
            )
            form.is_valid()
        context["stated"] = stated
        context["stage_rows"] = [
            (ReadinessItem(i).label, Stage(stated.stages[i]).label if i in stated.stages else "未評価")
            for i in ReadinessItem.values
        ]
    need = matching.Need(
        themes=frozenset(themes),
        population=population,
        stages=stages.get(municipality.pk, {}) if municipality else {},
        text=form.cleaned_data["q"],
        municipality_id=municipality.pk if municipality else None,
        name=municipality.name if municipality else "",
    )
    experts = hub.expert_profiles(prefecture)
    practices = hub.practice_profiles(prefecture)
    peers = hub.peer_profiles(municipalities, stages)
    found = matching.suggest(
        need,
        [profile for _e, profile in experts.values()],
        [profile for _p, profile in practices.values()],
        [profile for _m, profile in peers.values()],
    )
    context.update(
        {
            "form": form,
            "searched": True,
            "municipality": municipality,
            "need": need,
            "band_label": population_band_label(population),
            "experts": [(experts[s.id][0], s) for s in found["experts"]],
            "practices": [(practices[s.id][0], s) for s in found["practices"]],
            "peers": [(peers[s.id][0], s) for s in found["peers"]],
        }
    )
    return render(request, "dispatch/hub.html", context)
