"""名寄せ's pages: the likely duplicate pairs, one pair side by side, merging, undoing and 「別の人」."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from kasane.audit.actor import actor_of
from kasane.casework.access import access_merge, access_person
from kasane.casework.forms.merges import MergeForm
from kasane.casework.models import DistinctPair, Merge, Person
from kasane.casework.queries.duplicates import (
    PAIRS_PAGE,
    duplicate_pairs,
    pairs_page,
    score,
    shown_in_marks,
    standing_marks,
    visible_records,
)
from kasane.casework.services.merges import (
    MergeRefused,
    mark_different,
    may_merge,
    merge_persons,
    undo_merge,
    withdraw_different,
)
from kasane.casework.visibility import Viewer, record_list, require_viewer
from kasane.lib import dates
from kasane.lib.nayose import FIELD_LABELS, ScoredPair


@login_required
@require_GET
def duplicate_list(request: HttpRequest) -> HttpResponse:
    viewer = require_viewer(request)
    people, marks = visible_records(viewer), standing_marks(viewer)
    page = pairs_page(duplicate_pairs(people, marks), request.GET.get("cursor", ""))
    different = shown_in_marks(people, marks)
    merges = list(
        Merge.objects.filter(
            municipality=viewer.municipality,
            undone_at__isnull=True,
            merged__owner_agency__in=viewer.edit_agency_ids,
            survivor__owner_agency__in=viewer.edit_agency_ids,
        ).select_related("merged", "survivor")[:10]
    )
    shown = [p.record.id for row in [*page.rows, *different] for p in (row.left, row.right)]
    record_list(request, viewer, "person.duplicates_listed", shown + [m.merged_id for m in merges])
    context = {"page": page, "page_size": PAIRS_PAGE, "different": different, "merges": merges}
    return render(request, "casework/duplicates/list.html", {**context, "nav": "people"})


@dataclass(frozen=True)
class Pair:
    left: Person
    right: Person
    viewer: Viewer
    scored: ScoredPair
    mark: DistinctPair | None

    def may_judge(self) -> bool:
        """「別の人」 is recorded (or taken back) by staff who edit for either record's agency."""
        return self.viewer.can_edit(self.left.owner_agency_id) or self.viewer.can_edit(
            self.right.owner_agency_id
        )


def _pair(request: HttpRequest, first_id: int, second_id: int) -> Pair:
    """Both records, each read through ``access_person`` (404 unless the viewer sees both), and the score."""
    if first_id >= second_id:
        raise Http404
    left, viewer, _basis = access_person(request, first_id, action="person.compared")
    right, _viewer, _basis = access_person(request, second_id, action="person.compared")
    mark = DistinctPair.objects.filter(first=left, second=right, withdrawn_at__isnull=True).first()
    return Pair(left, right, viewer, score(visible_records(viewer), left, right), mark)


def _fields(pair: Pair) -> list[tuple[str, str, str, str]]:
    """(label, left, right, evidence) per row of the side-by-side table."""
    a, b, evidence = pair.left, pair.right, pair.scored.evidence

    def born(p: Person) -> str:
        return dates.wareki_with_western(p.birth_date)

    def phones(p: Person) -> str:
        return "／".join(x for x in (p.phone, p.mobile and f"{p.mobile}（携帯）") if x)

    return [
        (FIELD_LABELS["name"], a.name, b.name, evidence["name"]),
        (FIELD_LABELS["kana"], a.kana, b.kana, evidence["kana"]),
        (FIELD_LABELS["birth_date"], born(a), born(b), evidence["birth_date"]),
        (FIELD_LABELS["sex"], a.get_sex_display(), b.get_sex_display(), evidence["sex"]),
        (FIELD_LABELS["address"], a.address, b.address, evidence["address"]),
        (FIELD_LABELS["phone"], phones(a), phones(b), evidence["phone"]),
        ("記録した機関", a.owner_agency.name, b.owner_agency.name, ""),
    ]


