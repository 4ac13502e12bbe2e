"""The 社協's 参加支援 and its register of 社会資源 (issue 15), written through ``kasane.participation.services``,
``kasane.participation.development`` and ``kasane.resources.services`` with the CSW's Actor, so that every
engagement, assessment, placement, consent, host note, follow-up, review and 資源開拓 leaves its audit entry.

The CSW is ``kyodo`` (the 社協 is the 参加支援事業者 as well as the 多機関協働事業者). Twelve people
(``data.participation_withdrawn``, ``_others``, ``_more``): from 多機関協働 cases — the case's 本人 or another
member — and from つなぎ the 社協 accepted; placements at every stage, a first host that failed and a second where
the person settled, one engagement ended, one begun before the meeting's decision, and three waiting for it. Two
資源開拓 from the 全体推進会議's 不足している社会資源 (``data.participation_develop``): one found a host, entered
in the register; one still under way.

Runs after the outreach year (``cases.load_cases``): its dates are the stories' dates — use begins on the day the
重層的支援会議 approved the case's 参加支援 plan (``participation.queries.approved_on``). Events are applied in date
order, as a year of use would leave them; the timestamps the services take from the clock are then moved back to
the day. The audit entries keep the moment of loading: the trail is append-only.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import partial
from typing import Any

from django.db.models import Model, QuerySet
from django.utils import timezone

from kasane.audit.actor import Actor
from kasane.casework.models import (
    Case,
    CaseEvent,
    CaseStatus,
    DecisionKind,
    Outcome,
    Person,
    PlanKind,
    ProgressNote,
    Referral,
    ReferralEvent,
    Status,
)
from kasane.casework.visibility import Viewer
from kasane.demo.city.build import Builder
from kasane.demo.city.data import participation_more, participation_others, participation_withdrawn
from kasane.demo.city.data.outreach_shape import Ago, At, On
from kasane.demo.city.data.participation_develop import DEVELOPMENTS
from kasane.demo.city.data.participation_develop import Development as Effort
from kasane.demo.city.data.participation_shape import (
    Agree,
    Contact,
    End,
    Link,
    Move,
    Needs,
    Propose,
    Review,
    Script,
    Step,
    Tell,
    Urgent,
    Visit,
    Withdraw,
)
from kasane.demo.city.data.resources_south import DEVELOPED
from kasane.demo.city.intakes.hub import TO_HUB
from kasane.demo.city.resources import Register
from kasane.demo.city.stories import MORE, NAMED
from kasane.lib.dates import TOKYO, localtime
from kasane.meetings.models import Decision, ResourceGap
from kasane.participation import development, hosts, services
from kasane.participation.models import (
    Approach,
    Assessment,
    Development,
    DevelopmentStatus,
    Engagement,
    FollowUp,
    HostConsent,
    HostNote,
    Placement,
    StageChange,
)
from kasane.participation.models import Review as ReviewRecord

CSW = "kyodo"
HUB = "shakyo"
SCRIPTS: list[Script] = [
    *participation_withdrawn.SCRIPTS,
    *participation_others.SCRIPTS,
    *participation_more.SCRIPTS,
]


def load_participation(b: Builder) -> dict[str, int]:
    """The register and the 社協's 参加支援 on top of the saved case journey; the counts of what it wrote."""
    return _Participation(b).write()


