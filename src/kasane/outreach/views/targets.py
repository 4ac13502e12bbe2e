"""個別のアウトリーチ: a target's page (the contact form on top), registering one, and the actions on it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from kasane.audit.actor import actor_of
from kasane.casework.visibility import require_viewer
from kasane.outreach import services
from kasane.outreach.access import access_target
from kasane.outreach.choices import agency_staff, support_items
from kasane.outreach.forms import ContactForm, TargetForm
from kasane.outreach.models import AgencyVisit, Source, Target
from kasane.outreach.page import target_context


@login_required
@require_http_methods(["GET", "POST"])
def target_new(request: HttpRequest) -> HttpResponse:
    viewer = require_viewer(request)
    visit = AgencyVisit.objects.filter(
        pk=request.GET.get("visit") or 0, agency__in=viewer.agency_ids, municipality=viewer.municipality
    ).first()
    initial = {"source": Source.AGENCY_VISIT, "raised_by": visit.counterpart} if visit else {}
    kwargs = {"items": support_items(request), "staff": agency_staff(viewer.primary_agency_id)}
    form = TargetForm(request.POST or None, initial=initial, **kwargs)  # type: ignore[arg-type]
    if request.method == "POST" and form.is_valid():
        target: Target = form.save(commit=False)
        target.agency_visit = visit
        try:
            services.create_target(viewer, target, actor=actor_of(request))
        except services.OutreachError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, "アウトリーチの対象を登録しました。")
            return redirect("outreach:target", target.pk)
    return render(request, "outreach/target_form.html", {"form": form, "visit": visit, "nav": "outreach"})


@login_required
@require_http_methods(["GET", "POST"])
def target_edit(request: HttpRequest, target_id: int) -> HttpResponse:
    target, viewer, _basis = access_target(request, target_id)
    kwargs = {"items": support_items(request), "staff": agency_staff(target.owner_agency_id)}
    form = TargetForm(request.POST or None, instance=target, **kwargs)  # type: ignore[arg-type]
    if request.method == "POST" and form.is_valid():
        try:
            services.update_target(viewer, form.save(commit=False), actor=actor_of(request))
        except services.OutreachError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, "対象の記録を更新しました。")
            return redirect("outreach:target", target.pk)
    return render(request, "outreach/target_form.html", {"form": form, "target": target, "nav": "outreach"})


@login_required
def target_detail(request: HttpRequest, target_id: int) -> HttpResponse:
    target, viewer, basis = access_target(request, target_id)
    context = target_context(request, target, viewer, basis)
    return render(request, "outreach/target_detail.html", context)


@login_required
@require_POST
def contact_new(request: HttpRequest, target_id: int) -> HttpResponse:
    target, viewer, _basis = access_target(request, target_id)
    form = ContactForm(request.POST, target=target)
    if not form.is_valid():
        # What was typed on the road stays on the page with the errors beside it.
        context = target_context(request, target, viewer, _basis, contact_form=form)
        return render(request, "outreach/target_detail.html", context, status=400)
    try:
        services.log_contact(
            viewer, target, form.save(commit=False), stage=form.cleaned_data["stage"], actor=actor_of(request)
        )
    except services.OutreachError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "接触を記録しました。")
    return redirect("outreach:target", target.pk)
