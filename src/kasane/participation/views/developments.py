"""資源開拓: the list the 全体推進会議 sees, one effort with its approaches, and its end."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kasane.accounts.access import permission_required
from kasane.agencies.models import Agency
from kasane.audit.actor import actor_of
from kasane.lib.forms import form_errors
from kasane.meetings.models import ResourceGap
from kasane.participation import development
from kasane.participation.forms import ApproachForm, CloseDevelopmentForm, DevelopmentForm
from kasane.participation.models import Development
from kasane.participation.rules import ParticipationError
from kasane.resources.queries import services_in


def _form(request: HttpRequest) -> DevelopmentForm | None:
    municipality = request.municipality  # type: ignore[attr-defined]
    agency_ids = development.editable_agency_ids(request.user, municipality)  # type: ignore[arg-type]
    if not agency_ids:
        return None
    gap = request.GET.get("gap", "")
    initial = {"gap": int(gap)} if gap.isdigit() else {}
    return DevelopmentForm(
        request.POST or None,
        initial=initial,
        gaps=ResourceGap.objects.filter(municipality=municipality).order_by("-raised_on", "-pk"),
        agencies=Agency.objects.filter(pk__in=agency_ids),
    )


@permission_required("directory.view")
@require_http_methods(["GET", "POST"])
def developments(request: HttpRequest) -> HttpResponse:
    municipality = request.municipality  # type: ignore[attr-defined]
    form = _form(request)
    if request.method == "POST":
        if form is None:
            raise Http404
        if form.is_valid():
            try:
                record = development.open_development(form.save(commit=False), actor=actor_of(request))
            except ParticipationError as exc:
                messages.error(request, str(exc))
            else:
                messages.success(request, "資源開拓を登録しました。働きかけを記録していきます。")
                return redirect("participation:development", record.pk)
    context = {
        "developments": development.developments_in(municipality),
        "gaps": development.gaps_not_pursued(municipality),
        "form": form,
        "nav": "participation",
    }
    return render(
        request, "participation/developments.html", context, status=400 if request.method == "POST" else 200
    )


def _load(request: HttpRequest, development_id: int) -> Development:
    found = development.developments_in(request.municipality).filter(pk=development_id).first()  # type: ignore[attr-defined]
    if found is None:
        raise Http404
    return found


def _context(request: HttpRequest, record: Development, **forms: object) -> dict[str, object]:
    editable = record.agency_id in development.editable_agency_ids(request.user, record.municipality)  # type: ignore[arg-type]
    context: dict[str, object] = {
        "development": record,
        "approaches": list(record.approaches.all()),
        "nav": "participation",
    }
    if editable and record.status == "open":
        found = services_in(record.municipality).order_by("-created_at", "-pk")[:200]
        context["approach_form"] = forms.get("approach_form") or ApproachForm()
        context["close_form"] = forms.get("close_form") or CloseDevelopmentForm(
            services=[(str(s.pk), s.name) for s in found]
        )
    return context


@permission_required("directory.view")
@require_GET
def development_detail(request: HttpRequest, development_id: int) -> HttpResponse:
    record = _load(request, development_id)
    return render(request, "participation/development.html", _context(request, record))


@login_required
@require_POST
def approach(request: HttpRequest, development_id: int) -> HttpResponse:
    record = _load(request, development_id)
    form = ApproachForm(request.POST)
    if form.is_valid():
        try:
            development.add_approach(record, form.save(commit=False), actor=actor_of(request))
        except ParticipationError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, "働きかけを記録しました。")
            return redirect("participation:development", record.pk)
    else:
        form_errors(request, form)
    return redirect("participation:development", record.pk)


@login_required
@require_POST
def close(request: HttpRequest, development_id: int) -> HttpResponse:
    record = _load(request, development_id)
    found = services_in(record.municipality)
    form = CloseDevelopmentForm(
        request.POST, services=[(str(pk), "") for pk in found.values_list("pk", flat=True)]
    )
    if form.is_valid():
        d = form.cleaned_data
        result = found.filter(pk=d["result"]).first() if d["result"] else None
        try:
            development.close_development(
                record, d["status"], d["on"], d["note"], result, actor=actor_of(request)
            )
        except ParticipationError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, "資源開拓の結果を記録しました。")
    else:
        form_errors(request, form)
    return redirect("participation:development", record.pk)
