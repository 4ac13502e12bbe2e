"""Demo: experts, the library of 先進事例, and ten dispatches (six finished last 年度, four under way now),
made through the same services staff use, so the steps, the audit trail and the readiness ratings they
move are what a real year leaves behind. Runs after readiness.demo, whose municipalities it looks up by name.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from kasane.accounts.models import User
from kasane.audit.actor import Actor
from kasane.demo.prefecture.dispatch_current import CURRENT_YEAR
from kasane.demo.prefecture.dispatch_data import EXPERTS, PRACTICES
from kasane.demo.prefecture.dispatch_previous import PREVIOUS_YEAR
from kasane.demo.prefecture.dispatch_worksheets import PROGRAMME
from kasane.dispatch import library_services, services
from kasane.dispatch.models import (
    PARTICIPANT_KINDS,
    Dispatch,
    Expert,
    Goal,
    GoalAction,
    GoalOutcome,
    Hearing,
    Practice,
    WorksheetEntry,
    Workshop,
)
from kasane.lib.dates import fiscal_year, fiscal_year_bounds
from kasane.readiness.models import ReadinessRating
from kasane.readiness.themes import Stage
from kasane.tenancy.models import Municipality, Prefecture

if TYPE_CHECKING:
    from kasane.demo.prefecture.staff import BackupStaff

DateSpec = Any  # (month, day) inside the 年度, or a day offset from today


def _actor(user: User, prefecture: Prefecture) -> Actor:
    """The demo acts as the prefecture's staff do, through the same services as their pages."""
    return Actor(user=user, prefecture=prefecture)


def load(prefecture: Prefecture, today: dt.date, staff: BackupStaff) -> None:
    officer = _actor(staff.prefecture, prefecture)
    facilitator = _actor(staff.facilitators[0] if staff.facilitators else staff.prefecture, prefecture)
    experts = _experts(facilitator, staff)
    _practices(officer, prefecture)
    municipalities = {m.name: m for m in Municipality.objects.filter(prefecture=prefecture)}
    year = fiscal_year(today)
    for spec in PREVIOUS_YEAR:
        if spec["municipality"] in municipalities:
            _dispatch(
                spec, municipalities[spec["municipality"]], year - 1, today, experts, officer, facilitator
            )
    for spec in CURRENT_YEAR:
        if spec["municipality"] in municipalities:
            _dispatch(spec, municipalities[spec["municipality"]], year, today, experts, officer, facilitator)


def _experts(actor: Actor, staff: BackupStaff) -> list[Expert]:
    made = []
    for spec in EXPERTS:
        expert = Expert(
            name=spec["name"],
            name_kana=spec["name_kana"],
            affiliation=spec["affiliation"],
            title=spec["title"],
            themes=[str(t) for t in spec["themes"]],
            population_bands=list(spec["bands"]),
            bio=spec["bio"],
            contact=spec["contact"],
            user=staff.facilitators[0] if spec.get("linked") and staff.facilitators else None,
        )
        made.append(library_services.save_expert(expert, actor=actor))
    return made


def _practices(actor: Actor, prefecture: Prefecture) -> None:
    for spec in PRACTICES:
        municipality = None
        if spec["prefecture"] == prefecture.name:
            municipality = Municipality.objects.filter(
                prefecture=prefecture, name=spec["municipality"]
            ).first()
        practice = Practice(
            title=spec["title"],
            municipality_name=spec["municipality"],
            prefecture_name=spec["prefecture"],
            municipality=municipality,
            population=spec["population"],
            themes=[str(t) for t in spec["themes"]],
            summary=spec["summary"],
            activities=spec["activities"],
            results=spec["results"],
            source=spec["source"],
            year=spec["year"],
        )
        library_services.save_practice(practice, actor=actor)


def _on(spec: DateSpec, year: int, today: dt.date) -> dt.date:
    """A (month, day) of the 年度, or an offset from today. What is past stays within the 年度 and not after
    today (so early in a 年度 the steps share its first day); what lies ahead stays ahead, even when the
    年度 ends first, so that a dispatch is at the same step whatever the day."""
    start, end = fiscal_year_bounds(year)
    if isinstance(spec, tuple):
        month, day = spec
        return dt.date(year if month >= 4 else year + 1, month, day)
    day = today + dt.timedelta(days=spec)
    if spec > 0:
        return min(day, max(end, today + dt.timedelta(days=1)))
    return min(max(day, start), today)


