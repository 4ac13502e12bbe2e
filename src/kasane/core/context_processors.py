from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from kasane.accounts import permissions


def kasane(request: HttpRequest) -> dict[str, Any]:
    user = request.user
    if not user.is_authenticated:
        return {}
    municipality = getattr(request, "municipality", None)
    return {
        "current_municipality": municipality,
        "can_view_audit": permissions.has_perm(user, "audit.view", municipality=municipality)
        if municipality
        else False,
        "can_casework": permissions.has_perm(user, "case.view", municipality=municipality)
        if municipality
        else False,
        "can_manage_staff": permissions.has_perm(user, "staff.manage_all")
        or permissions.has_perm(user, "staff.manage_own"),
        # 後方支援: the prefecture's staff and contractor, and every staff member of the prefecture taking part
        "can_support": permissions.supports_prefecture(user),
        "in_prefecture": permissions.prefecture_of(user) is not None,
        # The hub (dispatch:hub): support staff, and a municipality's programme staff for their own needs
        "can_use_hub": permissions.supports_prefecture(user) or permissions.has_perm(user, "readiness.edit"),
        # 事業の実施状況 (kasane.programme): counts for those who run the programme
        "can_programme": municipality is not None
        and any(
            permissions.has_perm(user, code, municipality=municipality)
            for code in ("programme.view_all", "programme.view_own")
        ),
        # 開示 and retention (kasane.governance)
        "can_govern": municipality is not None
        and any(
            permissions.has_perm(user, code, municipality=municipality)
            for code in ("disclosure.produce", "retention.manage")
        ),
    }
