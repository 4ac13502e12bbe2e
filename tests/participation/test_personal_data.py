"""開示 and retention through the participation app's personal-data provider (kasane.participation.personal_data):
a person's 参加支援 — the engagement, every assessment, each placement with its consents, stage notes, host
support log and follow-ups, and the reviews — goes into the disclosure; a household with 参加支援 still going
or recent is kept; and at the end of the retention period the free text goes while the dates, stages, hosts
and categories that the counts are made of stay."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from typing import Any

import pytest
from django.utils import timezone

from kasane.casework.models import Consultation, Household, Person, Referral, ReferralEvent, Status
from kasane.governance import registry, retention
from kasane.lib.personal_data import Cutoff, Scrubbed
from kasane.participation import hosts, services
from kasane.participation.models import (
    Assessment,
    Engagement,
    EngagementStatus,
    FollowUp,
    HostConsent,
    HostNote,
    Origin,
    Placement,
    Review,
    Stage,
    StageChange,
)
from kasane.participation.personal_data import provider
from tests import factories

from .helpers import actor, assessment, days_ago, engagement, from_referral, host, placement, viewer

pytestmark = pytest.mark.django_db

LONG_AGO = dt.date(2015, 6, 17)
OLD = timezone.make_aware(dt.datetime(2015, 6, 17, 10))
CUTOFF = Cutoff(dt.date(2021, 4, 1))  # five years counted from the 年度 after the last record, on DAY


def fields_of(record: Any) -> dict[str, list[tuple[str, Any]]]:
    """A record's fields by key (a key may repeat: one host note, one follow-up, one stage note each)."""
    found: dict[str, list[tuple[str, Any]]] = {}
    for f in record.fields:
        found.setdefault(f.key, []).append((f.text, f.value))
    return found


def lived(w: dict[str, Any]) -> Engagement:
    """The son's 参加支援 with something of everything: two assessments, a placement that went to 体験 and was
    suspended, with a consent replaced by another, a host note and a follow-up done; another placement only
    proposed; a review; and the end."""
    v, a = viewer(w), actor(w)
    e = engagement(w, urgent=True)
    assessment(e, assessed_on=days_ago(48), wishes="外に出てみたい")
    assessment(e)
    p = placement(w, e, host(w), stage=Stage.TRIAL)
    hosts.record_host_consent(v, p, ["wishes"], days_ago(24), "written", actor=a)
    hosts.record_host_consent(v, p, ["wishes", "days"], days_ago(22), "oral", actor=a)
    hosts.add_host_note(v, p, HostNote(on=days_ago(20), kind="relating", text="声かけは控えめに"), actor=a)
    services.record_follow_up(v, p.follow_ups.get(), days_ago(12), "休まず通えている", None, actor=a)
    services.move_stage(v, p, Stage.SUSPENDED, days_ago(8), "体調を崩して休んでいる", actor=a)
    other = services.propose(v, e, host(w, "ひだまりカフェ 居場所"), days_ago(5), "", actor=a)
    services.move_stage(v, other, Stage.ENDED, days_ago(4), "見学の前に本人が断った", actor=a)
    services.move_stage(v, p, Stage.ENDED, days_ago(3), "転居", actor=a)
    services.add_review(
        v,
        e,
        Review(on=days_ago(2), attendance="週2回", person_words="楽しかった", changes="朝起きられる"),
        actor=a,
    )
    services.end_engagement(v, e, days_ago(1), "moved", "隣の市へ転居", actor=a)
    return e


# --- 開示 ---------------------------------------------------------------------------------------------------


