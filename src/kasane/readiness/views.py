"""Pages of 市町村の体制整備状況: the prefecture's table, a municipality's page, its sheets and ratings."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db import transaction
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from kasane import audit
from kasane.audit.actor import actor_of
from kasane.lib.dates import fiscal_year, fiscal_year_label, today
from kasane.readiness import importer, overview, services
from kasane.readiness.access import (
    can_edit_readiness,
    own_municipalities,
    participant_required,
    support_staff_required,
)
from kasane.readiness.forms import ImportForm, NewSheetForm, ProfileForm, RatingForm, SheetForm
from kasane.readiness.models import (
    Block,
    MunicipalityProfile,
    PublishedCounts,
    ReadinessRating,
    ReadinessSheet,
)
from kasane.readiness.themes import ITEM_SHORT, Foundation, Function, ProgrammeStatus, ReadinessItem
from kasane.tenancy.models import Municipality


def _municipality(request: HttpRequest, municipality_id: int) -> Municipality:
    """A municipality of the user's prefecture that the user may look into: support staff any, municipal
    staff their own. Anyone else: 404."""
    municipality = (
        Municipality.objects.select_related("prefecture", "profile", "profile__block")
        .filter(pk=municipality_id, prefecture=request.prefecture)  # type: ignore[attr-defined]
        .first()
    )
    if municipality is None:
        raise Http404
    if request.support_staff or municipality in own_municipalities(request):  # type: ignore[attr-defined]
        return municipality
    raise Http404


def _may_edit(request: HttpRequest, municipality: Municipality) -> bool:
    """The municipality's programme staff, or support staff entering a sheet the municipality sent in."""
    return bool(request.support_staff) or can_edit_readiness(request, municipality)  # type: ignore[attr-defined]


def _sheet(request: HttpRequest, sheet_id: int, *, editing: bool = False) -> ReadinessSheet:
    sheet = (
        ReadinessSheet.objects.select_related(
            "municipality", "municipality__prefecture", "municipality__profile"
        )
        .filter(pk=sheet_id, municipality__prefecture=request.prefecture)  # type: ignore[attr-defined]
        .first()
    )
    if sheet is None:
        raise Http404
    own = sheet.municipality in own_municipalities(request)
    if editing:
        if not ((own or request.support_staff) and _may_edit(request, sheet.municipality)):  # type: ignore[attr-defined]
            raise Http404
        return sheet
    if request.support_staff or own or (sheet.shared_with_peers and sheet.submitted_at):  # type: ignore[attr-defined]
        return sheet
    raise Http404


@participant_required
def index(request: HttpRequest) -> HttpResponse:
    block = request.GET.get("block", "")
    status = request.GET.get("status", "")
    if not block.isdigit():
        block = ""
    if status not in ProgrammeStatus.values:
        status = ""
    found = overview.rows(request.prefecture, block=block, status=status)  # type: ignore[attr-defined]
    columns, matrix = overview.status_matrix(found)
    shared = (
        ReadinessSheet.objects.filter(
            municipality__prefecture=request.prefecture,  # type: ignore[attr-defined]
            shared_with_peers=True,
            submitted_at__isnull=False,
        )
        .select_related("municipality")
        .order_by("municipality__code", "-made_on")
    )
    return render(
        request,
        "readiness/index.html",
        {
            "nav": "backup",
            "rows": found,
            "columns": columns,
            "matrix": matrix,
            "blocks": Block.objects.filter(prefecture=request.prefecture),  # type: ignore[attr-defined]
            "statuses": ProgrammeStatus.choices,
            "block": block,
            "status": status,
            "items": [(item.value, ITEM_SHORT[item], item.label) for item in ReadinessItem],
            "own": own_municipalities(request),
            "shared_sheets": shared,
        },
    )


@participant_required
def municipality_detail(request: HttpRequest, municipality_id: int) -> HttpResponse:
    municipality = _municipality(request, municipality_id)
    ratings = overview.latest_ratings([municipality.pk]).get(municipality.pk, {})
    states = overview.item_states(ratings)
    history = ReadinessRating.objects.filter(municipality=municipality).select_related("rated_by")
    sheets = ReadinessSheet.objects.filter(municipality=municipality).prefetch_related("contributors")
    published: dict[int, PublishedCounts] = {}
    for row in PublishedCounts.objects.filter(municipality=municipality).order_by(
        "-fiscal_year", "-published_at"
    ):
        published.setdefault(row.fiscal_year, row)  # the newest publication of each 年度
    year = fiscal_year(today())
    own = municipality in own_municipalities(request)
    runs_kasane = own and can_edit_readiness(request, municipality)
    preview = services.count_records(municipality, year) if runs_kasane else None
    return render(
        request,
        "readiness/municipality.html",
        {
            "nav": "backup",
            "municipality": municipality,
            "profile": getattr(municipality, "profile", None),
            "states": states,
            "needs": overview.Row(municipality, None, states).needs(),
            "history": history,
            "sheets": sheets,
            "published": list(published.values()),
            "may_edit": _may_edit(request, municipality),
            "may_publish": runs_kasane,
            "preview": preview,
            "year": year,
            "year_label": fiscal_year_label(year),
            "rating_form": RatingForm(initial={"rated_on": today().isoformat()}),
            "sheet_form": NewSheetForm(initial={"made_on": today().isoformat()}),
        },
    )


