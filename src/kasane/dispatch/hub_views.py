"""The hub (003's conclusion): for a municipality's stated need, the experts, the practices and the peer
municipalities that match, each with the reason in plain Japanese.

Support staff look for any municipality of their prefecture. A municipality's programme staff (readiness.edit)
look for their own municipality only: the stated need reads its own request, ratings and sheets, and the
candidates are described by what every participant may already see (the prefecture's experts by name and
field, the library of practices, and what peers publish). Another municipality's need answers 404.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from kasane.dispatch import hub_search, matching
from kasane.dispatch.library_forms import HubForm
from kasane.readiness.access import can_edit_readiness, own_municipalities, participant_required
from kasane.tenancy.models import Municipality


@participant_required
@require_GET
def hub_page(request: HttpRequest) -> HttpResponse:
    prefecture = request.prefecture  # type: ignore[attr-defined]
    support = request.support_staff  # type: ignore[attr-defined]
    allowed = _allowed(request)
    params = request.GET.copy()
    if not support and not params.get("municipality"):
        params["municipality"] = str(allowed.first().pk)  # type: ignore[union-attr]
    asked = params.get("municipality", "")
    if asked and not allowed.filter(pk=_pk(str(asked))).exists():
        raise Http404
    municipalities = list(
        Municipality.objects.filter(prefecture=prefecture)
        .select_related("profile__region", "profile__block")
        .order_by("code")
    )
    form = HubForm(params or None, municipalities=allowed)
    context: dict[str, Any] = {"form": form, "nav": "hub", "support": support, "points": _points()}
    if params and form.is_valid():
        context.update(
            hub_search.search(prefecture, municipalities, form, params, choices=allowed, support=support)
        )
    return render(request, "dispatch/hub.html", context)


def _allowed(request: HttpRequest) -> QuerySet[Municipality]:
    """The municipalities this user may look for: all of the prefecture's, or their own they run."""
    prefecture = request.prefecture  # type: ignore[attr-defined]
    everyone = Municipality.objects.filter(prefecture=prefecture).order_by("code")
    if request.support_staff:  # type: ignore[attr-defined]
        return everyone
    own = [m.pk for m in own_municipalities(request) if can_edit_readiness(request, m)]
    if not own:
        raise PermissionDenied
    return everyone.filter(pk__in=own)


def _pk(value: str) -> int:
    return int(value) if value.isdigit() else 0


def _points() -> list[tuple[str, str]]:
    """How 一致度 is counted, from the same constants the matching uses."""
    m = matching
    return [
        ("テーマ（必要としていること）が一致", f"1つにつき{m.THEME_POINTS}点"),
        ("人口規模", f"同じ規模{m.SAME_SIZE_POINTS}点、隣の規模{m.NEAR_SIZE_POINTS}点"),
        ("入力したことばが説明・経歴にある", f"1語{m.WORD_POINTS}点（最大{m.MAX_WORD_POINTS}点）"),
        ("市町村：体制整備の段階が相談元より進んでいる項目", f"1項目{m.STAGE_POINTS}点"),
        (
            "市町村：事業の実施状況",
            f"実施中{m.IMPLEMENTING_POINTS}点、移行準備事業{m.PREPARING_POINTS}点",
        ),
        ("市町村：公開シートに必要な機能の現状がある", f"1機能{m.SHEET_POINTS}点"),
        (
            "市町村：近さ",
            f"同じ振興局など{m.SAME_REGION_POINTS}点、同じブロック{m.SAME_BLOCK_POINTS}点（近さだけでは提案しません）",
        ),
    ]