def test_the_disclosure_gives_the_persons_participation_whole(w: dict[str, Any]) -> None:
    e = lived(w)
    sections = {s.key: s for s in provider.collect(w["r"]["son"])}
    assert list(sections) == [
        "participation",
        "participation_assessments",
        "participation_placements",
        "participation_reviews",
    ]
    [record] = sections["participation"].records
    assert record.title == f"参加支援 {e.number}（テスト市社会福祉協議会）"
    f = fields_of(record)
    assert f["started_on"] == [("令和8年9月25日", "2026-09-25")] and f["origin"][0][1] == Origin.CASE
    assert f["urgent_started_on"] == [("令和8年10月5日", "2026-10-05")]
    assert f["urgent_reason"] == [("本人が今月中に動きたいと話している",) * 2]
    assert f["status"] == [("終了", "ended")] and f["ended_on"] == [("令和8年11月23日", "2026-11-23")]
    assert f["end_reason"] == [("転出", "moved")] and f["end_note"] == [("隣の市へ転居",) * 2]

    first, second = sections["participation_assessments"].records
    assert first.title == "参加支援アセスメント 第1版（令和8年10月7日）"
    assert fields_of(first)["wishes"] == [("外に出てみたい",) * 2]
    answers = fields_of(second)
    assert answers["limits_people"] == [("大人数は苦手",) * 2]
    assert answers["person_words"] == [("誰とも話さなくていいなら行ってみたい",) * 2]
    assert answers["interests"] == [("農家・農作業", ["farm"])]
    assert answers["days"] == [("火・木 10:00〜15:00", {"days": ["TU", "TH"], "hours": "10:00〜15:00"})]
    assert answers["needs_quiet"] == [("はい", True)] and answers["max_load"][0][1] == "medium"

    farm, cafe = sections["participation_placements"].records
    assert farm.title == "受け入れ：みどり農園 就労体験（みどり農園）"
    f = fields_of(farm)
    assert f["proposed_on"] == [("令和8年10月20日", "2026-10-20")] and f["stage"] == [("終了", "ended")]
    assert f["reasons"] == [("畑に興味がある",) * 2] and f["end_reason"] == [("転居",) * 2]
    consents = f["consents"][0][0]
    assert "令和8年10月31日 本人がやってみたいこと（令和8年11月2日撤回）" in consents
    assert "令和8年11月2日 本人がやってみたいこと・通える曜日・時間" in consents
    assert f["host_note"] == [("声かけは控えめに",) * 2]
    assert f["follow_up"] == [("休まず通えている",) * 2]  # done ones only: the pending one says nothing yet
    assert [t for t, _v in f["stage_change"]] == ["畑に興味がある", "体調を崩して休んでいる", "転居"]
    assert fields_of(cafe)["stage_change"] == [("見学の前に本人が断った",) * 2]

    [review] = sections["participation_reviews"].records
    assert {k: v[0][0] for k, v in fields_of(review).items()} == {
        "attendance": "週2回",
        "person_words": "楽しかった",
        "changes": "朝起きられる",
    }


def test_the_disclosure_holds_only_the_persons_own_records(w: dict[str, Any]) -> None:
    lived(w)
    from_referral(w)  # the mother's
    mother = {s.key: s for s in provider.collect(w["r"]["mother"])}
    assert len(mother["participation"].records) == 1
    assert all(not mother[k].records for k in list(mother)[1:])
    # Through the registry, as the 開示 document is made.
    everything = json.dumps(
        [[r.title, [f.text for f in r.fields]] for s in registry.collect(w["r"]["son"]) for r in s.records],
        ensure_ascii=False,
    )
    assert "声かけは控えめに" in everything and "体調を崩して休んでいる" in everything
    assert f"参加支援 {Engagement.objects.get(person=w['r']['mother']).number}" not in everything


def test_a_person_without_participation_gets_empty_sections(w: dict[str, Any]) -> None:
    sections = provider.collect(w["r"]["mother"])
    assert [(s.key, s.records) for s in sections] == [
        ("participation", ()),
        ("participation_assessments", ()),
        ("participation_placements", ()),
        ("participation_reviews", ()),
    ]


# --- what keeps a household --------------------------------------------------------------------------------


