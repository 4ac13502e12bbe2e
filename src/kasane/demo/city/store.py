"""The demo's records in memory until they are written, each with the moment it was made.

``save`` inserts them parents first, so Django fills in each foreign key from the object it points to.
Timestamps that Django sets on insert (``created_at``, ``ReferralEvent.at`` …) are then moved back to the
day each record was made, so that lists sort and read as they would after two years of use.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from django.db.models import Model

from kasane.casework.models import (
    Assessment,
    AssessmentMember,
    Case,
    CaseEvent,
    Consent,
    Consultation,
    ConsultationNote,
    Evaluation,
    GoalEvaluation,
    Household,
    Person,
    Plan,
    PlanRole,
    ProgressNote,
    Referral,
    ReferralEvent,
    TeamMember,
)
from kasane.casework.services.households import index_names
from kasane.meetings.models import AgendaItem, Decision

# Insert order: every model after the models it points to.
MODELS: list[type[Model]] = [
    Household,
    Person,
    Consent,
    Consultation,
    ConsultationNote,
    Referral,
    ReferralEvent,
    Case,
    CaseEvent,
    TeamMember,
    Assessment,
    AssessmentMember,
    Plan,
    PlanRole,
    AgendaItem,
    Decision,
    ProgressNote,
    Evaluation,
    GoalEvaluation,
]


class Store:
    """What the builder has made so far, by model, and when each record was made."""

    def __init__(self) -> None:
        self.objects: dict[type[Model], list[Any]] = defaultdict(list)
        self.made: dict[int, dt.datetime] = {}
        self.shared: list[tuple[Consent, Any]] = []
        self.subjects: list[tuple[Case, Person]] = []  # 主たる支援対象者

    def moment(self, day: dt.date) -> dt.datetime:
        raise NotImplementedError

    def add(self, obj: Model, day: dt.date) -> None:
        self.objects[type(obj)].append(obj)
        self.made[id(obj)] = self.moment(day)

    # ── writing ──────────────────────────────────────────────────────────
    def save(self) -> None:
        for model in MODELS:
            rows = self.objects.get(model, [])
            if model is Referral:
                self._insert(model, [r for r in rows if r.resent_from is None])
                self._insert(model, [r for r in rows if r.resent_from is not None])
            elif model is Plan:
                self._insert(model, [p for p in rows if p.previous is None])
                self._insert(model, [p for p in rows if p.previous is not None])
            else:
                self._insert(model, rows)
            if model is Person:
                index_names(rows)
            if model is Consent:
                through = Consent.shared_agencies.through
                through.objects.bulk_create(through(consent=c, agency=a) for c, a in self.shared)
            if model is Case:
                subjects = Case.subjects.through
                subjects.objects.bulk_create(subjects(case=c, person=p) for c, p in self.subjects)
        for model in MODELS:
            self._backdate(model, self.objects.get(model, []))

    @staticmethod
    def _insert(model: type[Model], rows: list[Any]) -> None:
        if rows:
            model._default_manager.bulk_create(rows, batch_size=500)

    def _backdate(self, model: type[Model], rows: list[Any]) -> None:
        stamped = [
            f.attname
            for f in model._meta.concrete_fields
            if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
        ]
        if not rows or not stamped:
            return
        for row in rows:
            for field in stamped:
                setattr(row, field, self.made[id(row)])
        model._default_manager.bulk_update(rows, stamped, batch_size=500)

    def counts(self) -> dict[str, int]:
        return {
            "households": len(self.objects[Household]),
            "persons": len(self.objects[Person]),
            "consents": len(self.objects[Consent]),
            "consultations": len(self.objects[Consultation]),
            "referrals": len(self.objects[Referral]),
            "cases": len(self.objects[Case]),
            "plans": len(self.objects[Plan]),
            "decisions": len(self.objects[Decision]),
            "progress_notes": len(self.objects[ProgressNote]),
            "consultation_notes": len(self.objects[ConsultationNote]),
        }
