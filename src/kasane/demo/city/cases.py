"""かさね市's residents for the demo: ~300 households at every stage of the case journey.

Most households had one or two consultations at one agency (``intakes``); some were referred on and
the referrals stand in every state (依頼中 with and without an overdue reply date, 受理, 対応中, 完了, 辞退
with its reason, 取消 with its reason, one resent to another agency after a 辞退). About 25 households are
多機関協働 cases in every CaseStatus (``stories``), among them 8050, ダブルケア,
ヤングケアラー and 困窮 with a suspected disability; one case is closed after the person withdrew consent
and one was reopened. The 社協's outreach year follows (``outreach``): visits to agencies and 15 people it
keeps trying to reach, 修 of the 8050 household among them; then its register of 社会資源 and 参加支援 for twelve
people (``participation``). Everything is dated relative to ``today`` and drawn from a fixed seed.
"""

from __future__ import annotations

import datetime as dt

from kasane.accounts.models import User
from kasane.agencies.models import Agency, AgencyKind
from kasane.casework.models import Consent, Consultation, Household, Person, Referral, ReferralBasis, Status
from kasane.demo import names
from kasane.demo.city.build import Builder, age_on
from kasane.demo.city.case_journey import write_case
from kasane.demo.city.community import load_community
from kasane.demo.city.intakes import CANCEL_BY_WITHDRAWAL, CANCEL_REASONS, INTAKES, RECEIVED, Intake
from kasane.demo.city.intakes.hub import TO_HUB
from kasane.demo.city.intakes.life import LifeTurns, brought
from kasane.demo.city.intakes.outcomes import CYCLE, PARTNERS, RESENT, URGENT_CYCLE
from kasane.demo.city.outreach import load_outreach
from kasane.demo.city.participation import load_participation
from kasane.demo.city.plan import load_plan
from kasane.demo.city.stories import MORE, NAMED
from kasane.lib.dates import fiscal_year, fiscal_year_bounds
from kasane.meetings.models import Meeting
from kasane.tenancy.models import Municipality

SEED = 20260401
HOUSEHOLDS = 300
HOUKATSU = {
    "中央圏域": "houkatsu_chuo",
    "北部圏域": "houkatsu_kita",
    "南部圏域": "houkatsu_minami",
    "東部圏域": "houkatsu_higashi",
}


def load_cases(
    municipality: Municipality,
    agencies: dict[str, Agency],
    users: dict[str, User],
    today: dt.date,
    meetings: dict[dt.date, Meeting] | None = None,
) -> dict[str, int]:
    """Create the demo's households, consultations, consents, referrals and cases, then the 社協's outreach
    year (``city.outreach``) and its 参加支援 (``city.participation``); return their counts.

    Decisions are attached to agenda items of ``meetings`` (the sittings by date; a sitting missing on a
    decision's day is created as an urgent one)."""
    b = Builder(municipality, agencies, users, today, SEED, meetings or {})
    for story in [*NAMED, *MORE]:
        write_case(b, story)
    loader = _Everyday(b)
    for key, source, state, message, answer in TO_HUB:
        b.reseed(f"hub:{key}")
        loader.to_hub(key, source, state, message, answer)
    for key in RESENT:
        b.reseed(f"resent:{key}")
        loader.household(loader.by_key[key], "declined")
    n = 0
    while len(b.objects[Household]) < HOUSEHOLDS:
        n += 1
        b.reseed(f"household:{n}")
        loader.household()
    b.save()
    # The 社協's outreach year, then its register of 社会資源 and 参加支援, go through the services and are dated
    # from the saved stories; 地域づくり builds on the register.
    return {**b.counts(), **load_outreach(b), **load_participation(b), **load_community(b), **load_plan(b)}


