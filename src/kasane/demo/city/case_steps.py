"""The steps of a demo case that plans and the meeting's decisions take: a plan's versions and statuses, its
approval and reviews at the 重層的支援会議, and the CaseEvent each step leaves, as the services leave them."""

from __future__ import annotations

import calendar
import datetime as dt

from kasane.accounts.models import User
from kasane.casework.models import (
    Case,
    CaseEvent,
    CaseStatus,
    DecisionKind,
    Outcome,
    Plan,
    PlanKind,
    PlanRole,
    PlanStatus,
    Programme,
)
from kasane.casework.workflow.cases import CASE_ACTIONS
from kasane.demo.city.build import Builder
from kasane.demo.city.stories import PlanText, Story
from kasane.demo.city.stories.facts_shape import Facts
from kasane.demo.city.timeline import Timeline, meeting_after, meeting_before
from kasane.meetings.models import Decision

HUB = "shakyo"
ORDER = list(CaseStatus)
PROGRESS_NOTES = [
    "各機関から支援の状況を報告。大きな変化はなく、現在のプランで支援を継続する。",
    "短期目標の一部に進展がみられる。役割分担は変えずに継続し、次回の見直しで目標を更新する。",
    "主担当から本人の様子を報告。本人の希望を確かめながら、現在のプランで継続する。",
]


