"""The 実施計画 document: the texts staff write into it, its 案 as Word and PDF drawn live from the records, and
the versions kept (``programme.plan`` edits and makes them; readers of the programme download them)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kasane.audit.actor import actor_of
from kasane.lib.exports import attachment_response
from kasane.programme import plan_document, versions
from kasane.programme.document_forms import PlanTextsForm
from kasane.programme.models import PlanStatus, PlanVersion
from kasane.programme.views.access import can_plan, period_of, planner, reach
from kasane.tenancy.models import Municipality

FILE_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def _reader(request: HttpRequest) -> Municipality:
    """The planner, or a reader of the programme's figures (the whole municipality or their own agencies)."""
    return planner(request) if can_plan(request) else reach(request).municipality


def _file_type(fmt: str) -> str:
    if fmt not in FILE_TYPES:
        raise Http404
    return FILE_TYPES[fmt]


@login_required
@require_http_methods(["GET", "POST"])
def plan_texts(request: HttpRequest, period_id: int) -> HttpResponse:
    """What staff write into the plan: background, positioning, vision, the policies, staffing, evaluation."""
    period = period_of(planner(request), period_id)
    form = PlanTextsForm(request.POST or None, instance=period)
    if request.method == "POST" and form.is_valid():
        versions.save_texts(form.instance, form.changed_data, actor=actor_of(request))
        messages.success(request, "計画書の記載内容を保存しました。")
        return redirect(reverse("programme:plan_texts", args=[period.pk]))
    return render(request, "programme/plan_texts.html", {"period": period, "form": form, "nav": "programme"})


@login_required
@require_GET
def plan_versions(request: HttpRequest, period_id: int) -> HttpResponse:
    period = period_of(_reader(request), period_id)
    kept = period.versions.defer("pdf", "docx").select_related("made_by")
    context = {
        "period": period,
        "versions": kept,
        "can_plan": can_plan(request),
        "published": period.status == PlanStatus.PUBLISHED,
        "nav": "programme",
    }
    return render(request, "programme/plan_versions.html", context)


@login_required
@require_POST
def plan_version_new(request: HttpRequest, period_id: int) -> HttpResponse:
    """「この内容で版を作る」: the plan as it stands, kept as the next version (公表版 when asked and published)."""
    period = period_of(planner(request), period_id)
    published = request.POST.get("published") == "1"
    try:
        version = versions.make_version(period, actor=actor_of(request), published=published)
    except versions.VersionRefused as refused:
        messages.error(request, str(refused))
    else:
        kind = "公表版" if version.published else "案"
        messages.success(request, f"第{version.number}版（{kind}）を作成しました。")
    return redirect(reverse("programme:plan_versions", args=[period.pk]))


@login_required
@require_GET
def plan_draft(request: HttpRequest, period_id: int, fmt: str) -> HttpResponse:
    """The 案 as it would be made now, straight from the records and the texts; nothing is kept."""
    content_type = _file_type(fmt)
    period = period_of(planner(request), period_id)
    content = plan_document.content(period)
    render_file = plan_document.to_pdf if fmt == "pdf" else plan_document.to_docx
    return attachment_response(render_file(content, draft=True), f"{period.title}（案）.{fmt}", content_type)


@login_required
@require_GET
def plan_version_file(request: HttpRequest, period_id: int, number: int, fmt: str) -> HttpResponse:
    content_type = _file_type(fmt)
    period = period_of(_reader(request), period_id)
    version = get_object_or_404(
        PlanVersion.objects.only("number", "published", fmt), period=period, number=number
    )
    name = f"{period.title}_第{version.number}版{'（公表版）' if version.published else '（案）'}.{fmt}"
    return attachment_response(bytes(getattr(version, fmt)), name, content_type)
