"""Importing a participant list: choose the file, look at every row's verdict, confirm; an import's page
with 「この取り込みを元に戻す」; and the template to fill in. Support staff only.

Between the preview and the confirmation the file travels in the page itself, signed: the confirmation
checks it again against the registrations as they are then, so what is written is what the rules allow at
that moment, and nothing is kept on the server for a file that is never confirmed.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core import signing
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kasane.audit.actor import actor_of
from kasane.events import roster_import
from kasane.events.access import support_event
from kasane.events.models import Event
from kasane.events.roster_file import MAX_BYTES, RosterFileError, read_table, template_xlsx
from kasane.lib.exports import attachment_response
from kasane.readiness.access import support_staff_required
from kasane.tenancy.models import Municipality

SALT = "events.roster_import"
TOKEN_AGE = 2 * 60 * 60
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class RosterUploadForm(forms.Form):
    file = forms.FileField(
        label="参加者名簿のファイル（CSVまたはExcel）",
        help_text="1行目に見出し（氏名・ふりがな・市町村・所属・区分・職種・メールアドレス）。氏名のほかは省けます。",
        error_messages={"required": "ファイルを選んでください。"},
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError("ファイルが大きすぎます（2MBまで）。")
        return upload


def _page(request: HttpRequest, event: Event, **context: Any) -> HttpResponse:
    context.setdefault("form", RosterUploadForm())
    context.setdefault("batches", roster_import.batches(event))
    return render(request, "events/roster_import.html", {"event": event, "nav": "events", **context})


@support_staff_required
@require_http_methods(["GET", "POST"])
def roster_import_page(request: HttpRequest, event_id: int) -> HttpResponse:
    event = support_event(request, event_id)
    form = RosterUploadForm(request.POST or None, request.FILES or None)
    if request.method != "POST" or not form.is_valid():
        return _page(request, event, form=form)
    upload = form.cleaned_data["file"]
    try:
        table = read_table(upload.name, upload.read())
    except RosterFileError as exc:
        return _page(request, event, form=form, file_error=str(exc))
    file_type = "xlsx" if upload.name.lower().endswith(".xlsx") else "csv"
    preview = roster_import.check(table, event)
    token = signing.dumps({"event": event.pk, "table": table, "type": file_type}, salt=SALT, compress=True)
    return _page(request, event, preview=preview, token=token, filename=upload.name)


@support_staff_required
@require_POST
def roster_import_confirm(request: HttpRequest, event_id: int) -> HttpResponse:
    event = support_event(request, event_id)
    try:
        data = signing.loads(request.POST.get("token", ""), salt=SALT, max_age=TOKEN_AGE)
        if data["event"] != event.pk:
            raise signing.BadSignature
        batch, preview = roster_import.apply(
            event, data["table"], file_type=data["type"], actor=actor_of(request)
        )
    except signing.BadSignature:
        messages.error(
            request,
            "確認画面の有効期限が切れたか、内容が正しくありません。もう一度ファイルを選んでください。",
        )
        return redirect("events:roster_import", event.pk)
    except roster_import.RosterImportError as exc:
        messages.error(request, str(exc))
        return redirect("events:roster_import", event.pk)
    skipped = f"（重複の{len(preview.duplicates)}人は登録していません）" if preview.duplicates else ""
    messages.success(request, f"名簿から{len(preview.new)}人を登録しました{skipped}。")
    return redirect("events:roster_batch", event.pk, batch)


@support_staff_required
@require_GET
def roster_batch(request: HttpRequest, event_id: int, batch: str) -> HttpResponse:
    event = support_event(request, event_id)
    found = roster_import.batch_of(event, batch)
    if found is None:
        raise Http404
    return render(request, "events/roster_batch.html", {"event": event, "batch": found, "nav": "events"})


@support_staff_required
@require_POST
def roster_undo(request: HttpRequest, event_id: int, batch: str) -> HttpResponse:
    event = support_event(request, event_id)
    try:
        removed = roster_import.undo(event, batch, actor=actor_of(request))
    except roster_import.RosterImportError as exc:
        messages.error(request, str(exc))
        if roster_import.batch_of(event, batch) is None:
            return redirect("events:roster_import", event.pk)
        return redirect("events:roster_batch", event.pk, batch)
    messages.success(request, f"取り込みを元に戻しました（{removed}人の登録を削除）。")
    return redirect("events:registrations", event.pk)


@support_staff_required
@require_GET
def roster_template(request: HttpRequest) -> HttpResponse:
    towns = Municipality.objects.filter(prefecture=request.prefecture)  # type: ignore[attr-defined]
    names = list(towns.order_by("code").values_list("name", flat=True))
    return attachment_response(template_xlsx(names), "参加者名簿（取り込み用）.xlsx", XLSX)
