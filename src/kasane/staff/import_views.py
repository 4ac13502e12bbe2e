"""Pages of 機関・職員の取り込み: the template, upload → preview (errors by line, nothing written) → apply
(temporary passwords shown once) → 元に戻す. For the municipal administrator (``staff.manage_all``); the
rules are in ``import_plan`` and ``import_batches``."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from kasane.accounts import permissions
from kasane.accounts.access import permission_required
from kasane.accounts.models import User
from kasane.agencies.models import AgencyKind, SupportField
from kasane.audit.actor import actor_of
from kasane.staff import import_batches, import_file, import_plan
from kasane.staff.access import grantable_roles, manageable_agencies
from kasane.staff.import_batches import ImportRefused
from kasane.staff.import_file import AGENCIES, STAFF
from kasane.staff.models import StaffImport
from kasane.tenancy.models import Area

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class UploadForm(forms.Form):
    file = forms.FileField(
        label="機関・職員の一覧（Excel または CSV）",
        help_text="ひな形のシート「機関」「職員」に入力したファイルを選びます。次の画面で内容を確認してから反映します。",
        error_messages={"required": "ファイルを選んでください。"},
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > import_file.tablefile.MAX_BYTES:
            raise forms.ValidationError("ファイルが大きすぎます（2MBまで）。")
        return upload


def _importer(request: HttpRequest) -> import_plan.Importer:
    user: User = request.user  # type: ignore[assignment]
    municipality = request.municipality  # type: ignore[attr-defined]
    return import_plan.Importer(
        municipality=municipality,
        user=user,
        may_edit_agencies=permissions.has_perm(user, "agency.edit_all", municipality=municipality),
        agencies=list(manageable_agencies(request)),
        roles=list(grantable_roles(request)),
    )


def _sections(rows: list[dict[str, Any]]) -> dict[str, Any]:
    rows = [
        row
        | {
            "action_label": import_plan.ACTION_LABELS[row["action"]],
            "sheet_label": import_file.SHEET_LABELS[row["sheet"]],
        }
        for row in rows
    ]
    return {
        "errors": [r for r in rows if r["action"] == import_plan.ERROR],
        "agency_rows": [r for r in rows if r["sheet"] == AGENCIES and r["action"] != import_plan.ERROR],
        "staff_rows": [r for r in rows if r["sheet"] == STAFF and r["action"] != import_plan.ERROR],
    }


def _history(request: HttpRequest) -> list[StaffImport]:
    return list(
        StaffImport.objects.filter(municipality=request.municipality)  # type: ignore[attr-defined]
        .exclude(state=StaffImport.State.PENDING)
        .select_related("uploaded_by", "undone_by")[:10]
    )


@permission_required("staff.manage_all")
@require_http_methods(["GET", "POST"])
def upload(request: HttpRequest) -> HttpResponse:
    form = UploadForm(request.POST or None, request.FILES or None)
    latest = import_batches.latest_applied(request.municipality)  # type: ignore[attr-defined]
    context: dict[str, Any] = {"nav": "staff", "form": form, "history": _history(request), "latest": latest}
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            sheets = import_file.read(upload.name, upload.read())
        except import_file.tablefile.TableFileError as exc:
            context["file_error"] = str(exc)
            return render(request, "staff/import.html", context)
        plan = import_plan.build(sheets, _importer(request))
        if not plan.counts()["errors"]:
            batch = import_batches.start(
                municipality=request.municipality,  # type: ignore[attr-defined]
                filename=upload.name,
                plan=plan,
                actor=actor_of(request),
            )
            return redirect("staff:import_batch", batch.pk)
        context |= {"counts": plan.counts(), **_sections(plan.rows)}
    return render(request, "staff/import.html", context)


@permission_required("staff.manage_all")
def template(request: HttpRequest) -> HttpResponse:
    municipality = request.municipality  # type: ignore[attr-defined]
    content = import_file.template_xlsx(
        kinds=[label for value, label in AgencyKind.choices if value != AgencyKind.PREFECTURE],
        support_fields=list(SupportField.objects.values_list("name", flat=True)),
        areas=list(Area.objects.filter(municipality=municipality).values_list("name", flat=True)),
        roles=[r.name for r in grantable_roles(request)],
    )
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = (
        "attachment; filename*=UTF-8''%E6%A9%9F%E9%96%A2%E3%83%BB%E8%81%B7%E5%93%A1%E4%B8%80%E8%A6%A7.xlsx"
    )
    return response


def _batch_for(request: HttpRequest, batch_id: int) -> StaffImport:
    """One of this municipality's imports; another municipality's answers 404, and so does a pending one to
    anyone but its uploader (it holds the file's names and addresses, and is theirs to apply)."""
    batch = get_object_or_404(
        StaffImport.objects.select_related("uploaded_by", "undone_by"),
        pk=batch_id,
        municipality=request.municipality,  # type: ignore[attr-defined]
    )
    if batch.state == StaffImport.State.PENDING and batch.uploaded_by_id != request.user.pk:
        raise Http404
    return batch


@permission_required("staff.manage_all")
def batch_detail(request: HttpRequest, batch_id: int) -> HttpResponse:
    batch = _batch_for(request, batch_id)
    latest = import_batches.latest_applied(request.municipality)  # type: ignore[attr-defined]
    context = {
        "nav": "staff",
        "batch": batch,
        "counts": batch.counts,
        "undoable": latest is not None and latest.pk == batch.pk,
        **_sections(batch.rows),
    }
    return render(request, "staff/import_batch.html", context)


@permission_required("staff.manage_all")
@require_POST
def batch_apply(request: HttpRequest, batch_id: int) -> HttpResponse:
    batch = _batch_for(request, batch_id)
    try:
        batch, passwords = import_batches.apply(batch, actor=actor_of(request), importer=_importer(request))
    except ImportRefused as exc:
        messages.error(request, str(exc))
        return redirect("staff:import_batch", batch.pk)
    # Shown once, in the response to the POST that issued them (never in a message cookie or the trail).
    return render(
        request, "staff/import_applied.html", {"nav": "staff", "batch": batch, "passwords": passwords}
    )


@permission_required("staff.manage_all")
@require_POST
def batch_undo(request: HttpRequest, batch_id: int) -> HttpResponse:
    batch = _batch_for(request, batch_id)
    try:
        import_batches.undo(batch, actor=actor_of(request))
    except ImportRefused as exc:
        messages.error(request, str(exc))
        return redirect("staff:import_batch", batch.pk)
    messages.success(request, f"「{batch.filename}」の取り込みを元に戻しました。")
    return redirect("staff:import")
