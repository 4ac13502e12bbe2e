"""Builds the demo's personal records in memory and writes them with a handful of bulk inserts.

Records are linked to each other as objects before any has a primary key, and kept by ``store.Store``
until ``save`` writes them.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict

from kasane.accounts.models import Membership, User
from kasane.agencies.models import Agency
from kasane.casework.models import (
    CLOSED_AT_INTAKE,
    Case,
    CloseReason,
    Consent,
    ConsentMethod,
    ConsentVariant,
    Consultation,
    ConsultationNote,
    Household,
    Person,
    Plan,
    Relationship,
    Route,
    Sex,
    Situation,
    Topic,
)
from kasane.casework.personal_data.consultations import age_band
from kasane.demo import names
from kasane.demo.city.build_referrals import Referrals, age_on
from kasane.demo.city.life import Life, fill
from kasane.demo.city.store import Store
from kasane.lib.dates import TOKYO
from kasane.meetings.models import AgendaItem, ItemKind, ItemStatus, Meeting, MeetingStatus
from kasane.tenancy.models import Municipality

# Follow-ups a 相談員 writes on a 相談記録 kept for 継続支援: general enough for any of the demo's consultations.
FOLLOW_UPS: tuple[tuple[str, str], ...] = (
    ("phone", "本人へ電話。その後の様子を確認した。大きな変化はなく、2週間後にまた連絡すると伝えた。"),
    ("home_visit", "自宅を訪問。生活の様子を確認し、困っていることを一緒に整理した。"),
    ("interview", "来所。前回案内した手続きの進み具合を確認し、書類の書き方を一緒に確認した。"),
    ("phone", "家族から電話。本人の最近の様子を聞き取り、次の面談の日を決めた。"),
    ("accompany", "窓口に同行し、手続きを支援した。本人は「一人では来られなかった」と話した。"),
    ("phone", "本人から電話。「少し落ち着いた」とのこと。必要になったら連絡するよう伝えた。"),
)

RECORDING_ROLES = ("soudanin", "coordinator", "city_program")


_SONS = (Relationship.ELDEST_SON, Relationship.SECOND_SON, Relationship.THIRD_SON)
_DAUGHTERS = (Relationship.ELDEST_DAUGHTER, Relationship.SECOND_DAUGHTER, Relationship.THIRD_DAUGHTER)
_BY_SEX = {
    "spouse": (Relationship.HUSBAND, Relationship.WIFE),
    "parent": (Relationship.FATHER, Relationship.MOTHER),
    "grandparent": (Relationship.GRANDFATHER, Relationship.GRANDMOTHER),
}


class Builder(Store, Referrals):
    def __init__(
        self,
        city: Municipality,
        agencies: dict[str, Agency],
        users: dict[str, User],
        today: dt.date,
        seed: int,
        meetings: dict[dt.date, Meeting] | None = None,
    ) -> None:
        super().__init__()
        self.city = city
        # The sittings decisions are attached to; by default the city's regular ones already in the database.
        self.meetings = (
            dict(meetings)
            if meetings
            else {
                m.held_on: m
                for m in Meeting.objects.filter(municipality=city, series__isnull=False).select_related(
                    "body"
                )
            }
        )
        self.item_order: dict[int, int] = defaultdict(lambda: 1)
        self.agencies = agencies
        self.users = users
        self.today = today
        self.yesterday = today - dt.timedelta(days=1)
        self.seed = seed
        self.rng = random.Random(seed)
        key_of = {a.pk: k for k, a in agencies.items()}
        self.staff: dict[str, list[User]] = defaultdict(list)
        for m in (
            Membership.objects.filter(agency__in=list(agencies.values()), role__code__in=RECORDING_ROLES)
            .select_related("user")
            .order_by("user_id", "pk")
        ):
            if m.user not in self.staff[key_of[m.agency_id]]:
                self.staff[key_of[m.agency_id]].append(m.user)
        self.members: dict[int, list[Person]] = defaultdict(list)

    # ── helpers ──────────────────────────────────────────────────────────
    def reseed(self, unit: str) -> None:
        """Start the random stream of one unit (a case, a household) afresh from the seed and its name.

        The demo is dated relative to today, and some draws depend on the date (a given name fashionable in
        the year of birth, a follow-up only if its day has come). Each unit drawing from a stream of its
        own keeps such differences inside the unit: which households, people and records exist, and in
        which state, is the same whatever day the demo is built."""
        self.rng.seed(f"{self.seed}:{unit}")

    def fraction(self) -> float:
        """A draw in [0, 1) to scale by a span that depends on the date: one draw whatever the span."""
        return self.rng.random()

    def agenda_item(
        self, day: dt.date, case: Case, kind: str, plan: Plan | None, outcome: str, notes: str
    ) -> AgendaItem:
        """The 重層的支援会議 item a decision comes from, on the sitting of that day."""
        meeting = self.meetings.get(day)
        if meeting is None:
            body = next(iter(self.meetings.values())).body if self.meetings else None
            if body is None:
                raise RuntimeError("デモの会議体がありません。")
            meeting = Meeting.objects.create(
                municipality=self.city,
                body=body,
                title="包括的支援会議（臨時）",
                kinds=body.kinds,
                held_on=day,
                urgent=True,
                status=MeetingStatus.HELD,
            )
            self.meetings[day] = meeting
        self.item_order[meeting.pk] += 1
        item = AgendaItem(
            meeting=meeting,
            order=self.item_order[meeting.pk],
            kind=kind,
            title=f"{case.title}（{ItemKind(kind).label}）",
            case=case,
            plan=plan,
            discussion=notes,
            outcome=outcome,
            status=ItemStatus.DISCUSSED,
        )
        self.add(item, day)
        return item

    def moment(self, day: dt.date) -> dt.datetime:
        day = min(day, self.yesterday)
        minutes = self.rng.randint(8 * 60 + 40, 17 * 60)
        return dt.datetime.combine(day, dt.time(minutes // 60, minutes % 60), tzinfo=TOKYO)

    def workday(self, day: dt.date) -> dt.date:
        """Move a Saturday or Sunday back to the Friday before it."""
        day = min(day, self.yesterday)
        return day - dt.timedelta(days=max(0, day.weekday() - 4))

    def clerk(self, key: str) -> User | None:
        staff = self.staff.get(key)
        return self.rng.choice(staff) if staff else None

    def agency(self, key: str) -> Agency:
        return self.agencies[key]

    # ── households and people ────────────────────────────────────────────
    def household(self, owner: str, town: str, day: dt.date, user: User | None, notes: str = "") -> Household:
        household = Household(
            municipality=self.city,
            owner_agency=self.agency(owner),
            address=names.address(self.rng, town) if town else "",
            notes=notes,
            created_by=user,
        )
        self.add(household, day)
        return household

    @staticmethod
    def one_person(rel: str, sex: str, born: dt.date, before: list[Person]) -> Relationship:
        """The stories say 子, 父母, 兄弟姉妹; staff write 長男, 母, 姉. The order among children follows the
        order the story lists them in (oldest first), a sibling is older or younger than the main person."""
        male = sex == Sex.MALE
        if rel == "child":
            order = sum(1 for p in before if p.relationship in (_SONS if male else _DAUGHTERS))
            sequence = _SONS if male else _DAUGHTERS
            return sequence[order] if order < len(sequence) else Relationship.CHILD
        if rel == "sibling":
            main = next((p for p in before if p.is_main), None)
            older = main is None or main.birth_date is None or born < main.birth_date
            if male:
                return Relationship.ELDER_BROTHER if older else Relationship.YOUNGER_BROTHER
            return Relationship.ELDER_SISTER if older else Relationship.YOUNGER_SISTER
        pair = _BY_SEX.get(rel)
        return (pair[0] if male else pair[1]) if pair else Relationship(rel)

    def person(
        self,
        household: Household,
        day: dt.date,
        user: User | None,
        *,
        rel: str,
        sex: str,
        age: int,
        family: tuple[str, str],
        name: str = "",
        kana: str = "",
        apart: str = "",
        phone: str = "",
        note: str = "",
    ) -> Person:
        born = names.birth_date(self.rng, age, self.today)
        # Names follow the year of birth, which moves with today: they draw from a stream of their own.
        naming = random.Random(self.rng.getrandbits(64))
        if not name:
            taken = {p.name.replace("\u3000", " ").split(" ")[-1] for p in self.members[id(household)]}
            while True:
                given = names.given_name(naming, sex, born.year)
                if given[0] not in taken:
                    break
            name, kana = names.typed(naming, family, given)
        number = names.phone(self.rng, mobile=phone == "mobile") if phone else ""
        person = Person(
            municipality=self.city,
            owner_agency=household.owner_agency,
            household=household,
            name=name,
            kana=kana,
            sex=Sex(sex),
            birth_date=born,
            address="" if apart else household.address,
            phone=number if phone == "home" else "",
            mobile=number if phone == "mobile" else "",
            email=names.email_of(self.seed, number, age) if phone == "mobile" else "",
            notes=note,
            relationship=self.one_person(rel, sex, born, self.members[id(household)]),
            is_main=rel == "self",
            lives_apart=bool(apart),
            apart_note=apart,
            created_by=user,
        )
        person.refresh_keys()
        self.members[id(household)].append(person)
        self.add(person, day)
        return person

    def consent(
        self,
        person: Person,
        owner: str,
        day: dt.date,
        *,
        shared: tuple[str, ...] = (),
        collaboration: bool = False,
        meeting: bool = False,
        purpose: str = "",
        note: str = "",
    ) -> Consent:
        user = self.clerk(owner)
        consent = Consent(
            municipality=self.city,
            person=person,
            owner_agency=self.agency(owner),
            covers_collaboration=collaboration,
            covers_meeting=meeting,
            purpose=purpose,
            obtained_on=day,
            method=ConsentMethod.WRITTEN if collaboration or self.rng.random() < 0.7 else ConsentMethod.ORAL,
            obtained_by=user,
            obtained_by_name=user.full_name if user else "",
            notes=note,
        )
        self.shared += [(consent, self.agency(k)) for k in dict.fromkeys(shared) if k != owner]
        self.add(consent, day)
        return consent

    def withdraw(self, consent: Consent, day: dt.date, note: str) -> None:
        user = self.clerk(self._key(consent.owner_agency))
        consent.withdrawn_at = self.moment(day)
        consent.withdrawn_on = day
        consent.withdrawn_by = user
        consent.withdrawn_by_name = user.full_name if user else ""
        consent.withdrawal_note = note

    def _key(self, agency: Agency) -> str:
        return next(k for k, a in self.agencies.items() if a is agency)

    def consultation(
        self,
        person: Person,
        owner: str,
        day: dt.date,
        *,
        topics: tuple[str, ...],
        complaint: str,
        response: str,
        note: str,
        wishes: str = "",
        situations: tuple[str, ...] = (),
        channel: str = "visit",
        visitor: str = "self",
        visitor_relation: str = "",
        visitor_name: str = "",
        visitor_contact: str = "",
        consent: Consent | None = None,
        user: User | None = None,
        life: Life | None = None,
        route: str = "",
        referrer: str = "",
        referrer_name: str = "",
    ) -> Consultation:
        """A 相談受付. 把握ルート follows who came unless the caller knows better; 性別 and 年代 are taken from the
        person as ``casework.services.consultations`` takes them."""
        user = user or self.clerk(owner)
        received_at = self.moment(day)
        on = received_at.date()
        consultation = Consultation(
            municipality=self.city,
            owner_agency=self.agency(owner),
            person=person,
            household=person.household,
            received_at=received_at,
            channel=channel,
            # 把握ルート when nothing more is known: who came (each 相談者 has a route of the same code).
            route=Route(route or visitor),
            referrer_agency=self.agency(referrer) if referrer else None,
            referrer_name=referrer_name,
            sex=person.sex,
            age_band=age_band(person.birth_date, on),
            visitor=visitor,
            visitor_relation=visitor_relation,
            visitor_name=visitor_name,
            visitor_contact=visitor_contact,
            topics=[Topic(t).value for t in topics],
            main_topic=topics[0],
            situations=[Situation(s).value for s in situations],
            complaint=complaint,
            wishes=wishes,
            response=response,
            response_note=note,
            consent_variant=ConsentVariant.WITH if consent else ConsentVariant.WITHOUT,
            consent=consent,
            recorded_by=user,
            recorded_by_name=user.full_name if user else "",
        )
        fill(consultation, life, age_on(person.birth_date, on) if person.birth_date else None)
        self.objects[Consultation].append(consultation)
        self.made[id(consultation)] = consultation.received_at
        self._follow_up(consultation, owner, day)
        return consultation

    def _follow_up(self, consultation: Consultation, owner: str, day: dt.date) -> None:
        """The 相談記録 after the intake, as two years of use leave it: 助言 and 終了 closed that day; 継続支援
        with a few 経過 (calls, visits) and, once months have passed, closed with a reason; つなぎ and
        多機関協働 handed on after a while. A stream of its own, so the rest of the demo is unchanged."""
        response = consultation.response
        if response in CLOSED_AT_INTAKE:
            consultation.closed_on, consultation.close_reason = day, CLOSED_AT_INTAKE[response]
            return
        rng = random.Random(f"{self.seed}:follow-up:{consultation.person.name}:{day.isoformat()}")
        last = day
        if response == "continue":
            user = self.clerk(owner)
            for after in sorted(rng.sample(range(5, 70), rng.randint(1, 3))):
                on = day + dt.timedelta(days=after)
                if on >= self.today:
                    break
                kind, text = rng.choice(FOLLOW_UPS)
                note = ConsultationNote(
                    consultation=consultation,
                    agency=consultation.owner_agency,
                    kind=kind,
                    on=on,
                    minutes=rng.choice((10, 15, 30, 45, 60)),
                    text=text,
                    author=user,
                    author_name=user.full_name if user else "",
                )
                self.add(note, on)
                last = on
        settle = {"continue": 100, "refer": 30, "collaboration": 20}[response]
        if (self.today - last).days > settle:
            reasons = {
                "continue": (CloseReason.RESOLVED,) * 6 + (CloseReason.DECLINED, CloseReason.LOST_CONTACT),
                "refer": (CloseReason.HANDED_OVER,),
                "collaboration": (CloseReason.COLLABORATION,),
            }[response]
            consultation.closed_on = last + dt.timedelta(days=rng.randint(1, 14))
            consultation.close_reason = rng.choice(reasons)
