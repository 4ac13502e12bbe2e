"""What casework holds of consents about a person; at the end of the retention period the scanned 同意書 and
the free text go, while the consent's dates, method and scope stay (they explain past disclosures)."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Count, Exists, Max, Min, OuterRef, Q, QuerySet

from kasane.casework.models import Consent, Household, Person
from kasane.lib.dates import wareki
from kasane.lib.personal_data import Cutoff, Field, Record, Scrubbed, Section, Tally


def _record(c: Consent) -> Record:
    scope = "、".join(c.scope_labels())
    fields = (
        Field("obtained_on", "同意日", wareki(c.obtained_on), c.obtained_on.isoformat()),
        Field("owner_agency", "同意を得た機関", c.owner_agency.name, c.owner_agency.name),
        Field("method", "同意の方法", c.get_method_display(), c.method),
        Field("scope", "同意の範囲", scope, c.scope_labels()),
        Field("purpose", "共有の目的", c.purpose, c.purpose),
        Field("obtained_by_name", "同意を得た職員", c.obtained_by_name, c.obtained_by_name),
        Field(
            "document",
            "同意書（スキャン）",
            "保管あり（写しは別途交付します）" if c.document else "なし",
            bool(c.document),
        ),
        Field("notes", "備考", c.notes, c.notes),
        Field(
            "withdrawn_on",
            "撤回日",
            wareki(c.withdrawn_on) if c.withdrawn_on else "撤回されていません",
            c.withdrawn_on.isoformat() if c.withdrawn_on else None,
        ),
        Field("withdrawal_note", "撤回の経緯", c.withdrawal_note, c.withdrawal_note),
    )
    return Record(f"同意 No.{c.pk}", fields)


class ConsentsProvider:
    key = "consents"
    label = "同意"
    models = ("casework.Consent",)

    def collect(self, person: Person) -> list[Section]:
        consents = (
            Consent.objects.filter(person=person)
            .select_related("owner_agency")
            .prefetch_related("shared_agencies")
            .order_by("obtained_on", "pk")
        )
        return [Section(self.key, "同意", tuple(_record(c) for c in consents))]

    def holds(self, cutoff: Cutoff) -> list[Q]:
        recent = Consent.objects.filter(person__household=OuterRef("pk")).filter(
            Q(obtained_on__gte=cutoff.day)
            | Q(withdrawn_on__gte=cutoff.day)
            | Q(created_at__gte=cutoff.moment)
        )
        return [Q(Exists(recent))]

    def inventory(self, households: QuerySet[Household]) -> list[Tally]:
        consents = Consent.objects.filter(person__household__in=households)
        c = consents.aggregate(n=Count("pk"), oldest=Min("obtained_on"), newest=Max("obtained_on"))
        scans = consents.exclude(document="").aggregate(
            n=Count("pk"), oldest=Min("obtained_on"), newest=Max("obtained_on")
        )
        return [
            Tally("同意", c["n"], c["oldest"], c["newest"]),
            Tally("同意書の写し（スキャン）", scans["n"], scans["oldest"], scans["newest"]),
        ]

    def anonymise(self, household: Household, scrubbed: Scrubbed) -> None:
        consents = Consent.objects.filter(person__household=household)
        scans = [(c.document.storage, c.document.name) for c in consents.exclude(document="")]

        def remove_files() -> None:
            # Only once the household's transaction has committed: a rollback must not lose a file.
            for storage, name in scans:
                storage.delete(name)

        transaction.on_commit(remove_files)
        scrubbed.add("同意書の写し（スキャン）", len(scans))
        scrubbed.add("同意", consents.update(purpose="", notes="", withdrawal_note="", document=""))


provider = ConsentsProvider()
