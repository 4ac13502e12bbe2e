"""The つなぎ of the demo's households, as ``casework.services.referrals`` leaves them: the snapshot the receiver
sees, the referral and each of its events (``build.Builder`` takes these steps in)."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from typing import Any

from kasane.accounts.models import User
from kasane.agencies.models import Agency
from kasane.casework.models import (
    Consent,
    Consultation,
    Person,
    Referral,
    ReferralBasis,
    ReferralEvent,
    SharedField,
    Status,
)
from kasane.lib.dates import wareki

ALL_FIELDS = [f.value for f in SharedField]


def age_on(born: dt.date, day: dt.date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


class Referrals:
    """Referral steps of ``build.Builder``, which holds the records and the state they use."""

    rng: random.Random
    city: Any
    members: dict[int, list[Person]]
    objects: dict[type, list[Any]]
    made: dict[int, dt.datetime]

    def agency(self, key: str) -> Agency:
        raise NotImplementedError

    def clerk(self, key: str) -> User | None:
        raise NotImplementedError

    def add(self, obj: Any, day: dt.date) -> None:
        raise NotImplementedError

    def snapshot(self, person: Person, consultation: Consultation | None, on: dt.date) -> dict[str, Any]:
        """What the receiver sees, as ``casework.services.referrals.snapshot`` takes it when the referral is sent."""
        assert person.birth_date is not None
        age = age_on(person.birth_date, on)
        data: dict[str, Any] = {
            "name": person.name,
            "kana": person.kana,
            "sex": person.get_sex_display(),
            "birth_date": person.birth_date.isoformat(),
            "birth_date_label": f"{wareki(person.birth_date)}（{age}歳）",
            "address": person.address,
            "phone": person.phone,
            "household": [
                {
                    "name": m.name,
                    "relationship": m.get_relationship_display(),
                    "age": age_on(m.birth_date, on) if m.birth_date else None,
                    "apart": m.apart_note if m.lives_apart else "",
                }
                for m in self.members[id(person.household)]
                if m is not person
            ],
        }
        if consultation is not None:
            data["complaint"] = consultation.complaint
            data["wishes"] = consultation.wishes
            data["topics"] = [("◎" if main else "○") + label for label, main in consultation.topic_labels()]
            data["situations"] = consultation.situation_labels()
        return data

    def referral(
        self,
        person: Person,
        consultation: Consultation | None,
        source: str,
        target: str,
        sent: dt.date,
        message: str,
        steps: Sequence[tuple[str, dt.date, str]],
        *,
        consent: Consent | None = None,
        basis: str = ReferralBasis.CONSENT,
        basis_note: str = "",
        reply_by: dt.date | None = None,
        resent_from: Referral | None = None,
    ) -> Referral:
        """A referral sent on ``sent`` and moved through ``steps``: (status, day, note) in order."""
        user = self.clerk(source)
        status = steps[-1][0] if steps else Status.REQUESTED
        referral = Referral(
            municipality=self.city,
            person=person,
            household=person.household,
            consultation=consultation,
            from_agency=self.agency(source),
            from_user=user,
            from_user_name=user.full_name if user else "",
            to_agency=self.agency(target),
            to_collaboration=self.agency(target).runs_collaboration,
            shared_fields=ALL_FIELDS,
            shared_data=self.snapshot(person, consultation, sent),
            basis=basis,
            consent=consent,
            basis_note=basis_note,
            message=message,
            reply_by=reply_by,
            status=status,
            resent_from=resent_from,
        )
        self.add(referral, sent)
        self._event(referral, Status.REQUESTED, source, user, sent, message)
        for step, day, note in steps:
            side = source if step == Status.CANCELLED else target
            self._event(referral, step, side, self.clerk(side), day, note)
        return referral

    def _event(
        self, referral: Referral, status: str, key: str, user: User | None, day: dt.date, note: str
    ) -> None:
        event = ReferralEvent(
            referral=referral,
            status=status,
            actor=user,
            actor_name=user.full_name if user else self.agency(key).name,
            agency=self.agency(key),
            note=note,
        )
        self.add(event, day)
        # Events of one referral are listed by time: never let a later step sort before an earlier one.
        earlier = [self.made[id(e)] for e in self.objects[ReferralEvent][:-1][-6:] if e.referral is referral]
        if earlier and self.made[id(event)] <= max(earlier):
            self.made[id(event)] = max(earlier) + dt.timedelta(minutes=self.rng.randint(5, 90))
