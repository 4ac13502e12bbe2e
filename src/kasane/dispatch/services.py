"""Every change to a dispatch: one transaction, one audit entry, the order of 003's steps enforced here.

The dispatch moves 依頼受付 → ヒアリング済 → 目標設定済 → ワークショップ実施 → 成果整理済 as its records are
made: the prefecture decides it first (000: 道と協議の上、決定), a hearing moves it on, the first agreed goal,
the first workshop held, and finally staff close it once every goal has its outcome. 取りやめ ends it early.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import transaction

from kasane import audit
from kasane.accounts.models import User
from kasane.audit.actor import Actor
from kasane.dispatch.access import is_prefecture_officer
from kasane.dispatch.deidentify import identifier_errors
from kasane.dispatch.models import (
    Dispatch,
    DispatchStatus,
    Expert,
    Goal,
    GoalAction,
    GoalOutcome,
    Hearing,
    WorksheetEntry,
    Workshop,
)
from kasane.dispatch.models.records import field_label
from kasane.lib.dates import today, wareki
from kasane.readiness import services as readiness_services

# 000 §5(3): 6市町村程度 a year.
YEARLY_TARGET = 6
NO_EXPERT = (
    "派遣する専門家が決まっていないため、「決定」にできません。"
    "「依頼の内容を修正する」で派遣する専門家を選んでから決定してください。"
)


class DispatchError(Exception):
    """A step out of order or a rule broken; the message is shown to the user as it is."""


def _user(*, actor: Actor) -> User:
    return actor.staff


def _log(action: str, dispatch: Dispatch, obj: Any = None, *, actor: Actor, **details: Any) -> None:
    audit.log(
        action,
        actor=actor,
        municipality=dispatch.municipality,
        obj=obj if obj is not None else dispatch,
        details={"dispatch": dispatch.pk, **details},
    )


def _advance(dispatch: Dispatch, status: str) -> bool:
    """Move forward to ``status`` if not there yet; never back."""
    if dispatch.has_reached(status):
        return False
    dispatch.status = status
    dispatch.save(update_fields=["status", "updated_at"])
    return True


def _require_open(dispatch: Dispatch) -> None:
    if dispatch.status == DispatchStatus.WITHDRAWN:
        raise DispatchError("取りやめた派遣は変更できません。")
    if dispatch.status == DispatchStatus.CONCLUDED:
        raise DispatchError("成果整理済の派遣は変更できません。")


def _not_after_today(day: dt.date | None, what: str) -> None:
    """A record of something done (held, agreed, decided) cannot be dated after today."""
    if day is not None and day > today():
        raise DispatchError(
            f"{what}に、今日（{wareki(today())}）より後の日付（{wareki(day)}）は入れられません。"
            "実施・決定したことは、その日以降に記録してください。"
        )


def count_for_year(prefecture_id: int, year: int) -> int:
    """Dispatches that count toward the year's 6 (取りやめ does not)."""
    return (
        Dispatch.objects.filter(prefecture_id=prefecture_id, fiscal_year=year)
        .exclude(status=DispatchStatus.WITHDRAWN)
        .count()
    )


# --- the dispatch itself ---------------------------------------------------------------------------------


def create_dispatch(dispatch: Dispatch, experts: Iterable[Expert], *, actor: Actor) -> Dispatch:
    if Dispatch.objects.filter(municipality=dispatch.municipality, fiscal_year=dispatch.fiscal_year).exists():
        raise DispatchError("この市町村のこの年度の派遣はすでに登録されています。")
    with transaction.atomic():
        dispatch.prefecture = actor.in_prefecture
        dispatch.status = DispatchStatus.RECEIVED
        dispatch.created_by = _user(actor=actor)
        dispatch.save()
        dispatch.experts.set(list(experts))
        _log("dispatch.created", dispatch, fiscal_year=dispatch.fiscal_year, actor=actor)
    return dispatch


def update_request(dispatch: Dispatch, experts: Iterable[Expert], *, actor: Actor) -> None:
    _require_open(dispatch)
    experts = list(experts)
    if dispatch.is_agreed and not experts:
        raise DispatchError("決定した派遣から、派遣する専門家をすべて外すことはできません。")
    with transaction.atomic():
        dispatch.save(update_fields=["requested_on", "requested_by", "request_text", "themes", "updated_at"])
        dispatch.experts.set(list(experts))
        _log("dispatch.updated", dispatch, actor=actor)


def decide(dispatch: Dispatch, *, on: dt.date, actor: Actor) -> None:
    """The prefecture's decision to send experts (道と協議の上、決定)."""
    user = _user(actor=actor)
    if not is_prefecture_officer(user):
        raise DispatchError("派遣の決定は、都道府県の担当者が記録します。")
    _require_open(dispatch)
    if dispatch.is_agreed:
        raise DispatchError("この派遣はすでに決定されています。")
    if not dispatch.experts.exists():
        raise DispatchError(NO_EXPERT)
    _not_after_today(on, "決定した日")
    with transaction.atomic():
        dispatch.agreed_on = on
        dispatch.agreed_by = user
        dispatch.save(update_fields=["agreed_on", "agreed_by", "updated_at"])
        _log("dispatch.decided", dispatch, actor=actor)


