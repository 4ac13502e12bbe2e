"""What casework holds of consultations about a person, and what of a consultation outlives its retention period:
the date, 相談方法, 把握ルート, who came (as a category), topics, situations, response, the person's sex and age
band on the day, and the codes of their life situation (work, housing, 生活保護, insurance, 課題の特性 …); the
names, notes and the income figure go."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Exists, Max, Min, OuterRef, Q, QuerySet

from kasane.casework.models import (
    LIFE_FREE_TEXT,
    Consultation,
    ConsultationNote,
    Household,
    Person,
)
from kasane.casework.personal_data.fields import life_fields
from kasane.lib.dates import localtime
from kasane.lib.personal_data import Cutoff, Field, Record, Scrubbed, Section, Tally, local_day, moment_text

BAND_TOP = 90


def age_band(born: dt.date | None, on: dt.date) -> int | None:
    """The 10-year band (its lower bound) of someone's age on a day: 47 → 40. 90 and over are one band."""
    if born is None:
        return None
    age = on.year - born.year - ((on.month, on.day) < (born.month, born.day))
    return min(max(age, 0) // 10 * 10, BAND_TOP)


def age_band_label(band: int | None) -> str:
    if band is None:
        return ""
    if band == 0:
        return "10歳未満"
    if band >= BAND_TOP:
        return f"{BAND_TOP}歳以上"
    return f"{band}代"


def _record(c: Consultation) -> Record:
    referrer = c.referrer_agency.name if c.referrer_agency else ""
    topics = "　".join(("◎" if main else "○") + label for label, main in c.topic_labels())
    fields = (
        Field("received_at", "受付日時", moment_text(c.received_at), c.received_at.isoformat()),
        Field("owner_agency", "受け付けた機関", c.owner_agency.name, c.owner_agency.name),
        Field("channel", "相談方法", c.get_channel_display(), c.channel),
        Field("route", "把握ルート", c.get_route_display(), c.route),
        Field("referrer_agency", "紹介元の機関", referrer, referrer),
        Field("referrer_name", "紹介元（機関名・氏名）", c.referrer_name, c.referrer_name),
        Field("sex", "相談時の性別", c.get_sex_display(), c.sex),
        Field("age_band", "相談時の年代", age_band_label(c.age_band), c.age_band),
        Field("visitor", "相談者", c.get_visitor_display(), c.visitor),
        Field("visitor_relation", "本人との関係（続柄）", c.visitor_relation, c.visitor_relation),
        Field("visitor_name", "相談者氏名", c.visitor_name, c.visitor_name),
        Field("visitor_contact", "相談者連絡先", c.visitor_contact, c.visitor_contact),
        Field("topics", "相談内容", topics, list(c.topics)),
        Field("topic_other", "その他の内容", c.topic_other, c.topic_other),
        Field("situations", "世帯の状況", "、".join(c.situation_labels()), list(c.situations)),
        Field("complaint", "主訴", c.complaint, c.complaint),
        Field("wishes", "本人の希望", c.wishes, c.wishes),
        *life_fields(c),
        Field("response", "対応", c.get_response_display(), c.response),
        Field("response_note", "対応の内容", c.response_note, c.response_note),
        Field("consent_variant", "同意", c.get_consent_variant_display(), c.consent_variant),
        Field("recorded_by_name", "受付者", c.recorded_by_name, c.recorded_by_name),
        Field(
            "closed_on",
            "終了日",
            c.closed_on.isoformat() if c.closed_on else "",
            c.closed_on and c.closed_on.isoformat(),
        ),
        Field("close_reason", "終了の理由", c.get_close_reason_display(), c.close_reason),
        Field("close_note", "終了時のメモ", c.close_note, c.close_note),
        Field("reopen_reason", "再開の理由", c.reopen_reason, c.reopen_reason),
    )
    return Record(f"相談 No.{c.pk}", fields)


def _note(n: ConsultationNote) -> Record:
    return Record(
        f"相談経過 No.{n.pk}（相談 No.{n.consultation_id}）",
        (
            Field("on", "日付", n.on.isoformat(), n.on.isoformat()),
            Field("kind", "種別", n.get_kind_display(), n.kind),
            Field("agency", "記録した機関", n.agency.name, n.agency.name),
            Field("minutes", "所要時間（分）", "" if n.minutes is None else f"{n.minutes}分", n.minutes),
            Field("text", "内容", n.text, n.text),
            Field("author_name", "記録者", n.author_name, n.author_name),
        ),
    )


class ConsultationsProvider:
    key = "consultations"
    label = "相談受付"
    models = ("casework.Consultation", "casework.ConsultationNote")

    def collect(self, person: Person) -> list[Section]:
        consultations = (
            Consultation.objects.filter(person=person)
            .select_related("owner_agency", "referrer_agency")
            .order_by("received_at")
        )
        notes = (
            ConsultationNote.objects.filter(consultation__person=person)
            .select_related("agency")
            .order_by("on", "pk")
        )
        return [
            Section(self.key, "相談受付", tuple(_record(c) for c in consultations)),
            Section("consultation_notes", "相談経過", tuple(_note(n) for n in notes)),
        ]

    def holds(self, cutoff: Cutoff) -> list[Q]:
        household = OuterRef("pk")
        recent = Consultation.objects.filter(household=household).filter(
            Q(received_at__gte=cutoff.moment) | Q(created_at__gte=cutoff.moment)
        )
        noted = ConsultationNote.objects.filter(consultation__household=household).filter(
            Q(on__gte=cutoff.day) | Q(created_at__gte=cutoff.moment)
        )
        # A 相談記録 counts from its last 経過, not from whether it was formally closed: records left open by
        # oversight would otherwise keep a household for ever (an open 多機関協働 case does keep it).
        return [Q(Exists(recent)), Q(Exists(noted))]

    def inventory(self, households: QuerySet[Household]) -> list[Tally]:
        c = Consultation.objects.filter(household__in=households).aggregate(
            n=Count("pk"), oldest=Min("received_at"), newest=Max("received_at")
        )
        n = ConsultationNote.objects.filter(consultation__household__in=households).aggregate(
            n=Count("pk"), oldest=Min("on"), newest=Max("on")
        )
        return [
            Tally("相談受付", c["n"], local_day(c["oldest"]), local_day(c["newest"])),
            Tally("相談経過", n["n"], n["oldest"], n["newest"]),
        ]

    def anonymise(self, household: Household, scrubbed: Scrubbed) -> None:
        consultations = list(
            Consultation.objects.filter(household=household).select_related("person").order_by("pk")
        )
        for c in consultations:
            # The birth date goes with the person's identity; the sex and band on the day stay for the counts
            # (taken at intake; records from before then get them now).
            band = age_band(c.person.birth_date, localtime(c.received_at).date())
            c.age_band = c.age_band if band is None else band
            c.sex = c.sex or c.person.sex
            # 把握ルート, 相談方法 and the life situation's codes stay; who referred, the figure of the income
            # and the notes beside the codes go.
            c.referrer_name = ""
            c.monthly_income = None
            for name in LIFE_FREE_TEXT:
                setattr(c, name, "")
            c.visitor_relation = ""
            c.visitor_name = ""
            c.visitor_contact = ""
            c.topic_other = ""
            c.complaint = ""
            c.wishes = ""
            c.response_note = ""
            c.close_note = ""
            c.reopen_reason = ""
        Consultation.objects.bulk_update(
            consultations,
            [
                "age_band",
                "sex",
                "referrer_name",
                "monthly_income",
                *LIFE_FREE_TEXT,
                "visitor_relation",
                "visitor_name",
                "visitor_contact",
                "topic_other",
                "complaint",
                "wishes",
                "response_note",
                "close_note",
                "reopen_reason",
            ],
            batch_size=200,
        )
        scrubbed.add("相談受付", len(consultations))
        scrubbed.add(
            "相談経過", ConsultationNote.objects.filter(consultation__household=household).update(text="")
        )


provider = ConsultationsProvider()
