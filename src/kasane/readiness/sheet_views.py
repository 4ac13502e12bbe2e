"""Pages of the municipalities' アセスメントシート: a new version, editing, reading and submitting one, and
laying versions or municipalities side by side."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from kasane.audit.actor import actor_of
from kasane.readiness import lookups, queries, services
from kasane.readiness.access import own_municipalities, participant_required
from kasane.readiness.forms import NewSheetForm, SheetForm
from kasane.readiness.models import ReadinessSheet
from kasane.readiness.themes import Foundation, Function


@participant_required
@require_POST
def sheet_new(request: HttpRequest, municipality_id: int) -> HttpResponse:
    municipality = lookups.municipality_for(request, municipality_id)
    if not lookups.may_edit(request, municipality):
        raise Http404
    form = NewSheetForm(request.POST)
    if not form.is_valid():
        messages.error(
            request, "作成日を確認してください。" + " ".join(str(e) for e in form.errors.get("made_on", []))
        )
        return redirect("readiness:municipality", municipality.pk)
    sheet = services.new_sheet(
        municipality,
        request.user,  # type: ignore[arg-type]
        form.cleaned_data["made_on"],
        actor=actor_of(request),
    )
    messages.success(request, "新しい版を作りました。前の版の内容を引き継いでいます。")
    return redirect("readiness:sheet_edit", sheet.pk)


def _sheet_initial(sheet: ReadinessSheet) -> dict[str, Any]:
    initial: dict[str, Any] = {
        "made_by_units": sheet.made_by_units,
        "population": sheet.population,
        "area_count": sheet.area_count,
        "organisation": sheet.organisation,
        "lead_division": sheet.lead_division,
        "agencies": sheet.agencies,
        "shared_with_peers": sheet.shared_with_peers,
        "lock_version": sheet.lock_version,
    }
    for row in sheet.function_rows.all():
        initial[f"fn_{row.function}_current"] = row.current
        initial[f"fn_{row.function}_issues"] = row.issues
    for frow in sheet.foundation_rows.all():
        initial[f"fd_{frow.foundation}_current"] = frow.current
        initial[f"fd_{frow.foundation}_strengths"] = frow.strengths
        initial[f"fd_{frow.foundation}_issues"] = frow.issues
    return initial


@participant_required
def sheet_edit(request: HttpRequest, sheet_id: int) -> HttpResponse:
    sheet = lookups.sheet_for(request, sheet_id, editing=True)
    form = SheetForm(request.POST or None, initial=_sheet_initial(sheet))
    if request.method == "POST" and form.is_valid():
        try:
            services.save_sheet(
                sheet,
                request.user,  # type: ignore[arg-type]
                basics=form.basics(),
                functions=form.functions(),
                foundations=form.foundations(),
                lock_version=form.cleaned_data["lock_version"],
                actor=actor_of(request),
            )
        except services.StaleSheet:
            messages.error(
                request,
                "この間に他の方がシートを保存しました。入力した内容はそのまま残しています。"
                "最新の内容を別のタブで確認してから、もう一度保存してください。",
            )
            data = request.POST.copy()
            sheet.refresh_from_db()
            data["lock_version"] = str(sheet.lock_version)
            form = SheetForm(data)
            form.is_valid()
        else:
            messages.success(request, "シートを保存しました。")
            return redirect("readiness:sheet", sheet.pk)
    return render(request, "readiness/sheet_form.html", {"nav": "backup", "form": form, "sheet": sheet})


@participant_required
def sheet_detail(request: HttpRequest, sheet_id: int) -> HttpResponse:
    sheet = lookups.sheet_for(request, sheet_id)
    own = sheet.municipality in own_municipalities(request)
    return render(
        request,
        "readiness/sheet_detail.html",
        {
            "nav": "backup",
            "sheet": sheet,
            "functions": sheet.function_rows.order_by("pk"),
            "foundations": sheet.foundation_rows.order_by("pk"),
            "contributors": sheet.contributors.all(),
            "may_edit": (own or request.support_staff) and lookups.may_edit(request, sheet.municipality),  # type: ignore[attr-defined]
            "may_open_municipality": own or request.support_staff,  # type: ignore[attr-defined]
        },
    )


@participant_required
@require_POST
def sheet_submit(request: HttpRequest, sheet_id: int) -> HttpResponse:
    sheet = lookups.sheet_for(request, sheet_id, editing=True)
    services.submit_sheet(sheet, request.user, actor=actor_of(request))  # type: ignore[arg-type]
    messages.success(request, "シートを提出しました。")
    return redirect("readiness:sheet", sheet.pk)


def _side_by_side(sheets: list[ReadinessSheet]) -> dict[str, Any]:
    """Rows of the sheet, one column per sheet, for laying versions or municipalities side by side."""
    by_sheet_fn = {s.pk: {r.function: r for r in s.function_rows.all()} for s in sheets}
    by_sheet_fd = {s.pk: {r.foundation: r for r in s.foundation_rows.all()} for s in sheets}
    functions = [(f.label, [by_sheet_fn[s.pk].get(f.value) for s in sheets]) for f in Function]
    foundations = [(f.label, [by_sheet_fd[s.pk].get(f.value) for s in sheets]) for f in Foundation]
    return {"sheets": sheets, "functions": functions, "foundations": foundations}


@participant_required
def sheet_history(request: HttpRequest, municipality_id: int) -> HttpResponse:
    municipality = lookups.municipality_for(request, municipality_id)
    sheets = list(
        ReadinessSheet.objects.filter(municipality=municipality)
        .prefetch_related("function_rows", "foundation_rows")
        .order_by("made_on", "pk")
    )
    return render(
        request,
        "readiness/compare.html",
        {
            "nav": "backup",
            "title": f"{municipality.name}のアセスメントシート（版の比較）",
            "over_time": True,
            "municipality": municipality,
            **_side_by_side(sheets),
        },
    )


@participant_required
def sheet_compare(request: HttpRequest) -> HttpResponse:
    """The latest sheet of several municipalities side by side: support staff any; municipal staff their own
    and those published to peers."""
    own_ids = None if request.support_staff else [m.pk for m in own_municipalities(request)]  # type: ignore[attr-defined]
    latest = queries.latest_sheets(request.prefecture, own_ids)  # type: ignore[attr-defined]
    chosen_ids = [int(v) for v in request.GET.getlist("m") if v.isdigit()][:6]
    sheets = queries.with_rows([latest[i] for i in chosen_ids if i in latest])
    return render(
        request,
        "readiness/compare.html",
        {
            "nav": "backup",
            "title": "アセスメントシートを市町村で比べる",
            "over_time": False,
            "choices": sorted(latest.values(), key=lambda s: s.municipality.code),
            "chosen_ids": chosen_ids,
            **_side_by_side(sheets),
        },
    )