def _dispatch(
    spec: dict[str, Any],
    municipality: Municipality,
    year: int,
    today: dt.date,
    experts: list[Expert],
    officer: Actor,
    facilitator: Actor,
) -> None:
    def on(value: DateSpec) -> dt.date:
        return _on(value, year, today)

    dispatch = services.create_dispatch(
        Dispatch(
            municipality=municipality,
            fiscal_year=year,
            requested_on=on(spec["requested"]),
            requested_by=spec["requested_by"],
            request_text=spec["request"],
            themes=[str(t) for t in spec["themes"]],
        ),
        [experts[i] for i in spec["experts"]],
        actor=facilitator,
    )
    if spec["agreed"] is None:
        return
    services.decide(dispatch, on=on(spec["agreed"]), actor=officer)
    hearing = spec.get("hearing")
    if not hearing:
        return
    fields = {k: v for k, v in hearing.items() if k not in ("held", "method", "attendees")}
    services.record_hearing(
        dispatch,
        Hearing(
            held_on=on(hearing["held"]), method=hearing["method"], attendees=hearing["attendees"], **fields
        ),
        actor=facilitator,
    )
    goals = []
    for goal_spec in spec["goals"]:
        goal = services.add_goal(
            dispatch,
            Goal(
                text=goal_spec["text"],
                readiness_item=str(goal_spec["item"]),
                agreed_on=on(goal_spec["agreed"]),
            ),
            actor=facilitator,
        )
        for what, who, due, done in goal_spec["actions"]:
            action = services.add_action(
                goal, GoalAction(what=what, who=who, due_on=on(due)), actor=facilitator
            )
            if done is not None and on(done) <= today:
                services.mark_action_done(action, on=on(done), actor=facilitator)
        goals.append((goal, goal_spec.get("outcome")))
    for workshop_spec in spec["workshops"]:
        _workshop(workshop_spec, dispatch, on(workshop_spec["held"]), today, experts, facilitator)
    if goals and all(outcome for _goal, outcome in goals) and dispatch.status == "workshop_held":
        recorded_on = dt.date(year + 1, 3, 10)
        for goal, outcome in goals:
            _outcome(facilitator, goal, outcome, recorded_on)
        services.conclude(dispatch, actor=facilitator)


def _workshop(
    spec: dict[str, Any],
    dispatch: Dispatch,
    held_on: dt.date,
    today: dt.date,
    experts: list[Expert],
    actor: Actor,
) -> None:
    expert = experts[spec["expert"]]
    lines = [
        line.format(lead=spec["lead"], town=dispatch.municipality.name, expert=f"講師：{expert.name}")
        for line in PROGRAMME
    ]
    counts = dict(zip((name for name, _label in PARTICIPANT_KINDS), spec["counts"], strict=True))
    workshop = services.record_workshop(
        dispatch,
        Workshop(
            title=spec["title"],
            held_on=held_on,
            place=spec["place"],
            programme="\n".join(lines),
            reflection=spec["reflection"],
            **counts,
        ),
        [expert, *(e for e in dispatch.experts.all() if e.pk != expert.pk)],
        actor=actor,
    )
    if held_on <= today:
        for sheet in spec["sheets"]:
            services.save_worksheet(workshop, WorksheetEntry(**sheet), actor=actor)


def _outcome(actor: Actor, goal: Goal, spec: dict[str, Any], recorded_on: dt.date) -> None:
    new_stage = (
        _next_stage(goal, recorded_on) if spec["tools"] and spec["achievement"] != "not_achieved" else None
    )
    services.record_outcome(
        goal,
        GoalOutcome(
            changes=spec["changes"],
            evidence=spec["evidence"],
            achievement=spec["achievement"],
            next_steps=spec["next_steps"],
            recorded_on=recorded_on,
        ),
        new_stage=new_stage,
        tools_used=[str(t) for t in spec["tools"]],
        actor=actor,
    )


def _next_stage(goal: Goal, on: dt.date) -> int | None:
    """One stage up from where the item stood on the day, unless a later rating already says less (the
    readiness demo's ratings come first; the history must read forward)."""
    ratings = list(
        ReadinessRating.objects.filter(
            municipality=goal.dispatch.municipality, item=goal.readiness_item
        ).order_by("rated_on", "pk")
    )
    before = [r.stage for r in ratings if r.rated_on <= on]
    after = [r.stage for r in ratings if r.rated_on > on]
    current = before[-1] if before else Stage.NOT_STARTED
    new = min(Stage.ESTABLISHED, current + 1)
    if new == current or (after and after[0] < new):
        return None
    return int(new)
