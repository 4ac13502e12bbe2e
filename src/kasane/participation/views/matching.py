"""Assessment for participation and matching: the candidates ranked with their reasons; staff choose."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from kasane.audit.actor import actor_of
from kasane.casework.visibility import Viewer
from kasane.lib.dates import today
from kasane.participation import services
from kasane.participation.access import access_engagement
from kasane.participation.forms import AssessmentForm, ProposeForm
from kasane.participation.matching import candidates_for
from kasane.participation.models import Engagement, Placement
from kasane.participation.queries import approved_on
from kasane.resources.queries import services_in
from kasane.tenancy.models import Area


@login_required
@require_http_methods(["GET", "POST"])
def assess(request: HttpRequest, engagement_id: int) -> HttpResponse:
    engagement, viewer, _basis = access_engagement(request, engagement_id)
    if not viewer.can_edit(engagement.owner_agency_id):
        raise Http404
    last = engagement.assessments.order_by("-version").first()
    initial = {f: getattr(last, f) for f in AssessmentForm.Meta.fields if f != "assessed_on"} if last else {}
    areas = Area.objects.filter(municipality=viewer.municipality)
    form = AssessmentForm(request.POST or None, initial=initial, areas=areas)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_assessment(viewer, engagement, form.save(commit=False), actor=actor_of(request))
        except services.ParticipationError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, "アセスメントを記録しました。受け入れ先の候補を確認できます。")
            return redirect("participation:match", engagement.pk)
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "engagement": engagement, "person": engagement.person, "nav": "participation"}
    return render(request, "participation/assess.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def match(request: HttpRequest, engagement_id: int) -> HttpResponse:
    engagement, viewer, _basis = access_engagement(request, engagement_id, action="participation.matched")
    assessment = engagement.assessments.order_by("-version").first()
    if assessment is None:
        messages.info(request, "受け入れ先の候補は、アセスメントを記録すると表示されます。")
        return redirect("participation:assess", engagement.pk)
    form = ProposeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        placement = _propose(request, viewer, engagement, form)
        if placement is not None:
            return redirect("participation:placement", placement.pk)
    candidates = candidates_for(services_in(viewer.municipality), assessment)
    tried = {p.service_id: p for p in engagement.placements.order_by("proposed_on", "pk")}
    for candidate in candidates:
        candidate.tried = tried.get(candidate.service.pk)
    context = {
        "engagement": engagement,
        "person": engagement.person,
        "assessment": assessment,
        "candidates": candidates,
        "form": form,
        "approved_on": approved_on(engagement),
        "can_edit": viewer.can_edit(engagement.owner_agency_id) and engagement.status == "open",
        "today_iso": today().isoformat(),
        "nav": "participation",
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "participation/match.html", context, status=status)


def _propose(
    request: HttpRequest, viewer: Viewer, engagement: Engagement, form: ProposeForm
) -> Placement | None:
    service = services_in(viewer.municipality).filter(pk=form.cleaned_data["service"]).first()
    try:
        if service is None:
            raise services.ParticipationError("この市町村の社会資源から選んでください。")
        placement = services.propose(
            viewer,
            engagement,
            service,
            form.cleaned_data["on"],
            form.cleaned_data["reasons"],
            actor=actor_of(request),
        )
    except services.ParticipationError as exc:
        messages.error(request, str(exc))
        return None
    messages.success(request, f"「{service.name}」を受け入れ先として提案しました。")
    return placement
