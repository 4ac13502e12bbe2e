from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kasane.accounts.models import User
from kasane.audit.actor import actor_of
from kasane.audit.models import Basis
from kasane.casework.access import access_case
from kasane.lib.dates import fiscal_year, fiscal_year_label, today
from kasane.meetings import indicators
from kasane.meetings.access import (
    MeetingViewer,
    NotInvited,
    access_item,
    access_meeting,
    agency_names,
    assignable_users,
    has_pledge,
    pledged_members,
    record_items_listed,
    visible_bodies,
    visible_items,
    visible_meetings,
)
from kasane.meetings.forms import (
    CaseItemForm,
    MeetingForm,
    MinutesForm,
    PromotionItemForm,
    SupportItemForm,
    action_formset,
    filled_actions,
)
from kasane.meetings.models import (
    ActionItem,
    AgendaItem,
    ItemKind,
    Meeting,
    MeetingKind,
    MeetingStatus,
)
from kasane.meetings.rules import required_attendance
from kasane.meetings.services import (
    EditConflict,
    MeetingError,
    add_case_item,
    add_promotion_item,
    add_support_item,
    case_item_kinds,
    change_problem,
    create_meeting,
    invite_to_meeting,
    may_change,
    record_attendance,
    record_minutes,
    team_agencies_uncalled,
)


def _host_only(viewer: MeetingViewer) -> None:
    if not viewer.can_host:
        raise Http404


@login_required
@require_GET
def meeting_list(request: HttpRequest) -> HttpResponse:
    viewer = MeetingViewer.of(request)
    meetings = visible_meetings(viewer).select_related("body")
    items = visible_items(viewer)
    day = today()
    upcoming = list(
        meetings.filter(held_on__gte=day)
        .exclude(status=MeetingStatus.CANCELLED)
        .order_by("held_on", "starts_at")
        .annotate(n_items=Count("items", filter=Q(items__in=items), distinct=True))[:20]
    )
    past = list(
        meetings.filter(held_on__lt=day)
        .order_by("-held_on")
        .annotate(n_items=Count("items", filter=Q(items__in=items), distinct=True))[:20]
    )
    year = fiscal_year(day)
    return render(
        request,
        "meetings/meeting_list.html",
        {
            "upcoming": upcoming,
            "past": past,
            "viewer": viewer,
            "counts": indicators.counts(viewer.municipality, year),
            "year_label": fiscal_year_label(year),
            "open_actions": ActionItem.objects.filter(assignee=viewer.user, done_on__isnull=True).count(),
            "nav": "meetings",
        },
    )


# --- meetings ----------------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def meeting_new(request: HttpRequest) -> HttpResponse:
    viewer = MeetingViewer.of(request)
    _host_only(viewer)
    bodies = visible_bodies(viewer).filter(is_active=True)
    initial: dict[str, Any] = {"held_on": today(), "urgent": request.GET.get("urgent") == "1"}
    body = (
        bodies.filter(pk=request.GET.get("body") or 0).first()
        if request.GET.get("body", "").isdecimal()
        else None
    )
    if body is not None:
        initial |= {"body": body.pk, "kinds": body.kinds, "title": body.name}
    form = MeetingForm(request.POST or None, bodies=bodies, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = create_meeting(viewer, form.save(commit=False), actor=actor_of(request))
        except MeetingError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"「{meeting.title}」を登録しました。")
            return redirect("meetings:detail", meeting.pk)
    return render(request, "meetings/meeting_form.html", {"form": form, "nav": "meetings"})


