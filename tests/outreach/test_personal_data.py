"""開示 and retention through the outreach app's personal-data provider (kasane.outreach.personal_data): a
person's targets and contacts go into the disclosure, a household with outreach still going or recent is
kept, and at the end of the retention period the free text goes while the dates, methods, outcomes and stages
that indicator ① and the funnel count stay. Targets never linked to anyone go by their own closing date."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.utils import timezone

from kasane.casework.models import Household, Person
from kasane.governance import registry, retention
from kasane.lib.personal_data import ANONYMISED, Cutoff, Scrubbed
from kasane.outreach import queries
from kasane.outreach.models import CloseReason, Contact, HomeVisit, Stage, StageChange, Target
from kasane.outreach.personal_data import UNLINKED, provider
from tests import factories
from tests.clock import TOKYO

from .helpers import DAY, target

pytestmark = pytest.mark.django_db

LONG_AGO = dt.date(2015, 6, 17)
CUTOFF = Cutoff(dt.date(2021, 4, 1))  # five years counted from the 年度 after the last record, on DAY


def close(t: Target, on: dt.date) -> Target:
    Target.objects.filter(pk=t.pk).update(stage=Stage.CLOSED, close_reason=CloseReason.SETTLED, closed_on=on)
    t.refresh_from_db()
    return t


def history(t: Target, on: dt.date) -> None:
    """A contact with words in it, a stage change with a note, and a home visit with a companion named."""
    factories.outreach_contact(t, on=on, text="息子と玄関先で話せた。", next_step="来月また訪ねる")
    StageChange.objects.create(
        target=t,
        from_stage=Stage.ATTEMPTING,
        to_stage=Stage.PERSON,
        on=on,
        note="本人が顔を見せた",
        author_name="職員",
    )
    leaves = dt.datetime.combine(on, dt.time(10), tzinfo=TOKYO)
    HomeVisit.objects.create(
        target=t,
        agency=t.owner_agency,
        visitor_name="職員",
        leaves_at=leaves,
        expected_back_at=leaves + dt.timedelta(hours=1),
        companions_other="民生委員の佐藤さん",
    )


def old_household(w: dict[str, Any]) -> Person:
    """A person of 北部包括 whose household's records all date from 2015."""
    person = factories.person(w["agencies"]["houkatsu_north"], "古川 一", "ふるかわ はじめ")
    moment = timezone.make_aware(dt.datetime(2015, 6, 17, 10))
    Household.objects.filter(pk=person.household_id).update(created_at=moment, updated_at=moment)
    Person.objects.filter(pk=person.pk).update(created_at=moment, updated_at=moment)
    return person


def held(household_id: int, cutoff: Cutoff = CUTOFF) -> bool:
    households = Household.objects.filter(pk=household_id)
    return any(households.filter(q).exists() for q in provider.holds(cutoff))


# --- 開示 ---------------------------------------------------------------------------------------------------


def test_the_disclosure_gives_the_persons_targets_with_every_contact(w: dict[str, Any]) -> None:
    son, o = w["r"]["son"], w["o"]
    target(w, "母の件", person=w["r"]["mother"])
    target(w, "誰とも結び付いていない件")
    factories.outreach_contact(o["target"], on=DAY - dt.timedelta(days=3), text="父の話を聞いた。")
    sections = {s.key: s for s in provider.collect(son)}
    assert list(sections) == ["outreach", "outreach_contacts"]
    [record] = sections["outreach"].records
    assert record.title == f"アウトリーチ対象 {o['target'].number}（テスト市社会福祉協議会）"
    fields = {f.key: (f.text, f.value) for f in record.fields}
    assert fields["label"][0] == o["target"].label and fields["stage"] == ("情報把握", "information")
    assert fields["raised_on"] == ("令和8年11月24日", "2026-11-24")
    contacts = sections["outreach_contacts"].records
    assert [{f.key: f.value for f in c.fields}["text"] for c in contacts] == [
        "父の話を聞いた。",
        o["contact"].text,
    ]
    # Through the registry, as the 開示 document is made: the 支援会議 item it points at says nothing.
    everything = json.dumps(
        [[r.title, [f.text for f in r.fields]] for s in registry.collect(son) for r in s.records],
        ensure_ascii=False,
    )
    item = w["m"]["support_item"]
    assert o["target"].label in everything and "母の件" not in everything and "誰とも" not in everything
    assert item.title not in everything and item.situation not in everything


def test_a_person_without_outreach_gets_empty_sections(w: dict[str, Any]) -> None:
    sections = provider.collect(w["r"]["mother"])
    assert [(s.key, s.records) for s in sections] == [("outreach", ()), ("outreach_contacts", ())]


# --- what keeps a household --------------------------------------------------------------------------------


def test_outreach_still_going_keeps_the_household(w: dict[str, Any]) -> None:
    person = old_household(w)
    t = target(w, person=person, raised_on=LONG_AGO)
    assert held(person.household_id)  # open, whatever its age
    for stage in (Stage.HANDED_OVER, Stage.WATCHING):
        Target.objects.filter(pk=t.pk).update(stage=stage)
        assert held(person.household_id), stage
    close(t, LONG_AGO)
    assert not held(person.household_id)


