"""What the meetings app holds about a person: agenda items about them — 重層的支援会議 items about their
household's cases, and 支援会議 items the host linked to them — with the tasks from their minutes.

For 開示 only the 重層的支援会議 items are given in full. What was shared at a 支援会議 (社会福祉法第106条の6)
is not copied into the report, nor is how many such items there are: that is told to the staff handling the
request (``staff_notes``), who decide on their disclosure separately (個人情報保護法第78条の不開示情報に当たる
かどうか). At the end of the
retention period the written content of every item goes; kinds, dates and outcomes stay, so the counts of
支援会議 held and plans considered and decided are unchanged.
"""

from __future__ import annotations

from django.db.models import Count, Exists, Max, Min, OuterRef, Q, QuerySet

from kasane.casework.models import Case, Household, Person
from kasane.lib.dates import wareki
from kasane.lib.personal_data import ANONYMISED, Cutoff, Field, Record, Scrubbed, Section, Tally
from kasane.meetings.models import ActionItem, AgendaItem, Decision, ItemKind, ItemStatus
from kasane.tenancy.models import Municipality


def _about(household: object) -> Q:
    return Q(person__household=household) | Q(case__household=household)


def _record(item: AgendaItem) -> Record:
    meeting = item.meeting
    return Record(
        f"{meeting.title}（{wareki(meeting.held_on)}）議題{item.order}",
        (
            Field("meeting", "会議", meeting.title, meeting.title),
            Field("held_on", "開催日", wareki(meeting.held_on), meeting.held_on.isoformat()),
            Field("kind", "議題の種類", item.get_kind_display(), item.kind),
            Field("situation", "状況", item.situation, item.situation),
            Field("discussion", "協議の内容", item.discussion, item.discussion),
            Field("decisions", "決まったこと", item.decisions, item.decisions),
            Field("outcome", "結果", item.outcome_label(), item.outcome),
        ),
    )


def _decision(d: Decision) -> Record:
    day = d.decided_on
    return Record(
        f"会議の決定 No.{d.pk}（ケース No.{d.case_id}）",
        (
            Field("decided_on", "会議日", wareki(day), day.isoformat() if day else None),
            Field("meeting_name", "会議名", d.meeting_name, d.meeting_name),
            Field("kind", "議題", d.get_kind_display(), d.kind),
            Field("outcome", "結果", d.get_outcome_display(), d.outcome),
            Field("attendees", "出席者", d.attendees, d.attendees),
            Field("notes", "協議内容・理由", d.notes, d.notes),
        ),
    )


