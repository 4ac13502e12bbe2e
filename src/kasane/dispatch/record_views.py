"""The records of one dispatch, each on its own page: hearing, goals and actions, workshops and their
worksheets, and the outcome of each goal. Support staff only; every write goes through services."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.db.models import QuerySet
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from kasane.audit.actor import actor_of
from kasane.dispatch import services
from kasane.dispatch.access import (
    action_for_support,
    dispatch_for_support,
    goal_for_support,
    hearing_for_support,
    worksheet_for_support,
    workshop_for_support,
)
from kasane.dispatch.deidentify import NOTICE
from kasane.dispatch.forms import ActionForm, GoalForm, HearingForm, OutcomeForm, WorksheetForm, WorkshopForm
from kasane.dispatch.models import Dispatch, Expert, GoalOutcome, WorksheetEntry
from kasane.dispatch.services import DispatchError
from kasane.lib.dates import today
from kasane.readiness.access import support_staff_required
from kasane.readiness.models import ReadinessRating


def _experts(request: HttpRequest) -> QuerySet[Expert]:
    return Expert.objects.filter(prefecture=request.prefecture, is_active=True)  # type: ignore[attr-defined]


def _save(
    request: HttpRequest,
    form: BaseForm,
    dispatch: Dispatch,
    action: Callable[[], Any],
    done: str,
    anchor: str = "",
) -> HttpResponse | None:
    """Run the service on a valid POST; on success redirect to the dispatch page, else keep the form."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        action()
    except DispatchError as exc:
        form.add_error(None, str(exc))
        return None
    messages.success(request, done)
    return redirect(f"{dispatch_url(dispatch)}{anchor}")


def dispatch_url(dispatch: Dispatch) -> str:
    return reverse("dispatch:detail", args=[dispatch.pk])


def _page(request: HttpRequest, template: str, dispatch: Dispatch, **context: Any) -> HttpResponse:
    return render(request, f"dispatch/{template}", {"dispatch": dispatch, "nav": "dispatch", **context})


# --- hearing ----------------------------------------------------------------------------------------------


@support_staff_required
@require_http_methods(["GET", "POST"])
def hearing_new(request: HttpRequest, dispatch_id: int) -> HttpResponse:
    dispatch = dispatch_for_support(request, dispatch_id)
    form = HearingForm(request.POST or None, initial={"held_on": today()})
    done = _save(
        request,
        form,
        dispatch,
        lambda: services.record_hearing(dispatch, form.save(commit=False), actor=actor_of(request)),
        "事前ヒアリングを記録しました。",
        "#hearing",
    )
    return done or _page(request, "hearing_form.html", dispatch, form=form, notice=NOTICE)


@support_staff_required
@require_http_methods(["GET", "POST"])
def hearing_edit(request: HttpRequest, hearing_id: int) -> HttpResponse:
    hearing = hearing_for_support(request, hearing_id)
    form = HearingForm(request.POST or None, instance=hearing)
    done = _save(
        request,
        form,
        hearing.dispatch,
        lambda: services.update_hearing(form.save(commit=False), actor=actor_of(request)),
        "事前ヒアリングを保存しました。",
        "#hearing",
    )
    return done or _page(
        request, "hearing_form.html", hearing.dispatch, form=form, hearing=hearing, notice=NOTICE
    )


# --- goals and actions ------------------------------------------------------------------------------------


@support_staff_required
@require_http_methods(["GET", "POST"])
def goal_new(request: HttpRequest, dispatch_id: int) -> HttpResponse:
    dispatch = dispatch_for_support(request, dispatch_id)
    form = GoalForm(request.POST or None, initial={"agreed_on": today()})
    done = _save(
        request,
        form,
        dispatch,
        lambda: services.add_goal(dispatch, form.save(commit=False), actor=actor_of(request)),
        "今年度末の目標を登録しました。",
        "#goals",
    )
    return done or _page(request, "goal_form.html", dispatch, form=form)


@support_staff_required
@require_http_methods(["GET", "POST"])
def goal_edit(request: HttpRequest, goal_id: int) -> HttpResponse:
    goal = goal_for_support(request, goal_id)
    form = GoalForm(request.POST or None, instance=goal)
    done = _save(
        request,
        form,
        goal.dispatch,
        lambda: services.update_goal(form.save(commit=False), actor=actor_of(request)),
        "今年度末の目標を保存しました。",
        "#goals",
    )
    return done or _page(request, "goal_form.html", goal.dispatch, form=form, goal=goal)


