"""Changes to the places of 地域づくり and their days: each one transaction with one audit entry.

A place is an activity of the register (kasane.resources) kept for 地域づくり: registering one never changes
the activity itself, and removing one leaves the activity in the register. A day's record holds counts, never
names. The rules a day's record meets are written once (``gathering_problems``): the form shows them at the
field they concern, and ``save_gathering`` refuses whatever reaches it another way."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from kasane import audit
from kasane.audit.actor import Actor
from kasane.community.models import AGE_BANDS, ATTENDEE_CATEGORIES, Audience, Gathering, Generation, Place
from kasane.community.rules import CommunityError, require_editor, require_own
from kasane.lib.dates import today, wareki
from kasane.resources.models import Service, Status


@dataclass(frozen=True)
class Problem:
    """A rule a day's record breaks: the form field it concerns and the message staff read."""

    field: str
    message: str
    duplicate: Gathering | None = None  # the day's record that already exists


def gathering_problems(place: Place, gathering: Gathering) -> list[Problem]:
    """What is wrong with ``gathering`` as a record of ``place``: nothing, or every rule it breaks."""
    problems: list[Problem] = []
    day = gathering.held_on
    if day is not None:
        if day > today():
            problems.append(Problem("held_on", "開催日に今日より後の日付は入力できません。"))
        if place.started_on and day < place.started_on:
            problems.append(
                Problem("held_on", f"開催日が活動開始日（{wareki(place.started_on)}）より前です。")
            )
        same_day = Gathering.objects.filter(place_id=place.pk, held_on=day).exclude(pk=gathering.pk).first()
        if same_day is not None:
            problems.append(Problem("held_on", "この日の開催記録はすでにあります。", duplicate=same_day))
    attendance = sum(getattr(gathering, field) or 0 for field, _ in AGE_BANDS)
    for field, label in ATTENDEE_CATEGORIES:
        if (getattr(gathering, field) or 0) > attendance:
            problems.append(Problem(field, f"「{label}」の人数が参加者数（{attendance}人）を超えています。"))
    if attendance == 0 and not gathering.note.strip():
        problems.append(
            Problem("note", "参加者が0人の日（中止・休みなど）は、メモにその理由を書いてください。")
        )
    return problems


def _known(codes: list[str], allowed: list[str]) -> list[str]:
    """The codes in the order of their choices, each once, unknown ones dropped."""
    return [code for code in allowed if code in codes]


@transaction.atomic
def save_place(place: Place, *, changed: list[str], actor: Actor) -> Place:
    """Register an activity of the register as a place of 地域づくり, or change whom it means to reach."""
    municipality = require_editor(actor)
    creating = place.pk is None
    stored_service_id = None
    if not creating:
        stored = Place.objects.filter(pk=place.pk).values_list("municipality_id", "service_id").first()
        require_own(stored[0] if stored else None, municipality)
        stored_service_id = stored[1] if stored else None
    if creating or place.service_id != stored_service_id:
        _check_service(place, municipality.pk)
    if not creating and place.started_on and place.gatherings.filter(held_on__lt=place.started_on).exists():
        raise CommunityError(
            f"活動開始日（{wareki(place.started_on)}）より前の開催記録があります。開始日を確かめてください。"
        )
    place.municipality = municipality
    place.generations = _known(list(place.generations or []), list(Generation.values))
    place.audiences = _known(list(place.audiences or []), list(Audience.values))
    if creating:
        place.created_by = actor.user
    place.save()
    audit.log(
        "community.place_saved",
        actor=actor,
        obj=place,
        details={"created": creating, "changed": sorted(changed), "service": place.service_id},
    )
    return place


def _check_service(place: Place, municipality_id: int) -> None:
    service = Service.objects.select_for_update().filter(pk=place.service_id).first()
    if service is None or service.municipality_id != municipality_id:
        raise CommunityError("他の市町村の社会資源は居場所として登録できません。")
    if service.status != Status.ACTIVE:
        raise CommunityError(
            f"「{service.name}」は{service.get_status_display()}です。実施中の社会資源だけを居場所として登録できます。"
        )
    if Place.objects.filter(service_id=service.pk).exclude(pk=place.pk).exists():
        raise CommunityError(f"「{service.name}」はすでに居場所として登録されています。")


@transaction.atomic
def remove_place(place: Place, *, actor: Actor) -> None:
    """Stop keeping an activity as a place of 地域づくり; the activity stays in the register."""
    municipality = require_editor(actor)
    require_own(place.municipality_id, municipality)
    if place.gatherings.exists():
        raise CommunityError(
            "開催記録がある居場所は登録を解除できません。活動をやめたときは、社会資源の状況を「休止中」または"
            "「終了」に変えてください。"
        )
    audit.log("community.place_removed", actor=actor, obj=place, details={"service": place.service_id})
    place.delete()


@transaction.atomic
def save_gathering(place: Place, gathering: Gathering, *, actor: Actor) -> Gathering:
    """Record one day of a place, or correct it."""
    municipality = require_editor(actor)
    require_own(place.municipality_id, municipality)
    creating = gathering.pk is None
    if not creating and gathering.place_id != place.pk:
        raise CommunityError("別の居場所の開催記録は変更できません。")
    problems = gathering_problems(place, gathering)
    if problems:
        raise CommunityError(problems[0].message)
    gathering.place = place
    if creating:
        gathering.recorded_by = actor.user
    gathering.save()
    audit.log(
        "community.gathering_saved",
        actor=actor,
        obj=gathering,
        details={
            "created": creating,
            "place": place.pk,
            "held_on": gathering.held_on.isoformat(),
            "attendance": gathering.attendance,
            "helpers": gathering.helpers,
        },
    )
    return gathering


@transaction.atomic
def delete_gathering(gathering: Gathering, *, actor: Actor) -> None:
    municipality = require_editor(actor)
    place = Place.objects.get(pk=gathering.place_id)
    require_own(place.municipality_id, municipality)
    audit.log(
        "community.gathering_deleted",
        actor=actor,
        obj=gathering,
        details={
            "place": place.pk,
            "held_on": gathering.held_on.isoformat(),
            "attendance": gathering.attendance,
        },
    )
    gathering.delete()
