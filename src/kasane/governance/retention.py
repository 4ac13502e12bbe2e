"""Retention: when a household's records have outlived the municipality's 保存期間, anonymise them.

A household is due when no provider holds it (no open case or つなぎ, no unanswered 開示 request, nothing
recorded on or after the cutoff) and no uncovered model has a record of it. The period is counted the way
Japanese public bodies count 保存期間: from 1 April of the fiscal year after the last record. With 5 years,
a household whose last record is dated in FY2020 (by 31 March 2021) is kept until 31 March 2026 and due
from 1 April 2026; the cutoff is then 1 April 2021.

Anonymising keeps every row, so counts do not move; it removes names, contact details, free text, scanned
files, snapshots and search keys (see each app's ``personal_data.py``). One transaction per household;
one audit entry per run, with the counts. The audit trail itself is never touched: its entries name records
("本人 No.12"), not people, and still verify afterwards.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import Count, QuerySet
from django.utils import timezone

from kasane import audit
from kasane.audit.actor import Actor
from kasane.casework.models import Household
from kasane.governance.models import DEFAULT_RETENTION_YEARS, RetentionPolicy
from kasane.governance.registry import providers, uncovered_holds
from kasane.lib.dates import fiscal_year, today
from kasane.lib.personal_data import Cutoff, Scrubbed, Tally
from kasane.tenancy.models import Municipality


def retention_years(municipality: Municipality) -> int:
    policy = RetentionPolicy.objects.filter(municipality=municipality).first()
    return policy.years if policy is not None else DEFAULT_RETENTION_YEARS


def cutoff_for(years: int, on: dt.date) -> Cutoff:
    """Records dated before this day have been kept ``years`` full years from the next 1 April."""
    return Cutoff(dt.date(fiscal_year(on) - years, 4, 1))


def _unheld(municipality: Municipality, cutoff: Cutoff) -> QuerySet[Household]:
    """Households not yet anonymised that no provider holds."""
    households = Household.objects.filter(municipality=municipality, anonymised_at__isnull=True)
    for provider in providers():
        for condition in provider.holds(cutoff):
            households = households.exclude(condition)
    return households


def due_households(municipality: Municipality, cutoff: Cutoff) -> QuerySet[Household]:
    households = _unheld(municipality, cutoff)
    for _label, condition in uncovered_holds():
        households = households.exclude(condition)
    return households


@dataclass(frozen=True)
class Preview:
    """What a run would do: counts and dates only."""

    years: int
    cutoff: Cutoff
    households: int
    tallies: list[Tally]
    kept_back: list[tuple[str, int]]  # (kind of record no provider covers, households kept for it)
    unlinked: list[Tally] = field(default_factory=list)  # records tied to no household (see below)

    @property
    def anything(self) -> bool:
        return bool(self.households or any(t.count for t in self.unlinked))

    @property
    def last_kept_day(self) -> dt.date:
        return self.cutoff.day - dt.timedelta(days=1)


def preview(municipality: Municipality, on: dt.date | None = None) -> Preview:
    years = retention_years(municipality)
    cutoff = cutoff_for(years, on or today())
    due = due_households(municipality, cutoff)
    tallies = [t for provider in providers() for t in provider.inventory(due)]
    kept_back = []
    if uncovered := uncovered_holds():
        # Households that would be due but for a record no provider can anonymise.
        counts = _unheld(municipality, cutoff).aggregate(
            **{f"k{i}": Count("pk", filter=condition) for i, (_label, condition) in enumerate(uncovered)}
        )
        kept_back = [(label, counts[f"k{i}"]) for i, (label, _c) in enumerate(uncovered) if counts[f"k{i}"]]
    unlinked = [
        t for provider in _unlinked_providers() for t in provider.unlinked_inventory(municipality, cutoff)
    ]
    return Preview(years, cutoff, due.count(), tallies, kept_back, unlinked)


def _unlinked_providers() -> list[Any]:
    """Providers that also hold records tied to no household (a 支援会議 item about someone kasane has no
    record of): those go by their own date, since no household's last record can decide for them."""
    return [p for p in providers() if hasattr(p, "anonymise_unlinked")]


@dataclass
class Outcome:
    years: int
    cutoff: Cutoff
    household_ids: list[int] = field(default_factory=list)
    scrubbed: Scrubbed = field(default_factory=Scrubbed)


def anonymise_due(
    municipality: Municipality,
    *,
    actor: Actor | None = None,
    on: dt.date | None = None,
) -> Outcome:
    """Anonymise every due household, one transaction each, then write the run's audit entry."""
    years = retention_years(municipality)
    cutoff = cutoff_for(years, on or today())
    outcome = Outcome(years, cutoff)
    try:
        # Oldest household first, the same order on every engine and every run (PostgreSQL gives no order
        # without one, and a run stopped half-way must have done the same households each time).
        due = due_households(municipality, cutoff).order_by("pk").values_list("pk", flat=True)
        for household_id in list(due):
            if _anonymise_one(municipality, household_id, cutoff, outcome.scrubbed):
                outcome.household_ids.append(household_id)
        for provider in _unlinked_providers():
            with transaction.atomic():
                provider.anonymise_unlinked(municipality, cutoff, outcome.scrubbed)
    finally:
        # Written even when a household failed half-way through the run: what was done stays accountable.
        audit.log(
            "retention.applied",
            actor=actor,
            municipality=municipality,
            details={
                "years": years,
                "cutoff": cutoff.day.isoformat(),
                "households": len(outcome.household_ids),
                "household_ids": outcome.household_ids[:2000],
                "counts": outcome.scrubbed.counts,
            },
        )
    return outcome


def _anonymise_one(municipality: Municipality, household_id: int, cutoff: Cutoff, total: Scrubbed) -> bool:
    with transaction.atomic():
        household = Household.objects.select_for_update().filter(pk=household_id).first()
        # Checked again under the lock: someone may have written to the household since the list was made.
        if household is None or not due_households(municipality, cutoff).filter(pk=household_id).exists():
            return False
        scrubbed = Scrubbed()
        for provider in reversed(providers()):
            provider.anonymise(household, scrubbed)
        Household.objects.filter(pk=household_id).update(anonymised_at=timezone.now())
    for label, count in scrubbed.counts.items():
        total.add(label, count)
    return True


def set_years(municipality: Municipality, years: int, *, actor: Actor) -> RetentionPolicy:
    with transaction.atomic():
        policy, _created = RetentionPolicy.objects.select_for_update().get_or_create(
            municipality=municipality
        )
        before = policy.years if not _created else DEFAULT_RETENTION_YEARS
        policy.years = years
        policy.updated_by = actor.user
        policy.save()
        audit.log(
            "retention.policy_updated",
            actor=actor,
            municipality=municipality,
            obj=policy,
            details={"years": [before, years]},
        )
    return policy
