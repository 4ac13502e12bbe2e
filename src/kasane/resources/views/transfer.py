"""Bringing a list in and sending it out: HSDS v3 (JSON and the tabular CSV ZIP), and the Excel/CSV template
staff fill in. An import is all or nothing, with every problem named by its line."""

from __future__ import annotations

import json

from django import forms
from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from kasane import audit
from kasane.accounts.access import permission_required
from kasane.audit.actor import actor_of
from kasane.lib.dates import today
from kasane.lib.exports import attachment_response
from kasane.resources import hsds, hsds_tabular, imports
from kasane.resources.hsds_import import import_document
from kasane.resources.queries import services_in, with_details
from kasane.resources.table_import import import_table

MAX_UPLOAD = 20 * 1024 * 1024


class UploadForm(forms.Form):
    file = forms.FileField(
        label="ファイル",
        help_text="Excel（.xlsx）・CSV（UTF-8 または Shift_JIS）・HSDS形式（.json または .zip）",
        error_messages={"required": "取り込むファイルを選んでください。"},
    )

    def clean_file(self) -> object:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD:
            raise forms.ValidationError("ファイルが大きすぎます（20MBまで）。")
        if not upload.name.lower().endswith((".xlsx", ".csv", ".json", ".zip")):
            raise forms.ValidationError("取り込めるのは .xlsx・.csv・.json・.zip のファイルです。")
        return upload


@permission_required("directory.view")
@require_GET
def export(request: HttpRequest, kind: str) -> HttpResponse:
    municipality = request.municipality  # type: ignore[attr-defined]
    stamp = f"{today():%Y%m%d}"
    if kind == "json":
        body = json.dumps(hsds.export_document(municipality), ensure_ascii=False, indent=2).encode()
        response = attachment_response(body, f"社会資源_HSDS_{stamp}.json", "application/json")
    elif kind == "zip":
        body = hsds_tabular.export_tabular_zip(municipality)
        response = attachment_response(body, f"社会資源_HSDS_{stamp}.zip", "application/zip")
    elif kind == "xlsx":
        from kasane.resources import sheets  # noqa: PLC0415 - openpyxl loads when a workbook is asked for, not at start-up

        body = sheets.export_xlsx(list(with_details(services_in(municipality))))
        response = attachment_response(
            body,
            f"社会資源一覧_{stamp}.xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        raise Http404
    with transaction.atomic():
        audit.log(
            "resource.exported", actor=actor_of(request), municipality=municipality, details={"format": kind}
        )
    return response


@permission_required("resource.edit")
@require_GET
def template(request: HttpRequest) -> HttpResponse:
    from kasane.resources import sheets  # noqa: PLC0415 - openpyxl loads when a workbook is asked for, not at start-up

    return attachment_response(
        sheets.template_xlsx(),
        "社会資源_取り込み用ひな形.xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


@permission_required("resource.edit")
@require_http_methods(["GET", "POST"])
def upload(request: HttpRequest) -> HttpResponse:
    municipality = request.municipality  # type: ignore[attr-defined]
    form = UploadForm(request.POST or None, request.FILES or None)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        data, name = upload.read(), upload.name
        reader = import_document if name.lower().endswith((".json", ".zip")) else import_table
        try:
            result = reader(municipality, data, name, actor=actor_of(request))
        except imports.ImportRefused as exc:
            errors = exc.errors
        else:
            messages.success(request, f"取り込みました：新規 {result.created}件、更新 {result.updated}件。")
            return redirect("resources:index")
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "errors": errors, "nav": "resources"}
    return render(request, "resources/import.html", context, status=status)
