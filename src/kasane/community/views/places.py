"""居場所・通いの場: the list of places with their last twelve months, one place with the days of a 年度, the form
that keeps an activity of the register as a place, and a day's attendance."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.db.models import Count, Min, Prefetch, Q, Sum
from django.db.models.functions import Coalesce
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kasane.accounts.access import permission_required
from kasane.audit.actor import actor_of
from kasane.community.access import access_gathering, access_place, can_edit, municipality_of
from kasane.community.forms.places import GatheringForm, PlaceFilterForm, PlaceForm
from kasane.community.models import AGE_BANDS, ATTENDEE_CATEGORIES, Audience, Gathering, Place
from kasane.community.rules import CommunityError
from kasane.community.services import places as services
from kasane.lib.charts import BARS, ChartSpec, to_svg
from kasane.lib.dates import fiscal_year, fiscal_year_bounds, fiscal_year_label, months_before, today, wareki
from kasane.resources.models import Schedule
from kasane.tenancy.models import Municipality

FISCAL_MONTHS = (4, 5, 6, 7, 8, 9, 10, 11, 12, 1, 2, 3)


# --- reading -------------------------------------------------------------------------------------------------


def places_in(municipality: Municipality, criteria: dict[str, Any]) -> list[Place]:
    """The places with who runs them, where and when, and their days and attendance of the last twelve months,
    in a fixed number of queries however many there are."""
    day = today()
    recent = Q(gatherings__held_on__gt=months_before(day, 12), gatherings__held_on__lte=day)
    places = (
        Place.objects.filter(municipality=municipality)
        .select_related("service__organization", "service__location__area")
        .prefetch_related(Prefetch("service__schedules", queryset=Schedule.objects.order_by("pk")))
        .annotate(
            recent_days=Count("gatherings", filter=recent),
            recent_attendance=Coalesce(Sum("gatherings__attendance", filter=recent), 0),
        )
    )
    if criteria.get("area"):
        places = places.filter(service__location__area=criteria["area"])
    if criteria.get("category"):
        places = places.filter(service__category_codes__contains=f" {criteria['category']} ")
    if criteria.get("funding"):
        places = places.filter(service__funding=criteria["funding"])
    found: list[Place] = list(places)
    # 多世代 is read from the place's list of generations; the municipality's places are few enough to sift here.
    return [p for p in found if p.crosses_generations] if criteria.get("mixed") else found


@dataclass
class PlaceYear:
    """A place's 年度: its days in order, the totals by age band and category, and how many days were 多世代
    (two or more known age bands came)."""

    year: int
    gatherings: list[Gathering]

    @property
    def label(self) -> str:
        return fiscal_year_label(self.year)

    @property
    def attendance(self) -> int:
        return sum(g.attendance for g in self.gatherings)

    @property
    def helpers(self) -> int:
        return sum(g.helpers for g in self.gatherings)

    @property
    def age_totals(self) -> list[tuple[str, int]]:
        return [(label, sum(getattr(g, f) for g in self.gatherings)) for f, label in AGE_BANDS]

    @property
    def category_totals(self) -> list[tuple[str, int]]:
        return [(label, sum(getattr(g, f) for g in self.gatherings)) for f, label in ATTENDEE_CATEGORIES]

    @property
    def mixed_days(self) -> int:
        return sum(1 for g in self.gatherings if g.bands_reached >= 2)

    @property
    def mixed_share(self) -> int | None:
        """The share of days that were 多世代, in whole percent; None without days."""
        return round(100 * self.mixed_days / len(self.gatherings)) if self.gatherings else None

    def chart(self) -> str | None:
        """The month-by-month attendance as an SVG bar chart, or None while nobody came."""
        total = self.attendance
        if not total:
            return None
        months = [sum(g.attendance for g in self.gatherings if g.held_on.month == m) for m in FISCAL_MONTHS]
        spec = ChartSpec(
            title=f"{self.label} 月別の参加者数",
            categories=tuple(f"{m}月" for m in FISCAL_MONTHS),
            series=("参加者数",),
            values=tuple((n,) for n in months),
            percentages=tuple((100 * n / total,) for n in months),
            kind=BARS,
            note=f"延べ{total}人。割合は年度の延べ参加者数に占める割合、（　）内は人数",
        )
        return to_svg(spec, width=640, chart_id="monthly-attendance", show_title=False)


def place_year(place: Place, year: int) -> PlaceYear:
    first, last = fiscal_year_bounds(year)
    days = place.gatherings.filter(held_on__range=(first, last)).order_by("held_on", "pk")
    return PlaceYear(year, list(days))


@dataclass(frozen=True)
class Years:
    """The 年度 shown (the current one unless another is asked for), those to choose from (from the first day
    recorded or the start of the activity to now), and whether the place has any day recorded at all."""

    shown: int
    choices: list[tuple[int, str]]
    any_days: bool


def years_of(place: Place, requested: str) -> Years:
    current = fiscal_year(today())
    first_day = place.gatherings.aggregate(first=Min("held_on"))["first"]
    start = min(fiscal_year(d) for d in (first_day, place.started_on, today()) if d is not None)
    years = list(range(current, start - 1, -1))
    year = int(requested) if requested.isdigit() and int(requested) in years else current
    return Years(year, [(y, fiscal_year_label(y)) for y in years], first_day is not None)


# --- pages ---------------------------------------------------------------------------------------------------


@permission_required("directory.view")
@require_GET
def place_list(request: HttpRequest) -> HttpResponse:
    municipality = municipality_of(request)
    form = PlaceFilterForm(request.GET or None, municipality=municipality)
    criteria = form.criteria()
    context = {
        "form": form,
        "places": places_in(municipality, criteria) if criteria is not None else [],
        "since": months_before(today(), 12),
        "can_edit": can_edit(request),
        "nav": "community",
        "tab": "places",
    }
    return render(request, "community/places/list.html", context)


@permission_required("directory.view")
@require_GET
def place_detail(request: HttpRequest, place_id: int) -> HttpResponse:
    place = access_place(request, place_id)
    years = years_of(place, request.GET.get("year", ""))
    figures = place_year(place, years.shown)
    context = {
        "place": place,
        "service": place.service,
        "figures": figures,
        "chart": figures.chart(),
        "years": years,
        "can_edit": can_edit(request),
        "nav": "community",
        "tab": "places",
    }
    return render(request, "community/places/detail.html", context)


@permission_required("community.edit")
@require_http_methods(["GET", "POST"])
def place_new(request: HttpRequest) -> HttpResponse:
    municipality = municipality_of(request)
    asked = request.GET.get("service", "")
    already = (
        Place.objects.filter(municipality=municipality, service_id=asked).first() if asked.isdigit() else None
    )
    if already is not None:
        messages.info(request, f"「{already}」はすでに居場所として登録されています。")
        return redirect(already)
    initial: dict[str, Any] = {"audiences": [Audience.ANYONE]}
    if asked.isdigit():
        initial["service"] = int(asked)
    return _edit_place(request, PlaceForm(request.POST or None, initial=initial, municipality=municipality))


@permission_required("community.edit")
@require_http_methods(["GET", "POST"])
def place_edit(request: HttpRequest, place_id: int) -> HttpResponse:
    place = access_place(request, place_id)
    form = PlaceForm(request.POST or None, instance=place, municipality=municipality_of(request))
    return _edit_place(request, form)


def _edit_place(request: HttpRequest, form: PlaceForm) -> HttpResponse:
    if request.method == "POST" and form.is_valid():
        place = form.save(commit=False)
        if place.pk is None:
            place.service = form.chosen_service()
        try:
            saved = services.save_place(place, changed=list(form.changed_data), actor=actor_of(request))
        except CommunityError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"「{saved}」を地域の居場所として保存しました。")
            return redirect(saved)
    context = {"form": form, "place": form.instance, "nav": "community", "tab": "places"}
    status = 400 if request.method == "POST" else 200
    return render(request, "community/places/form.html", context, status=status)


@permission_required("community.edit")
@require_POST
def place_remove(request: HttpRequest, place_id: int) -> HttpResponse:
    place = access_place(request, place_id)
    name = str(place)
    try:
        services.remove_place(place, actor=actor_of(request))
    except CommunityError as exc:
        messages.error(request, str(exc))
        return redirect("community:place", place_id)
    messages.success(
        request, f"「{name}」の居場所としての登録を解除しました。社会資源の登録はそのまま残っています。"
    )
    return redirect("community:places")


@permission_required("community.edit")
@require_http_methods(["GET", "POST"])
def gathering_new(request: HttpRequest, place_id: int) -> HttpResponse:
    place = access_place(request, place_id)
    form = GatheringForm(request.POST or None, initial={"held_on": today()}, place=place)
    return _edit_gathering(request, form)


@permission_required("community.edit")
@require_http_methods(["GET", "POST"])
def gathering_edit(request: HttpRequest, gathering_id: int) -> HttpResponse:
    gathering = access_gathering(request, gathering_id)
    return _edit_gathering(
        request, GatheringForm(request.POST or None, instance=gathering, place=gathering.place)
    )


def _edit_gathering(request: HttpRequest, form: GatheringForm) -> HttpResponse:
    place = form.place
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.save_gathering(place, form.save(commit=False), actor=actor_of(request))
        except CommunityError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"{wareki(saved.held_on)}の開催記録を保存しました。")
            return redirect(_days_of(place, saved))
    context = {"form": form, "place": place, "gathering": form.instance, "nav": "community", "tab": "places"}
    status = 400 if request.method == "POST" else 200
    return render(request, "community/places/gathering_form.html", context, status=status)


@permission_required("community.edit")
@require_POST
def gathering_delete(request: HttpRequest, gathering_id: int) -> HttpResponse:
    gathering = access_gathering(request, gathering_id)
    place = gathering.place
    try:
        services.delete_gathering(gathering, actor=actor_of(request))
    except CommunityError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "開催記録を削除しました。")
    return redirect(_days_of(place, gathering))


def _days_of(place: Place, gathering: Gathering) -> str:
    """The place's page at the 年度 of the day, at its table of days."""
    return f"{reverse('community:place', args=[place.pk])}?year={fiscal_year(gathering.held_on)}#gatherings"
