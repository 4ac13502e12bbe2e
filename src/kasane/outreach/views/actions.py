"""The small actions of a target page: the stage, 支援につなぐ, closing and reopening, a home visit and its
帰所確認, and linking the person once identified. Each guards, validates, calls one service, and goes back."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from kasane.audit.actor import actor_of
from kasane.casework.forms.households import PersonSearchForm
from kasane.casework.queries.search import search_persons, shown_ids, with_households
from kasane.casework.visibility import (
    record_list,
    require_viewer,
    visible_consultations,
    visible_persons,
    visible_referrals,
)
from kasane.lib.forms import form_errors
from kasane.outreach import services
from kasane.outreach.access import access_target
from kasane.outreach.choices import agency_staff
from kasane.outreach.forms import CloseForm, HandOverForm, HomeVisitForm, ReopenForm, StageForm
from kasane.outreach.models import HomeVisit
from kasane.outreach.page import handover_records


def _done(request: HttpRequest, target_id: int, message: str, call: Callable[[], object]) -> HttpResponse:
    try:
        call()
    except services.OutreachError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, message)
    return redirect("outreach:target", target_id)


@login_required
@require_POST
def stage(request: HttpRequest, target_id: int) -> HttpResponse:
    target, viewer, _basis = access_target(request, target_id)
    form = StageForm(request.POST)
    if not form.is_valid():
        form_errors(request, form)
        return redirect("outreach:target", target.pk)
    data = form.cleaned_data
    return _done(
        request,
        target.pk,
        "段階を変えました。",
        lambda: services.set_stage(
            viewer, target, data["stage"], on=data["on"], note=data["note"], actor=actor_of(request)
        ),
    )


@login_required
@require_POST
def hand_over(request: HttpRequest, target_id: int) -> HttpResponse:
    target, viewer, _basis = access_target(request, target_id)
    form = HandOverForm(request.POST, records=handover_records(viewer, target))
    if not form.is_valid():
        form_errors(request, form)
        return redirect("outreach:target", target.pk)
    record, pk = form.cleaned_data["record"][:1], form.cleaned_data["record"][1:]
    consultation = visible_consultations(viewer).filter(pk=pk).first() if record == "c" and pk else None
    referral = visible_referrals(viewer).filter(pk=pk).first() if record == "r" and pk else None
    return _done(
        request,
        target.pk,
        "支援につなぎました。",
        lambda: services.hand_over(
            viewer,
            target,
            route=form.cleaned_data["route"],
            on=form.cleaned_data["on"],
            consultation=consultation,
            referral=referral,
            actor=actor_of(request),
        ),
    )


@login_required
@require_POST
def close(request: HttpRequest, target_id: int) -> HttpResponse:
    target, viewer, _basis = access_target(request, target_id)
    form = CloseForm(request.POST)
    if not form.is_valid():
        form_errors(request, form)
        return redirect("outreach:target", target.pk)
    data = form.cleaned_data
    return _done(
        request,
        target.pk,
        "アウトリーチを終了しました。",
        lambda: services.close(
            viewer, target, reason=data["reason"], on=data["on"], note=data["note"], actor=actor_of(request)
        ),
    )


@login_required
@require_POST
def reopen(request: HttpRequest, target_id: int) -> HttpResponse:
    target, viewer, _basis = access_target(request, target_id)
    form = ReopenForm(request.POST)
    if not form.is_valid():
        form_errors(request, form)
        return redirect("outreach:target", target.pk)
    reason = form.cleaned_data["reason"]
    return _done(
        request,
        target.pk,
        "再開しました（見守り継続）。",
        lambda: services.reopen(viewer, target, reason=reason, actor=actor_of(request)),
    )


@login_required
@require_POST
def home_visit_new(request: HttpRequest, target_id: int) -> HttpResponse:
    target, viewer, _basis = access_target(request, target_id)
    form = HomeVisitForm(request.POST, staff=agency_staff(target.owner_agency_id))
    if not form.is_valid():
        form_errors(request, form)
        return redirect("outreach:target", target.pk)
    visit, companions = form.save(commit=False), form.cleaned_data["companions"]
    return _done(
        request,
        target.pk,
        "訪問の予定を登録しました。帰ったら「帰所」を押してください。",
        lambda: services.plan_home_visit(viewer, target, visit, companions, actor=actor_of(request)),
    )


@login_required
@require_POST
def home_visit_return(request: HttpRequest, visit_id: int) -> HttpResponse:
    viewer = require_viewer(request)
    visit = (
        HomeVisit.objects.filter(pk=visit_id, agency__in=viewer.agency_ids).select_related("target").first()
    )
    if visit is None:
        raise Http404
    try:
        services.confirm_return(viewer, visit, actor=actor_of(request))
    except services.OutreachError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"{visit.visitor_name}さんの帰所を確認しました。")
    if request.POST.get("next") == "target":
        return redirect("outreach:target", visit.target_id)
    return redirect("outreach:index")


@login_required
@require_http_methods(["GET", "POST"])
def link_person(request: HttpRequest, target_id: int) -> HttpResponse:
    """本人・世帯の記録と結び付ける: search the persons this user may see, choose one."""
    target, viewer, _basis = access_target(request, target_id)
    if request.method == "POST":
        person = visible_persons(viewer).filter(pk=request.POST.get("person") or 0).first()
        if person is None:
            messages.error(request, "結び付ける方を選んでください。")
            return redirect("outreach:link_person", target.pk)
        target.person = person
        return _done(
            request,
            target.pk,
            f"{person.name}さんの記録と結び付けました。",
            lambda: services.update_target(viewer, target, actor=actor_of(request)),
        )
    form = PersonSearchForm(request.GET or None)
    results = search_persons(viewer, form.query()) if form.is_bound and form.is_valid() else []
    with_households(viewer, results)
    record_list(request, viewer, "person.searched", shown_ids(results))
    context = {"target": target, "form": form, "results": results, "nav": "outreach"}
    return render(request, "outreach/link_person.html", context)
