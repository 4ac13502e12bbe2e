"""Pages of 市町村一覧の取り込み: upload → preview (nothing written) → apply the previewed rows → history and
元に戻す. The rules are in ``import_preview`` and ``import_batches``."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from kasane.audit.actor import actor_of
from kasane.readiness import import_batches, importer, support_settings
from kasane.readiness.access import support_staff_required
from kasane.readiness.import_batches import ImportRefused
from kasane.readiness.import_forms import UploadForm
from kasane.readiness.import_preview import ERROR, NEW, UNCHANGED, UPDATE
from kasane.readiness.models import ImportBatch


def _batch_for(request: HttpRequest, batch_id: int) -> ImportBatch:
    """One of the prefecture's imports (another prefecture's answers 404)."""
    return get_object_or_404(
        ImportBatch.objects.select_related("uploaded_by", "undone_by"),
        pk=batch_id,
        prefecture=request.prefecture,  # type: ignore[attr-defined]
    )


def summary(counts: dict[str, int]) -> str:
    """新規 N件・更新 N件（うち名称変更 N件）・変更なし N件・エラー N件."""
    return (
        f"新規 {counts.get('new', 0)}件・更新 {counts.get('updated', 0)}件"
        f"（うち名称変更 {counts.get('renamed', 0)}件）・変更なし {counts.get('unchanged', 0)}件"
        f"・エラー {counts.get('errors', 0)}件"
    )


def applied_summary(counts: dict[str, int]) -> str:
    """What an applied import did (flagged rows left unticked are not among its updates)."""
    return summary(
        counts
        | {
            "new": counts["applied_new"],
            "updated": counts["applied_updated"],
            "renamed": counts["applied_renamed"],
        }
    )


def _sections(rows: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    return {
        "flagged": [r for r in rows if r["flags"]],
        "errors": [r for r in rows if r["kind"] == ERROR],
        "changes": [r for r in rows if r["kind"] in (NEW, UPDATE) and not r["flags"]],
        "unchanged": [r for r in rows if r["kind"] == UNCHANGED and not r["flags"]],
    }


@support_staff_required
def upload(request: HttpRequest) -> HttpResponse:
    label = support_settings.of(request.prefecture).region_label  # type: ignore[attr-defined]
    form = UploadForm(request.POST or None, request.FILES or None, region_label=label)
    context: dict[str, Any] = {"nav": "backup", "form": form, "columns": importer.COLUMNS, "label": label}
    if request.method == "POST" and form.is_valid():
        file = form.cleaned_data["file"]
        try:
            parsed = importer.parse(importer.read_table(file.name, file.read()))
        except importer.ImportFileError as exc:
            context["file_error"] = str(exc)
        else:
            preview, batch = import_batches.start(
                prefecture=request.prefecture,  # type: ignore[attr-defined]
                filename=file.name,
                parsed=parsed,
                listed_regions=form.cleaned_data["new_regions"],
                actor=actor_of(request),
            )
            if batch is not None:
                return redirect("readiness:import_batch", batch.pk)
            context |= {"summary": summary(preview.counts()), **_sections(preview.rows)}
    return render(request, "readiness/import.html", context)


@support_staff_required
def batch_detail(request: HttpRequest, batch_id: int) -> HttpResponse:
    batch = _batch_for(request, batch_id)
    latest = import_batches.latest_applied(request.prefecture)  # type: ignore[attr-defined]
    pending = batch.state == ImportBatch.State.PENDING
    context = {
        "nav": "backup",
        "batch": batch,
        "summary": summary(batch.counts),
        "pending": pending,
        "applied_codes": None if pending else {change["code"] for change in batch.changes},
        "undoable": latest is not None and latest.pk == batch.pk,
        **_sections(batch.preview),
    }
    return render(request, "readiness/import_batch.html", context)


@support_staff_required
@require_POST
def batch_apply(request: HttpRequest, batch_id: int) -> HttpResponse:
    batch = _batch_for(request, batch_id)
    try:
        batch = import_batches.apply(
            batch, confirmed=set(request.POST.getlist("confirm")), actor=actor_of(request)
        )
    except ImportRefused as exc:
        messages.error(request, str(exc))
        return redirect("readiness:import_batch", batch.pk)
    counts = batch.counts
    skipped = (
        f"確認のチェックがなかった{counts['skipped']}件は反映していません。" if counts["skipped"] else ""
    )
    messages.success(
        request,
        f"反映しました。新規 {counts['applied_new']}件・更新 {counts['applied_updated']}件"
        f"（うち名称変更 {counts['applied_renamed']}件）・変更なし {counts['unchanged']}件。{skipped}",
    )
    return redirect("readiness:import_history")


@support_staff_required
@require_POST
def batch_undo(request: HttpRequest, batch_id: int) -> HttpResponse:
    batch = _batch_for(request, batch_id)
    try:
        import_batches.undo(batch, actor=actor_of(request))
    except ImportRefused as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"「{batch.filename}」の取り込みを元に戻しました。")
    return redirect("readiness:import_history")


@support_staff_required
def history(request: HttpRequest) -> HttpResponse:
    batches = ImportBatch.objects.filter(
        prefecture=request.prefecture,  # type: ignore[attr-defined]
        state__in=[ImportBatch.State.APPLIED, ImportBatch.State.UNDONE],
    ).select_related("uploaded_by", "undone_by")
    latest = import_batches.latest_applied(request.prefecture)  # type: ignore[attr-defined]
    rows = [(batch, applied_summary(batch.counts)) for batch in batches]
    label = support_settings.of(request.prefecture).region_label  # type: ignore[attr-defined]
    context = {"nav": "backup", "rows": rows, "latest": latest, "label": label}
    return render(request, "readiness/import_history.html", context)
