"""What the outreach app holds about a person: the targets linked to them, with their contacts and stage
history, and the home visits made to them.

For 開示 the person's targets are given with every contact. A target never holds what a 支援会議 shared (it
points at the item, §106-6), so nothing here needs the meetings provider's care. At the end of the retention
period the free text goes (description, what happened, next steps, notes); dates, methods, outcomes and
stages stay, so indicator ① and the funnel are unchanged. Targets never linked to a person belong to no
household: they go once closed before the cutoff.
"""

from __future__ import annotations

from django.db.models import Count, Exists, Max, Min, OuterRef, Q, QuerySet

from kasane.casework.models import Household, Person
from kasane.lib.dates import wareki
from kasane.lib.personal_data import ANONYMISED, Cutoff, Field, Record, Scrubbed, Section, Tally
from kasane.outreach.models import Contact, HomeVisit, Source, Stage, StageChange, Target
from kasane.tenancy.models import Municipality


def _target(t: Target) -> Record:
    # A 支援会議 origin is not told in the document (社会福祉法第106条の6): staff weigh it (``staff_notes``).
    origin = (
        ()
        if t.source == Source.SUPPORT_MEETING
        else (Field("source", "把握の経緯", t.get_source_display(), t.source),)
    )
    return Record(
        f"アウトリーチ対象 {t.number}（{t.owner_agency.name}）",
        (
            Field("label", "呼び名", t.label, t.label),
            Field("description", "対象者・世帯の様子", t.description, t.description),
            Field("area", "地区", t.area, t.area),
            *origin,
            Field("raised_on", "把握日", wareki(t.raised_on), t.raised_on.isoformat()),
            Field("stage", "段階", t.get_stage_display(), t.stage),
        ),
    )


def _contact(c: Contact) -> Record:
    return Record(
        f"接触記録 {wareki(c.on)}（{c.agency.name}）",
        (
            Field("on", "日付", wareki(c.on), c.on.isoformat()),
            Field("method", "方法", c.get_method_display(), c.method),
            Field("with_whom", "相手", c.get_with_whom_display(), c.with_whom),
            Field("outcome", "結果", c.get_outcome_display(), c.outcome),
            Field("text", "様子・やりとり", c.text, c.text),
            Field("next_step", "次の一手", c.next_step, c.next_step),
        ),
    )


class OutreachProvider:
    key = "outreach"
    label = "アウトリーチ"
    models = ("outreach.Target", "outreach.Contact", "outreach.StageChange", "outreach.HomeVisit")

    def collect(self, person: Person) -> list[Section]:
        targets = (
            Target.objects.filter(person=person).select_related("owner_agency").order_by("raised_on", "pk")
        )
        contacts = Contact.objects.filter(target__person=person).select_related("agency").order_by("on", "pk")
        return [
            Section(self.key, "アウトリーチの対象", tuple(_target(t) for t in targets)),
            Section("outreach_contacts", "アウトリーチの接触記録", tuple(_contact(c) for c in contacts)),
        ]

    def staff_notes(self, person: Person) -> list[str]:
        """For the staff handling a 開示請求, never for the document (as the meetings provider does)."""
        n = Target.objects.filter(person=person, source=Source.SUPPORT_MEETING).count()
        if not n:
            return []
        return [
            f"この方のアウトリーチ対象のうち{n}件は、支援会議（社会福祉法第106条の6）で把握したものです。開示資料には"
            "把握の経緯を記載していません。開示するかどうかは、個人情報保護法第78条の不開示情報に当たるかを確かめて"
            "判断してください。"
        ]

    def holds(self, cutoff: Cutoff) -> list[Q]:
        targets = Target.objects.filter(household=OuterRef("pk"))
        return [
            Q(Exists(targets.exclude(stage=Stage.CLOSED))),
            Q(Exists(targets.filter(Q(closed_on__gte=cutoff.day) | Q(last_contact_on__gte=cutoff.day)))),
        ]

    def inventory(self, households: QuerySet[Household]) -> list[Tally]:
        found = Target.objects.filter(household__in=households).aggregate(
            n=Count("pk"), oldest=Min("raised_on"), newest=Max("last_contact_on")
        )
        return [Tally("アウトリーチの対象", found["n"], found["oldest"], found["newest"])]

    def anonymise(self, household: Household, scrubbed: Scrubbed) -> None:
        _scrub(Target.objects.filter(household=household), scrubbed, "アウトリーチの対象")

    def _unlinked(self, municipality: Municipality, cutoff: Cutoff) -> QuerySet[Target]:
        return Target.objects.filter(
            municipality=municipality,
            person__isnull=True,
            household__isnull=True,
            stage=Stage.CLOSED,
            closed_on__lt=cutoff.day,
        ).exclude(label=ANONYMISED)

    def unlinked_inventory(self, municipality: Municipality, cutoff: Cutoff) -> list[Tally]:
        found = self._unlinked(municipality, cutoff).aggregate(
            n=Count("pk"), oldest=Min("raised_on"), newest=Max("closed_on")
        )
        return [Tally(UNLINKED, found["n"], found["oldest"], found["newest"])]

    def anonymise_unlinked(self, municipality: Municipality, cutoff: Cutoff, scrubbed: Scrubbed) -> None:
        targets = Target.objects.filter(
            pk__in=list(self._unlinked(municipality, cutoff).select_for_update().values_list("pk", flat=True))
        )
        _scrub(targets, scrubbed, UNLINKED)


UNLINKED = "アウトリーチの対象（本人の記録と結び付いていないもの）"


def _scrub(targets: QuerySet[Target], scrubbed: Scrubbed, label: str) -> None:
    Contact.objects.filter(target__in=targets).update(text="", next_step="")
    StageChange.objects.filter(target__in=targets).update(note="")
    HomeVisit.objects.filter(target__in=targets).update(companions_other="")
    scrubbed.add(label, targets.update(label=ANONYMISED, description="", area="", raised_by=""))


provider = OutreachProvider()
