"""One 多機関協働 case for the demo, taken through the same steps ``casework.services`` take a real one.

Its dates come from ``timeline``; the plan and decision steps are in ``case_steps``. Each step leaves what the services leave:
the CaseEvent, the plan's status, the meeting's Decision.
"""

from __future__ import annotations

import datetime as dt

from kasane.accounts.models import User
from kasane.casework.models import (
    Assessment,
    AssessmentMember,
    AssessmentResult,
    Case,
    CaseStatus,
    ClosureCode,
    Consent,
    DecisionKind,
    Direction,
    Evaluation,
    GoalEvaluation,
    GoalResult,
    Improvement,
    Outcome,
    Person,
    Plan,
    PlanStatus,
    ProgressNote,
    Situation,
    Status,
    TeamMember,
    TeamPart,
    Urgency,
    short_term_goal_list,
)
from kasane.demo.city.build import Builder, age_on
from kasane.demo.city.case_notes import CaseNotes
from kasane.demo.city.case_steps import HUB, CaseSteps
from kasane.demo.city.life import fill
from kasane.demo.city.stories import Assess, Story
from kasane.demo.city.stories.facts import facts_of
from kasane.demo.city.timeline import timeline, within
from kasane.demo.names import SURNAMES


class CaseWriter(CaseSteps, CaseNotes):
    """Writes one story's records into the builder."""

    def __init__(self, b: Builder, story: Story) -> None:
        self.b, self.s = b, story
        self.f = facts_of(story.key)
        self.t = timeline(b, story)
        self.status = CaseStatus(story.status)
        coordinators = b.staff[HUB]
        self.lead: User = b.users[story.lead] if story.lead else b.rng.choice(coordinators)
        self.team_users: dict[str, User | None] = {HUB: self.lead}
        self.joined: dict[str, dt.date] = {}
        self.due: dict[int, dt.date] = {}  # plan → the day it goes to the meeting
        self.members: list[Person] = []
        self.notes: list[ProgressNote] = []
        self.case: Case

    def reached(self, phase: str) -> bool:
        return phase in self.t.phases

    def write(self) -> Case:
        b, s, t = self.b, self.s, self.t
        owner = s.contacts[0].agency if s.contacts else s.intake
        recorder = b.clerk(owner)
        before = t.first - dt.timedelta(days=b.rng.randint(7, 20)) if owner != s.intake else t.first
        household = b.household(owner, s.town, before, recorder, s.household)
        family = s.family or b.rng.choice(SURNAMES)
        for r in s.residents:
            self.members.append(
                b.person(
                    household,
                    before,
                    recorder,
                    rel=r.rel,
                    sex=r.sex,
                    age=r.age,
                    family=r.family or family,
                    name=r.name,
                    kana=r.kana,
                    apart=r.apart,
                    phone=r.phone,
                    note=r.note,
                )
            )
        person = self.members[s.case_person]
        self._contacts_before(before)
        consent = b.consent(
            person,
            s.intake,
            t.sent,
            collaboration=True,
            meeting=True,
            shared=(HUB, *(m.agency for m in s.team)),
            purpose="多機関協働事業の利用申込み。支援チームの機関との情報共有と、重層的支援会議での検討のため",
        )
        visitor = self.members[s.visitor_member] if s.visitor_member is not None else None
        consultation = b.consultation(
            person,
            s.intake,
            t.first,
            topics=s.topics,
            situations=s.situations,
            complaint=s.complaint,
            wishes=s.wishes,
            response="collaboration",
            note=s.intake_note,
            channel=s.channel,
            visitor=s.visitor,
            visitor_relation=s.visitor_relation,
            visitor_name=visitor.name if visitor else s.visitor_name,
            visitor_contact=(visitor.mobile or visitor.phone) if visitor else "",
            consent=consent,
            life=self.f.life,
            route=self.f.route,
            referrer=self.f.referrer,
            referrer_name=self.f.referrer_name,
        )
        self.team_users[s.intake] = consultation.recorded_by
        steps = [
            (Status.ACCEPTED, t.accepted, "受理しました。初回面談の日程を調整します。"),
            (Status.IN_PROGRESS, t.opened, "多機関協働ケースとして受け付けました。"),
        ]
        if t.closed:
            steps.append((Status.COMPLETED, t.closed, "多機関協働ケースの終結に伴い、完了とします。"))
        referral = b.referral(
            person,
            consultation,
            s.intake,
            HUB,
            t.sent,
            s.referral,
            steps,
            consent=consent,
            reply_by=t.sent + dt.timedelta(days=14),
        )
        self.case = Case(
            municipality=b.city,
            owner_agency=b.agency(HUB),
            household=household,
            person=person,
            consent=consent,
            consultation=consultation,
            referral=referral,
            status=self.status,
            title=s.title,
            opened_on=t.opened,
            lead_user=self.lead,
        )
        b.add(self.case, t.opened)
        b.subjects.extend((self.case, who) for who in [person, *(self.members[i] for i in s.subjects)])
        self._record("受付", "", CaseStatus.INTAKE, t.opened)
        self._event("start_assessment", t.assessing)
        self._event("start_planning", t.planning)
        self._team()
        self._assessments()
        plans = self._plans()
        self._notes()
        self._close(consent, plans)
        self._extra_consents()
        self._after_notes()
        return self.case

    # ── pieces ───────────────────────────────────────────────────────────
    def _contacts_before(self, day: dt.date) -> None:
        b, s = self.b, self.s
        for c in s.contacts:
            who = self.members[c.member]
            consent = b.consent(who, c.agency, day, shared=(s.intake,), purpose="支援の引き継ぎのため")
            consultation = b.consultation(
                who,
                c.agency,
                day,
                topics=c.topics,
                complaint=c.complaint,
                wishes=c.wishes,
                response=c.response,
                note=c.note,
                consent=consent,
                visitor=c.visitor,
                visitor_name=c.visitor_name,
                life=self.f.life if c.member == s.case_person else None,
                referrer_name=c.visitor_name if c.visitor == "agency" else "",
            )
            sent = day + dt.timedelta(days=2)
            b.referral(
                who,
                consultation,
                c.agency,
                s.intake,
                sent,
                c.note,
                [
                    (Status.ACCEPTED, sent + dt.timedelta(days=1), "受理しました。"),
                    (Status.COMPLETED, self.t.first, "本人と面談し、当センターで継続して対応します。"),
                ],
                consent=consent,
                reply_by=sent + dt.timedelta(days=10),
            )

    def _team(self) -> None:
        b, s, t = self.b, self.s, self.t
        rows: list[tuple[str, TeamPart, dt.date, dt.date | None]] = [(HUB, TeamPart.LEAD, t.opened, None)]
        if s.intake != HUB:
            rows.append((s.intake, TeamPart.SUPPORT, t.opened, None))
        for m in s.team:
            if not self.reached(m.phase):
                continue
            left = t.phases[m.left][0] if m.left and self.reached(m.left) else None
            rows.append((m.agency, TeamPart(m.part), t.phases[m.phase][0], left))
        for key, part, joined, left in rows:
            user = self.team_users.get(key) or b.clerk(key)
            self.team_users[key] = user
            self.joined[key] = joined
            b.add(
                TeamMember(
                    case=self.case, agency=b.agency(key), user=user, part=part, joined_on=joined, left_on=left
                ),
                joined,
            )

    def _assessments(self) -> None:
        t = self.t
        version = 0
        if t.assessed:
            version += 1
            self._assessment(self.s.assessment, version, t.assessed)
        later = self.s.assessment2
        if later is not None and (self.reached("replan") or self.reached("reopen")):
            span = self.t.phases["replan"] if self.reached("replan") else self.t.phases["reopen"]
            version += 1
            self._assessment(later, version, within(self.b, span, 0.3), first=False)

    def _assessment(self, text: Assess | None, version: int, day: dt.date, *, first: bool = True) -> None:
        assert text is not None, f"{self.s.key}: an assessment is needed for status {self.s.status}"
        b = self.b
        assessment = Assessment(
            case=self.case,
            version=version,
            assessed_on=day,
            household_situation=text.situation,
            household_issues=text.issues,
            strengths=text.strengths,
            person_words=text.words,
            urgency=Urgency(text.urgency),
            risks=text.risks,
            background=self.f.background,
            situations=[Situation(code).value for code in self.s.situations],
            result=AssessmentResult.COLLABORATION,
            author=self.lead,
            author_name=self.lead.full_name,
        )
        # The life recorded at intake, carried over and corrected as the assessment found it.
        person = self.case.person
        fill(
            assessment,
            self.f.assessed_life(later=not first),
            age_on(person.birth_date, day) if person.birth_date else None,
        )
        b.add(assessment, day)
        for person, r in zip(self.members, self.s.residents, strict=True):
            if first and (r.situation or r.issues):
                b.add(
                    AssessmentMember(
                        assessment=assessment, person=person, situation=r.situation, issues=r.issues
                    ),
                    day,
                )

    def _judge_goals(self, evaluation: Evaluation, plan: Plan, result: GoalResult, day: dt.date) -> None:
        """Each 短期目標 judged so that the goals add up to the story's result (``overall_result``)."""
        goals = short_term_goal_list(plan.short_term_goals)
        if result == GoalResult.PARTLY:
            judged = (
                [GoalResult.PARTLY]
                if len(goals) == 1
                else [GoalResult.MET, *[GoalResult.NOT_MET] * (len(goals) - 1)]
            )
        else:
            judged = [result] * len(goals)
        for position, (goal, judgement) in enumerate(zip(goals, judged, strict=True), start=1):
            self.b.add(
                GoalEvaluation(evaluation=evaluation, position=position, goal=goal, result=judgement), day
            )

    def _close(self, consent: Consent, plans: list[Plan]) -> None:
        b, s, t = self.b, self.s, self.t
        if not (t.closed and t.evaluated):
            return
        closure = s.closure
        assert closure is not None, f"{s.key}: a closure is needed"
        if s.withdrawn:
            b.withdraw(consent, t.evaluated - dt.timedelta(days=b.rng.randint(3, 7)), s.withdrawn)
        current = [p for p in plans if p.status == PlanStatus.ACTIVE]
        outcome = self.f.outcome
        assert outcome is not None, f"{s.key}: an outcome for the 評価シート is needed (stories/facts_*.py)"
        employed = outcome.employed_days is not None
        evaluation = Evaluation(
            case=self.case,
            plan=current[0] if current else None,
            evaluated_on=t.evaluated,
            goal_result=GoalResult(closure.result),
            reasons=closure.reasons,
            person_view=closure.person_view,
            implementation=outcome.implementation,
            improvements=[i.value for i in Improvement if i.value in outcome.improvements],
            employed=employed,
            employed_on=t.evaluated - dt.timedelta(days=outcome.employed_days or 0) if employed else None,
            income_increased=outcome.increase is not None,
            income_increase=outcome.increase,
            remaining_issues=outcome.remaining,
            direction=Direction(outcome.direction),
            closure_code=ClosureCode(outcome.closure),
            keep_watching=bool(closure.watch),
            watch_note=closure.watch,
            author=self.lead,
            author_name=self.lead.full_name,
        )
        unknown = set(outcome.improvements) - set(Improvement.values)
        assert not unknown, f"{s.key}: unknown 本人の変化 {sorted(unknown)}"
        b.add(evaluation, t.evaluated)
        if current:
            self._judge_goals(evaluation, current[0], GoalResult(closure.result), t.evaluated)
        self._decision(
            DecisionKind.CLOSURE, Outcome.CLOSE, t.closed, current[0] if current else None, closure.decision
        )
        for plan in current:
            self._set(plan, PlanStatus.ENDED, agreed=True)
        self._event_by_decision(
            DecisionKind.CLOSURE, Outcome.CLOSE, t.closed, CaseStatus.SUPPORT, CaseStatus.CLOSED
        )
        if t.reopened:
            self._event("reopen", t.reopened, s.reopened)
        else:
            self.case.closed_on = t.closed
            self.case.closure_reason = closure.decision
            # As the closure decision takes it from the closing evaluation (casework.services.decisions).
            self.case.closure_code = evaluation.closure_code

    def _extra_consents(self) -> None:
        b = self.b
        for extra in self.s.consents:
            if not self.reached(extra.phase):
                continue
            day = within(b, self.t.phases[extra.phase], extra.at)
            member = self.members[extra.member]
            consent = b.consent(
                member,
                extra.agency,
                day,
                shared=extra.shared,
                meeting=extra.meeting,
                purpose=extra.purpose,
                note=extra.note,
            )
            own = extra.intake
            if own is not None:
                life, route, referrer, referrer_name = self.f.members.get(extra.member, (None, "", "", ""))
                b.consultation(
                    member,
                    extra.agency,
                    day,
                    topics=own.topics,
                    situations=own.situations,
                    complaint=own.complaint,
                    wishes=own.wishes,
                    response="collaboration",
                    note=own.note,
                    channel=own.channel,
                    consent=consent,
                    user=self.team_users.get(extra.agency),
                    life=life,
                    route=route,
                    referrer=referrer,
                    referrer_name=referrer_name,
                )

    # ── events and decisions ─────────────────────────────────────────────


def write_case(b: Builder, story: Story) -> Case:
    b.reseed(f"case:{story.key}")
    return CaseWriter(b, story).write()
