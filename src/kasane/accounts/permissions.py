"""What a role may do: the one catalogue of permissions and the one place they are checked.

Roles are rows in the database (``Role.permissions`` holds codes from this catalogue), so a municipality can
add a role or change one without a code change. Each permission has a scope that says where a membership's
grant reaches: its own agency, every agency of its municipality, or the prefecture's backup-support work.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kasane.accounts.models import Membership, User
    from kasane.agencies.models import Agency
    from kasane.tenancy.models import Municipality, Prefecture


class Scope(Enum):
    AGENCY = "agency"
    MUNICIPALITY = "municipality"
    PREFECTURE = "prefecture"


@dataclass(frozen=True)
class Permission:
    code: str
    label: str
    scope: Scope
    personal_data: bool = False


CATALOGUE: tuple[Permission, ...] = (
    Permission("directory.view", "相談先ナビ・機関一覧を見る", Scope.MUNICIPALITY),
    Permission("agency.edit_own", "自機関の紹介情報を編集する", Scope.AGENCY),
    Permission("agency.edit_all", "市内すべての機関の紹介情報を編集する", Scope.MUNICIPALITY),
    # The register of social resources (kasane.resources) holds no personal data; directory.view reads it.
    Permission("resource.edit", "社会資源を登録・編集・取り込みする", Scope.MUNICIPALITY),
    # 地域づくり (kasane.community): places, attendance counts, coordination, the platform; no personal data.
    Permission(
        "community.edit", "地域づくり（居場所・コーディネート・ハブラボ）を記録する", Scope.MUNICIPALITY
    ),
    Permission("staff.manage_own", "自機関の職員アカウントを管理する", Scope.AGENCY),
    Permission("staff.manage_all", "市内すべての職員アカウントを管理する", Scope.MUNICIPALITY),
    Permission("audit.view", "監査ログを閲覧・出力する", Scope.MUNICIPALITY),
    Permission("case.view", "自機関の相談・ケースの個人情報を見る", Scope.AGENCY, personal_data=True),
    Permission("case.edit", "相談・ケースを記録する", Scope.AGENCY, personal_data=True),
    Permission("collaboration.coordinate", "多機関協働を担当する", Scope.MUNICIPALITY, personal_data=True),
    Permission("meeting.host", "支援会議を開催する", Scope.MUNICIPALITY, personal_data=True),
    # 開示: the one grant that looks across agencies, and only for a registered request (kasane.governance).
    Permission("disclosure.produce", "本人からの開示請求に対応する", Scope.MUNICIPALITY, personal_data=True),
    # Sets the 保存期間 and anonymises what passed it; sees counts only, never a name.
    Permission(
        "retention.manage", "記録の保存期間を設定し、期間を過ぎた記録を匿名化する", Scope.MUNICIPALITY
    ),
    # The municipality's side of backup support: its 自治体アセスメントシート and the counts it publishes.
    Permission(
        "readiness.edit", "自治体アセスメントシートを記入し、集計値を都道府県に公表する", Scope.MUNICIPALITY
    ),
    # The programme as counts (kasane.programme): never a name, so neither grant reaches personal data.
    Permission("programme.view_own", "自機関の事業の実施状況（件数）を見る", Scope.AGENCY),
    Permission("programme.view_all", "市全体の事業の実施状況（件数）を見る", Scope.MUNICIPALITY),
    # The 実施計画 and its 成果指標 (kasane.programme.models): definitions and counts, no personal data.
    Permission("programme.plan", "実施計画・成果指標を作成・編集する", Scope.MUNICIPALITY),
    Permission("prefecture.support", "後方支援（研修・アンケート・専門家派遣）を行う", Scope.PREFECTURE),
)
BY_CODE = {perm.code: perm for perm in CATALOGUE}
PERSONAL_DATA_CODES = frozenset(perm.code for perm in CATALOGUE if perm.personal_data)


class UnknownPermission(KeyError):
    pass


def get(code: str) -> Permission:
    try:
        return BY_CODE[code]
    except KeyError:
        raise UnknownPermission(code) from None


def memberships_of(user: User) -> list[Membership]:
    # Cached on the user object for the request: permission checks run many times per page.
    cached: list[Membership] | None = getattr(user, "_kasane_memberships", None)
    if cached is None:
        cached = list(
            user.memberships.filter(is_active=True).select_related(
                "role", "agency", "agency__municipality", "agency__prefecture"
            )
        )
        user._kasane_memberships = cached  # type: ignore[attr-defined]
    return cached


def forget_memberships(user: User) -> None:
    if hasattr(user, "_kasane_memberships"):
        del user._kasane_memberships
    # What the audit trail remembered from them (audit.trail.home_municipality).
    if hasattr(user, "_kasane_home_municipality"):
        del user._kasane_home_municipality


def has_perm(
    user: User | None,
    code: str,
    *,
    agency: Agency | None = None,
    municipality: Municipality | None = None,
) -> bool:
    """The single permission check. Pass the agency or municipality the action is about.

    With neither, answers whether the user holds the permission anywhere (for menus).
    """
    perm = get(code)
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    for membership in memberships_of(user):
        if code not in membership.role.permissions:
            continue
        if agency is None and municipality is None:
            return True
        if perm.scope is Scope.AGENCY:
            if agency is not None and membership.agency_id == agency.pk:
                return True
            if (
                agency is None
                and municipality is not None
                and membership.agency.municipality_id == municipality.pk
            ):
                return True
        elif perm.scope is Scope.MUNICIPALITY:
            target = municipality.pk if municipality is not None else agency.municipality_id  # type: ignore[union-attr]
            if target is not None and membership.agency.municipality_id == target:
                return True
        elif perm.scope is Scope.PREFECTURE:
            target_pref = (
                municipality.prefecture_id if municipality is not None else agency.prefecture_id  # type: ignore[union-attr]
            )
            if membership.agency.prefecture_id == target_pref:
                return True
    return False


def municipalities_of(user: User) -> list[Municipality]:
    """The municipalities whose work this user takes part in, in a stable order."""
    seen: dict[int, Municipality] = {}
    for membership in memberships_of(user):
        municipality = membership.agency.municipality
        if municipality is not None:
            seen.setdefault(municipality.pk, municipality)
    return sorted(seen.values(), key=lambda m: m.code)


def prefecture_of(user: User) -> Prefecture | None:
    """The prefecture whose backup support this user takes part in: the one of their agencies."""
    for membership in memberships_of(user):
        return membership.agency.prefecture
    return None


def supports_prefecture(user: User) -> bool:
    """Prefecture staff and the contractor's facilitators and experts (``prefecture.support``)."""
    return any("prefecture.support" in m.role.permissions for m in memberships_of(user))


def can_see_personal_data(user: User) -> bool:
    return any(set(m.role.permissions) & PERSONAL_DATA_CODES for m in memberships_of(user))


# Permissions that hand out or reset other people's access (accounts, roles, passwords, 2FA).
ACCESS_GRANTING_CODES = frozenset({"staff.manage_own", "staff.manage_all"})


def can_grant_access(user: User) -> bool:
    return any(set(m.role.permissions) & ACCESS_GRANTING_CODES for m in memberships_of(user))


def agencies_with_perm(user: User, code: str) -> list[Agency]:
    return [m.agency for m in memberships_of(user) if code in m.role.permissions]