@support_staff_required
@require_http_methods(["GET", "POST"])
def action_new(request: HttpRequest, goal_id: int) -> HttpResponse:
    goal = goal_for_support(request, goal_id)
    form = ActionForm(request.POST or None)
    done = _save(
        request,
        form,
        goal.dispatch,
        lambda: services.add_action(goal, form.save(commit=False), actor=actor_of(request)),
        "具体的な取り組み事項を登録しました。",
        "#goals",
    )
    return done or _page(request, "action_form.html", goal.dispatch, form=form, goal=goal)


@support_staff_required
@require_POST
def action_done(request: HttpRequest, action_id: int) -> HttpResponse:
    action = action_for_support(request, action_id)
    try:
        services.mark_action_done(action, on=today(), actor=actor_of(request))
    except DispatchError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"「{action.what}」を実施済みにしました。")
    return redirect(f"{dispatch_url(action.goal.dispatch)}#goals")


# --- workshops and worksheets -----------------------------------------------------------------------------


@support_staff_required
@require_http_methods(["GET", "POST"])
def workshop_new(request: HttpRequest, dispatch_id: int) -> HttpResponse:
    dispatch = dispatch_for_support(request, dispatch_id)
    form = WorkshopForm(
        request.POST or None, experts=_experts(request), initial={"experts": list(dispatch.experts.all())}
    )
    done = _save(
        request,
        form,
        dispatch,
        lambda: services.record_workshop(
            dispatch, form.save(commit=False), form.cleaned_data["experts"], actor=actor_of(request)
        ),
        "現地ワークショップを登録しました。",
        "#workshops",
    )
    return done or _page(request, "workshop_form.html", dispatch, form=form)


@support_staff_required
@require_http_methods(["GET", "POST"])
def workshop_edit(request: HttpRequest, workshop_id: int) -> HttpResponse:
    workshop = workshop_for_support(request, workshop_id)
    form = WorkshopForm(request.POST or None, instance=workshop, experts=_experts(request))
    done = _save(
        request,
        form,
        workshop.dispatch,
        lambda: services.update_workshop(
            form.save(commit=False), form.cleaned_data["experts"], actor=actor_of(request)
        ),
        "現地ワークショップを保存しました。",
        "#workshops",
    )
    return done or _page(request, "workshop_form.html", workshop.dispatch, form=form, workshop=workshop)


@support_staff_required
@require_http_methods(["GET", "POST"])
def worksheet_new(request: HttpRequest, workshop_id: int) -> HttpResponse:
    workshop = workshop_for_support(request, workshop_id)
    form = WorksheetForm(request.POST or None)
    done = _save(
        request,
        form,
        workshop.dispatch,
        lambda: services.save_worksheet(workshop, form.save(commit=False), actor=actor_of(request)),
        "ワークシートを入力しました。",
        f"#workshop-{workshop.pk}",
    )
    return done or _page(
        request, "worksheet_form.html", workshop.dispatch, form=form, workshop=workshop, notice=NOTICE
    )


@support_staff_required
@require_http_methods(["GET", "POST"])
def worksheet_edit(request: HttpRequest, entry_id: int) -> HttpResponse:
    entry: WorksheetEntry = worksheet_for_support(request, entry_id)
    workshop = entry.workshop
    form = WorksheetForm(request.POST or None, instance=entry)
    done = _save(
        request,
        form,
        workshop.dispatch,
        lambda: services.save_worksheet(workshop, form.save(commit=False), actor=actor_of(request)),
        "ワークシートを保存しました。",
        f"#workshop-{workshop.pk}",
    )
    return done or _page(
        request,
        "worksheet_form.html",
        workshop.dispatch,
        form=form,
        workshop=workshop,
        entry=entry,
        notice=NOTICE,
    )


# --- outcome ----------------------------------------------------------------------------------------------


@support_staff_required
@require_http_methods(["GET", "POST"])
def outcome(request: HttpRequest, goal_id: int) -> HttpResponse:
    goal = goal_for_support(request, goal_id)
    existing = GoalOutcome.objects.filter(goal=goal).first()
    form = OutcomeForm(
        request.POST or None, instance=existing, initial={} if existing else {"recorded_on": today()}
    )
    current = (
        ReadinessRating.objects.filter(municipality=goal.dispatch.municipality, item=goal.readiness_item)
        .order_by("-rated_on", "-pk")
        .first()
    )

    def record() -> None:
        services.record_outcome(
            goal,
            form.save(commit=False),
            new_stage=form.cleaned_data["new_stage"] if form.cleaned_data["update_rating"] else None,
            tools_used=form.cleaned_data["tools_used"],
            actor=actor_of(request),
        )

    done = _save(request, form, goal.dispatch, record, "目標の成果を整理しました。", "#goals")
    return done or _page(request, "outcome_form.html", goal.dispatch, form=form, goal=goal, current=current)
