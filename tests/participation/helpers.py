"""Shared by the participation tests: the day the clock stands on, viewers and actors, a host in the register,
the 重層的支援会議's approval of a case's 参加支援 plan, an engagement and a placement in a given state made
through the services, and the audit trail since a mark."""

from __future__ import annotations

import datetime as dt
from typing import Any

from kasane.audit.actor import Actor
from kasane.audit.models import AuditEntry
from kasane.casework.models import (
    Case,
    DecisionKind,
    Outcome,
    Person,
    Plan,
    PlanKind,
    PlanStatus,
    Referral,
    Relationship,
    Status,
)
from kasane.casework.visibility import Viewer
from kasane.meetings.models import Decision
from kasane.participation import services
from kasane.participation.models import Assessment, Engagement, Placement, Stage
from kasane.resources.models import Category, Load, Location, Organization, Schedule, Service
from tests import factories

DAY = dt.date(2026, 11, 24)  # a Tuesday

# The way a placement walks to each stage through the services (提案 is where every placement starts).
PATH_TO: dict[str, tuple[Stage, ...]] = {
    Stage.PROPOSED: (),
    Stage.VISIT: (Stage.VISIT,),
    Stage.TRIAL: (Stage.VISIT, Stage.TRIAL),
    Stage.SETTLED: (Stage.VISIT, Stage.TRIAL, Stage.SETTLED),
    Stage.SUSPENDED: (Stage.VISIT, Stage.SUSPENDED),
    Stage.ENDED: (Stage.VISIT, Stage.ENDED),
}


def days_ago(n: int) -> dt.date:
    return DAY - dt.timedelta(days=n)


def viewer(w: dict[str, Any], key: str = "coordinator") -> Viewer:
    seen = Viewer.of(w["users"][key], w["municipality"])
    assert seen is not None, key
    return seen


def actor(w: dict[str, Any], key: str = "coordinator") -> Actor:
    user = w["users"][key]
    return Actor(user=user, municipality=w["municipality"])


def host(
    w: dict[str, Any],
    name: str = "みどり農園 就労体験",
    *,
    categories: tuple[str, ...] = (Category.FARM, Category.WORK_EXPERIENCE),
    byday: str = "TU,TH",
    opens: dt.time = dt.time(9, 0),
    closes: dt.time = dt.time(12, 0),
    load: str = Load.MEDIUM,
    suits_shy: bool = True,
    area: str | None = "north",
    municipality: Any = None,
    schedule: bool = True,
    **fields: Any,
) -> Service:
    m = municipality or w["municipality"]
    org = Organization.objects.create(municipality=m, name=name.split()[0], kind="farm")
    loc = Location.objects.create(
        municipality=m, organization=org, name=name.split()[0], area=w["areas"][area] if area else None
    )
    fields.setdefault("hosts_participants", True)
    service = Service.objects.create(
        municipality=m,
        organization=org,
        location=loc,
        name=name,
        categories=list(categories),
        physical_load=load,
        suits_shy=suits_shy,
        **fields,
    )
    if schedule:
        Schedule.objects.create(service=service, byday=byday, opens_at=opens, closes_at=closes)
    return service


def approve_participation_plan(case: Case, on: dt.date) -> Decision:
    """What a 重層的支援会議 leaves when it approves the case's 参加支援 plan (meetings records it through its
    agenda item; here the decision is written directly, as the rule reads only the decision)."""
    version = Plan.objects.filter(case=case, kind=PlanKind.PARTICIPATION).count() + 1
    plan = Plan.objects.create(
        case=case,
        kind=PlanKind.PARTICIPATION,
        version=version,
        status=PlanStatus.APPROVED,
        long_term_goal="地域で役割を持つ",
        short_term_goals="週1回、畑の作業に参加する",
        author_name="テスト",
    )
    return Decision.objects.create(
        case=case,
        plan=plan,
        kind=DecisionKind.PLAN_APPROVAL,
        outcome=Outcome.APPROVED,
        decided_on=on,
        attendees="",
        recorded_by_name="テスト",
    )


