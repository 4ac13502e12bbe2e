"""What casework holds of 名寄せ about a person: the merges that took their record in or away, and the pairs
judged to be two people. At the end of the retention period the note of what staff checked goes; the dates,
the record numbers and the evidence in words (which names no one) stay, so the moves can still be explained."""

from __future__ import annotations

from django.db.models import Count, Exists, Max, Min, OuterRef, Q, QuerySet

from kasane.casework.models import DistinctPair, Household, Merge, Person
from kasane.lib.personal_data import Cutoff, Field, Record, Scrubbed, Section, Tally, local_day, moment_text


def _merge_record(m: Merge, person: Person) -> Record:
    kept = m.survivor_id == person.pk
    other = m.merged_id if kept else m.survivor_id
    fields = (
        Field("merged_at", "まとめた日時", moment_text(m.merged_at), m.merged_at.isoformat()),
        Field(
            "side", "この記録", "残した記録" if kept else "まとめられた記録", "survivor" if kept else "merged"
        ),
        Field("other", "もう一方の記録", f"本人 No.{other}", other),
        Field(
            "evidence",
            "根拠",
            "／".join(f"{label}：{words}" for label, words in m.evidence_lines()),
            m.evidence,
        ),
        Field("note", "確認したこと", m.note, m.note),
        Field(
            "undone_at",
            "元に戻した日時",
            moment_text(m.undone_at) if m.undone_at else "元に戻されていません",
            m.undone_at.isoformat() if m.undone_at else None,
        ),
    )
    return Record(f"名寄せ No.{m.pk}", fields)


def _pair_record(d: DistinctPair, person: Person) -> Record:
    other = d.second_id if d.first_id == person.pk else d.first_id
    fields = (
        Field("marked_at", "別の人とした日時", moment_text(d.marked_at), d.marked_at.isoformat()),
        Field("other", "もう一方の記録", f"本人 No.{other}", other),
        Field(
            "withdrawn_at",
            "取り消した日時",
            moment_text(d.withdrawn_at) if d.withdrawn_at else "取り消されていません",
            d.withdrawn_at.isoformat() if d.withdrawn_at else None,
        ),
    )
    return Record(f"名寄せ（別の人） No.{d.pk}", fields)


class MergesProvider:
    key = "merges"
    label = "名寄せ"
    models = ("casework.Merge", "casework.DistinctPair")

    def collect(self, person: Person) -> list[Section]:
        merges = Merge.objects.filter(Q(merged=person) | Q(survivor=person)).order_by("merged_at", "pk")
        pairs = DistinctPair.objects.filter(Q(first=person) | Q(second=person)).order_by("marked_at", "pk")
        records = tuple(_merge_record(m, person) for m in merges) + tuple(
            _pair_record(d, person) for d in pairs
        )
        if not records:
            return []  # as the other providers: a heading only for what there is
        return [
            Section(
                self.key,
                "名寄せ（同じ人の記録をまとめたこと・別の人としたこと）",
                records,
            )
        ]

    def holds(self, cutoff: Cutoff) -> list[Q]:
        recent = Q(merged_at__gte=cutoff.moment) | Q(undone_at__gte=cutoff.moment)
        return [
            Q(Exists(Merge.objects.filter(recent, merged__household=OuterRef("pk")))),
            Q(Exists(Merge.objects.filter(recent, survivor__household=OuterRef("pk")))),
        ]

    def inventory(self, households: QuerySet[Household]) -> list[Tally]:
        # Only the merges' notes are scrubbed; a 「別の人」 judgement holds nothing but dates and numbers.
        merges = Merge.objects.filter(
            Q(merged__household__in=households) | Q(survivor__household__in=households)
        ).aggregate(n=Count("pk", distinct=True), oldest=Min("merged_at"), newest=Max("merged_at"))
        return [
            Tally(
                "名寄せ（まとめた記録）",
                merges["n"],
                local_day(merges["oldest"]),
                local_day(merges["newest"]),
            )
        ]

    def anonymise(self, household: Household, scrubbed: Scrubbed) -> None:
        merges = Merge.objects.filter(Q(merged__household=household) | Q(survivor__household=household))
        scrubbed.add("名寄せ（まとめた記録）", merges.exclude(note="").update(note=""))


provider = MergesProvider()