@login_required
@require_http_methods(["GET", "POST"])
def meeting_detail(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting, viewer = access_meeting(request, meeting_id)
    present: set[int] | None = None
    error = ""
    if request.method == "POST":
        _host_only(viewer)
        present = {int(v) for v in request.POST.getlist("present") if v.isdecimal()}
        try:
            record_attendance(viewer, meeting, present, actor=actor_of(request))
        except MeetingError as exc:
            error = str(exc)
        else:
            messages.success(request, "出席を記録しました。")
            return redirect("meetings:detail", meeting.pk)
    items = list(
        visible_items(viewer)
        .filter(meeting=meeting)
        .select_related("case", "plan")
        .prefetch_related("decision")
        .order_by("order", "pk")
    )
    # Listing items shows whom they are about: one audit entry per basis, naming the items and persons.
    record_items_listed(request, viewer, meeting, [i for i in items if i.kind != ItemKind.PROMOTION])
    page = _meeting_page(viewer, meeting, items, present) | {"attendance_error": error}
    return render(request, "meetings/meeting_detail.html", page)


def _meeting_page(
    viewer: MeetingViewer, meeting: Meeting, items: list[AgendaItem], present: set[int] | None = None
) -> dict[str, Any]:
    attendance = list(meeting.attendance.select_related("agency"))
    if present is not None:
        for row in attendance:
            row.present = row.user_id in present  # a refused form shows what was ticked, unsaved
    invitable = (
        meeting.body.members.filter(left_on__isnull=True)
        .exclude(user__in=[a.user_id for a in attendance])
        .select_related("user", "agency")
    )
    return {
        "meeting": meeting,
        "items": items,
        "attendance": attendance,
        "invitable": list(invitable) if viewer.can_host else [],
        "viewer": viewer,
        "pledged": has_pledge(viewer.user, meeting.body_id),
        "serves_support": meeting.serves(MeetingKind.SUPPORT),
        "serves_promotion": meeting.serves(MeetingKind.PROMOTION),
        "required": required_attendance(meeting),
        "nav": "meetings",
    }


@login_required
@require_POST
def meeting_invite(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting, viewer = access_meeting(request, meeting_id)
    _host_only(viewer)
    member_ref = request.POST.get("member", "")
    member = (
        meeting.body.members.filter(pk=int(member_ref), left_on__isnull=True).first()
        if member_ref.isdecimal()
        else None
    )
    if member is None:
        messages.error(request, "構成員を選んでください。")
    else:
        invite_to_meeting(viewer, meeting, member, actor=actor_of(request))
        messages.success(request, f"{member.user.full_name}さんを招集しました。")
    return redirect("meetings:detail", meeting.pk)


@login_required
@require_http_methods(["GET", "POST"])
def support_item_new(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting, viewer = access_meeting(request, meeting_id)
    _host_only(viewer)
    pledged = list(pledged_members(meeting.body))
    form = SupportItemForm(request.POST or None, pledged=pledged)
    # Told before typing anything; the service refuses it again whatever is posted.
    blocked = (
        ""
        if has_pledge(viewer.user, meeting.body_id)
        else "支援会議の議題を作成する前に、ご自身の守秘義務の誓約を行ってください。"
    )
    if request.method == "POST" and not blocked and form.is_valid():
        try:
            item = add_support_item(
                viewer,
                meeting,
                form.save(commit=False),
                list(form.cleaned_data["invited"]),
                actor=actor_of(request),
            )
        except MeetingError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "支援会議の議題を追加しました。")
            return redirect("meetings:item", item.pk)
    return render(
        request,
        "meetings/support_item_form.html",
        {"meeting": meeting, "form": form, "pledged": pledged, "blocked": blocked, "nav": "meetings"},
    )


@login_required
@require_http_methods(["GET", "POST"])
def promotion_item_new(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting, viewer = access_meeting(request, meeting_id)
    _host_only(viewer)
    form = PromotionItemForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            item = add_promotion_item(viewer, meeting, form.save(commit=False), actor=actor_of(request))
        except MeetingError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "議題を追加しました。")
            return redirect("meetings:item", item.pk)
    return render(
        request, "meetings/promotion_item_form.html", {"meeting": meeting, "form": form, "nav": "meetings"}
    )


@login_required
@require_http_methods(["GET", "POST"])
def case_item_new(request: HttpRequest, case_id: int) -> HttpResponse:
    """From a case: put it on the agenda of a coming 重層的支援会議."""
    case, case_viewer, _basis = access_case(request, case_id)
    if not case_viewer.can_edit(case.owner_agency_id):
        raise PermissionDenied
    viewer = MeetingViewer.of(request)
    kinds = case_item_kinds(case)
    meetings = _layered_meetings(viewer)
    # Everyone called to the sitting takes part in the item (see services.add_case_item), so there is no
    # separate choice of participants here.
    form = CaseItemForm(request.POST or None, meetings=meetings, kinds=kinds, members=User.objects.none())
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            item = add_case_item(
                viewer, data["meeting"], case, data["kind"], list(data["invited"]), actor=actor_of(request)
            )
        except MeetingError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"{item.meeting.title}の議題に追加しました。")
            uncalled = team_agencies_uncalled(item.meeting, case)
            if uncalled:
                messages.warning(request, _uncalled_message(uncalled))
            return redirect("cases:detail", case.pk)
    return render(
        request,
        "meetings/case_item_form.html",
        {"case": case, "form": form, "kinds": kinds, "has_meetings": meetings.exists(), "nav": "cases"},
    )


def _uncalled_message(agencies: list[str]) -> str:
    return (
        f"支援チームの{'、'.join(agencies)}は、この会議体の構成員がいないため、議題に加わっていません。"
        "必要な場合は、主催者に構成員への追加を依頼してください。"
    )


def _layered_meetings(viewer: MeetingViewer) -> Any:
    # JSON containment is not portable to SQLite; coming sittings are few, so filter them here.
    ids = [
        m.pk
        for m in visible_meetings(viewer).filter(held_on__gte=today()).exclude(status=MeetingStatus.CANCELLED)
        if MeetingKind.LAYERED in m.kinds
    ]
    return Meeting.objects.filter(pk__in=ids).order_by("held_on")


# --- agenda items and minutes -------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def item_detail(request: HttpRequest, item_id: int) -> HttpResponse:
    try:
        item, viewer, basis = access_item(request, item_id)
    except NotInvited as exc:
        context = {"host_name": exc.host_name, "item_id": item_id}
        return render(request, "meetings/item_not_invited.html", context, status=404)
    meeting = item.meeting  # kept: reloading the item after an edit conflict drops its cached sitting
    form = MinutesForm.for_item(request.POST or None, item)
    formset = action_formset(request.POST or None, assignable_users(item))
    conflict = False
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        try:
            record_minutes(
                viewer,
                item,
                form.minutes(),
                filled_actions(formset),
                lock_version=form.cleaned_data["lock_version"],
                basis=basis,
                actor=actor_of(request),
            )
        except EditConflict as exc:
            # Show what the other person saved beside what this one typed.
            conflict = True
            item.refresh_from_db()
            form = MinutesForm.over_latest(request.POST, item, str(exc))
        except MeetingError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "議事録を保存しました。")
            return redirect("meetings:item", item.pk)
    return _render_item(request, viewer, item, meeting, basis, form, formset, conflict)


def _render_item(
    request: HttpRequest,
    viewer: MeetingViewer,
    item: AgendaItem,
    meeting: Meeting,
    basis: Basis,
    form: MinutesForm,
    formset: Any,
    conflict: bool,
) -> HttpResponse:
    invited = list(item.invited.order_by("full_name_kana"))
    agencies = agency_names(meeting, invited)
    context = {
        "item": item,
        "meeting": meeting,
        "basis": basis,
        "form": form,
        "formset": formset,
        "conflict": conflict,
        "decision": getattr(item, "decision", None) if item.is_layered else None,
        "actions": list(item.actions.select_related("assignee")),
        "invited": [(u, agencies.get(u.pk, "")) for u in invited],
        "may_change": may_change(viewer, item) and not change_problem(item),
        "plan_roles": list(item.plan.roles.select_related("agency")) if item.plan is not None else [],
        "nav": "meetings",
    }
    return render(request, "meetings/item_detail.html", context)