def _render_pair(request: HttpRequest, pair: Pair, form: MergeForm | None = None) -> HttpResponse:
    refused = may_merge(pair.viewer, pair.left, pair.right)
    if form is None and not refused:
        form = MergeForm(left=pair.left, right=pair.right)
    context = {"pair": pair, "fields": _fields(pair), "form": form, "refused": refused, "nav": "people"}
    return render(
        request, "casework/duplicates/pair.html", {**context, "percent": int(pair.scored.probability * 100)}
    )


@login_required
@require_GET
def pair_detail(request: HttpRequest, first_id: int, second_id: int) -> HttpResponse:
    return _render_pair(request, _pair(request, first_id, second_id))


@login_required
@require_POST
def pair_merge(request: HttpRequest, first_id: int, second_id: int) -> HttpResponse:
    pair = _pair(request, first_id, second_id)
    if may_merge(pair.viewer, pair.left, pair.right):
        raise PermissionDenied
    form = MergeForm(request.POST, left=pair.left, right=pair.right)
    if not form.is_valid():
        return _render_pair(request, pair, form)
    survivor, merged = (
        (pair.left, pair.right) if form.cleaned_data["keep"] == pair.left.pk else (pair.right, pair.left)
    )
    try:
        merge = merge_persons(
            pair.viewer,
            merged=merged,
            survivor=survivor,
            pair=pair.scored,
            note=form.cleaned_data["note"],
            actor=actor_of(request),
        )
    except MergeRefused as refused:
        messages.error(request, str(refused))
        return redirect("duplicates:pair", first_id, second_id)
    messages.success(
        request, f"{merged.name}さん（No.{merged.pk}）の記録を、No.{survivor.pk}の記録にまとめました。"
    )
    return redirect("duplicates:merge", merge.pk)


@login_required
@require_POST
def pair_different(request: HttpRequest, first_id: int, second_id: int) -> HttpResponse:
    pair = _pair(request, first_id, second_id)
    if not pair.may_judge():
        raise PermissionDenied
    mark_different(pair.viewer, pair.left, pair.right, actor=actor_of(request))
    messages.success(
        request,
        f"{pair.left.name}さんと{pair.right.name}さんを別の人として記録しました。候補には出なくなります。",
    )
    return redirect("duplicates:list")


@login_required
@require_POST
def pair_same_again(request: HttpRequest, first_id: int, second_id: int) -> HttpResponse:
    pair = _pair(request, first_id, second_id)
    if pair.mark is None:
        raise Http404
    if not pair.may_judge():
        raise PermissionDenied
    withdraw_different(pair.viewer, pair.mark, actor=actor_of(request))
    messages.success(request, "「別の人」の記録を取り消しました。同じ人の候補に再び出ます。")
    return redirect("duplicates:pair", first_id, second_id)


@login_required
@require_GET
def merge_detail(request: HttpRequest, merge_id: int) -> HttpResponse:
    merge, viewer = access_merge(request, merge_id)
    may_undo = viewer.can_edit(merge.merged.owner_agency_id) and viewer.can_edit(
        merge.survivor.owner_agency_id
    )
    context = {"merge": merge, "may_undo": may_undo and merge.undone_at is None, "nav": "people"}
    return render(request, "casework/duplicates/merge.html", context)


@login_required
@require_POST
def merge_undo(request: HttpRequest, merge_id: int) -> HttpResponse:
    merge, viewer = access_merge(request, merge_id)
    if not (
        viewer.can_edit(merge.merged.owner_agency_id) and viewer.can_edit(merge.survivor.owner_agency_id)
    ):
        raise PermissionDenied
    try:
        undo_merge(viewer, merge, actor=actor_of(request))
    except MergeRefused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(
            request,
            f"まとめを元に戻しました。{merge.merged.name}さん（No.{merge.merged_id}）の記録が戻りました。",
        )
    return redirect("duplicates:merge", merge.pk)
