"""What casework holds of referrals about a person: each つなぎ with the snapshot that was shared, its basis and
its timeline. At the end of the retention period the snapshot and the free text go; who referred to whom,
when, on which basis and with which outcome stay."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Exists, Max, Min, OuterRef, Prefetch, Q, QuerySet

from kasane.casework.models import OPEN_STATUSES, Household, Person, Referral, ReferralEvent, SharedField
from kasane.lib.dates import wareki
from kasane.lib.personal_data import Cutoff, Field, Record, Scrubbed, Section, Tally, local_day, moment_text

_SNAPSHOT_LABELS = {
    "name": "氏名",
    "kana": "ふりがな",
    "sex": "性別",
    "birth_date_label": "生年月日",
    "address": "住所",
    "phone": "電話",
    "complaint": "主訴",
    "wishes": "本人の希望",
    "topics": "相談内容",
    "situations": "世帯の状況",
}


def snapshot_text(data: dict[str, Any]) -> str:
    """The shared snapshot as it reads on the referral page. Other members of the household are counted,
    not named: their names are their own personal data."""
    lines = []
    for key, label in _SNAPSHOT_LABELS.items():
        value = data.get(key)
        if value:
            lines.append(f"{label}：{'　'.join(value) if isinstance(value, list) else value}")
    if data.get("household"):
        lines.append(f"世帯構成：本人のほか{len(data['household'])}人")
    return "\n".join(lines)


def _record(r: Referral) -> Record:
    events = "\n".join(
        f"{moment_text(e.at)} {e.get_status_display()}（{e.agency.name}）{('：' + e.note) if e.note else ''}"
        for e in r.events.all()
    )
    shared = {k: v for k, v in r.shared_data.items() if k != "household"}
    fields = (
        Field("created_at", "つないだ日時", moment_text(r.created_at), r.created_at.isoformat()),
        Field("from_agency", "つなぐ元", r.from_agency.name, r.from_agency.name),
        Field("to_agency", "つなぎ先", r.to_agency.name, r.to_agency.name),
        Field("status", "状態", r.get_status_display(), r.status),
        Field("basis", "共有の根拠", r.get_basis_display(), r.basis),
        Field("basis_note", "根拠の説明", r.basis_note, r.basis_note),
        Field(
            "shared_fields",
            "共有した項目",
            "、".join(SharedField(f).label for f in r.shared_fields if f in SharedField.values),
            list(r.shared_fields),
        ),
        Field("shared_data", "共有した内容", snapshot_text(r.shared_data), shared),
        Field("shared_note", "共有する補足", r.shared_note, r.shared_note),
        Field("message", "依頼内容", r.message, r.message),
        Field(
            "reply_by",
            "回答希望日",
            wareki(r.reply_by),
            r.reply_by.isoformat() if r.reply_by else None,
        ),
        Field("events", "経過", events, [e.status for e in r.events.all()]),
    )
    return Record(f"つなぎ No.{r.pk}", fields)


class ReferralsProvider:
    key = "referrals"
    label = "つなぎ"
    models = ("casework.Referral", "casework.ReferralEvent")

    def collect(self, person: Person) -> list[Section]:
        referrals = (
            Referral.objects.filter(person=person)
            .select_related("from_agency", "to_agency")
            .prefetch_related(Prefetch("events", ReferralEvent.objects.select_related("agency")))
            .order_by("created_at", "pk")
        )
        return [Section(self.key, "つなぎ（他機関への紹介）", tuple(_record(r) for r in referrals))]

    def holds(self, cutoff: Cutoff) -> list[Q]:
        referrals = Referral.objects.filter(household=OuterRef("pk"))
        # An open つなぎ is unfinished work, however old.
        return [
            Q(Exists(referrals.filter(status__in=OPEN_STATUSES))),
            Q(Exists(referrals.filter(Q(created_at__gte=cutoff.moment) | Q(updated_at__gte=cutoff.moment)))),
            Q(
                Exists(
                    ReferralEvent.objects.filter(referral__household=OuterRef("pk"), at__gte=cutoff.moment)
                )
            ),
        ]

    def inventory(self, households: QuerySet[Household]) -> list[Tally]:
        r = Referral.objects.filter(household__in=households).aggregate(
            n=Count("pk"), oldest=Min("created_at"), newest=Max("updated_at")
        )
        return [Tally("つなぎ", r["n"], local_day(r["oldest"]), local_day(r["newest"]))]

    def anonymise(self, household: Household, scrubbed: Scrubbed) -> None:
        referrals = Referral.objects.filter(household=household)
        ReferralEvent.objects.filter(referral__in=referrals).update(note="")
        scrubbed.add("つなぎ", referrals.update(shared_data={}, shared_note="", basis_note="", message=""))


provider = ReferralsProvider()
