"""The dispatches: the year's list, a new request, one municipality's page, and the steps that move it."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kasane.audit.actor import actor_of
from kasane.dispatch import queries, services
from kasane.dispatch.access import DispatchViewer, access_dispatch, dispatch_for_support
from kasane.dispatch.forms import DecideForm, DispatchForm, DispatchRequestForm, WithdrawForm, year_choices
from kasane.dispatch.models import Dispatch, DispatchStatus, Expert
from kasane.dispatch.services import YEARLY_TARGET, DispatchError
from kasane.lib.dates import fiscal_year, fiscal_year_label, today
from kasane.readiness.access import participant_required, support_staff_required
from kasane.readiness.themes import population_band_label
from kasane.tenancy.models import Municipality


def _experts(request: HttpRequest) -> QuerySet[Expert]:
    return Expert.objects.filter(prefecture=request.prefecture, is_active=True)  # type: ignore[attr-defined]


def _year_param(request: HttpRequest, default: int) -> int:
    raw = request.GET.get("year", "")
    return int(raw) if raw.isdecimal() and 2000 <= int(raw) <= 2100 else default


@participant_required
@require_GET
def dispatch_list(request: HttpRequest) -> HttpResponse:
    viewer = DispatchViewer.of(request)
    current = fiscal_year(today())
    year = _year_param(request, current)
    rows = queries.listed(viewer, year)
    counted = sum(1 for d in rows if d.status != DispatchStatus.WITHDRAWN)
    return render(
        request,
        "dispatch/dispatch_list.html",
        {
            "viewer": viewer,
            "dispatches": rows,
            "year": year,
            "year_label": fiscal_year_label(year),
            "years": year_choices(current),
            "counted": counted,
            "target": YEARLY_TARGET,
            "over_target": counted > YEARLY_TARGET,
            "nav": "dispatch",
        },
    )


@support_staff_required
@require_http_methods(["GET", "POST"])
def dispatch_new(request: HttpRequest) -> HttpResponse:
    current = fiscal_year(today())
    municipalities = Municipality.objects.filter(prefecture=request.prefecture)  # type: ignore[attr-defined]
    form = DispatchForm(
        request.POST or None,
        municipalities=municipalities,
        experts=_experts(request),
        current_year=current,
        initial={"requested_on": today(), "fiscal_year": current},
    )
    if request.method == "POST" and form.is_valid():
        try:
            dispatch = services.create_dispatch(
                form.save(commit=False), form.cleaned_data["experts"], actor=actor_of(request)
            )
        except DispatchError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"{dispatch.municipality.name}からの派遣の依頼を登録しました。")
            count = services.count_for_year(dispatch.prefecture_id, dispatch.fiscal_year)
            if count > YEARLY_TARGET:
                messages.warning(
                    request,
                    f"{fiscal_year_label(dispatch.fiscal_year)}の派遣は{count}市町村になり、"
                    f"仕様の目安（{YEARLY_TARGET}市町村程度）を超えています。道と協議してください。",
                )
            return redirect("dispatch:detail", dispatch.pk)
    return render(request, "dispatch/dispatch_form.html", {"form": form, "nav": "dispatch"})


@participant_required
@require_GET
def dispatch_detail(request: HttpRequest, dispatch_id: int) -> HttpResponse:
    viewer = DispatchViewer.of(request)
    dispatch = access_dispatch(viewer, dispatch_id)
    context = {
        "dispatch": dispatch,
        "viewer": viewer,
        **queries.records(dispatch),
        "year_label": fiscal_year_label(dispatch.fiscal_year),
        "band_label": population_band_label(dispatch.municipality.population),
        "programme_status": _programme_status(dispatch.municipality),
        "day": today(),
        "nav": "dispatch",
    }
    if viewer.is_support:
        # The hearing is the prefecture's working note about the municipality: support staff only.
        context["hearings"] = list(dispatch.hearings.all())
        context["decide_form"] = DecideForm(initial={"agreed_on": today()})
        context["withdraw_form"] = WithdrawForm()
    return render(request, "dispatch/dispatch_detail.html", context)


def _programme_status(municipality: Municipality) -> str:
    profile = getattr(municipality, "profile", None)
    if profile is None:
        return ""
    year = f"（{fiscal_year_label(profile.status_year).split('（')[0]}）" if profile.status_year else ""
    return f"{profile.get_status_display()}{year}"


@support_staff_required
@require_http_methods(["GET", "POST"])
def dispatch_edit(request: HttpRequest, dispatch_id: int) -> HttpResponse:
    dispatch = dispatch_for_support(request, dispatch_id)
    form = DispatchRequestForm(request.POST or None, instance=dispatch, experts=_experts(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.update_request(
                form.save(commit=False), form.cleaned_data["experts"], actor=actor_of(request)
            )
        except DispatchError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "依頼の内容を保存しました。")
            return redirect("dispatch:detail", dispatch.pk)
    return render(
        request, "dispatch/dispatch_form.html", {"form": form, "dispatch": dispatch, "nav": "dispatch"}
    )


def _step(request: HttpRequest, dispatch: Dispatch, done: str, action: Callable[[], None]) -> HttpResponse:
    try:
        action()
    except DispatchError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, done)
    return redirect("dispatch:detail", dispatch.pk)


@support_staff_required
@require_POST
def dispatch_decide(request: HttpRequest, dispatch_id: int) -> HttpResponse:
    dispatch = dispatch_for_support(request, dispatch_id)
    form = DecideForm(request.POST)
    if not form.is_valid():
        messages.error(request, "決定した日を正しく入力してください。")
        return redirect("dispatch:detail", dispatch.pk)
    return _step(
        request,
        dispatch,
        "道との協議で派遣を決定しました。ヒアリングの日程を市町村と調整してください。",
        lambda: services.decide(dispatch, on=form.cleaned_data["agreed_on"], actor=actor_of(request)),
    )


@support_staff_required
@require_POST
def dispatch_withdraw(request: HttpRequest, dispatch_id: int) -> HttpResponse:
    dispatch = dispatch_for_support(request, dispatch_id)
    form = WithdrawForm(request.POST)
    if not form.is_valid():
        messages.error(request, "取りやめの理由を入力してください。")
        return redirect("dispatch:detail", dispatch.pk)
    return _step(
        request,
        dispatch,
        "派遣を取りやめにしました。",
        lambda: services.withdraw(dispatch, reason=form.cleaned_data["reason"], actor=actor_of(request)),
    )


@support_staff_required
@require_POST
def dispatch_conclude(request: HttpRequest, dispatch_id: int) -> HttpResponse:
    dispatch = dispatch_for_support(request, dispatch_id)
    return _step(
        request,
        dispatch,
        "成果を確定しました（成果整理済）。",
        lambda: services.conclude(dispatch, actor=actor_of(request)),
    )
