"""A placement's page (受け入れ): its stage, the host's contact, consent and the 紹介票, the host support log
and follow-ups."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from kasane.audit.actor import actor_of
from kasane.lib.dates import today
from kasane.lib.exports import attachment_response
from kasane.participation import hosts, services
from kasane.participation.access import access_placement
from kasane.participation.forms import ConsentForm, FollowUpForm, HostForm, HostNoteForm, SheetForm, StageForm
from kasane.participation.models import HostConsent
from kasane.participation.page import placement_context


@login_required
@require_GET
def placement(request: HttpRequest, placement_id: int) -> HttpResponse:
    placement, _engagement, viewer, _basis = access_placement(request, placement_id)
    return render(request, "participation/placement.html", placement_context(viewer, placement))


@login_required
@require_POST
def stage(request: HttpRequest, placement_id: int) -> HttpResponse:
    placement, _e, viewer, _b = access_placement(request, placement_id)
    form = StageForm(request.POST, current=placement.stage)
    if form.is_valid():
        d = form.cleaned_data
        try:
            services.move_stage(viewer, placement, d["to"], d["on"], d["note"], actor=actor_of(request))
        except services.ParticipationError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, "受け入れの段階を記録しました。")
            return redirect("participation:placement", placement.pk)
    return render(
        request,
        "participation/placement.html",
        placement_context(viewer, placement, stage_form=form),
        status=400,
    )


@login_required
@require_POST
def host(request: HttpRequest, placement_id: int) -> HttpResponse:
    placement, _e, viewer, _b = access_placement(request, placement_id)
    form = HostForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        try:
            hosts.update_host_contact(
                viewer, placement, d["contact"], d["phone"], d["follow_up_days"], actor=actor_of(request)
            )
        except services.ParticipationError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, "受け入れ先の担当者を保存しました。")
            return redirect("participation:placement", placement.pk)
    return render(
        request,
        "participation/placement.html",
        placement_context(viewer, placement, host_form=form),
        status=400,
    )


@login_required
@require_POST
def consent(request: HttpRequest, placement_id: int) -> HttpResponse:
    placement, _e, viewer, _b = access_placement(request, placement_id)
    form = ConsentForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        try:
            hosts.record_host_consent(
                viewer, placement, d["fields_"], d["obtained_on"], d["method"], actor=actor_of(request)
            )
        except services.ParticipationError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, "受け入れ先への情報提供の同意を記録しました。")
            return redirect("participation:placement", placement.pk)
    return render(
        request,
        "participation/placement.html",
        placement_context(viewer, placement, consent_form=form),
        status=400,
    )


@login_required
@require_POST
def withdraw(request: HttpRequest, placement_id: int, consent_id: int) -> HttpResponse:
    placement, _e, viewer, _b = access_placement(request, placement_id)
    record = get_object_or_404(HostConsent, pk=consent_id, placement=placement)
    try:
        hosts.withdraw_host_consent(viewer, record, today(), actor=actor_of(request))
    except services.ParticipationError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "同意の撤回を記録しました。これ以降、紹介票は作れません。")
    return redirect("participation:placement", placement.pk)


@login_required
@require_POST
def sheet(request: HttpRequest, placement_id: int) -> HttpResponse:
    """The A4 紹介票 for the host, carrying only the items chosen that the standing consent covers."""
    from kasane.participation import sheet as referral_sheet  # noqa: PLC0415 - reportlab loads when a PDF is asked for

    placement, _engagement, viewer, _b = access_placement(request, placement_id)
    current = hosts.standing_consent(placement)
    form = SheetForm(request.POST, consented=current.fields if current else [])
    chosen = form.cleaned_data["items"] if form.is_valid() else []
    try:
        body = hosts.referral_sheet(
            viewer, placement, chosen, referral_sheet.referral_sheet_pdf, actor=actor_of(request)
        )
    except services.ParticipationError as exc:
        messages.error(request, str(exc))
        return redirect("participation:placement", placement.pk)
    return attachment_response(body, f"紹介票_{placement.service.name}.pdf", "application/pdf")


@login_required
@require_POST
def host_note(request: HttpRequest, placement_id: int) -> HttpResponse:
    placement, _e, viewer, _b = access_placement(request, placement_id)
    form = HostNoteForm(request.POST)
    if form.is_valid():
        try:
            hosts.add_host_note(viewer, placement, form.save(commit=False), actor=actor_of(request))
        except services.ParticipationError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, "受け入れ先支援の記録を保存しました。")
            return redirect("participation:placement", placement.pk)
    return render(
        request,
        "participation/placement.html",
        placement_context(viewer, placement, note_form=form),
        status=400,
    )


@login_required
@require_POST
def follow_up(request: HttpRequest, placement_id: int) -> HttpResponse:
    placement, _e, viewer, _b = access_placement(request, placement_id)
    form = FollowUpForm(request.POST)
    pending = placement.follow_ups.filter(done_on__isnull=True).order_by("due_on", "pk").first()
    if form.is_valid():
        d = form.cleaned_data
        try:
            if pending is None:
                raise services.ParticipationError("予定されているフォローアップがありません。")
            services.record_follow_up(
                viewer, pending, d["done_on"], d["note"], d["next_on"], actor=actor_of(request)
            )
        except services.ParticipationError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, "フォローアップを記録しました。")
            return redirect("participation:placement", placement.pk)
    return render(
        request,
        "participation/placement.html",
        placement_context(viewer, placement, follow_up_form=form),
        status=400,
    )