@support_staff_required
def profile_edit(request: HttpRequest, municipality_id: int) -> HttpResponse:
    request.support_staff = True  # type: ignore[attr-defined]
    municipality = _municipality(request, municipality_id)
    profile, _ = MunicipalityProfile.objects.get_or_create(municipality=municipality)
    form = ProfileForm(
        request.POST or None,
        instance=profile,
        prefecture=request.prefecture,  # type: ignore[attr-defined]
        initial={"population": municipality.population},
    )
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            form.save()
            municipality.population = form.cleaned_data["population"]
            municipality.save(update_fields=["population"])
            audit.log(
                "readiness.profile_updated",
                actor=actor_of(request),
                municipality=municipality,
                obj=profile,
                details={"status": profile.status, "status_year": profile.status_year},
            )
        messages.success(request, f"{municipality.name}の状況を保存しました。")
        return redirect("readiness:municipality", municipality.pk)
    return render(
        request, "readiness/profile_form.html", {"nav": "backup", "form": form, "municipality": municipality}
    )


@support_staff_required
def import_municipalities(request: HttpRequest) -> HttpResponse:
    form = ImportForm(request.POST or None, request.FILES or None)
    result = None
    file_error = ""
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            table = importer.read_table(upload.name, upload.read())
        except importer.ImportFileError as exc:
            file_error = str(exc)
        else:
            result = importer.apply(importer.parse(table), request.prefecture, actor=actor_of(request))  # type: ignore[attr-defined]
            if result.ok:
                note = f"（新しいブロック：{'、'.join(result.new_blocks)}）" if result.new_blocks else ""
                messages.success(
                    request,
                    f"{len(result.rows)}行を取り込みました。新規{result.created}件、更新{result.updated}件{note}。",
                )
                return redirect("readiness:index")
    return render(
        request,
        "readiness/import.html",
        {
            "nav": "backup",
            "form": form,
            "result": result,
            "file_error": file_error,
            "columns": importer.COLUMNS,
        },
    )


@participant_required
@require_POST
def sheet_new(request: HttpRequest, municipality_id: int) -> HttpResponse:
    municipality = _municipality(request, municipality_id)
    if not _may_edit(request, municipality):
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
    sheet = _sheet(request, sheet_id, editing=True)
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
    sheet = _sheet(request, sheet_id)
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
            "may_edit": (own or request.support_staff) and _may_edit(request, sheet.municipality),  # type: ignore[attr-defined]
            "may_open_municipality": own or request.support_staff,  # type: ignore[attr-defined]
        },
    )


@participant_required
@require_POST
def sheet_submit(request: HttpRequest, sheet_id: int) -> HttpResponse:
    sheet = _sheet(request, sheet_id, editing=True)
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
    municipality = _municipality(request, municipality_id)
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
    visible = ReadinessSheet.objects.filter(municipality__prefecture=request.prefecture)  # type: ignore[attr-defined]
    if not request.support_staff:  # type: ignore[attr-defined]
        own_ids = [m.pk for m in own_municipalities(request)]

        visible = visible.filter(
            Q(municipality_id__in=own_ids) | Q(shared_with_peers=True, submitted_at__isnull=False)
        )
    latest: dict[int, ReadinessSheet] = {}
    for sheet in visible.select_related("municipality").order_by("municipality_id", "-made_on", "-pk"):
        latest.setdefault(sheet.municipality_id, sheet)
    chosen_ids = [int(v) for v in request.GET.getlist("m") if v.isdigit()][:6]
    chosen = [latest[i] for i in chosen_ids if i in latest]
    sheets = list(
        ReadinessSheet.objects.filter(pk__in=[s.pk for s in chosen])
        .select_related("municipality")
        .prefetch_related("function_rows", "foundation_rows")
    )
    order = {s.pk: n for n, s in enumerate(chosen)}
    sheets.sort(key=lambda s: order[s.pk])
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


@participant_required
@require_POST
def rate(request: HttpRequest, municipality_id: int) -> HttpResponse:
    municipality = _municipality(request, municipality_id)
    if not _may_edit(request, municipality):
        raise Http404
    form = RatingForm(request.POST)
    if form.is_valid():
        services.rate(
            municipality,
            request.user,  # type: ignore[arg-type]
            item=form.cleaned_data["item"],
            stage=form.cleaned_data["stage"],
            evidence=form.cleaned_data["evidence"],
            tools_used=form.cleaned_data["tools_used"],
            rated_on=form.cleaned_data["rated_on"],
            actor=actor_of(request),
        )
        messages.success(request, "段階を記録しました。")
    else:
        problems = " ".join(str(e) for errors in form.errors.values() for e in errors)
        messages.error(request, f"記録できませんでした。{problems}")
    return redirect("readiness:municipality", municipality.pk)


@participant_required
@require_POST
def publish(request: HttpRequest, municipality_id: int) -> HttpResponse:
    municipality = _municipality(request, municipality_id)
    if municipality not in own_municipalities(request) or not can_edit_readiness(request, municipality):
        raise Http404
    year = fiscal_year(today())
    chosen = request.POST.get("fiscal_year", str(year))
    if not chosen.isdigit() or int(chosen) not in (year, year - 1):
        messages.error(request, "公表できるのは今年度と前年度の集計です。")
        return redirect("readiness:municipality", municipality.pk)
    services.publish_counts(municipality, int(chosen), request.user, actor=actor_of(request))  # type: ignore[arg-type]
    messages.success(
        request, f"{fiscal_year_label(int(chosen))}の集計値を{municipality.prefecture.name}に公表しました。"
    )
    return redirect("readiness:municipality", municipality.pk)
