from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, Max, QuerySet
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from kasane import audit
from kasane.accounts.access import permission_required
from kasane.audit.actor import actor_of
from kasane.audit.models import AuditEntry
from kasane.governance.audit_filters import AuditFilterForm
from kasane.lib.dates import datetime_label, today
from kasane.lib.exports import csv_response, xlsx_response

PAGE_SIZE = 50
HEADER = [
    "番号",
    "日時",
    "職員",
    "ユーザー名",
    "機関",
    "操作",
    "対象の種類",
    "対象ID",
    "対象",
    "本人ID",
    "法的根拠",
    "根拠の参照",
    "接続元",
]


def _entries(request: HttpRequest) -> tuple[AuditFilterForm, QuerySet[AuditEntry]]:
    """The municipality's trail, filtered. Entries of other municipalities are never in the base set."""
    form = AuditFilterForm(request.GET or None)
    base = AuditEntry.objects.filter(municipality=request.municipality)  # type: ignore[attr-defined]
    return form, (form.apply(base) if request.GET else base)


@permission_required("audit.view")
@require_GET
def entry_list(request: HttpRequest) -> HttpResponse:
    form, entries = _entries(request)
    page = Paginator(entries.order_by("-id"), PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "audit/entry_list.html",
        {"form": form, "page": page, "query": query.urlencode(), "nav": "audit"},
    )


def _rows(entries: QuerySet[AuditEntry]) -> Iterator[list[Any]]:
    for e in entries.order_by("id").iterator(chunk_size=2000):
        yield [
            e.pk,
            datetime_label(e.created_at),
            e.actor_name,
            e.actor_username,
            e.agency_name,
            e.action_label,
            e.object_type,
            e.object_id,
            e.object_label,
            e.person_id,
            e.get_basis_display() if e.basis else "",
            e.basis_ref,
            e.ip_address or "",
        ]


@permission_required("audit.view")
@require_GET
def export(request: HttpRequest, fmt: str) -> StreamingHttpResponse:
    """The whole filtered trail, uncut: a CSV streams as it is read, an Excel file is written row by row to a
    temporary file. The file holds the entries up to the last one there when it was asked for, so the count
    its own entry records is the file's, and that entry (written first) is never in it."""
    _form, entries = _entries(request)
    filename = f"監査ログ_{request.municipality.name}_{today():%Y%m%d}"  # type: ignore[attr-defined]
    with transaction.atomic():
        found = entries.aggregate(rows=Count("id"), last=Max("id"))
        audit.log(
            "audit.exported",
            actor=actor_of(request),
            municipality=request.municipality,  # type: ignore[attr-defined]
            details={"format": fmt, "filters": request.GET.dict(), "rows": found["rows"]},
        )
    exported = entries.filter(id__lte=found["last"] or 0)
    if fmt == "xlsx":
        return xlsx_response(f"{filename}.xlsx", "監査ログ", HEADER, _rows(exported))
    return csv_response(f"{filename}.csv", HEADER, _rows(exported))