def withdraw(dispatch: Dispatch, *, reason: str, actor: Actor) -> None:
    _require_open(dispatch)
    if not reason.strip():
        raise DispatchError("取りやめの理由を入力してください。")
    with transaction.atomic():
        previous = dispatch.status
        dispatch.status = DispatchStatus.WITHDRAWN
        dispatch.withdrawn_reason = reason.strip()
        dispatch.save(update_fields=["status", "withdrawn_reason", "updated_at"])
        _log("dispatch.withdrawn", dispatch, previous=previous, actor=actor)


def conclude(dispatch: Dispatch, *, actor: Actor) -> None:
    """成果整理済: every goal has its outcome and a workshop has been held."""
    if dispatch.status != DispatchStatus.WORKSHOP_HELD:
        raise DispatchError("成果を確定できるのは、ワークショップを実施した後です。")
    goals = list(dispatch.goals.select_related("outcome"))
    missing = [g for g in goals if not hasattr(g, "outcome")]
    if not goals or missing:
        raise DispatchError("すべての目標の成果を整理してから確定してください。")
    with transaction.atomic():
        _advance(dispatch, DispatchStatus.CONCLUDED)
        _log("dispatch.concluded", dispatch, goals=len(goals), actor=actor)


# --- hearing ----------------------------------------------------------------------------------------------


def record_hearing(dispatch: Dispatch, hearing: Hearing, *, actor: Actor) -> Hearing:
    _require_open(dispatch)
    if not dispatch.is_agreed:
        raise DispatchError("ヒアリングは、道との協議で派遣を決定してから記録します。")
    _not_after_today(hearing.held_on, "ヒアリングの実施日")
    _refuse_identifiers({"きっかけとなったケース": hearing.trigger_case})
    with transaction.atomic():
        hearing.dispatch = dispatch
        hearing.recorded_by = _user(actor=actor)
        hearing.save()
        moved = _advance(dispatch, DispatchStatus.HEARD)
        _log(
            "dispatch.hearing_recorded", dispatch, hearing, method=hearing.method, advanced=moved, actor=actor
        )
    return hearing


def update_hearing(hearing: Hearing, *, actor: Actor) -> None:
    _require_open(hearing.dispatch)
    _not_after_today(hearing.held_on, "ヒアリングの実施日")
    _refuse_identifiers({"きっかけとなったケース": hearing.trigger_case})
    with transaction.atomic():
        hearing.save()
        _log("dispatch.hearing_updated", hearing.dispatch, hearing, actor=actor)


# --- goals and actions ------------------------------------------------------------------------------------


def add_goal(dispatch: Dispatch, goal: Goal, *, actor: Actor) -> Goal:
    _require_open(dispatch)
    if not dispatch.has_reached(DispatchStatus.HEARD):
        raise DispatchError(
            "目標は、ヒアリングで現状を聞いてから市町村と決めます。先にヒアリングを記録してください。"
        )
    _not_after_today(goal.agreed_on, "市町村と合意した日")
    with transaction.atomic():
        goal.dispatch = dispatch
        goal.order = dispatch.goals.count() + 1
        goal.save()
        moved = _advance(dispatch, DispatchStatus.GOALS_SET)
        _log("dispatch.goal_added", dispatch, goal, item=goal.readiness_item, advanced=moved, actor=actor)
    return goal


def update_goal(goal: Goal, *, actor: Actor) -> None:
    _require_open(goal.dispatch)
    _not_after_today(goal.agreed_on, "市町村と合意した日")
    with transaction.atomic():
        goal.save(update_fields=["text", "readiness_item", "agreed_on"])
        _log("dispatch.goal_updated", goal.dispatch, goal, item=goal.readiness_item, actor=actor)


def add_action(goal: Goal, action: GoalAction, *, actor: Actor) -> GoalAction:
    _require_open(goal.dispatch)
    with transaction.atomic():
        action.goal = goal
        action.save()
        _log("dispatch.action_added", goal.dispatch, action, goal=goal.pk, actor=actor)
    return action


def mark_action_done(action: GoalAction, *, on: dt.date, actor: Actor) -> None:
    dispatch = action.goal.dispatch
    _require_open(dispatch)
    if action.done_on is not None:
        raise DispatchError("この取り組みはすでに実施済みです。")
    _not_after_today(on, "実施した日")
    with transaction.atomic():
        action.done_on = on
        action.save(update_fields=["done_on"])
        _log("dispatch.action_done", dispatch, action, goal=action.goal_id, actor=actor)


# --- workshops and worksheets -----------------------------------------------------------------------------