class _Participation:
    def __init__(self, b: Builder) -> None:
        self.b, self.today = b, b.today
        self.hub = b.agency(HUB)
        self.csw = b.users[CSW]
        viewer = Viewer.of(self.csw, b.city)
        if viewer is None or not viewer.can_edit(self.hub.pk):
            raise RuntimeError(f"デモの参加支援担当（{CSW}）が社協の記録を書けません。")
        self.viewer = viewer
        self.actor = Actor(user=self.csw, municipality=b.city, agency=self.hub)
        self.register = Register(b)
        by_title = {case.title: case for case in b.objects[Case]}
        self.cases = {s.key: by_title[s.title] for s in [*NAMED, *MORE] if s.title in by_title}
        self.gaps = {g.title: g for g in ResourceGap.objects.filter(municipality=b.city).order_by("pk")}
        self.engagements: dict[str, Engagement] = {}
        self.placements: dict[tuple[str, str], Placement] = {}
        self.developments: list[Development] = []
        # When each record was made and last touched, for ``_backdate``.
        self.made: dict[type[Model], dict[int, dt.date]] = {}
        self.touched: dict[type[Model], dict[int, dt.date]] = {}
        self.events: list[tuple[dt.date, int, Callable[[], None]]] = []

    # ── dates ────────────────────────────────────────────────────────────
    def anchor(self, name: str) -> dt.date:
        if name == "today":
            return self.today
        if name.startswith("gap:"):
            return self.gaps[name.removeprefix("gap:")].raised_on
        if name.startswith("hub:"):
            intake, _, what = name.removeprefix("hub:").partition(".")
            if what == "accepted":
                return self._accepted_on(self._hub_referral(intake))
        key, _, what = name.partition(".")
        case = self.cases[key]
        if what == "approved":
            return min(
                d.decided_on
                for d in self.b.objects[Decision]
                if d.case is case
                and d.kind == DecisionKind.PLAN_APPROVAL
                and d.outcome == Outcome.APPROVED
                and d.plan is not None
                and d.plan.kind == PlanKind.PARTICIPATION
            )
        if what == "opened":
            return case.opened_on
        if what == "planning":
            return min(
                e.on
                for e in self.b.objects[CaseEvent]
                if e.case is case and e.to_status == CaseStatus.PLANNING
            )
        if what.startswith("note:"):
            words = what.removeprefix("note:")
            for note in self.b.objects[ProgressNote]:
                if note.case is case and note.agency is self.hub and words in note.text:
                    return note.on
        raise LookupError(f"デモの参加支援の日付の基準が見つかりません: {name}")

    def resolve(self, at: At) -> dt.date:
        if isinstance(at, Ago):
            return self.today - dt.timedelta(days=at.days)
        if isinstance(at, On):
            return self.anchor(at.anchor) + dt.timedelta(days=at.days)
        start, end = self.resolve(at.start), self.resolve(at.end)
        return start + dt.timedelta(days=int((end - start).days * at.fraction))

    def day(self, at: At, floor: dt.date = dt.date.min) -> dt.date:
        """A working day between ``floor`` (the person's previous step) and today: a weekend moves back to the
        Friday, or on to the Monday where that Friday is before ``floor``."""
        day = max(min(self.resolve(at), self.today), floor)
        if day.weekday() > 4:
            friday = day - dt.timedelta(days=day.weekday() - 4)
            monday = day + dt.timedelta(days=7 - day.weekday())
            day = friday if friday >= floor else monday if monday <= self.today else day
        return day

    def _at(self, day: dt.date, apply: Callable[[], None]) -> None:
        self.events.append((day, len(self.events), apply))

    # ── whom ─────────────────────────────────────────────────────────────
    def _hub_referral(self, intake: str) -> Referral:
        message = next(m for key, _source, _state, m, _answer in TO_HUB if key == intake)
        opening = message.split("{")[0][:30]
        return next(
            r
            for r in self.b.objects[Referral]
            if r.to_agency is self.hub and r.status == Status.ACCEPTED and r.message.startswith(opening)
        )

    def _accepted_on(self, referral: Referral) -> dt.date:
        return min(
            localtime(self.b.made[id(e)]).date()
            for e in self.b.objects[ReferralEvent]
            if e.referral is referral and e.status == Status.ACCEPTED
        )

    def _person(self, s: Script) -> Person:
        if s.story.startswith("hub:"):
            return self._hub_referral(s.story.removeprefix("hub:")).person
        return self.b.members[id(self.cases[s.story].household)][s.member]

    # ── the year ─────────────────────────────────────────────────────────
    def write(self) -> dict[str, int]:
        self.register.load()
        for script in SCRIPTS:
            self._script(script)
        for effort in DEVELOPMENTS:
            self._development(effort)
        for _day, _n, apply in sorted(self.events, key=lambda e: (e[0], e[1])):
            apply()
        self.register.backdate()
        self._backdate()
        return {
            "resources": len(self.register.services),
            "engagements": len(self.engagements),
            "placements": len(self.placements),
            "developments": len(self.developments),
        }

    def _script(self, s: Script) -> None:
        started = self.day(s.started)
        self._at(started, partial(self._start, s, started))
        floor = started
        for step in s.steps:
            floor = self.day(step.at, floor)
            self._at(floor, partial(self._step, s.key, step, floor))

    def _start(self, s: Script, day: dt.date) -> None:
        person = self._person(s)
        case: Case | None = None
        referral: Referral | None = None
        if s.story.startswith("hub:"):
            referral = self._hub_referral(s.story.removeprefix("hub:"))
        elif s.via_referral:
            referral = self.cases[s.story].referral
        else:
            case = self.cases[s.story]
        engagement = services.start_engagement(
            self.viewer, person, case=case, referral=referral, started_on=day, actor=self.actor
        )
        self.engagements[s.key] = engagement
        self._made(engagement, day)

    def _step(self, key: str, step: Step, day: dt.date) -> None:
        v, actor, e = self.viewer, self.actor, self.engagements[key]
        self._touch(e, day)
        if isinstance(step, Needs):
            services.save_assessment(v, e, self._assessment(e, step, day), actor=actor)
        elif isinstance(step, Urgent):
            services.record_urgent_start(v, e, day, step.reason, actor=actor)
        elif isinstance(step, Link):
            services.link_case(v, e, self._case_of(e), actor=actor)
        elif isinstance(step, Propose):
            service = self.register.services[step.host]
            placement = services.propose(v, e, service, day, step.reasons, actor=actor)
            self.placements[(key, step.host)] = placement
            self._made(placement, day)
        elif isinstance(step, Review):
            review = ReviewRecord(
                on=day, attendance=step.attendance, person_words=step.words, changes=step.changes
            )
            services.add_review(v, e, review, actor=actor)
        elif isinstance(step, End):
            services.end_engagement(v, e, day, step.reason, step.note, actor=actor)
        else:
            self._host_step(self.placements[(key, step.host)], step, day)

    def _host_step(self, p: Placement, step: Step, day: dt.date) -> None:
        v, actor = self.viewer, self.actor
        self._touch(p, day)
        if isinstance(step, Move):
            services.move_stage(v, p, step.stage, day, step.note, actor=actor)
        elif isinstance(step, Contact):
            hosts.update_host_contact(v, p, step.name, step.phone, step.every, actor=actor)
        elif isinstance(step, Agree):
            hosts.record_host_consent(v, p, list(step.fields), day, step.method, actor=actor)
        elif isinstance(step, Withdraw):
            consent = hosts.standing_consent(p)
            assert consent is not None, p
            hosts.withdraw_host_consent(v, consent, day, actor=actor)
        elif isinstance(step, Tell):
            hosts.add_host_note(v, p, HostNote(on=day, kind=step.kind, text=step.text), actor=actor)
        elif isinstance(step, Visit):
            due = p.follow_ups.filter(done_on__isnull=True).order_by("due_on", "pk").first()
            assert due is not None, f"{p}: no follow-up is due"
            next_on = self.resolve(step.next) if step.next is not None else None
            services.record_follow_up(v, due, day, step.note, next_on, actor=actor)
        # A follow-up scheduled by this step was planned on its day.
        for pk in p.follow_ups.values_list("pk", flat=True):
            self.made.setdefault(FollowUp, {}).setdefault(pk, day)

    def _case_of(self, e: Engagement) -> Case:
        return next(c for c in self.cases.values() if c.household_id == e.person.household_id)

    def _assessment(self, e: Engagement, n: Needs, day: dt.date) -> Assessment:
        opens, _, closes = n.hours.partition("-")
        return Assessment(
            assessed_on=day,
            wishes=n.wishes,
            strengths=n.strengths,
            limits_time=n.time,
            limits_travel=n.travel_note,
            limits_people=n.people,
            limits_health=n.health,
            person_words=n.words,
            interests=[str(i) for i in n.interests],
            days=list(n.days),
            from_time=dt.time.fromisoformat(opens) if opens else None,
            to_time=dt.time.fromisoformat(closes) if closes else None,
            area=self.register.areas.get(n.area) or self.register.area_of(e.person.household.address),
            travel=n.travel,
            max_load=n.load,
            needs_quiet=n.quiet,
        )

    # ── 資源開拓 ──────────────────────────────────────────────────────────
    def _development(self, plan: Effort) -> None:
        opened = self.day(plan.opened)
        record = Development(
            agency=self.hub,
            title=plan.title,
            need=plan.need,
            gap=self.gaps[plan.gap],
            prospects=plan.prospects,
            opened_on=opened,
        )
        self._at(opened, partial(self._open, record))
        floor = opened
        for a in plan.approaches:
            floor = self.day(a.at, floor)
            approach = Approach(on=floor, whom=a.whom, what=a.what, result=a.result)
            self._at(floor, partial(self._approach, record, approach))
        if plan.registered is not None:
            floor = self.day(plan.registered, floor)
            self._at(floor, partial(self._register, floor))
        if plan.closed is not None:
            floor = self.day(plan.closed, floor)
            self._at(floor, partial(self._succeed, record, floor, plan.close_note))

    def _open(self, record: Development) -> None:
        development.open_development(record, actor=self.actor)
        self.developments.append(record)
        self._made(record, record.opened_on)

    def _approach(self, record: Development, approach: Approach) -> None:
        development.add_approach(record, approach, actor=self.actor)
        self._touch(record, approach.on)

    def _register(self, day: dt.date) -> None:
        self.register.add(DEVELOPED, day)

    def _succeed(self, record: Development, day: dt.date, note: str) -> None:
        result = self.register.services[DEVELOPED.key]
        development.close_development(
            record, DevelopmentStatus.SUCCEEDED, day, note, result, actor=self.actor
        )
        self._touch(record, day)

    # ── timestamps ───────────────────────────────────────────────────────
    def _made(self, obj: Model, day: dt.date) -> None:
        self.made.setdefault(type(obj), {})[obj.pk] = day
        self._touch(obj, day)

    def _touch(self, obj: Model, day: dt.date) -> None:
        touched = self.touched.setdefault(type(obj), {})
        touched[obj.pk] = max(day, touched.get(obj.pk, day))

    def _backdate(self) -> None:
        """Move the timestamps the services took from the clock back to the day each record was made (or last
        changed), at the end of the working day, never after now."""
        engagements = list(self.engagements.values())
        dated: list[tuple[QuerySet[Any], str]] = [
            (Assessment.objects.filter(engagement__in=engagements), "assessed_on"),
            (StageChange.objects.filter(placement__engagement__in=engagements), "on"),
            (HostConsent.objects.filter(placement__engagement__in=engagements), "obtained_on"),
            (HostNote.objects.filter(placement__engagement__in=engagements), "on"),
            (ReviewRecord.objects.filter(engagement__in=engagements), "on"),
            (Approach.objects.filter(development__in=self.developments), "on"),
        ]
        for query, field in dated:
            rows = list(query)
            _stamp(rows, {row.pk: getattr(row, field) for row in rows}, "created_at")
        follow_ups = self.made.get(FollowUp, {})
        _stamp(list(FollowUp.objects.filter(pk__in=follow_ups)), follow_ups, "created_at")
        for model in (Engagement, Placement, Development):
            made = self.made.get(model, {})
            rows = list(model._default_manager.filter(pk__in=made))
            _stamp(rows, made, "created_at")
            _stamp(rows, self.touched.get(model, {}), "updated_at")


def _stamp(rows: list[Any], days: dict[int, dt.date], field: str) -> None:
    """Set ``field`` of each row to the end of the working day of its day, never after now."""
    if not rows:
        return
    now = timezone.now()
    for row in rows:
        setattr(row, field, min(dt.datetime.combine(days[row.pk], dt.time(17, 0), tzinfo=TOKYO), now))
    type(rows[0])._default_manager.bulk_update(rows, [field], batch_size=500)
