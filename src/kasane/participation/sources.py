"""Where a 参加支援 can start, for the viewer: open 多機関協働 cases they run or are on the team of, and つなぎ
their agency accepted — each with the person, and without the people whose 参加支援 is already open."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q

from kasane.casework.models import RECEIVED_STATUSES, Case, CaseStatus, Person, Referral, ReferralBasis
from kasane.casework.visibility import Viewer, reaching_cases
from kasane.lib.text import name_search_terms
from kasane.participation.models import Engagement, EngagementStatus

LIMIT = 100


@dataclass(frozen=True)
class Source:
    key: str
    label: str
    person: Person
    record: Case | Referral


def start_sources(viewer: Viewer, query: str = "") -> list[Source]:
    if not viewer.edit_agency_ids:
        return []  # a reader may not start one: offer nothing rather than refuse after the choice
    busy = Engagement.objects.filter(
        municipality=viewer.municipality,
        owner_agency__in=viewer.edit_agency_ids,
        status=EngagementStatus.OPEN,
    ).values("person_id")
    cases = reaching_cases(viewer).exclude(status=CaseStatus.CLOSED).select_related("person")
    cases = cases.prefetch_related("subjects")
    referrals = (
        Referral.objects.filter(
            municipality=viewer.municipality,
            to_agency__in=viewer.edit_agency_ids,
            status__in=RECEIVED_STATUSES,
        )
        .exclude(person__in=busy)
        # A つなぎ made on the person's consent falls with it (casework.visibility.referral_q).
        .filter(~Q(basis=ReferralBasis.CONSENT) | Q(consent__withdrawn_at__isnull=True))
        .select_related("person", "from_agency")
    )
    terms = name_search_terms(query)
    for term in terms:
        match = Q(person__name_key__contains=term) | Q(person__kana_key__contains=term)
        referrals = referrals.filter(match)
        cases = cases.filter(
            match | Q(subjects__name_key__contains=term) | Q(subjects__kana_key__contains=term)
        ).distinct()
    busy_ids = set(busy.values_list("person_id", flat=True))
    found = []
    for c in cases.order_by("-opened_on", "-pk")[:LIMIT]:
        # The case's 本人 applied; the 主たる支援対象者 are whom the work is mostly about (the son in 8050).
        people = {p.pk: p for p in [c.person, *c.subjects.all()]}
        for person in people.values():
            if person.pk in busy_ids or (terms and not _matches(person, terms)):
                continue
            label = f"多機関協働のケース {c.number}「{c.title}」：{person.name}さん"
            found.append(Source(f"case-{c.pk}-{person.pk}", label, person, c))
    found += [
        Source(
            f"referral-{r.pk}",
            f"つなぎ（{r.from_agency.name}から {r.created_at:%Y/%m/%d}）：{r.person.name}さん",
            r.person,
            r,
        )
        for r in referrals.order_by("-created_at", "-pk")[:LIMIT]
    ]
    return found


def _matches(person: Person, terms: list[str]) -> bool:
    return all(t in person.name_key or t in person.kana_key for t in terms)
