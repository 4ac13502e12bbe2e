"""The 社協's outreach year (アウトリーチ等を通じた継続的支援, issue 14), written through ``kasane.outreach.services``
with the CSW's Actor, so that every visit, target, contact, stage and home visit leaves its audit entry.

The CSW is ``kyodo`` (the 社協's 多機関協働担当, who also goes out: 004's CSW); a colleague of the 社協 goes
along on some visits and confirms the returns (帰所確認). About 40 visits to agencies over the previous 年度
and this one (``data.outreach_visits``); 15 targets at every stage (``data.outreach_targets``,
``data.outreach_watched``), four of them tied to the case stories and a 支援会議 item
(``data.outreach_people``), among them 修 of the 8050 household: raised months before his mother's 相談受付
and handed over to 多機関協働 through his own.

Runs after the case journey is saved (``cases.load_cases``): its dates are the stories' dates. Events are
applied in date order, as a year of use would leave them; the timestamps the services take from the clock
(``created_at``, the 帰所 of a past visit) are then moved back to the day, as ``store.Store`` does for the
case journey. The audit entries keep the moment of loading: the trail is append-only.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import partial
from typing import Any

from django.db.models import Model
from django.utils import timezone

from kasane.accounts.models import User
from kasane.audit.actor import Actor
from kasane.casework.models import Case, Consent, Consultation, Person, ProgressNote
from kasane.casework.visibility import Viewer
from kasane.demo.city.build import Builder
from kasane.demo.city.data import outreach_targets, outreach_visits, outreach_watched
from kasane.demo.city.data.outreach_people import PEOPLE
from kasane.demo.city.data.outreach_shape import (
    THIS_WEEK,
    TODAY,
    Ago,
    At,
    Close,
    HandOver,
    Identify,
    Move,
    On,
    PlanVisit,
    Script,
    Step,
    Touch,
    Visit,
)
from kasane.demo.city.meetings import SUPPORT_ITEMS
from kasane.demo.city.stories import MORE, NAMED
from kasane.lib.dates import TOKYO, fiscal_year, fiscal_year_bounds, localtime
from kasane.meetings.models import AgendaItem, ItemKind, SupportOutcome
from kasane.outreach import services
from kasane.outreach.models import AgencyVisit, Contact, HomeVisit, StageChange, Target

CSW = "kyodo"
HUB = "shakyo"
VISITS: list[Visit] = [*outreach_visits.VISITS, *outreach_targets.VISITS, *outreach_watched.VISITS]
SCRIPTS: list[Script] = [*PEOPLE, *outreach_targets.TARGETS, *outreach_watched.TARGETS]
# The 支援会議 item the CSW took a target from: the one that asked for contact with the person.
ITEM_TITLE = next(row[1] for row in SUPPORT_ITEMS if row[7] == SupportOutcome.CONTACT)


def load_outreach(b: Builder) -> dict[str, int]:
    """The outreach year on top of the saved case journey; the counts of what it wrote."""
    return _Year(b).write()


class _Year:
    def __init__(self, b: Builder) -> None:
        self.b, self.today = b, b.today
        self.hub = b.agency(HUB)
        self.csw = b.users[CSW]
        others = [u for u in b.staff[HUB] if u.pk != self.csw.pk]
        self.colleague: User = others[-1] if others else self.csw
        self.viewer = self._viewer(self.csw)
        self.colleague_viewer = self._viewer(self.colleague)
        self.actor = Actor(user=self.csw, municipality=b.city, agency=self.hub)
        self.colleague_actor = Actor(user=self.colleague, municipality=b.city, agency=self.hub)
        by_title = {case.title: case for case in b.objects[Case]}
        self.cases = {s.key: by_title[s.title] for s in [*NAMED, *MORE] if s.title in by_title}
        self.item = (
            AgendaItem.objects.select_related("meeting")
            .filter(meeting__municipality=b.city, kind=ItemKind.SUPPORT_CASE, title=ITEM_TITLE)
            .order_by("pk")
            .first()
        )
        self.visits: dict[str, AgencyVisit] = {}
        self.made: dict[type[Model], list[tuple[Any, dt.datetime]]] = {}
        self.returns: list[tuple[HomeVisit, dt.datetime]] = []
        self.events: list[tuple[dt.date, int, Callable[[], None]]] = []

    def _viewer(self, user: User) -> Viewer:
        viewer = Viewer.of(user, self.b.city)
        if viewer is None or not viewer.can_edit(self.hub.pk):
            raise RuntimeError(f"デモのアウトリーチ担当（{user.username}）が社協の記録を書けません。")
        return viewer

    # ── dates ────────────────────────────────────────────────────────────
    def anchor(self, name: str) -> dt.date:
        if name == "today":
            return self.today
        if name == "last_year":
            return fiscal_year_bounds(fiscal_year(self.today) - 1)[0]
        if name == "item":
            if self.item is None:
                raise LookupError("デモの支援会議の議題が見つかりません。")
            return self.item.meeting.held_on
        key, _, what = name.partition(".")
        case = self.cases[key]
        if what == "first":
            assert case.consultation is not None
            return localtime(case.consultation.received_at).date()
        if what == "opened":
            return case.opened_on
        if what == "consent":
            return max(c.obtained_on for c in self._later_consents(case))
        if what.startswith("note:"):
            words = what.removeprefix("note:")
            for note in self.b.objects[ProgressNote]:
                if note.case is case and note.agency is self.hub and words in note.text:
                    return note.on
        raise LookupError(f"デモのアウトリーチの日付の基準が見つかりません: {name}")

    def _later_consents(self, case: Case) -> list[Consent]:
        return [
            c
            for c in self.b.objects[Consent]
            if c.person.household is case.household
            and c.person is not case.person
            and c.owner_agency is self.hub
        ]

    def resolve(self, at: At) -> dt.date:
        if isinstance(at, Ago):
            return self.today - dt.timedelta(days=at.days)
        if isinstance(at, On):
            return self.anchor(at.anchor) + dt.timedelta(days=at.days)
        start, end = self.resolve(at.start), self.resolve(at.end)
        return start + dt.timedelta(days=int((end - start).days * at.fraction))

    def day(self, at: At, floor: dt.date = dt.date.min) -> dt.date:
        """A working day (a weekend moves back to Friday, or on to Monday where Friday is before ``floor``),
        between ``floor`` (the target's previous step, the first day of the previous 年度) and today."""
        day = max(min(self.resolve(at), self.today), floor)
        if day.weekday() > 4:
            friday = day - dt.timedelta(days=day.weekday() - 4)
            monday = day + dt.timedelta(days=7 - day.weekday())
            day = friday if friday >= floor else monday if monday <= self.today else day
        return day

    def next_on(self, day: dt.date, after: int | str | None) -> dt.date | None:
        if after is None:
            return None
        if after == TODAY:
            return self.today
        if after == THIS_WEEK:  # in two days, but not past Friday; on a weekend, today
            friday = self.today + dt.timedelta(days=4 - self.today.weekday())
            return max(min(self.today + dt.timedelta(days=2), friday), self.today)
        return day + dt.timedelta(days=int(after))

    # ── the year ─────────────────────────────────────────────────────────
    def write(self) -> dict[str, int]:
        for visit in VISITS:
            day = self.day(visit.at, self.anchor("last_year"))
            self._at(day, partial(self._visit, visit, day))
        for script in SCRIPTS:
            self._script(script)
        for _day, _n, apply in sorted(self.events, key=lambda e: (e[0], e[1])):
            apply()
        self._backdate()
        return {
            "outreach_targets": len(self.made.get(Target, [])),
            "outreach_contacts": len(self.made.get(Contact, [])),
            "agency_visits": len(self.made.get(AgencyVisit, [])),
            "home_visits": len(self.made.get(HomeVisit, [])),
        }

    def _at(self, day: dt.date, apply: Callable[[], None]) -> None:
        self.events.append((day, len(self.events), apply))

    def _made(self, obj: Model, moment: dt.datetime) -> None:
        self.made.setdefault(type(obj), []).append((obj, min(moment, timezone.now())))

    def _visit(self, v: Visit, day: dt.date) -> None:
        visit = AgencyVisit(
            on=day,
            counterpart_kind=v.kind,
            counterpart=v.counterpart,
            purpose=v.purpose,
            minutes=v.minutes,
            result=v.result,
            follow_up=v.follow_up,
            follow_up_on=day + dt.timedelta(days=v.follow_in) if v.follow_in is not None else None,
        )
        services.record_agency_visit(self.viewer, visit, actor=self.actor)
        self._made(visit, _moment(day, 16, 30))
        if v.key:
            self.visits[v.key] = visit

    def _script(self, s: Script) -> None:
        raised = self.day(s.raised)
        target = Target(
            label=s.label,
            description=s.description,
            area=s.area,
            source=s.source,
            raised_by=s.raised_by,
            raised_on=raised,
            lead_user=self.csw,
        )
        person = self._person(s)
        identified = any(isinstance(step, Identify) for step in s.steps)

        def create() -> None:
            target.meeting_item = self.item if s.item else None
            target.agency_visit = self.visits.get(s.visit) if s.visit else None
            target.person = None if identified else person
            services.create_target(self.viewer, target, actor=self.actor)
            self._made(target, _moment(raised, 9, 30))

        self._at(raised, create)
        floor = raised
        for step in s.steps:
            if isinstance(step, PlanVisit):
                self._at(self.today, partial(self._plan, target, step))
                continue
            floor = self.day(step.at, floor)
            self._at(floor, partial(self._step, target, step, floor, person))

    def _person(self, s: Script) -> Person | None:
        if s.person is None:
            return None
        key, index = s.person
        return self.b.members[id(self.cases[key].household)][index]

    def _step(self, target: Target, step: Step, day: dt.date, person: Person | None) -> None:
        v, actor = self.viewer, self.actor
        if isinstance(step, Touch):
            self._touch(target, step, day)
        elif isinstance(step, Move):
            services.set_stage(v, target, step.stage, on=day, note=step.note, actor=actor)
        elif isinstance(step, Close):
            services.close(v, target, reason=step.reason, on=day, note=step.note, actor=actor)
        elif isinstance(step, Identify):
            target.person = person
            services.update_target(v, target, actor=actor)
        elif isinstance(step, HandOver):
            own = next(
                c for c in self.b.objects[Consultation] if c.person is person and c.owner_agency is self.hub
            )
            services.hand_over(v, target, route=step.route, on=day, consultation=own, actor=actor)

    def _touch(self, target: Target, t: Touch, day: dt.date) -> None:
        if t.home is not None:
            self._home_visit(target, t, day)
        contact = Contact(
            on=day,
            method=t.method,
            with_whom=t.with_whom,
            outcome=t.outcome,
            minutes=t.minutes,
            text=t.text,
            next_step=t.next_step,
            next_on=self.next_on(day, t.next_in),
        )
        services.log_contact(self.viewer, target, contact, stage=t.stage, actor=self.actor)
        self._made(contact, _moment(day, 17, 0))

    def _home_visit(self, target: Target, t: Touch, day: dt.date) -> None:
        """A visit the office watched, its return confirmed by the colleague at the office."""
        hour, minute = (
            int(n) for n in (t.leaves or ("13:30" if len(self.returns) % 2 else "10:00")).split(":")
        )
        leaves = _moment(day, hour, minute)
        back = leaves + dt.timedelta(minutes=t.minutes + 40)
        visit = HomeVisit(leaves_at=leaves, expected_back_at=back, companions_other=t.home or "")
        companions = [self.colleague] if t.colleague else []
        services.plan_home_visit(self.viewer, target, visit, companions, actor=self.actor)
        services.confirm_return(self.colleague_viewer, visit, actor=self.colleague_actor)
        self._made(visit, leaves - dt.timedelta(minutes=20))
        self.returns.append((visit, min(back - dt.timedelta(minutes=10), timezone.now())))

    def _plan(self, target: Target, p: PlanVisit) -> None:
        """Later today, so that the 帰所確認 list shows a visit under way, never one overdue."""
        now = localtime(timezone.now())
        if now.hour < 13:
            leaves = _moment(self.today, 14, 0)
        elif now.hour < 16:
            leaves = (now + dt.timedelta(minutes=90)).replace(minute=0, second=0, microsecond=0)
        else:
            morning = self.today + dt.timedelta(days=1)
            if morning.weekday() > 4:  # Saturday or Sunday: Monday
                morning += dt.timedelta(days=7 - morning.weekday())
            leaves = _moment(morning, 10, 0)
        visit = HomeVisit(
            leaves_at=leaves,
            expected_back_at=leaves + dt.timedelta(minutes=120),
            companions_other=p.companions_other,
        )
        companions = [self.colleague] if p.colleague else []
        services.plan_home_visit(self.viewer, target, visit, companions, actor=self.actor)
        self._made(visit, now)

    def _backdate(self) -> None:
        """Move the timestamps the services took from the clock back to the day each record was made."""
        for model, rows in self.made.items():
            for obj, moment in rows:
                obj.created_at = moment
            model._default_manager.bulk_update([obj for obj, _ in rows], ["created_at"], batch_size=500)
        for visit, returned in self.returns:
            visit.returned_at = returned
        HomeVisit.objects.bulk_update([v for v, _ in self.returns], ["returned_at"], batch_size=500)
        targets = [obj for obj, _ in self.made.get(Target, [])]
        changes = list(StageChange.objects.filter(target__in=targets))
        now = timezone.now()
        for change in changes:
            change.created_at = min(_moment(change.on, 17, 5), now)
        StageChange.objects.bulk_update(changes, ["created_at"], batch_size=500)


def _moment(day: dt.date, hour: int, minute: int) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=TOKYO)
