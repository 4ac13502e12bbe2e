"""専門家派遣の一覧をExcel・CSVで出力する (support staff only; every export is audited)."""

from __future__ import annotations

from django.db import transaction
from django.http import Http404, HttpRequest, StreamingHttpResponse
from django.views.decorators.http import require_GET

from kasane import audit
from kasane.audit.actor import actor_of
from kasane.dispatch import exports
from kasane.lib.dates import today
from kasane.lib.exports import csv_response, xlsx_response
from kasane.readiness.access import support_staff_required


@support_staff_required
@require_GET
def dispatch_export(request: HttpRequest, fmt: str) -> StreamingHttpResponse:
    if fmt not in ("csv", "xlsx"):
        raise Http404
    raw = request.GET.get("year", "")
    year = int(raw) if raw.isdecimal() and 2000 <= int(raw) <= 2100 else None
    found = exports.dispatches(request.prefecture, year)  # type: ignore[attr-defined]
    with transaction.atomic():
        audit.log(
            "dispatch.exported",
            actor=actor_of(request),
            details={"format": fmt, "fiscal_year": year, "rows": found.count()},
        )
    name = f"専門家派遣_{exports.year_part(year) if year else '全年度'}"
    rows = exports.rows(found, today())
    if fmt == "xlsx":
        return xlsx_response(f"{name}.xlsx", "専門家派遣", exports.HEADER, rows)
    return csv_response(f"{name}.csv", exports.HEADER, rows)
