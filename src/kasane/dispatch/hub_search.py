"""What the hub page shows for a search: the municipality's stated need, and the experts, practices and peer
municipalities that match it."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import QueryDict

from kasane.dispatch import hub, matching
from kasane.dispatch.library_forms import HubForm
from kasane.lib.dates import fiscal_year, today
from kasane.readiness.themes import ReadinessItem, Stage, population_band_label
from kasane.tenancy.models import Municipality, Prefecture


def search(
    prefecture: Prefecture,
    municipalities: list[Municipality],
    form: HubForm,
    params: QueryDict,
    *,
    choices: QuerySet[Municipality],
    support: bool,
) -> dict[str, Any]:
    """The page's context for a valid search ``form`` (``params`` being the query it came from).

    Ratings are the prefecture's assessment, never published to peers: a municipality's staff (``support``
    false) see their own stages, and peers are suggested to them without theirs."""
    context: dict[str, Any] = {}
    municipality = form.cleaned_data["municipality"]
    stages = hub.current_stages(prefecture)
    themes: list[str] = list(form.cleaned_data["themes"])
    population = form.cleaned_data["population"]
    if municipality is not None:
        municipality = next(m for m in municipalities if m.pk == municipality.pk)
        stated = hub.stated_need(municipality, stages.get(municipality.pk, {}), fiscal_year(today()))
        population = municipality.population
        if not params.get("edited") or not (params.getlist("themes") or params.get("q")):
            # First look at a municipality (or a search emptied of every need, as when another
            # municipality is picked): start from what it has said it needs.
            themes = stated.themes
            form = HubForm({**params.dict(), "themes": themes}, municipalities=choices)
            form.is_valid()
        context["stated"] = stated
        context["stage_rows"] = _stage_rows(stated)
    need = matching.Need(
        themes=frozenset(themes),
        population=population,
        stages=stages.get(municipality.pk, {}) if municipality else {},
        text=form.cleaned_data["q"],
        municipality_id=municipality.pk if municipality else None,
        name=municipality.name if municipality else "",
        region=hub.region_of(municipality) if municipality else "",
        block=hub.block_of(municipality) if municipality else "",
    )
    context.update(
        {
            "form": form,
            "searched": True,
            "municipality": municipality,
            "need": need,
            "band_label": population_band_label(population),
            **_matches(prefecture, municipalities, stages if support else {}, need),
        }
    )
    return context


def _stage_rows(stated: hub.StatedNeed) -> list[tuple[str, str]]:
    return [
        (ReadinessItem(i).label, Stage(stated.stages[i]).label if i in stated.stages else "未評価")
        for i in ReadinessItem.values
    ]


def _matches(
    prefecture: Prefecture,
    municipalities: list[Municipality],
    stages: dict[int, dict[str, int]],
    need: matching.Need,
) -> dict[str, list[Any]]:
    experts = hub.expert_profiles(prefecture)
    practices = hub.practice_profiles(prefecture)
    peers = hub.peer_profiles(municipalities, stages)
    found = matching.suggest(
        need,
        [profile for _e, profile in experts.values()],
        [profile for _p, profile in practices.values()],
        [profile for _m, profile in peers.values()],
    )
    return {
        "experts": [(experts[s.id][0], s) for s in found["experts"]],
        "practices": [(practices[s.id][0], s) for s in found["practices"]],
        "peers": [(peers[s.id][0], s) for s in found["peers"]],
    }
