"""Tasks from minutes (宿題) and the register of resource gaps (不足している社会資源)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kasane.audit.actor import actor_of
from kasane.lib.dates import today
from kasane.meetings.access import (
    MeetingViewer,
    record_items_listed,
    visible_items,
)
from kasane.meetings.forms import (
    GapForm,
)
from kasane.meetings.models import (
    ActionItem,
    AgendaItem,
    ResourceGap,
)
from kasane.meetings.services import (
    EditConflict,
    MeetingError,
    complete_action,
    save_gap,
)

# --- action items -----------------------------------------------------------------------------------------


@login_required
@require_GET
def action_list(request: HttpRequest) -> HttpResponse:
    viewer = MeetingViewer.of(request)
    actions = list(
        ActionItem.objects.filter(assignee=viewer.user, item__meeting__municipality=viewer.municipality)
        .select_related("item", "item__meeting", "item__case")
        .order_by("done_on", "due_on")[:200]
    )
    open_actions = [a for a in actions if a.done_on is None]
    done = [a for a in actions if a.done_on is not None][:30]
    shown = open_actions + done
    # A task is part of its item's minutes: shown only while the assignee may still see the item (a 支援会議
    # task stays hidden from one whose pledge has lapsed or who left the body), and its reading audited.
    readable = set(
        visible_items(viewer).filter(pk__in={a.item_id for a in shown}).values_list("pk", flat=True)
    )
    for action in shown:
        action.readable = action.item_id in readable  # type: ignore[attr-defined]
    items = {a.item_id: a.item for a in shown if a.item_id in readable}
    record_items_listed(request, viewer, None, list(items.values()))
    return render(
        request,
        "meetings/action_list.html",
        {"open": open_actions, "done": done, "today": today(), "nav": "meetings"},
    )


@login_required
@require_POST
def action_done(request: HttpRequest, action_id: int) -> HttpResponse:
    viewer = MeetingViewer.of(request)
    action = (
        ActionItem.objects.filter(
            pk=action_id, assignee=viewer.user, item__meeting__municipality=viewer.municipality
        )
        .select_related("item")
        .first()
    )
    # The task's text is part of its item: whoever may no longer see the item (a lapsed pledge, a member
    # who left) cannot read or close it either.
    if action is None or not visible_items(viewer).filter(pk=action.item_id).exists():
        raise Http404
    try:
        complete_action(viewer, action, actor=actor_of(request))
    except MeetingError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"「{action.task}」を完了にしました。")
    return redirect("meetings:actions")


# --- resource gaps -----------------------------------------------------------------------------------------


@login_required
@require_GET
def gap_list(request: HttpRequest) -> HttpResponse:
    viewer = MeetingViewer.of(request)
    gaps = list(
        ResourceGap.objects.filter(municipality=viewer.municipality).select_related("raised_by_agency")
    )
    return render(request, "meetings/gap_list.html", {"gaps": gaps, "nav": "meetings"})


@login_required
@require_http_methods(["GET", "POST"])
def gap_edit(request: HttpRequest, gap_id: int | None = None) -> HttpResponse:
    viewer = MeetingViewer.of(request)
    gap = _gap(viewer, gap_id)
    source = _source_item(request, viewer) if gap is None else None
    initial = {"raised_on": today(), "raised_by_agency": viewer.primary_agency_id}
    form = GapForm(request.POST or None, instance=gap, initial=initial, municipality=viewer.municipality)
    lock_version = gap.lock_version if gap else None
    latest = None
    if request.method == "POST" and form.is_valid():
        try:
            based_on = int(request.POST.get("lock_version", "0") or 0) if gap else None
            saved = save_gap(viewer, form.unsaved(source), lock_version=based_on, actor=actor_of(request))
        except EditConflict as exc:
            form.add_error(None, str(exc))
            if gap is not None:
                # What the other person saved, beside this person's input (kept in the form).
                latest = ResourceGap.objects.select_related("raised_by_agency").get(pk=gap.pk)
                lock_version = latest.lock_version
        except ValueError:
            form.add_error(None, "入力内容を確認してください。")
        else:
            messages.success(request, f"「{saved.title}」を保存しました。")
            return redirect("meetings:gaps")
    return _render_gap(request, form, gap, source, lock_version, latest)


def _render_gap(
    request: HttpRequest,
    form: GapForm,
    gap: ResourceGap | None,
    source: AgendaItem | None,
    lock_version: int | None,
    latest: ResourceGap | None,
) -> HttpResponse:
    return render(
        request,
        "meetings/gap_form.html",
        {
            "form": form,
            "gap": gap,
            "source": source,
            "lock_version": lock_version,
            "latest": latest,
            "nav": "meetings",
        },
    )


def _gap(viewer: MeetingViewer, gap_id: int | None) -> ResourceGap | None:
    """The gap being edited (404 when it is not the municipality's), or None for a new one."""
    if gap_id is None:
        return None
    gap = ResourceGap.objects.filter(pk=gap_id, municipality=viewer.municipality).first()
    if gap is None:
        raise Http404
    return gap


def _source_item(request: HttpRequest, viewer: MeetingViewer) -> AgendaItem | None:
    # Raised from an agenda item the viewer sees: the register keeps the link, never the item's content.
    source_ref = request.POST.get("item") or request.GET.get("item") or ""
    if not source_ref.isdecimal():
        return None
    return visible_items(viewer).filter(pk=int(source_ref)).select_related("meeting").first()
