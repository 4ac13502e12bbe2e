"""Meeting bodies, their members and pledges, and regular series."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kasane.audit.actor import actor_of
from kasane.lib.dates import today, wareki
from kasane.meetings.access import (
    MeetingViewer,
    visible_bodies,
)
from kasane.meetings.forms import (
    BodyForm,
    MemberForm,
    SeriesForm,
)
from kasane.meetings.models import (
    PLEDGE_WORDING,
    BodyMember,
    MeetingBody,
    Pledge,
)
from kasane.meetings.services import (
    MeetingError,
    add_member,
    body_state,
    create_body,
    create_series,
    remove_member,
    take_pledge,
    update_body,
)
from kasane.meetings.views import _host_only

# --- bodies and pledges -------------------------------------------------------------------------------------


@login_required
@require_GET
def body_list(request: HttpRequest) -> HttpResponse:
    viewer = MeetingViewer.of(request)
    bodies = list(
        visible_bodies(viewer)
        .select_related("host_agency", "collaboration_host")
        .annotate(n_members=Count("members", filter=Q(members__left_on__isnull=True)))
    )
    pledged = set(
        Pledge.objects.current()
        .filter(user=viewer.user, body__in=[b.pk for b in bodies])
        .values_list("body_id", flat=True)
    )
    member_of = set(
        BodyMember.objects.filter(user=viewer.user, left_on__isnull=True).values_list("body_id", flat=True)
    )
    rows = [(b, b.pk in member_of, b.pk in pledged) for b in bodies]
    return render(request, "meetings/body_list.html", {"rows": rows, "viewer": viewer, "nav": "meetings"})


@login_required
@require_http_methods(["GET", "POST"])
def body_new(request: HttpRequest) -> HttpResponse:
    viewer = MeetingViewer.of(request)
    _host_only(viewer)
    form = BodyForm(request.POST or None, municipality=viewer.municipality)
    if request.method == "POST" and form.is_valid():
        try:
            body = create_body(viewer, form.save(commit=False), actor=actor_of(request))
        except MeetingError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"会議体「{body.name}」を登録しました。構成員を加えてください。")
            return redirect("meetings:body", body.pk)
    return render(request, "meetings/body_form.html", {"form": form, "nav": "meetings"})


@login_required
@require_http_methods(["GET", "POST"])
def body_edit(request: HttpRequest, body_id: int) -> HttpResponse:
    """Change a body's name, kinds or hosts: a new 多機関協働事業者 from the next 年度, a body that takes on
    the 重層的支援会議 as well."""
    viewer = MeetingViewer.of(request)
    _host_only(viewer)
    body = _body(viewer, body_id)
    before = body_state(body)
    form = BodyForm(request.POST or None, instance=body, municipality=viewer.municipality)
    if request.method == "POST" and form.is_valid():
        try:
            changed = update_body(viewer, form.save(commit=False), before=before, actor=actor_of(request))
        except MeetingError as exc:
            form.add_error(None, str(exc))
        else:
            if changed:
                messages.success(request, f"会議体「{body.name}」の設定を変更しました。")
            return redirect("meetings:body", body.pk)
    return render(request, "meetings/body_form.html", {"form": form, "body": body, "nav": "meetings"})


def _body(viewer: MeetingViewer, body_id: int) -> MeetingBody:
    body = (
        visible_bodies(viewer).select_related("host_agency", "collaboration_host").filter(pk=body_id).first()
    )
    if body is None:
        raise Http404
    return body


@login_required
@require_http_methods(["GET", "POST"])
def body_detail(request: HttpRequest, body_id: int) -> HttpResponse:
    viewer = MeetingViewer.of(request)
    body = _body(viewer, body_id)
    member_form = MemberForm(request.POST or None, municipality=viewer.municipality)
    if request.method == "POST":
        _host_only(viewer)
        if member_form.is_valid():
            data = member_form.cleaned_data
            try:
                add_member(
                    viewer, body, data["user"], data["agency"].pk, data["is_core"], actor=actor_of(request)
                )
            except MeetingError as exc:
                member_form.add_error(None, str(exc))
            else:
                messages.success(request, f"{data['user'].full_name}さんを構成員に加えました。")
                return redirect("meetings:body", body.pk)
    return render(request, "meetings/body_detail.html", _body_page(viewer, body, member_form))


def _body_page(viewer: MeetingViewer, body: MeetingBody, member_form: MemberForm) -> dict[str, Any]:
    members = list(body.members.filter(left_on__isnull=True).select_related("user", "agency"))
    pledges = {
        p.user_id: p
        for p in Pledge.objects.current().filter(body=body, user__in=[m.user_id for m in members])
    }
    return {
        "body": body,
        "rows": [(m, pledges.get(m.user_id)) for m in members],
        "viewer": viewer,
        "member_form": member_form,
        "series_form": SeriesForm(initial={"kinds": body.kinds, "months": 12, "first_month": today()}),
        "is_member": any(m.user_id == viewer.user.pk for m in members),
        "my_pledge": pledges.get(viewer.user.pk),
        "nav": "meetings",
    }


@login_required
@require_POST
def member_remove(request: HttpRequest, body_id: int, member_id: int) -> HttpResponse:
    viewer = MeetingViewer.of(request)
    _host_only(viewer)
    body = _body(viewer, body_id)
    member = body.members.filter(pk=member_id, left_on__isnull=True).select_related("user", "body").first()
    if member is None:
        raise Http404
    remove_member(viewer, member, actor=actor_of(request))
    messages.success(request, f"{member.user.full_name}さんを構成員から外しました。")
    return redirect("meetings:body", body.pk)


@login_required
@require_http_methods(["GET", "POST"])
def pledge(request: HttpRequest, body_id: int) -> HttpResponse:
    viewer = MeetingViewer.of(request)
    body = _body(viewer, body_id)
    error = ""
    if request.method == "POST":
        if request.POST.get("agree") != "on":
            error = "誓約文を読み、「誓約します」にチェックを入れてください。"
        else:
            try:
                p = take_pledge(viewer, body, actor=actor_of(request))
            except MeetingError as exc:
                error = str(exc)
            else:
                messages.success(
                    request, f"守秘義務の誓約を記録しました（有効期限：{wareki(p.valid_until)}）。"
                )
                return redirect("meetings:body", body.pk)
    return render(
        request,
        "meetings/pledge.html",
        {
            "body": body,
            "wording": PLEDGE_WORDING,
            "error": error,
            "current": Pledge.objects.current().filter(body=body, user=viewer.user).first(),
            "nav": "meetings",
        },
    )


@login_required
@require_POST
def series_new(request: HttpRequest, body_id: int) -> HttpResponse:
    viewer = MeetingViewer.of(request)
    _host_only(viewer)
    body = _body(viewer, body_id)
    form = SeriesForm(request.POST)
    if form.is_valid():
        series = form.save(commit=False)
        series.body = body
        data = form.cleaned_data
        try:
            created = create_series(
                viewer,
                series,
                first_month=data["first_month"],
                months=data["months"],
                kinds=data["kinds"],
                actor=actor_of(request),
            )
        except MeetingError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, f"定例会議を{len(created)}回分作成しました。")
    else:
        errors = "、".join(
            f"{form.fields[name].label if name in form.fields else '入力'}：{e}"
            for name, errs in form.errors.items()
            for e in errs
        )
        messages.error(request, f"定例会議を作成できませんでした：{errors}")
    return redirect("meetings:body", body.pk)
