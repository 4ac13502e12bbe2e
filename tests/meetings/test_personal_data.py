"""開示 and retention through the meetings app's personal-data provider: a person's page never shows a
支援会議, the disclosure report counts its items without their content, and retention scrubs old items while
keeping the counts."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.utils import timezone

from kasane.audit.models import AuditEntry, Basis
from kasane.casework.models import Household, Person
from kasane.lib.dates import fiscal_year, today
from kasane.meetings import indicators
from kasane.meetings.models import (
    ActionItem,
    AgendaItem,
    ItemKind,
    ItemStatus,
    Meeting,
    MeetingStatus,
    SupportOutcome,
)
from kasane.meetings.personal_data import UNLINKED as SUPPORT_UNLINKED
from tests import factories

pytestmark = pytest.mark.django_db


def test_the_persons_page_never_shows_that_they_were_discussed_at_a_support_meeting(
    w: dict[str, Any], client_for: Any
) -> None:
    """情報の提供先 is for the agency that recorded the person, who need not be a pledged member."""
    item = w["m"]["support_item"]
    item.person = w["r"]["mother"]
    item.save(update_fields=["person"])
    assert client_for(w["users"]["city"]).get(f"/meetings/items/{item.pk}/").status_code == 200
    assert AuditEntry.objects.filter(person_id=str(item.person_id), basis=Basis.SW106_6).exists()
    page = client_for(w["users"]["soudanin"]).get(f"/people/{item.person_id}/").content.decode()
    assert "情報の提供先" in page
    assert "社会福祉法第106条の6" not in page


def test_the_disclosure_report_gives_case_meetings_in_full_and_only_counts_support_items(
    w: dict[str, Any],
) -> None:
    from kasane.meetings.personal_data import provider

    mother = w["r"]["mother"]
    item = w["m"]["support_item"]
    item.person = mother
    item.save(update_fields=["person"])
    AgendaItem.objects.create(
        meeting=w["m"]["meeting"],
        kind=ItemKind.PROGRESS,
        title="8050の世帯（進捗確認）",
        case=w["r"]["case"],
        discussion="母の通院が定着した。",
    )
    sections = {s.key: s for s in provider.collect(mother)}
    assert list(sections) == ["decisions", "meetings"]  # the household has a 多機関協働 case
    section = sections["meetings"]
    text = json.dumps([[f.text for f in r.fields] for r in section.records], ensure_ascii=False)
    assert "母の通院が定着した。" in text
    assert item.situation not in text and "ごみ" not in text
    # Not even the number of 支援会議 items goes into the document: that is for the staff to weigh.
    assert "支援会議" not in json.dumps([s.note for s in sections.values()], ensure_ascii=False)
    assert provider.staff_notes(mother) and "1件" in provider.staff_notes(mother)[0]


def test_retention_scrubs_the_items_of_a_household_and_keeps_the_counts(w: dict[str, Any]) -> None:
    from kasane.governance import retention

    municipality = w["municipality"]
    old = factories.person(w["agencies"]["houkatsu_north"], "古川 一", "ふるかわ はじめ")
    item = w["m"]["support_item"]
    item.person = old
    item.save(update_fields=["person"])
    action = w["m"]["action"]
    held = dt.date(2015, 6, 17)
    Meeting.objects.filter(pk=item.meeting_id).update(held_on=held, status=MeetingStatus.HELD)
    AgendaItem.objects.filter(pk=item.pk).update(status=ItemStatus.DISCUSSED, outcome=SupportOutcome.WATCH)
    old_moment = timezone.make_aware(dt.datetime(2015, 6, 17, 10))
    for model in (Household, Person):
        model.objects.filter(pk=old.household_id if model is Household else old.pk).update(
            created_at=old_moment, updated_at=old_moment
        )
    AgendaItem.objects.filter(pk=item.pk).update(updated_at=old_moment)
    # The sitting of the test's own household is today: only the old one falls due.
    before = indicators.counts(municipality, fiscal_year(held))
    assert retention.preview(municipality).households >= 1
    outcome = retention.anonymise_due(municipality)
    assert old.household_id in outcome.household_ids
    item.refresh_from_db()
    action.refresh_from_db()
    assert item.situation == "" and item.subject_name == "（匿名化済み）" and item.title == "（匿名化済み）"
    assert action.task == "（匿名化済み）"
    assert item.kind == ItemKind.SUPPORT_CASE and item.outcome == SupportOutcome.WATCH
    assert indicators.counts(municipality, fiscal_year(held)) == before


def test_a_pending_item_keeps_its_household(w: dict[str, Any]) -> None:
    from kasane.governance import retention
    from kasane.meetings.personal_data import provider

    old = factories.person(w["agencies"]["houkatsu_north"], "古川 一", "ふるかわ はじめ")
    item = w["m"]["support_item"]
    item.person = old
    item.save(update_fields=["person"])
    Meeting.objects.filter(pk=item.meeting_id).update(held_on=dt.date(2015, 6, 17))
    cutoff = retention.cutoff_for(5, today())
    held = Household.objects.filter(pk=old.household_id).filter(provider.holds(cutoff)[0])
    assert held.exists()  # still 協議前


def test_retention_scrubs_old_support_items_about_no_one_on_record(
    w: dict[str, Any], client_for: Any
) -> None:
    """A 支援会議 item about someone kasane has no record of goes by its sitting's date, once discussed and
    with no task open; the dry run shows it first and changes nothing."""
    from kasane.governance import retention

    municipality = w["municipality"]
    item, action = w["m"]["support_item"], w["m"]["action"]
    old = timezone.make_aware(dt.datetime(2015, 6, 17, 10))
    Meeting.objects.filter(pk=item.meeting_id).update(held_on=dt.date(2015, 6, 17), status=MeetingStatus.HELD)
    AgendaItem.objects.filter(pk=item.pk).update(
        status=ItemStatus.DISCUSSED, outcome=SupportOutcome.CONTACT, updated_at=old
    )
    # An open task keeps it.
    assert sum(t.count for t in retention.preview(municipality).unlinked) == 0
    ActionItem.objects.filter(pk=action.pk).update(done_on=dt.date(2015, 7, 1))
    plan = retention.preview(municipality)
    # Outreach's targets tied to no one have a line of their own (none here).
    assert [(t.label, t.count) for t in plan.unlinked if t.count] == [(SUPPORT_UNLINKED, 1)] and plan.anything
    item.refresh_from_db()
    assert item.situation  # the dry run wrote nothing
    page = client_for(w["users"]["city"]).get("/governance/retention/").content.decode()
    assert "支援会議の議題（本人の記録と結び付いていないもの）" in page and item.subject_name not in page
    outcome = retention.anonymise_due(municipality)
    item.refresh_from_db()
    action.refresh_from_db()
    assert item.situation == "" and item.subject_name == "（匿名化済み）" and action.task == "（匿名化済み）"
    assert outcome.scrubbed.counts["支援会議の議題（本人の記録と結び付いていないもの）"] == 1
    assert sum(t.count for t in retention.preview(municipality).unlinked) == 0


def test_the_disclosure_gives_the_case_sections_only_to_a_household_with_a_case(w: dict[str, Any]) -> None:
    """The report's sections, in order: a person whose household never had a case gets no case or decision
    headings; one with a case gets the case records, then the meetings' decisions and discussions."""
    from kasane.governance import registry

    with_case = [s.key for s in registry.collect(w["r"]["mother"])]
    assert with_case == [
        "households",
        "household",
        "consultations",
        "consultation_notes",
        "consents",
        "referrals",
        "cases",
        "assessments",
        "plans",
        "notes",
        "evaluations",
        "decisions",
        "meetings",
        "outreach",
        "outreach_contacts",
        "participation",
        "participation_assessments",
        "participation_placements",
        "participation_reviews",
        "disclosures",
    ], with_case
    stranger = factories.person(w["agencies"]["houkatsu_north"], "遠藤 和子", "えんどう かずこ")
    without_case = [s.key for s in registry.collect(stranger)]
    assert "cases" not in without_case and "decisions" not in without_case
    assert without_case == [
        k
        for k in with_case
        if k not in ("cases", "assessments", "plans", "notes", "evaluations", "decisions")
    ]