def engagement(
    w: dict[str, Any],
    person: str = "son",
    *,
    ago: int = 60,
    approved: bool = False,
    urgent: bool = False,
    key: str = "coordinator",
) -> Engagement:
    """The 社協's 参加支援 for a member of the 8050 household, begun from its case ``ago`` days ago; with the
    plan approved 40 days ago, or an urgent start 50 days ago, when asked."""
    made = services.start_engagement(
        viewer(w, key),
        w["r"][person],
        case=w["r"]["case"],
        referral=None,
        started_on=days_ago(ago),
        actor=actor(w, key),
    )
    if urgent:
        services.record_urgent_start(
            viewer(w, key),
            made,
            days_ago(ago - 10),
            "本人が今月中に動きたいと話している",
            actor=actor(w, key),
        )
    if approved:
        approve_participation_plan(w["r"]["case"], days_ago(40))
    return made


def from_referral(w: dict[str, Any]) -> Engagement:
    """The 社協's 参加支援 for the mother, begun three days ago from the つなぎ it accepted (no case yet)."""
    return services.start_engagement(
        viewer(w),
        w["r"]["mother"],
        case=None,
        referral=w["r"]["referral"],
        started_on=days_ago(3),
        actor=actor(w),
    )


def member(w: dict[str, Any], name: str, kana: str) -> Person:
    """Another child of the 8050 household, recorded by 北部包括."""
    return factories.person(
        w["agencies"]["houkatsu_north"],
        name,
        kana,
        household=w["r"]["household"],
        relationship=Relationship.CHILD,
        birth_date=dt.date(1975, 3, 3),
    )


def referral_for(
    w: dict[str, Any], person: Person, *, to: str = "shakyo", status: str = Status.ACCEPTED
) -> Referral:
    """A つなぎ of ``person`` from 北部包括 (on the household's consent), received by ``to`` in ``status``."""
    intake = factories.consultation(person, w["agencies"]["houkatsu_north"], w["r"]["consent"])
    return factories.referral(intake, w["agencies"][to], w["r"]["consent"], status=status)


def assessment(e: Engagement, **extra: Any) -> Assessment:
    """An assessment written directly: what the person wants and what matching reads."""
    fields: dict[str, Any] = {
        "wishes": "土に触る仕事をしてみたい",
        "strengths": "黙々と作業するのが得意",
        "limits_time": "午前中は起きにくい",
        "limits_people": "大人数は苦手",
        "person_words": "誰とも話さなくていいなら行ってみたい",
        "interests": [Category.FARM],
        "days": ["TU", "TH"],
        "from_time": dt.time(10, 0),
        "to_time": dt.time(15, 0),
        "max_load": Load.MEDIUM,
        "needs_quiet": True,
        **extra,
    }
    last = e.assessments.order_by("-version").first()
    return Assessment.objects.create(
        engagement=e,
        version=(last.version if last else 0) + 1,
        assessed_on=fields.pop("assessed_on", days_ago(45)),
        author_name="kyodo 職員",
        **fields,
    )


def placement(
    w: dict[str, Any], e: Engagement, service: Service | None = None, *, stage: str = Stage.PROPOSED
) -> Placement:
    """A placement proposed 35 days ago and walked through the services to ``stage`` (one step every five
    days); an end or a suspension says why."""
    v, a = viewer(w), actor(w)
    made = services.propose(v, e, service or host(w), days_ago(35), "畑に興味がある", actor=a)
    for k, step in enumerate(PATH_TO[stage]):
        note = "本人の希望で休む" if step in (Stage.ENDED, Stage.SUSPENDED) else ""
        made = services.move_stage(v, made, step, days_ago(30 - 5 * k), note, actor=a)
    return made


def audit_mark() -> int:
    return AuditEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0


def entries_since(mark: int) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(id__gt=mark).order_by("id"))


def actions_since(mark: int) -> list[str]:
    return [e.action for e in entries_since(mark)]
