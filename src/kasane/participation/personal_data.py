"""What the participation app holds about a person: their 参加支援, assessments, placements with consents,
the host support log, follow-ups and reviews.

For 開示 the person gets all of it. At the end of the retention period the free text goes (wishes, words,
constraints, notes, reasons); dates, stages, hosts and categories stay, so counts of placements by stage are
unchanged. 資源開拓 holds no personal data and is not here.
"""

from __future__ import annotations

from django.db.models import Count, Exists, Max, Min, OuterRef, Q, QuerySet

from kasane.casework.models import Household, Person
from kasane.lib.dates import wareki
from kasane.lib.personal_data import Cutoff, Field, Record, Scrubbed, Section, Tally
from kasane.participation.models import (
    Assessment,
    Engagement,
    EngagementStatus,
    FollowUp,
    HostNote,
    Placement,
    Review,
    StageChange,
)
from kasane.resources.models import WEEKDAY_LABELS, Category, Load


def _engagement(e: Engagement) -> Record:
    fields = [
        Field("started_on", "受付日", wareki(e.started_on), e.started_on.isoformat()),
        Field("origin", "開始の経緯", e.get_origin_display(), e.origin),
        Field("status", "状態", e.get_status_display(), e.status),
    ]
    if e.urgent_started_on:
        fields += [
            Field(
                "urgent_started_on",
                "会議の決定前に支援を始めた日",
                wareki(e.urgent_started_on),
                e.urgent_started_on.isoformat(),
            ),
            Field("urgent_reason", "決定前に始めた理由", e.urgent_reason, e.urgent_reason),
        ]
    if e.ended_on:
        fields.append(Field("ended_on", "終了日", wareki(e.ended_on), e.ended_on.isoformat()))
        fields.append(Field("end_reason", "終了の理由", e.get_end_reason_display(), e.end_reason))
    if e.end_note:
        fields.append(Field("end_note", "終了の補足", e.end_note, e.end_note))
    return Record(f"参加支援 {e.number}（{e.owner_agency.name}）", tuple(fields))


def _assessment(a: Assessment) -> Record:
    texts = [
        ("wishes", "本人がやってみたいこと", a.wishes),
        ("strengths", "できること・得意なこと", a.strengths),
        ("limits_time", "時間の制約", a.limits_time),
        ("limits_travel", "移動の制約", a.limits_travel),
        ("limits_people", "人との関わりの制約", a.limits_people),
        ("limits_health", "健康上の制約", a.limits_health),
        ("person_words", "本人の言葉", a.person_words),
    ]
    # What matching reads is about the person too (how they travel, what they can manage, that talking to
    # strangers is still hard): disclosed as it was recorded.
    kinds = "・".join(Category(c).label for c in a.interests if c in Category.values)
    days = "・".join(WEEKDAY_LABELS[d] for d in a.days if d in WEEKDAY_LABELS)
    hours = f"{a.from_time:%H:%M}〜{a.to_time:%H:%M}" if a.from_time and a.to_time else ""
    load = Load(a.max_load).label if a.max_load in Load.values else a.max_load
    answers = [
        Field("interests", "関心のある種類", kinds, list(a.interests)),
        Field("days", "通える曜日・時間", f"{days} {hours}".strip(), {"days": list(a.days), "hours": hours}),
        Field("travel", "移動の手段", a.get_travel_display(), a.travel),
        Field("max_load", "体への負担（ここまで）", load, a.max_load),
        Field("needs_quiet", "人と話すのがまだ難しい", "はい" if a.needs_quiet else "いいえ", a.needs_quiet),
    ]
    return Record(
        f"参加支援アセスメント 第{a.version}版（{wareki(a.assessed_on)}）",
        (*(Field(k, label, text, text) for k, label, text in texts if text), *answers),
    )