def old_household(w: dict[str, Any]) -> dict[str, Any]:
    """A person of 北部包括 whose household's records all date from 2015: the person, a 相談受付 and a つなぎ to
    the 社協, completed long ago, from which the 社協's 参加支援 began."""
    north, shakyo = w["agencies"]["houkatsu_north"], w["agencies"]["shakyo"]
    person = factories.person(north, "古川 一", "ふるかわ はじめ")
    intake = factories.consultation(person, north)
    referral = factories.referral(intake, shakyo, None, status=Status.COMPLETED)
    Household.objects.filter(pk=person.household_id).update(created_at=OLD, updated_at=OLD)
    Person.objects.filter(pk=person.pk).update(created_at=OLD, updated_at=OLD)
    Consultation.objects.filter(pk=intake.pk).update(received_at=OLD, created_at=OLD)
    Referral.objects.filter(pk=referral.pk).update(created_at=OLD, updated_at=OLD)
    ReferralEvent.objects.filter(referral=referral).update(at=OLD)
    return {"person": person, "referral": referral}


def old_engagement(w: dict[str, Any], old: dict[str, Any]) -> Engagement:
    """The 社協's 参加支援 of 2015, ended, with free text everywhere it can hold some."""
    e = Engagement.objects.create(
        municipality=w["municipality"],
        owner_agency=w["agencies"]["shakyo"],
        person=old["person"],
        origin=Origin.REFERRAL,
        referral=old["referral"],
        started_on=LONG_AGO,
        urgent_started_on=LONG_AGO,
        urgent_reason="急いで始めた理由",
        status=EngagementStatus.ENDED,
        ended_on=LONG_AGO,
        end_reason="settled",
        end_note="終了の補足",
    )
    assessment(e, assessed_on=LONG_AGO, strengths="得意なこと", limits_health="腰痛", limits_travel="坂道")
    farm = host(w)
    p = Placement.objects.create(
        engagement=e, service=farm, stage=Stage.ENDED, proposed_on=LONG_AGO, reasons="選んだ理由",
        host_contact="田中 守", host_phone="0197-11-2222", ended_on=LONG_AGO, end_reason="終えた理由",
    )  # fmt: skip
    for before, stage, note in (
        ("", Stage.PROPOSED, "提案の様子"),
        (Stage.PROPOSED, Stage.ENDED, "終了の様子"),
    ):
        StageChange.objects.create(
            placement=p, from_stage=before, to_stage=stage, on=LONG_AGO, note=note, author_name="職員"
        )
    HostConsent.objects.create(
        placement=p, fields=["name"], obtained_on=LONG_AGO, method="written", obtained_by_name="職員"
    )
    HostNote.objects.create(
        placement=p, on=LONG_AGO, kind="tasks", text="受け入れ先と話したこと", author_name="職員"
    )
    FollowUp.objects.create(
        placement=p, due_on=LONG_AGO, done_on=LONG_AGO, note="本人の様子", author_name="職員"
    )
    Review.objects.create(
        engagement=e,
        on=LONG_AGO,
        attendance="週1回",
        person_words="本人の言葉",
        changes="変化",
        author_name="職員",
    )
    Engagement.objects.filter(pk=e.pk).update(updated_at=OLD)
    return e


def held(household_id: int, cutoff: Cutoff = CUTOFF) -> bool:
    households = Household.objects.filter(pk=household_id)
    return any(households.filter(q).exists() for q in provider.holds(cutoff))


def test_participation_still_going_keeps_the_household(w: dict[str, Any]) -> None:
    old = old_household(w)
    e = old_engagement(w, old)
    household_id = old["person"].household_id
    assert not held(household_id)
    Engagement.objects.filter(pk=e.pk).update(status=EngagementStatus.OPEN, ended_on=None)
    assert held(household_id)  # open, whatever its age


def test_a_recent_end_or_change_keeps_the_household(w: dict[str, Any]) -> None:
    old = old_household(w)
    e = old_engagement(w, old)
    household_id = old["person"].household_id
    Engagement.objects.filter(pk=e.pk).update(ended_on=CUTOFF.day)
    assert held(household_id)  # ended on the cutoff day: recent
    Engagement.objects.filter(pk=e.pk).update(ended_on=CUTOFF.day - dt.timedelta(days=1))
    assert not held(household_id)
    Engagement.objects.filter(pk=e.pk).update(updated_at=CUTOFF.moment)
    assert held(household_id)


