"""Whose staff records the current user may manage: the agencies, the roles they may grant, and the guards
that answer 404 for anyone outside them."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse

from kasane.accounts import permissions
from kasane.accounts.models import Membership, Role, User
from kasane.agencies.models import Agency

View = Callable[..., HttpResponse]


def manageable_agencies(request: HttpRequest) -> QuerySet[Agency]:
    """The agencies whose staff the current user may manage, within the current municipality."""
    user: User = request.user  # type: ignore[assignment]
    municipality = getattr(request, "municipality", None)
    if municipality is None:
        return Agency.objects.none()
    in_municipality = Agency.objects.in_municipality(municipality)
    if permissions.has_perm(user, "staff.manage_all", municipality=municipality):
        return in_municipality
    own = [a.pk for a in permissions.agencies_with_perm(user, "staff.manage_own")]
    return in_municipality.filter(pk__in=own)


def grantable_roles(request: HttpRequest) -> QuerySet[Role]:
    """Roles the current user may hand out. Nobody grants more reach than they hold: an agency's
    administrator may give only roles that stay inside one agency (and the directory, which every staff
    member reads), and never one that itself manages accounts: a second administrator account in the same
    hands would defeat the rule that two administrators share a reset (a temporary password and clearing
    2FA); the municipal administrator names an agency's administrators. A municipal administrator may give
    any role but the prefecture's."""
    user: User = request.user  # type: ignore[assignment]
    municipality = getattr(request, "municipality", None)
    if municipality is not None and permissions.has_perm(user, "staff.manage_all", municipality=municipality):
        allowed_scopes = {permissions.Scope.AGENCY, permissions.Scope.MUNICIPALITY}
        shared: set[str] = set()
        withheld: frozenset[str] = frozenset()
    else:
        allowed_scopes = {permissions.Scope.AGENCY}
        shared = {"directory.view"}
        withheld = permissions.ACCESS_GRANTING_CODES
    ids = [
        role.pk
        for role in Role.objects.all()
        if not withheld & set(role.permissions)
        and all(code in shared or permissions.get(code).scope in allowed_scopes for code in role.permissions)
    ]
    return Role.objects.filter(pk__in=ids)


def staff_manager_required(view: View) -> View:
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not manageable_agencies(request).exists():
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def access_staff(request: HttpRequest, user_id: int, *, changing: bool = False) -> User:
    """A staff member the current user may manage; 404 for anyone else, so existence is not revealed.

    Only current memberships count: an agency keeps no hold on someone who has moved to another, and to change
    an account (roles, password, 2FA, lock) the manager must manage every agency where it is active, since a
    reset hands over all of its reach: a 相談員 of two agencies is reset by the municipal administrator, as is
    any account that itself manages accounts (``may_change``).
    Someone with no current membership anywhere stays with the agencies they belonged to, to be taken back.

    With ``changing``, administrators cannot act on their own account here (no self-granted roles);
    they change their own password and 2FA from their profile."""
    if changing and user_id == request.user.pk:
        raise PermissionDenied
    manageable = set(manageable_agencies(request).values_list("pk", flat=True))
    user = User.objects.filter(pk=user_id, memberships__agency__in=manageable).distinct().first()
    if user is None:
        raise Http404
    active = list(Membership.objects.filter(user=user, is_active=True).select_related("role"))
    agencies = {m.agency_id for m in active}
    gone_elsewhere = bool(agencies) and not agencies & manageable
    if gone_elsewhere or (changing and not may_change(request, active, manageable)):
        raise Http404
    return user


def may_change(request: HttpRequest, active: list[Membership], manageable: set[int]) -> bool:
    """Whether the current user may change an account with these current memberships: they manage every
    agency where it is active, and, unless they hold ``staff.manage_all``, it grants no access itself (an
    agency administrator who could reset another administrator would hold a second administrator account)."""
    if any(m.agency_id not in manageable for m in active):
        return False
    municipality = getattr(request, "municipality", None)
    user: User = request.user  # type: ignore[assignment]
    if municipality is not None and permissions.has_perm(user, "staff.manage_all", municipality=municipality):
        return True
    return not any(set(m.role.permissions) & permissions.ACCESS_GRANTING_CODES for m in active)


def access_membership(request: HttpRequest, membership_id: int) -> Membership:
    membership = (
        Membership.objects.select_related("user", "agency", "role")
        .filter(pk=membership_id, agency__in=manageable_agencies(request))
        .first()
    )
    if membership is None:
        raise Http404
    if membership.user_id == request.user.pk:
        raise PermissionDenied
    return membership
