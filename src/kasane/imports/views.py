"""Pages of 記録の取り込み: upload (with the agency that will keep the records) → map the columns and read the
check (every problem by line, nothing written) → apply → undo. For staff who record cases (``case.edit``); a
pending upload is its uploader's alone, and another municipality's imports answer 404."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from kasane.agencies.models import Agency
from kasane.audit.actor import actor_of
from kasane.casework.visibility import Viewer, require_viewer
from kasane.imports import services
from kasane.imports.columns import TARGETS
from kasane.imports.models import RecordImport
from kasane.imports.services import MAX_COLUMNS, MAX_ROWS
from kasane.lib import tablefile


class UploadForm(forms.Form):
    file = forms.FileField(
        label="取り込むファイル（Excel または CSV）",
        help_text=f"1行目が見出しのファイル。{MAX_ROWS:,}行まで。kintone の「ファイルに書き出す」で作ったCSVもそのまま選べます。",
        error_messages={"required": "ファイルを選んでください。"},
    )
    agency = forms.ModelChoiceField(
        label="記録する機関",
        queryset=Agency.objects.none(),
        help_text="取り込んだ記録は、この機関の記録になります。",
    )

    def __init__(self, *args: Any, viewer: Viewer, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["agency"]
        field.queryset = Agency.objects.filter(pk__in=viewer.edit_agency_ids)  # type: ignore[attr-defined]
        if len(viewer.edit_agency_ids) == 1:
            field.initial = next(iter(viewer.edit_agency_ids))

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > 10 * tablefile.MAX_BYTES:
            raise forms.ValidationError("ファイルが大きすぎます（20MBまで）。分けて取り込んでください。")
        return upload


def _editor(request: HttpRequest) -> Viewer:
    viewer = require_viewer(request)
    if not viewer.edit_agency_ids:
        raise Http404
    return viewer


def _batch_for(request: HttpRequest, viewer: Viewer, batch_id: int) -> RecordImport:
    """One of this municipality's imports into an agency the user records for; a pending one is its uploader's
    alone (it holds the file's rows)."""
    batch = (
        RecordImport.objects.select_related("owner_agency", "uploaded_by", "undone_by")
        .filter(pk=batch_id, municipality=viewer.municipality)
        .first()
    )
    if batch is None or not viewer.can_edit(batch.owner_agency_id):
        raise Http404
    if batch.state == RecordImport.State.PENDING and batch.uploaded_by_id != request.user.pk:
        raise Http404
    return batch


@login_required
@require_http_methods(["GET", "POST"])
def upload(request: HttpRequest) -> HttpResponse:
    viewer = _editor(request)
    form = UploadForm(request.POST or None, request.FILES or None, viewer=viewer)
    context: dict[str, Any] = {"form": form, "nav": "people"}
    if request.method == "POST" and form.is_valid():
        file = form.cleaned_data["file"]
        try:
            table = tablefile.read_table(file.name, file.read(), max_rows=MAX_ROWS, max_columns=MAX_COLUMNS)
            batch = services.start(
                municipality=viewer.municipality,
                agency=form.cleaned_data["agency"],
                filename=file.name,
                table=table,
                actor=actor_of(request),
            )
        except (tablefile.TableFileError, services.ImportRefused) as exc:
            context["file_error"] = str(exc)
        else:
            return redirect("imports:mapping", batch.pk)
    context["history"] = (
        RecordImport.objects.filter(
            municipality=viewer.municipality, owner_agency_id__in=viewer.edit_agency_ids
        )
        .exclude(state=RecordImport.State.PENDING)
        .select_related("owner_agency", "uploaded_by")[:20]
    )
    return render(request, "imports/upload.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def mapping(request: HttpRequest, batch_id: int) -> HttpResponse:
    viewer = _editor(request)
    batch = _batch_for(request, viewer, batch_id)
    if batch.state != RecordImport.State.PENDING:
        return redirect("imports:batch", batch.pk)
    parsed = None
    if request.method == "POST":
        chosen = {str(i): request.POST.get(f"column_{i}", "") for i in range(len(batch.headings))}
        known = {t.key for t in TARGETS}
        chosen = {i: k for i, k in chosen.items() if k in known}
        parsed = services.set_mapping(batch, chosen, actor=actor_of(request))
    else:
        services.viewed(batch, actor=actor_of(request))
        parsed = services.check(batch)
    context = {
        "nav": "people",
        "batch": batch,
        "pending_days": services.PENDING_DAYS,
        "columns": services.mapping_choices(batch),
        "targets": TARGETS,
        "parsed": parsed,
        "problems": parsed.problems[:200],
        "more_problems": max(len(parsed.problems) - 200, 0),
        "households": len(parsed.families),
        "duplicates": services.possible_duplicates(batch, parsed) if not parsed.problems else 0,
    }
    return render(request, "imports/mapping.html", context)


@login_required
@require_POST
def apply(request: HttpRequest, batch_id: int) -> HttpResponse:
    viewer = _editor(request)
    batch = _batch_for(request, viewer, batch_id)
    try:
        batch = services.apply(batch, actor=actor_of(request))
    except services.ImportRefused as exc:
        messages.error(request, str(exc))
        return redirect("imports:mapping", batch.pk)
    messages.success(
        request,
        f"世帯 {batch.counts['households']:,}件・本人と世帯員 {batch.counts['persons']:,}人を登録しました。",
    )
    return redirect("imports:batch", batch.pk)


@login_required
def batch_detail(request: HttpRequest, batch_id: int) -> HttpResponse:
    viewer = _editor(request)
    batch = _batch_for(request, viewer, batch_id)
    if batch.state == RecordImport.State.PENDING:
        return redirect("imports:mapping", batch.pk)
    return render(request, "imports/batch.html", {"nav": "people", "batch": batch})


@login_required
@require_POST
def undo(request: HttpRequest, batch_id: int) -> HttpResponse:
    viewer = _editor(request)
    batch = _batch_for(request, viewer, batch_id)
    try:
        services.undo(batch, actor=actor_of(request))
    except services.ImportRefused as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"「{batch.filename}」の取り込みを元に戻しました。")
    return redirect("imports:batch", batch.pk)
