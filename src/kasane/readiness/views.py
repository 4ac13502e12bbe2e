"""Pages of 市町村の体制整備状況: the prefecture's table, a municipality's page and its ratings.
The sheets' pages are in ``sheet_views``."""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from kasane import audit
from kasane.audit.actor import actor_of
from kasane.lib.dates import fiscal_year, fiscal_year_label, today
from kasane.readiness import lookups, overview, queries, services
from kasane.readiness.access import (
    can_edit_readiness,
    own_municipalities,
    participant_required,
    support_staff_required,
)
from kasane.readiness.forms import NewSheetForm, ProfileForm, RatingForm
from kasane.readiness.models import Block, MunicipalityProfile
from kasane.readiness.themes import ITEM_SHORT, ProgrammeStatus, ReadinessItem


def _filters(request: HttpRequest) -> tuple[str, str]:
    """The table's ブロック and 実施状況 filters, as asked for when they are ones the table knows."""
    block = request.GET.get("block", "")
    status = request.GET.get("status", "")
    return (block if block.isdigit() else "", status if status in ProgrammeStatus.values else "")


@participant_required
def index(request: HttpRequest) -> HttpResponse:
    block, status = _filters(request)
    filters = overview.index_filters(request.GET)
    found = overview.rows(request.prefecture, block=block, status=status, **filters)  # type: ignore[attr-defined]
    columns, matrix = overview.status_matrix(found)
    return render(
        request,
        "readiness/index.html",
        {
            "nav": "backup",
            "rows": found,
            "columns": columns,
            "matrix": matrix,
            "blocks": Block.objects.filter(prefecture=request.prefecture),  # type: ignore[attr-defined]
            "statuses": ProgrammeStatus.choices,
            "block": block,
            "status": status,
            "items": [(item.value, ITEM_SHORT[item], item.label) for item in ReadinessItem],
            "own": own_municipalities(request),
            "shared_sheets": queries.shared_sheets(request.prefecture),  # type: ignore[attr-defined]
            **overview.index_context(request.prefecture, found, request.GET),  # type: ignore[attr-defined]
        },
    )


@participant_required
def municipality_detail(request: HttpRequest, municipality_id: int) -> HttpResponse:
    municipality = lookups.municipality_for(request, municipality_id)
    ratings = overview.latest_ratings([municipality.pk]).get(municipality.pk, {})
    states = overview.item_states(ratings)
    records = queries.municipality_records(municipality)
    year = fiscal_year(today())
    own = municipality in own_municipalities(request)
    runs_kasane = own and can_edit_readiness(request, municipality)
    preview = services.count_records(municipality, year) if runs_kasane else None
    return render(
        request,
        "readiness/municipality.html",
        {
            "nav": "backup",
            "municipality": municipality,
            "profile": getattr(municipality, "profile", None),
            "states": states,
            "needs": overview.Row(municipality, None, states).needs(),
            **records,
            "may_edit": lookups.may_edit(request, municipality),
            "may_publish": runs_kasane,
            "preview": preview,
            "year": year,
            "year_label": fiscal_year_label(year),
            "rating_form": RatingForm(initial={"rated_on": today().isoformat()}),
            "sheet_form": NewSheetForm(initial={"made_on": today().isoformat()}),
        },
    )


@support_staff_required
def profile_edit(request: HttpRequest, municipality_id: int) -> HttpResponse:
    request.support_staff = True  # type: ignore[attr-defined]
    municipality = lookups.municipality_for(request, municipality_id)
    profile, _ = MunicipalityProfile.objects.get_or_create(municipality=municipality)
    form = ProfileForm(
        request.POST or None,
        instance=profile,
        prefecture=request.prefecture,  # type: ignore[attr-defined]
        initial={"population": municipality.population},
    )
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            form.save()
            municipality.population = form.cleaned_data["population"]
            municipality.save(update_fields=["population"])
            audit.log(
                "readiness.profile_updated",
                actor=actor_of(request),
                municipality=municipality,
                obj=profile,
                details={"status": profile.status, "status_year": profile.status_year},
            )
        messages.success(request, f"{municipality.name}の状況を保存しました。")
        return redirect("readiness:municipality", municipality.pk)
    return render(
        request, "readiness/profile_form.html", {"nav": "backup", "form": form, "municipality": municipality}
    )


@participant_required
@require_POST
def rate(request: HttpRequest, municipality_id: int) -> HttpResponse:
    municipality = lookups.municipality_for(request, municipality_id)
    if not lookups.may_edit(request, municipality):
        raise Http404
    form = RatingForm(request.POST, municipality=municipality)
    if form.is_valid():
        services.rate(
            municipality,
            request.user,  # type: ignore[arg-type]
            item=form.cleaned_data["item"],
            stage=form.cleaned_data["stage"],
            evidence=form.cleaned_data["evidence"],
            tools_used=form.cleaned_data["tools_used"],
            rated_on=form.cleaned_data["rated_on"],
            actor=actor_of(request),
        )
        messages.success(request, "段階を記録しました。")
    else:
        problems = " ".join(str(e) for errors in form.errors.values() for e in errors)
        messages.error(request, f"記録できませんでした。{problems}")
    return redirect("readiness:municipality", municipality.pk)


@participant_required
@require_POST
def publish(request: HttpRequest, municipality_id: int) -> HttpResponse:
    municipality = lookups.municipality_for(request, municipality_id)
    if municipality not in own_municipalities(request) or not can_edit_readiness(request, municipality):
        raise Http404
    year = fiscal_year(today())
    chosen = request.POST.get("fiscal_year", str(year))
    if not chosen.isdigit() or int(chosen) not in (year, year - 1):
        messages.error(request, "公表できるのは今年度と前年度の集計です。")
        return redirect("readiness:municipality", municipality.pk)
    services.publish_counts(municipality, int(chosen), request.user, actor=actor_of(request))  # type: ignore[arg-type]
    messages.success(
        request, f"{fiscal_year_label(int(chosen))}の集計値を{municipality.prefecture.name}に公表しました。"
    )
    return redirect("readiness:municipality", municipality.pk)