class _Everyday:
    """Households that came to one agency with an everyday worry."""

    def __init__(self, b: Builder) -> None:
        self.b = b
        # Everyday consultations reach back to the start of the previous 年度.
        self.span = (b.today - fiscal_year_bounds(fiscal_year(b.today) - 1)[0]).days
        self.turn: dict[str, int] = {}
        self.withdrawn_once = False
        self.cancelled = 0
        self.by_key = {t.key: t for t in INTAKES}
        self.lives = LifeTurns()  # the B票 of each template in turn, and of each main person

    def household(self, template: Intake | None = None, state: str | None = None) -> None:
        """One household drawn from the templates; or of ``template`` with its referral in ``state``."""
        b = self.b
        if template is None:
            template = b.rng.choices(INTAKES, weights=[t.weight for t in INTAKES])[0]
        owner, town = self._where(template)
        if state is None:
            state = self._state(template, owner) if template.refer_to else ""
        day = self._day(state)
        main, people = self._people(template, owner, town, day)
        ages = _ages(people, day)
        consent: Consent | None = None
        if template.refer_to and template.basis == ReferralBasis.CONSENT:
            consent = b.consent(
                main, owner, day, shared=(template.refer_to,), purpose="相談内容をつなぎ先に引き継ぐため"
            )
        elif template.response == "continue" and b.rng.random() < 0.15:
            partners = PARTNERS.get("houkatsu" if owner.startswith("houkatsu") else owner, ())
            if partners:
                consent = b.consent(
                    main, owner, day, shared=partners, purpose="支援のため、関係機関と相談内容を共有する"
                )
        consultation = self._consult(template, owner, main, people, day, ages, consent)
        if template.refer_to:
            self._refer(template, owner, main, consultation, day, state, ages, consent)
        if template.follow and b.rng.random() < 0.6 and day + dt.timedelta(days=14) < b.today:
            later = b.workday(day + dt.timedelta(days=b.rng.randint(10, 45)))
            b.consultation(
                main,
                owner,
                later,
                topics=template.topics,
                complaint=template.follow,
                response="continue",
                note=template.follow_note,
                channel=b.rng.choice(["visit", "phone", "home_visit"]),
                life=self.lives.of(main),
            )

    def to_hub(self, key: str, source: str, state: str, message: str, answer: str) -> None:
        b = self.b
        template = self.by_key[key]
        owner, town = self._where(template, source)
        day = b.today - dt.timedelta(
            days={"requested": b.rng.randint(3, 8), "declined": 40, "accepted": 12}[state]
        )
        day = b.workday(day)
        main, people = self._people(template, owner, town, day)
        ages = _ages(people, day)
        consent = b.consent(
            main,
            owner,
            day,
            collaboration=True,
            meeting=True,
            shared=("shakyo",),
            purpose="多機関協働事業の利用申込みのため",
        )
        consultation = self._consult(
            template, owner, main, people, day, ages, consent, response="collaboration"
        )
        steps = [] if state == "requested" else [(Status(state), day + dt.timedelta(days=2), answer)]
        b.referral(
            main,
            consultation,
            owner,
            "shakyo",
            day,
            message.format(**ages),
            steps,
            consent=consent,
            reply_by=day + dt.timedelta(days=14),
        )

    # ── pieces ───────────────────────────────────────────────────────────
    def _where(self, template: Intake, source: str = "") -> tuple[str, str]:
        b = self.b
        key = source or b.rng.choice(template.agencies)
        area = template.area or b.rng.choice(list(HOUKATSU))
        if key == "houkatsu":
            key = HOUKATSU[area]
        elif key.startswith("houkatsu_"):
            area = next(a for a, k in HOUKATSU.items() if k == key)
        return key, b.rng.choice(names.TOWNS[area])

    def _state(self, template: Intake, owner: str) -> str:
        urgent = template.basis != ReferralBasis.CONSENT
        cycle = URGENT_CYCLE if urgent else CYCLE
        turn = owner + str(urgent)
        if turn not in self.turn:
            self.turn[turn] = 0 if owner == "houkatsu_chuo" else 3 * len(self.turn) + 1
        state = cycle[self.turn[turn] % len(cycle)]
        self.turn[turn] += 1
        if state == "declined" and not template.decline:
            return "completed"
        return state

    def _day(self, state: str) -> dt.date:
        g, today = self.b.rng.randint, self.b.today
        # Every state draws the same way on every day; only a span that depends on the date is scaled.
        earliest = 15 if state else 1
        back = {
            "requested": g(2, 9),
            "overdue": g(20, 45),
            "accepted": g(8, 30),
            "in_progress": g(20, 120),
        }.get(state, earliest + int(self.b.fraction() * (self.span - earliest + 1)))
        return self.b.workday(today - dt.timedelta(days=back))

    def _people(self, template: Intake, owner: str, town: str, day: dt.date) -> tuple[Person, list[Person]]:
        b = self.b
        recorder = b.clerk(owner)
        household = b.household(owner, town, day, recorder, template.household)
        family = b.rng.choice(names.SURNAMES)
        first = template.members[0]
        main_age = b.rng.randint(first.lo, first.hi)
        people = []
        for i, m in enumerate(template.members):
            age = main_age if i == 0 else (main_age if m.relative else 0) + b.rng.randint(m.lo, m.hi)
            phone = ""
            if i == 0 and b.rng.random() < 0.9:
                phone = "home" if age >= 70 and b.rng.random() < 0.7 else "mobile"
            elif i == template.visitor_member:
                phone = "mobile"
            people.append(
                b.person(
                    household,
                    day,
                    recorder,
                    rel=m.rel,
                    sex=m.sex,
                    age=max(age, 0),
                    family=family,
                    apart=m.apart,
                    phone=phone,
                )
            )
        return people[0], people

    def _consult(
        self,
        template: Intake,
        owner: str,
        main: Person,
        people: list[Person],
        day: dt.date,
        ages: dict[str, int],
        consent: Consent | None,
        response: str = "",
    ) -> Consultation:
        b = self.b
        visitor = people[template.visitor_member] if template.visitor_member is not None else None
        known = brought(template)
        return b.consultation(
            main,
            owner,
            day,
            topics=template.topics,
            situations=template.situations,
            complaint=b.rng.choice(template.complaint).format(**ages),
            wishes=b.rng.choice(template.wishes).format(**ages),
            response=response or template.response,
            note=b.rng.choice(template.note).format(**ages),
            channel=b.rng.choice(template.channels),
            visitor=template.visitor,
            visitor_relation=template.visitor_relation,
            visitor_name=visitor.name if visitor else template.visitor_name,
            visitor_contact=(visitor.mobile or visitor.phone) if visitor else "",
            consent=consent,
            life=self.lives.next(template, main),
            route=known.route if known else "",
            referrer=known.referrer if known else "",
            referrer_name=known.name if known else "",
        )

    def _refer(
        self,
        template: Intake,
        owner: str,
        main: Person,
        consultation: Consultation,
        day: dt.date,
        state: str,
        ages: dict[str, int],
        consent: Consent | None,
    ) -> None:
        b, g = self.b, self.b.rng.randint
        target = template.refer_to
        sent = day
        answered = sent + dt.timedelta(days=g(1, 3))
        steps: list[tuple[str, dt.date, str]] = []
        if state in ("accepted", "in_progress", "completed"):
            steps.append((Status.ACCEPTED, answered, "受理しました。本人に連絡して面談の日程を決めます。"))
        if state in ("in_progress", "completed") and b.rng.random() < 0.8:
            steps.append(
                (
                    Status.IN_PROGRESS,
                    answered + dt.timedelta(days=g(1, 5)),
                    "本人と面談し、支援を始めました。",
                )
            )
        if state == "completed":
            steps.append(
                (
                    Status.COMPLETED,
                    min(answered + dt.timedelta(days=g(10, 40)), b.yesterday),
                    "当機関での支援に引き継ぎました。つなぎとしては完了とします。",
                )
            )
        if state == "declined":
            steps.append((Status.DECLINED, answered, template.decline))
        if state == "cancelled":
            cancel_reason = CANCEL_REASONS[self.cancelled % len(CANCEL_REASONS)]
            self.cancelled += 1
            if not self.withdrawn_once and consent is not None:
                self.withdrawn_once = True
                cancel_reason = CANCEL_BY_WITHDRAWAL
                b.withdraw(
                    consent, answered, "「知らない人に自分のことを話されるのは嫌だ」と本人から電話があった。"
                )
            steps.append((Status.CANCELLED, answered, cancel_reason))
        reply_by = sent + dt.timedelta(days=14 if state == "requested" else g(7, 14))
        referral = b.referral(
            main,
            consultation,
            owner,
            target,
            sent,
            template.referral_message.format(**ages),
            steps,
            consent=consent,
            basis=template.basis,
            basis_note=template.basis_note,
            reply_by=reply_by,
        )
        if state in ("in_progress", "completed"):
            self._received(target, owner, main, template, steps[-1][1])
        if state == "declined" and template.resend_to:
            again = answered + dt.timedelta(days=1)
            second = b.consent(
                main,
                owner,
                again,
                shared=(template.resend_to,),
                purpose="つなぎ先の変更に伴い、相談内容を引き継ぐため",
            )
            self._resend(template, owner, main, consultation, referral, second, again, ages)

    def _resend(
        self,
        template: Intake,
        owner: str,
        main: Person,
        consultation: Consultation,
        previous: Referral,
        consent: Consent | None,
        day: dt.date,
        ages: dict[str, int],
    ) -> None:
        b = self.b
        accepted = day + dt.timedelta(days=1)
        b.referral(
            main,
            consultation,
            owner,
            template.resend_to,
            day,
            template.resend_message.format(**ages),
            [
                (Status.ACCEPTED, accepted, "受理しました。"),
                (Status.IN_PROGRESS, accepted + dt.timedelta(days=3), "本人と連絡が取れました。"),
            ],
            consent=consent,
            reply_by=day + dt.timedelta(days=10),
            resent_from=previous,
        )
        self._received(template.resend_to, owner, main, template, accepted + dt.timedelta(days=3))

    def _received(self, target: str, source: str, person: Person, template: Intake, day: dt.date) -> None:
        b = self.b
        if target not in RECEIVED or not b.staff.get(target) or day >= b.today:
            return
        complaint, note = RECEIVED[target]
        name = b.agency(source).name.split("（")[0]
        # Brought by the sender: from within the city hall when both are its divisions.
        within = {b.agency(source).kind, b.agency(target).kind} == {AgencyKind.CITY_DIVISION}
        b.consultation(
            person,
            target,
            day,
            topics=template.topics,
            situations=template.situations,
            complaint=complaint.format(source=name),
            response="continue",
            note=note,
            channel="home_visit" if target.startswith("houkatsu") else "visit",
            life=self.lives.of(person),
            route="municipal" if within else "agency",
            referrer=source,
        )


def _ages(people: list[Person], day: dt.date) -> dict[str, int]:
    """{a0}, {a1} … for the texts: each member's age on the day of the consultation."""
    return {f"a{i}": age_on(p.birth_date, day) for i, p in enumerate(people) if p.birth_date}