# --- anonymising a household -------------------------------------------------------------------------------


def test_retention_scrubs_the_text_and_keeps_what_is_counted(w: dict[str, Any]) -> None:
    municipality = w["municipality"]
    old = old_household(w)
    e = old_engagement(w, old)
    stages_before = Counter(Placement.objects.values_list("stage", flat=True))
    assert [t.count for t in provider.inventory(Household.objects.filter(pk=old["person"].household_id))] == [
        1
    ]
    assert {t.label: t.count for t in retention.preview(municipality).tallies}["参加支援"] == 1
    kept = engagement(w)  # the 8050 household's, going on
    services.record_urgent_start(viewer(w), kept, days_ago(5), "いまの理由", actor=actor(w))

    outcome = retention.anonymise_due(municipality)

    assert old["person"].household_id in outcome.household_ids
    assert w["r"]["household"].pk not in outcome.household_ids
    assert outcome.scrubbed.counts["参加支援"] == 1
    e.refresh_from_db()
    assert (e.urgent_reason, e.end_note) == ("", "")
    assert (e.started_on, e.urgent_started_on, e.ended_on, e.status, e.end_reason, e.origin) == (
        LONG_AGO,
        LONG_AGO,
        LONG_AGO,
        EngagementStatus.ENDED,
        "settled",
        Origin.REFERRAL,
    )
    a = Assessment.objects.get(engagement=e)
    texts = (a.wishes, a.strengths, a.limits_time, a.limits_travel, a.limits_people, a.limits_health)
    assert texts == ("",) * 6 and a.person_words == ""
    assert (a.assessed_on, a.interests, a.days, a.needs_quiet) == (LONG_AGO, ["farm"], ["TU", "TH"], True)
    p = Placement.objects.get(engagement=e)
    assert (p.reasons, p.end_reason, p.host_contact, p.host_phone) == ("", "", "", "")
    assert (p.service.name, p.stage, p.proposed_on, p.ended_on) == (
        "みどり農園 就労体験",
        Stage.ENDED,
        LONG_AGO,
        LONG_AGO,
    )
    assert list(p.changes.values_list("to_stage", "on", "note")) == [
        (Stage.PROPOSED, LONG_AGO, ""),
        (Stage.ENDED, LONG_AGO, ""),
    ]
    assert p.host_notes.get().text == "" and p.host_notes.get().kind == "tasks"
    assert (p.follow_ups.get().note, p.follow_ups.get().done_on) == ("", LONG_AGO)
    assert p.consents.get().fields == ["name"]  # which items went, not what they said
    r = Review.objects.get(engagement=e)
    assert (r.attendance, r.person_words, r.changes, r.on) == ("", "", "", LONG_AGO)
    assert Counter(Placement.objects.values_list("stage", flat=True)) == stages_before
    # The household going on is untouched.
    kept.refresh_from_db()
    assert kept.urgent_reason == "いまの理由"


def test_anonymise_scrubs_only_the_households_participation(w: dict[str, Any]) -> None:
    e = lived(w)
    other = old_household(w)
    mine = old_engagement(w, other)
    scrubbed = Scrubbed()
    provider.anonymise(other["person"].household, scrubbed)
    assert scrubbed.counts == {"参加支援": 1}
    mine.refresh_from_db()
    assert mine.end_note == ""
    e.refresh_from_db()
    assert e.end_note == "隣の市へ転居" and e.urgent_reason
    assert HostNote.objects.filter(placement__engagement=e).get().text == "声かけは控えめに"


def test_every_participation_record_that_holds_personal_data_is_covered() -> None:
    covered = registry.covered_labels()
    personal = {
        m._meta.label_lower for m in registry.personal_models() if m._meta.app_label == "participation"
    }
    assert {
        "participation.engagement",
        "participation.assessment",
        "participation.placement",
        "participation.stagechange",
        "participation.hostconsent",
        "participation.hostnote",
        "participation.followup",
        "participation.review",
    } <= personal
    assert personal <= covered