class CaseSteps:
    """Plan and decision steps shared by ``case_journey.CaseWriter``, which sets the state they use."""

    b: Builder
    s: Story
    f: Facts
    t: Timeline
    status: CaseStatus
    lead: User
    team_users: dict[str, User | None]
    joined: dict[str, dt.date]
    due: dict[int, dt.date]
    case: Case

    def _plans(self) -> list[Plan]:
        s, t = self.s, self.t
        if t.planning is None:
            return []
        collaboration = [p for p in s.plans if p.kind == PlanKind.COLLABORATION]
        others = [p for p in s.plans if p.kind != PlanKind.COLLABORATION]
        assert collaboration, f"{s.key}: a plan is needed for status {s.status}"
        done = ORDER.index(self.status) >= ORDER.index(CaseStatus.SUPPORT) or bool(s.reopened)
        if t.submitted:
            self._event("submit_plan", t.submitted)
        first = self._plan(collaboration[0], 1, None, t.planning, t.submitted)
        if t.revised:
            self._decision(DecisionKind.PLAN_APPROVAL, Outcome.REVISE, t.revised, first, s.revised)
            self._event_by_decision(
                DecisionKind.PLAN_APPROVAL,
                Outcome.REVISE,
                t.revised,
                CaseStatus.AWAITING_MEETING,
                CaseStatus.PLANNING,
            )
            return self._set(first, PlanStatus.REVISION, agreed=True)
        if not done:
            status = PlanStatus.SUBMITTED if t.submitted else PlanStatus.DRAFT
            return self._set(first, status, agreed=bool(t.submitted))
        assert t.approved is not None
        plans = [first]
        self._approve(first, t.approved, collaboration[0])
        current = first
        if s.reviewed:
            assert t.review and t.approved2 and t.resubmitted
            self._decision(DecisionKind.PROGRESS, Outcome.REVISE, t.review, first, s.reviewed)
            self._event_by_decision(
                DecisionKind.PROGRESS, Outcome.REVISE, t.review, CaseStatus.SUPPORT, CaseStatus.PLANNING
            )
            self._set(first, PlanStatus.REVIEW, agreed=True)
            second = self._plan(collaboration[1], 2, first, t.review + dt.timedelta(days=2), t.resubmitted)
            self._event("submit_plan", t.resubmitted)
            self._approve(second, t.approved2, collaboration[1])
            plans.append(second)
            current = second
        for extra in others:
            plan = self._plan(
                extra, 1, None, (t.review or t.planning) + dt.timedelta(days=3), t.resubmitted or t.submitted
            )
            self._approve(plan, t.approved2 or t.approved, extra, event=False)
            plans.append(plan)
        self._progress(current, t.approved2 or t.approved)
        return plans

    def _plan(
        self, text: PlanText, version: int, previous: Plan | None, day: dt.date, due: dt.date | None
    ) -> Plan:
        b = self.b
        facts = self.f.plans[self.s.plans.index(text)]
        unknown = set(facts.programmes) - set(Programme.values)
        assert not unknown, f"{self.s.key}: unknown 利用する事業 {sorted(unknown)}"
        plan = Plan(
            case=self.case,
            kind=PlanKind(text.kind),
            version=version,
            previous=previous,
            long_term_goal=text.long_goal,
            short_term_goals=text.short_goals,
            needs=facts.needs,
            policy=facts.policy,
            person_tasks=facts.tasks,
            programmes=[p.value for p in Programme if p.value in facts.programmes],
            employment_support=facts.employment,
            person_comment=text.comment,
            author=self.lead,
            author_name=self.lead.full_name,
        )
        b.add(plan, day)
        if due is not None:
            self.due[id(plan)] = due
            # The period the plan asks for, from the sitting it goes to; the approval fixes it (``_approve``).
            self._period(plan, meeting_after(due), facts.months)
        for role in text.roles:
            user = self.team_users.get(role.agency)
            b.add(
                PlanRole(
                    plan=plan,
                    agency=b.agency(role.agency),
                    who=user.full_name if user else "",
                    actions=role.actions,
                    frequency=role.frequency,
                    until=day + dt.timedelta(days=200),
                ),
                day,
            )
        return plan

    def _set(self, plan: Plan, status: PlanStatus, *, agreed: bool) -> list[Plan]:
        plan.status = status
        plan.lock_version = {
            PlanStatus.DRAFT: 1,
            PlanStatus.SUBMITTED: 2,
            PlanStatus.REVISION: 3,
            PlanStatus.APPROVED: 3,
            PlanStatus.ACTIVE: 4,
            PlanStatus.REVIEW: 5,
            PlanStatus.ENDED: 5,
        }[status]
        if agreed and plan.person_agreed_on is None:
            # The person signs the plan in the last days before it goes to the meeting.
            made = self.b.made[id(plan)].date()
            due = self.due.get(id(plan)) or made + dt.timedelta(days=7)
            plan.person_agreed = True
            plan.person_agreed_on = max(
                made, self.b.workday(due - dt.timedelta(days=self.b.rng.randint(1, 3)))
            )
        return [plan]

    def _approve(self, plan: Plan, day: dt.date, text: PlanText, *, event: bool = True) -> None:
        note = text.approval or "プランの内容と各機関の役割分担を確認し、承認した。"
        self._decision(DecisionKind.PLAN_APPROVAL, Outcome.APPROVED, day, plan, note)
        if event:
            self._event_by_decision(
                DecisionKind.PLAN_APPROVAL,
                Outcome.APPROVED,
                day,
                CaseStatus.AWAITING_MEETING,
                CaseStatus.SUPPORT,
            )
        self._set(plan, PlanStatus.ACTIVE, agreed=True)
        plan.next_review_on = meeting_after(day + dt.timedelta(days=90))
        self._period(plan, day, self.f.plans[self.s.plans.index(text)].months)

    @staticmethod
    def _period(plan: Plan, start: dt.date, months: int) -> None:
        """プラン期間: from ``start`` for ``months`` months, the last day being the day before."""
        year, month = divmod(start.month - 1 + months, 12)
        year, month = start.year + year, month + 1
        end = start.replace(year=year, month=month, day=min(start.day, calendar.monthrange(year, month)[1]))
        plan.starts_on, plan.ends_on = start, end - dt.timedelta(days=1)

    def _progress(self, plan: Plan, approved: dt.date) -> None:
        """Progress meetings every three months; a case marked overdue has missed its review."""
        if self.s.overdue_review:
            return
        end = self.t.evaluated or self.b.today
        # How many reviews follows from the story (one for each full ~100 days of support), not from where
        # the monthly sittings happen to fall around today; they are spread over the support evenly.
        nominal = self.s.support_days if self.t.evaluated else self.s.days
        reviews = max(0, (nominal - 15) // 100)
        span = (end - approved).days
        last = approved
        for n in range(reviews):
            last = meeting_before(approved + dt.timedelta(days=span * (n + 1) // (reviews + 1)))
            self._decision(
                DecisionKind.PROGRESS, Outcome.CONTINUE, last, plan, PROGRESS_NOTES[n % len(PROGRESS_NOTES)]
            )
        # The next review: three months on, and for a case in support not already behind.
        due = last + dt.timedelta(days=90)
        plan.next_review_on = meeting_after(due if self.t.evaluated else max(due, self.b.today))

    def _event(self, code: str, day: dt.date | None, note: str = "") -> None:
        if day is None:
            return
        action = CASE_ACTIONS[code]
        self._record(action.label, action.sources[0], action.target, day, note)

    def _event_by_decision(
        self, kind: DecisionKind, outcome: Outcome, day: dt.date, source: CaseStatus, target: CaseStatus
    ) -> None:
        self._record(f"{kind.label}：{outcome.label}", source, target, day)

    def _record(self, action: str, source: str, target: str, day: dt.date, note: str = "") -> None:
        self.b.add(
            CaseEvent(
                case=self.case,
                action=action,
                from_status=source,
                to_status=target,
                actor=self.lead,
                actor_name=self.lead.full_name,
                on=day,
                note=note,
            ),
            day,
        )

    def _decision(
        self, kind: DecisionKind, outcome: Outcome, day: dt.date, plan: Plan | None, notes: str
    ) -> None:
        b = self.b
        attending = [f"かさね市地域福祉課（{b.users['shi'].full_name.split(' ')[0]}）"]
        for key, user in self.team_users.items():
            if self.joined.get(key, day) > day:
                continue
            who = user.full_name.split(" ")[0] if user else ""
            role = "・主担当" if key == HUB else ""
            attending.append(
                f"{b.agency(key).name.split('（')[0]}（{who}{role}）" if who else b.agency(key).name
            )
        item = b.agenda_item(day, self.case, kind, plan, outcome, notes)
        b.add(
            Decision(
                case=self.case,
                plan=plan,
                agenda_item=item,
                kind=kind,
                decided_on=day,
                meeting_name=item.meeting.title,
                attendees="、".join(attending),
                outcome=outcome,
                notes=notes,
                recorded_by=self.lead,
                recorded_by_name=self.lead.full_name,
            ),
            day,
        )