def test_a_recent_closing_or_contact_keeps_the_household(w: dict[str, Any]) -> None:
    person = old_household(w)
    t = close(target(w, person=person, raised_on=LONG_AGO), CUTOFF.day)
    assert held(person.household_id)  # closed on the cutoff day: recent
    close(t, CUTOFF.day - dt.timedelta(days=1))
    assert not held(person.household_id)
    Target.objects.filter(pk=t.pk).update(last_contact_on=CUTOFF.day)
    assert held(person.household_id)
    Target.objects.filter(pk=t.pk).update(last_contact_on=CUTOFF.day - dt.timedelta(days=1))
    assert not held(person.household_id)


# --- anonymising a household -------------------------------------------------------------------------------


def test_retention_scrubs_the_text_and_keeps_what_is_counted(w: dict[str, Any]) -> None:
    municipality = w["municipality"]
    person = old_household(w)
    t = target(w, "古川さんの世帯", person=person, raised_on=LONG_AGO, area="北町", raised_by="民生委員")
    history(t, LONG_AGO)
    close(t, LONG_AGO)
    before = queries.indicator(None, municipality.pk, 2015)
    assert [t.count for t in provider.inventory(Household.objects.filter(pk=person.household_id))] == [1]
    preview = retention.preview(municipality)
    assert {t.label: t.count for t in preview.tallies}["アウトリーチの対象"] == 1
    outcome = retention.anonymise_due(municipality)
    assert person.household_id in outcome.household_ids
    assert outcome.scrubbed.counts["アウトリーチの対象"] == 1
    t.refresh_from_db()
    assert (t.label, t.description, t.area, t.raised_by) == (ANONYMISED, "", "", "")
    assert (t.stage, t.close_reason, t.closed_on, t.raised_on) == (
        Stage.CLOSED,
        CloseReason.SETTLED,
        LONG_AGO,
        LONG_AGO,
    )
    contact = t.contacts.get()
    assert (contact.text, contact.next_step, contact.outcome, contact.on) == ("", "", "away", LONG_AGO)
    assert set(t.stage_changes.values_list("note", flat=True)) == {""}
    assert t.stage_changes.filter(to_stage=Stage.PERSON).exists()
    assert t.home_visits.get().companions_other == ""
    assert queries.indicator(None, municipality.pk, 2015) == before
    # The matrix world's household, with its outreach going on, is untouched.
    w["o"]["target"].refresh_from_db()
    assert w["o"]["target"].label != ANONYMISED and w["o"]["contact"].text in Contact.objects.values_list(
        "text", flat=True
    )


def test_anonymise_scrubs_only_the_households_targets(w: dict[str, Any]) -> None:
    person = old_household(w)
    mine = target(w, "古川さんの世帯", person=person)
    history(mine, LONG_AGO)
    scrubbed = Scrubbed()
    provider.anonymise(person.household, scrubbed)
    assert scrubbed.counts == {"アウトリーチの対象": 1}
    mine.refresh_from_db()
    assert mine.label == ANONYMISED
    o = w["o"]["target"]
    o.refresh_from_db()
    assert o.label != ANONYMISED and o.description


# --- targets linked to no one ------------------------------------------------------------------------------


def test_targets_linked_to_no_one_go_by_their_closing_date(w: dict[str, Any]) -> None:
    municipality = w["municipality"]
    gone = close(target(w, "特定できなかった世帯", raised_on=LONG_AGO), LONG_AGO)
    history(gone, LONG_AGO)
    still_open = target(w, "まだ続いている世帯", raised_on=LONG_AGO)
    recent = close(target(w, "最近終えた世帯", raised_on=LONG_AGO), CUTOFF.day)
    assert [(t.label, t.count) for t in provider.unlinked_inventory(municipality, CUTOFF)] == [(UNLINKED, 1)]
    assert {t.label: t.count for t in retention.preview(municipality).unlinked}[UNLINKED] == 1
    outcome = retention.anonymise_due(municipality)
    assert outcome.scrubbed.counts[UNLINKED] == 1
    gone.refresh_from_db()
    assert (gone.label, gone.description, gone.stage) == (ANONYMISED, "", Stage.CLOSED)
    assert gone.contacts.get().text == "" and gone.home_visits.get().companions_other == ""
    for t in (still_open, recent):
        t.refresh_from_db()
        assert t.label != ANONYMISED and t.description, t.label
    # Done once: the next run finds nothing more.
    assert [t.count for t in provider.unlinked_inventory(municipality, CUTOFF)] == [0]
    assert UNLINKED not in retention.anonymise_due(municipality).scrubbed.counts


def test_every_outreach_record_that_holds_personal_data_is_covered() -> None:
    covered = registry.covered_labels()
    personal = {m._meta.label_lower for m in registry.personal_models() if m._meta.app_label == "outreach"}
    assert personal == {"outreach.target", "outreach.contact", "outreach.stagechange", "outreach.homevisit"}
    assert personal <= covered
