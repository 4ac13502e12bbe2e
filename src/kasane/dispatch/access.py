"""Who sees which dispatch. Built on readiness.access, the one set of rules for backup support:

- support staff (prefecture.support) see and record every dispatch of their prefecture;
- a municipality's own staff see that municipality's dispatch, read only, without the hearing notes (the
  prefecture's working notes about them) — goals, actions, workshops and the outcome;
- nobody else learns that a dispatch exists: another prefecture's, or another municipality's, answers 404.

Deciding a dispatch (000: 道と協議の上、決定) is the prefecture's own act: only support staff who work in a
prefectural division (an agency of kind 都道府県の課) record it, not the contractor.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeVar

from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest

from kasane.accounts import permissions
from kasane.accounts.models import User
from kasane.agencies.models import AgencyKind
from kasane.dispatch.models import Dispatch, Goal, GoalAction, Hearing, WorksheetEntry, Workshop
from kasane.readiness.access import own_municipalities
from kasane.tenancy.models import Prefecture

_Part = TypeVar("_Part", bound=Model)


@dataclass(frozen=True)
class DispatchViewer:
    user: User
    prefecture: Prefecture
    is_support: bool
    municipality_ids: frozenset[int]

    @classmethod
    def of(cls, request: HttpRequest) -> DispatchViewer:
        user = request.user
        assert isinstance(user, User)
        return cls(
            user=user,
            prefecture=request.prefecture,  # type: ignore[attr-defined]
            is_support=bool(getattr(request, "support_staff", False)),
            municipality_ids=frozenset(m.pk for m in own_municipalities(request)),
        )

    @property
    def can_decide(self) -> bool:
        return self.is_support and is_prefecture_officer(self.user)


def is_prefecture_officer(user: User) -> bool:
    """Support staff of the prefecture's own divisions (not its contractor)."""
    return any(
        "prefecture.support" in m.role.permissions and m.agency.kind == AgencyKind.PREFECTURE
        for m in permissions.memberships_of(user)
    )


def visible_dispatches(viewer: DispatchViewer) -> QuerySet[Dispatch]:
    dispatches = Dispatch.objects.filter(prefecture=viewer.prefecture)
    if not viewer.is_support:
        dispatches = dispatches.filter(municipality_id__in=viewer.municipality_ids)
    return dispatches


def access_dispatch(viewer: DispatchViewer, dispatch_id: int) -> Dispatch:
    dispatch = (
        visible_dispatches(viewer)
        .select_related("municipality", "municipality__profile", "agreed_by", "created_by")
        .filter(pk=dispatch_id)
        .first()
    )
    if dispatch is None:
        raise Http404
    return dispatch


def prefecture_dispatches(request: HttpRequest) -> QuerySet[Dispatch]:
    """For support staff's record pages (the decorator has set request.prefecture)."""
    return Dispatch.objects.filter(prefecture=request.prefecture)  # type: ignore[attr-defined]


def dispatch_for_support(request: HttpRequest, dispatch_id: int) -> Dispatch:
    dispatch = prefecture_dispatches(request).select_related("municipality").filter(pk=dispatch_id).first()
    if dispatch is None:
        raise Http404
    return dispatch


def _part(request: HttpRequest, model: type[_Part], pk: int, dispatch_path: str) -> _Part:
    """A part of a dispatch (hearing, goal, action, workshop, worksheet) of the user's prefecture, or 404."""
    found = (
        model._default_manager.filter(**{f"{dispatch_path}__prefecture": request.prefecture})  # type: ignore[attr-defined]
        .select_related(f"{dispatch_path}__municipality")
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise Http404
    return found


def hearing_for_support(request: HttpRequest, hearing_id: int) -> Hearing:
    return _part(request, Hearing, hearing_id, "dispatch")


def goal_for_support(request: HttpRequest, goal_id: int) -> Goal:
    return _part(request, Goal, goal_id, "dispatch")


def action_for_support(request: HttpRequest, action_id: int) -> GoalAction:
    return _part(request, GoalAction, action_id, "goal__dispatch")


def workshop_for_support(request: HttpRequest, workshop_id: int) -> Workshop:
    return _part(request, Workshop, workshop_id, "dispatch")


def worksheet_for_support(request: HttpRequest, entry_id: int) -> WorksheetEntry:
    return _part(request, WorksheetEntry, entry_id, "workshop__dispatch")