class MeetingsProvider:
    key = "meetings"
    label = "会議"
    # The register of resource gaps links to the item it came from but holds no personal data by design.
    models = ("meetings.Decision", "meetings.AgendaItem", "meetings.ActionItem", "meetings.ResourceGap")

    def collect(self, person: Person) -> list[Section]:
        items = AgendaItem.objects.filter(Q(person=person) | Q(case__person=person))
        layered = (
            items.exclude(kind=ItemKind.SUPPORT_CASE)
            .select_related("meeting")
            .order_by("meeting__held_on", "order", "pk")
        )
        sections = [Section(self.key, "重層的支援会議での協議", tuple(_record(i) for i in layered))]
        # Decisions about the household's 多機関協働 cases: a section only where there is a case, as the case
        # records themselves (casework's provider) are given only then.
        if Case.objects.filter(household_id=person.household_id).exists():
            decisions = Decision.objects.filter(case__household_id=person.household_id).order_by(
                "decided_on", "pk"
            )
            sections.insert(
                0, Section("decisions", "重層的支援会議の決定", tuple(_decision(d) for d in decisions))
            )
        return sections

    def staff_notes(self, person: Person) -> list[str]:
        """For the staff handling a 開示請求, never for the document: whether 支援会議 items exist is theirs to
        decide on (個人情報保護法第78条), so the report does not even mention them."""
        support = AgendaItem.objects.filter(
            Q(person=person) | Q(case__person=person), kind=ItemKind.SUPPORT_CASE
        )
        n = support.count()
        if not n:
            return []
        return [
            f"この方について、支援会議（社会福祉法第106条の6）の議題が{n}件あります。開示資料には含めていません"
            "（件数も記載しません）。開示するかどうかは、個人情報保護法第78条の不開示情報に当たるかを確かめて判断"
            "してください。"
        ]

    def holds(self, cutoff: Cutoff) -> list[Q]:
        items = AgendaItem.objects.filter(_about(OuterRef("pk")))
        decisions = Decision.objects.filter(case__household=OuterRef("pk"))
        return [
            Q(Exists(items.filter(status=ItemStatus.PENDING))),
            Q(Exists(items.filter(Q(meeting__held_on__gte=cutoff.day) | Q(updated_at__gte=cutoff.moment)))),
            Q(Exists(decisions.filter(Q(decided_on__gte=cutoff.day) | Q(created_at__gte=cutoff.moment)))),
        ]

    def inventory(self, households: QuerySet[Household]) -> list[Tally]:
        found = AgendaItem.objects.filter(
            Q(person__household__in=households) | Q(case__household__in=households)
        ).aggregate(
            n=Count("pk", distinct=True), oldest=Min("meeting__held_on"), newest=Max("meeting__held_on")
        )
        decided = Decision.objects.filter(case__household__in=households).aggregate(
            n=Count("pk"), oldest=Min("decided_on"), newest=Max("decided_on")
        )
        return [
            Tally("会議の決定", decided["n"], decided["oldest"], decided["newest"]),
            Tally("会議の議題", found["n"], found["oldest"], found["newest"]),
        ]

    def anonymise(self, household: Household, scrubbed: Scrubbed) -> None:
        decisions = Decision.objects.filter(case__household=household)
        scrubbed.add("会議の決定", decisions.update(attendees="", notes=""))
        _scrub(AgendaItem.objects.filter(_about(household)), scrubbed, "会議の議題")

    # 支援会議 items about someone kasane holds no record of belong to no household: they go when their
    # sitting is older than the cutoff, once discussed and with no task left open.
    def _unlinked(self, municipality: Municipality, cutoff: Cutoff) -> QuerySet[AgendaItem]:
        return (
            AgendaItem.objects.filter(
                meeting__municipality=municipality,
                kind=ItemKind.SUPPORT_CASE,
                person__isnull=True,
                case__isnull=True,
                status=ItemStatus.DISCUSSED,
                meeting__held_on__lt=cutoff.day,
                updated_at__lt=cutoff.moment,
            )
            .exclude(subject_name=ANONYMISED)
            .exclude(Exists(ActionItem.objects.filter(item=OuterRef("pk"), done_on__isnull=True)))
        )

    def unlinked_inventory(self, municipality: Municipality, cutoff: Cutoff) -> list[Tally]:
        found = self._unlinked(municipality, cutoff).aggregate(
            n=Count("pk"), oldest=Min("meeting__held_on"), newest=Max("meeting__held_on")
        )
        return [Tally(UNLINKED, found["n"], found["oldest"], found["newest"])]

    def anonymise_unlinked(self, municipality: Municipality, cutoff: Cutoff, scrubbed: Scrubbed) -> None:
        items = AgendaItem.objects.filter(
            pk__in=list(
                self._unlinked(municipality, cutoff)
                .select_for_update(of=("self",))
                .values_list("pk", flat=True)
            )
        )
        _scrub(items, scrubbed, UNLINKED)


UNLINKED = "支援会議の議題（本人の記録と結び付いていないもの）"


def _scrub(items: QuerySet[AgendaItem], scrubbed: Scrubbed, label: str) -> None:
    ActionItem.objects.filter(item__in=items).update(task=ANONYMISED)
    scrubbed.add(
        label,
        items.update(
            title=ANONYMISED,
            subject_name=ANONYMISED,
            subject_kana="",
            subject_age="",
            subject_area="",
            situation="",
            discussion="",
            decisions="",
            contact_by="",
        ),
    )


provider = MeetingsProvider()
