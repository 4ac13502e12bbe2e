"""An item on the wrong sitting: withdraw it or move it to another, before that sitting (see
``services.item_changes`` for who, when and where to)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from kasane.audit.actor import actor_of
from kasane.lib.dates import wareki
from kasane.meetings.access import MeetingViewer, access_item
from kasane.meetings.forms import MoveItemForm
from kasane.meetings.models import AgendaItem
from kasane.meetings.services import (
    MeetingError,
    change_problem,
    may_change,
    move_item,
    move_targets,
    withdraw_item,
)


def _load(request: HttpRequest, item_id: int) -> tuple[AgendaItem, MeetingViewer]:
    item, viewer, _basis = access_item(request, item_id)
    if not may_change(viewer, item):
        raise PermissionDenied
    return item, viewer


@login_required
@require_http_methods(["GET", "POST"])
def item_withdraw(request: HttpRequest, item_id: int) -> HttpResponse:
    item, viewer = _load(request, item_id)
    error = change_problem(item)
    if request.method == "POST" and not error:
        try:
            meeting = withdraw_item(viewer, item, actor=actor_of(request))
        except MeetingError as exc:
            error = str(exc)
        else:
            messages.success(request, f"「{meeting.title}」から議題「{item.title}」を取り下げました。")
            return redirect("meetings:detail", meeting.pk)
    context = {"item": item, "meeting": item.meeting, "error": error, "nav": "meetings"}
    return render(request, "meetings/item_withdraw.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def item_move(request: HttpRequest, item_id: int) -> HttpResponse:
    item, viewer = _load(request, item_id)
    meeting = item.meeting  # the sitting it comes from, kept for the page after a refused move
    form = MoveItemForm(request.POST or None, targets=move_targets(viewer, item))
    blocked = change_problem(item)
    if request.method == "POST" and not blocked and form.is_valid():
        target = form.cleaned_data["meeting"]
        try:
            dropped = move_item(viewer, item, target, actor=actor_of(request))
        except MeetingError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"議題を{wareki(target.held_on)}の「{target.title}」に移しました。")
            if dropped:
                names = "、".join(u.full_name for u in dropped)
                messages.warning(
                    request, f"移動先の会議体で誓約していない次の方は、参加者から外れました：{names}"
                )
            return redirect("meetings:item", item.pk)
    context = {"item": item, "meeting": meeting, "form": form, "blocked": blocked, "nav": "meetings"}
    return render(request, "meetings/item_move.html", context)