def record_workshop(
    dispatch: Dispatch, workshop: Workshop, experts: Iterable[Expert], *, actor: Actor
) -> Workshop:
    """A workshop planned (予定: dated after today, nothing about how it went) or held. Only one that has
    taken place moves the dispatch on."""
    _require_open(dispatch)
    if not dispatch.has_reached(DispatchStatus.GOALS_SET):
        raise DispatchError(
            "ワークショップは、今年度末の目標を市町村と決めてから開きます。先に目標を登録してください。"
        )
    _refuse_results_before_the_day(workshop)
    with transaction.atomic():
        workshop.dispatch = dispatch
        workshop.save()
        workshop.experts.set(list(experts))
        moved = workshop.is_held(today()) and _advance(dispatch, DispatchStatus.WORKSHOP_HELD)
        _log(
            "dispatch.workshop_recorded",
            dispatch,
            workshop,
            participants=workshop.participant_total,
            advanced=moved,
            actor=actor,
        )
    return workshop


def update_workshop(workshop: Workshop, experts: Iterable[Expert], *, actor: Actor) -> None:
    """Correct a workshop. Moved after today (postponed), it is 予定 again: refused while it has worksheets, and
    when it was the dispatch's only held workshop the dispatch goes back to 目標設定済 (refused once an
    outcome stands on it)."""
    dispatch = workshop.dispatch
    _require_open(dispatch)
    _refuse_results_before_the_day(workshop)
    back = False
    if not workshop.is_held(today()):
        if workshop.worksheets.exists():
            raise DispatchError(
                "ワークシートが入力されているため、開催日を今日より後に変更できません。"
                "延期したときは、新しい日程のワークショップを別に登録してください。"
            )
        others = dispatch.workshops.exclude(pk=workshop.pk).filter(held_on__lte=today())
        back = dispatch.status == DispatchStatus.WORKSHOP_HELD and not others.exists()
        if back and GoalOutcome.objects.filter(goal__dispatch=dispatch).exists():
            raise DispatchError(
                "このワークショップをもとに成果が整理されているため、開催日を今日より後に変更できません。"
            )
    with transaction.atomic():
        workshop.save()
        workshop.experts.set(list(experts))
        if back:
            dispatch.status = DispatchStatus.GOALS_SET
            dispatch.save(update_fields=["status", "updated_at"])
        moved = workshop.is_held(today()) and _advance(dispatch, DispatchStatus.WORKSHOP_HELD)
        _log(
            "dispatch.workshop_updated",
            dispatch,
            workshop,
            participants=workshop.participant_total,
            advanced=moved,
            back_to_goals=back,
            actor=actor,
        )


def _refuse_results_before_the_day(workshop: Workshop) -> None:
    if not workshop.is_held(today()) and workshop.has_results:
        raise DispatchError(
            f"開催日（{wareki(workshop.held_on)}）より前のため、参加者数と振り返りは入力できません。"
            "予定として登録し（人数は0のまま）、開催日以降に入力してください。"
        )


def _refuse_identifiers(texts: dict[str, str]) -> None:
    for label, text in texts.items():
        errors = identifier_errors(text)
        if errors:
            raise DispatchError(f"{label}：{errors[0]}")


def save_worksheet(workshop: Workshop, entry: WorksheetEntry, *, actor: Actor) -> WorksheetEntry:
    """Add or correct one worksheet. Refused when any field carries an identifier, whatever the form said."""
    dispatch = workshop.dispatch
    _require_open(dispatch)
    if not workshop.is_held(today()):
        raise DispatchError("ワークシートは、ワークショップの開催日以降に入力します。")
    _refuse_identifiers(
        {field_label(WorksheetEntry, n): getattr(entry, n) for n in WorksheetEntry.TEXT_FIELDS}
    )
    created = entry.pk is None
    with transaction.atomic():
        entry.workshop = workshop
        entry.save()
        _log(
            "dispatch.worksheet_added" if created else "dispatch.worksheet_updated",
            dispatch,
            entry,
            workshop=workshop.pk,
            actor=actor,
        )
    return entry


# --- outcome ----------------------------------------------------------------------------------------------


def record_outcome(
    goal: Goal,
    outcome: GoalOutcome,
    *,
    new_stage: int | None = None,
    tools_used: list[str] | None = None,
    actor: Actor,
) -> GoalOutcome:
    """The outcome of one goal. With ``new_stage``, the municipality's readiness for the goal's item is rated
    anew on the outcome's evidence (readiness keeps every rating; the newest is the current state)."""
    dispatch = goal.dispatch
    _require_open(dispatch)
    held = dispatch.workshops.filter(held_on__lte=today()).exists()
    if not dispatch.has_reached(DispatchStatus.WORKSHOP_HELD) or not held:
        raise DispatchError("成果は、ワークショップを実施した後に整理します。")
    _not_after_today(outcome.recorded_on, "成果を整理した日")
    user = _user(actor=actor)
    with transaction.atomic():
        outcome.goal = goal
        outcome.recorded_by = user
        if new_stage is not None:
            outcome.rating = readiness_services.rate(
                dispatch.municipality,
                user,
                item=goal.readiness_item,
                stage=new_stage,
                evidence=outcome.evidence,
                tools_used=list(tools_used or []),
                rated_on=outcome.recorded_on,
                actor=actor,
            )
        outcome.save()
        _log(
            "dispatch.outcome_recorded",
            dispatch,
            goal,
            achievement=outcome.achievement,
            rated=new_stage is not None,
            actor=actor,
        )
    return outcome
