"""資源開拓: pursuing a missing resource until it enters the register. No personal data: every staff member of
the municipality reads the list (the 全体推進会議 sees it), staff who record cases change it."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Count, Max, QuerySet

from kasane import audit
from kasane.accounts import permissions
from kasane.accounts.models import User
from kasane.audit.actor import Actor
from kasane.lib.dates import today
from kasane.meetings.models import ResourceGap
from kasane.meetings.vocabulary import GapStatus
from kasane.participation.models import Approach, Development, DevelopmentStatus
from kasane.participation.rules import ParticipationError
from kasane.resources.models import Service
from kasane.tenancy.models import Municipality


def developments_in(municipality: Municipality) -> QuerySet[Development]:
    return (
        Development.objects.filter(municipality=municipality)
        .select_related("agency", "gap", "result")
        .annotate(approach_count=Count("approaches"), last_approach_on=Max("approaches__on"))
    )


def gaps_not_pursued(municipality: Municipality) -> QuerySet[ResourceGap]:
    """不足している社会資源 raised in meetings, still open there, that no 資源開拓 has taken up yet."""
    taken = Development.objects.filter(gap__isnull=False).values("gap_id")
    return (
        ResourceGap.objects.filter(municipality=municipality, status__in=OPEN_GAP_STATUSES)
        .exclude(pk__in=taken)
        .select_related("raised_by_agency")
        .order_by("-raised_on", "-pk")
    )


OPEN_GAP_STATUSES = (GapStatus.RAISED, GapStatus.CONSIDERING, GapStatus.DEVELOPING)


def editable_agency_ids(user: User, municipality: Municipality) -> list[int]:
    return sorted(
        a.pk
        for a in permissions.agencies_with_perm(user, "case.edit")
        if a.municipality_id == municipality.pk
    )


def _require_editor(development: Development, actor: Actor) -> None:
    if development.agency_id not in editable_agency_ids(actor.staff, development.municipality):
        raise ParticipationError("資源開拓の記録は、担当機関の職員が行います。")


def _not_future(on: dt.date, what: str) -> None:
    if on > today():
        raise ParticipationError(f"{what}に未来の日付は入れられません。")


def open_development(development: Development, *, actor: Actor) -> Development:
    municipality = actor.municipality
    assert municipality is not None
    development.municipality = municipality
    _require_editor(development, actor)
    _not_future(development.opened_on, "開始日")
    gap: ResourceGap | None = development.gap
    if gap is not None and gap.municipality_id != municipality.pk:
        raise ParticipationError("この市町村の会議で提起された不足資源を選んでください。")
    with transaction.atomic():
        development.save()
        audit.log("development.opened", actor=actor, obj=development, details={"gap": development.gap_id})
    return development


def add_approach(development: Development, approach: Approach, *, actor: Actor) -> Approach:
    _require_editor(development, actor)
    _not_future(approach.on, "日付")
    if development.status != DevelopmentStatus.OPEN:
        raise ParticipationError("終わった資源開拓です。")
    if approach.on < development.opened_on:
        raise ParticipationError("働きかけの日付は開始日より前にできません。")
    with transaction.atomic():
        approach.development = development
        approach.author, approach.author_name = actor.staff, actor.staff.full_name
        approach.save()
        audit.log(
            "development.approached", actor=actor, obj=approach, details={"development": development.pk}
        )
    return approach


def close_development(
    development: Development,
    status: str,
    on: dt.date,
    note: str,
    result: Service | None,
    *,
    actor: Actor,
) -> Development:
    """Ends the effort: a new resource in the register (which must be named), or set aside with a reason."""
    _require_editor(development, actor)
    _not_future(on, "完了日")
    if development.status != DevelopmentStatus.OPEN:
        raise ParticipationError("この資源開拓はすでに終わっています。")
    if on < development.opened_on:
        raise ParticipationError("完了日は開始日より前にできません。")
    if status == DevelopmentStatus.SUCCEEDED:
        if result is None or result.municipality_id != development.municipality_id:
            raise ParticipationError("できた資源を、社会資源の一覧から選んでください（先に登録します）。")
    elif status == DevelopmentStatus.DROPPED:
        if not note.strip():
            raise ParticipationError("見送る理由を書いてください。")
        result = None
    else:
        raise ParticipationError("結果を選んでください。")
    with transaction.atomic():
        development.status, development.closed_on = status, on
        development.close_note, development.result = note.strip(), result
        development.save(update_fields=["status", "closed_on", "close_note", "result", "updated_at"])
        audit.log("development.closed", actor=actor, obj=development, details={"status": status})
    return development
