"""The governance app's own personal data: the 開示 requests a person (or their agent) made."""

from __future__ import annotations

from django.db.models import Count, Exists, Max, Min, OuterRef, Q, QuerySet

from kasane.casework.models import Household, Person
from kasane.governance.models import DisclosureRequest
from kasane.lib.dates import wareki
from kasane.lib.personal_data import (
    ANONYMISED,
    Cutoff,
    Field,
    Record,
    Scrubbed,
    Section,
    Tally,
)


def _record(r: DisclosureRequest) -> Record:
    return Record(
        f"開示請求 {r.number}",
        (
            Field("received_on", "受付日", wareki(r.received_on), r.received_on.isoformat()),
            Field("number", "受付番号", r.number, r.number),
            Field("requester_name", "請求者", r.requester_name, r.requester_name),
            Field(
                "requester_relation", "本人との関係", r.get_requester_relation_display(), r.requester_relation
            ),
        ),
    )


class GovernanceProvider:
    key = "disclosures"
    label = "開示請求"
    models = ("governance.DisclosureRequest",)

    def collect(self, person: Person) -> list[Section]:
        requests = DisclosureRequest.objects.filter(person=person).order_by("received_on", "pk")
        return [Section(self.key, "開示請求", tuple(_record(r) for r in requests))]

    def holds(self, cutoff: Cutoff) -> list[Q]:
        requests = DisclosureRequest.objects.filter(person__household=OuterRef("pk"))
        # A request not yet answered must be answered from the records as they are.
        return [
            Q(Exists(requests.filter(produced_at__isnull=True))),
            Q(Exists(requests.filter(Q(received_on__gte=cutoff.day) | Q(produced_at__gte=cutoff.moment)))),
        ]

    def inventory(self, households: QuerySet[Household]) -> list[Tally]:
        r = DisclosureRequest.objects.filter(person__household__in=households).aggregate(
            n=Count("pk"), oldest=Min("received_on"), newest=Max("received_on")
        )
        return [Tally("開示請求", r["n"], r["oldest"], r["newest"])]

    def anonymise(self, household: Household, scrubbed: Scrubbed) -> None:
        scrubbed.add(
            "開示請求",
            DisclosureRequest.objects.filter(person__household=household).update(
                requester_name=ANONYMISED, notes=""
            ),
        )


provider = GovernanceProvider()