def _placement(p: Placement) -> Record:
    consents = "、".join(
        f"{wareki(c.obtained_on)} {'・'.join(c.field_labels)}"
        + (f"（{wareki(c.withdrawn_on)}撤回）" if c.withdrawn_on else "")
        for c in p.consents.all()
    )
    return Record(
        f"受け入れ：{p.service.name}（{p.service.organization.name}）",
        (
            Field("proposed_on", "提案日", wareki(p.proposed_on), p.proposed_on.isoformat()),
            Field("stage", "段階", p.get_stage_display(), p.stage),
            Field("reasons", "選んだ理由", p.reasons, p.reasons),
            Field("end_reason", "終了・中断の理由", p.end_reason, p.end_reason),
            *(
                Field("stage_change", f"{c.get_to_stage_display()} {wareki(c.on)}", c.note, c.note)
                for c in p.changes.all()
                if c.note
            ),
            Field("consents", "受け入れ先への情報提供の同意", consents, consents),
            *(
                Field("host_note", f"受け入れ先支援 {wareki(n.on)}（{n.get_kind_display()}）", n.text, n.text)
                for n in p.host_notes.all()
            ),
            *(
                Field("follow_up", f"フォローアップ {wareki(f.done_on)}", f.note, f.note)
                for f in p.follow_ups.all()
                if f.done_on
            ),
        ),
    )


def _review(r: Review) -> Record:
    return Record(
        f"参加支援の評価（{wareki(r.on)}）",
        (
            Field("attendance", "参加の状況", r.attendance, r.attendance),
            Field("person_words", "本人の言葉", r.person_words, r.person_words),
            Field("changes", "変化したこと", r.changes, r.changes),
        ),
    )


class ParticipationProvider:
    key = "participation"
    label = "参加支援"
    models = (
        "participation.Engagement",
        "participation.Assessment",
        "participation.Placement",
        "participation.StageChange",
        "participation.HostConsent",
        "participation.HostNote",
        "participation.FollowUp",
        "participation.Review",
        # 資源開拓 holds no personal data (its need is written without names), but it may point at a
        # 不足している社会資源 raised from a meeting item that names a person: listed so the closure is
        # covered; nothing of it is collected or anonymised.
        "participation.Development",
        "participation.Approach",
    )

    def collect(self, person: Person) -> list[Section]:
        engagements = (
            Engagement.objects.filter(person=person)
            .select_related("owner_agency")
            .order_by("started_on", "pk")
        )
        assessments = Assessment.objects.filter(engagement__person=person).order_by("assessed_on", "pk")
        placements = (
            Placement.objects.filter(engagement__person=person)
            .select_related("service", "service__organization")
            .prefetch_related("consents", "host_notes", "follow_ups", "changes")
            .order_by("proposed_on", "pk")
        )
        reviews = Review.objects.filter(engagement__person=person).order_by("on", "pk")
        return [
            Section(self.key, "参加支援", tuple(_engagement(e) for e in engagements)),
            Section(
                "participation_assessments",
                "参加支援アセスメント",
                tuple(_assessment(a) for a in assessments),
            ),
            Section(
                "participation_placements", "参加支援の受け入れ", tuple(_placement(p) for p in placements)
            ),
            Section("participation_reviews", "参加支援の評価", tuple(_review(r) for r in reviews)),
        ]

    def holds(self, cutoff: Cutoff) -> list[Q]:
        engagements = Engagement.objects.filter(person__household=OuterRef("pk"))
        return [
            Q(Exists(engagements.filter(status=EngagementStatus.OPEN))),
            Q(Exists(engagements.filter(Q(ended_on__gte=cutoff.day) | Q(updated_at__gte=cutoff.moment)))),
        ]

    def inventory(self, households: QuerySet[Household]) -> list[Tally]:
        found = Engagement.objects.filter(person__household__in=households).aggregate(
            n=Count("pk"), oldest=Min("started_on"), newest=Max("ended_on")
        )
        return [Tally("参加支援", found["n"], found["oldest"], found["newest"])]

    def anonymise(self, household: Household, scrubbed: Scrubbed) -> None:
        engagements = Engagement.objects.filter(person__household=household)
        placements = Placement.objects.filter(engagement__in=engagements)
        Assessment.objects.filter(engagement__in=engagements).update(
            wishes="",
            strengths="",
            limits_time="",
            limits_travel="",
            limits_people="",
            limits_health="",
            person_words="",
        )
        Review.objects.filter(engagement__in=engagements).update(attendance="", person_words="", changes="")
        HostNote.objects.filter(placement__in=placements).update(text="")
        FollowUp.objects.filter(placement__in=placements).update(note="")
        StageChange.objects.filter(placement__in=placements).update(note="")
        placements.update(reasons="", end_reason="", host_contact="", host_phone="")
        scrubbed.add("参加支援", engagements.update(urgent_reason="", end_note=""))


provider = ParticipationProvider()
