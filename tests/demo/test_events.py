"""The events demo (kasane.demo.prefecture.events) on a 北海道 built here from readiness's demo figures: two 年度 of forums,
trainings and meetings, sign-ups from the municipalities, attendance for past events only, groups with the
contractor's facilitators, the handouts kept with past events, and 000's minimums met last year."""

from __future__ import annotations

from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import pytest

from kasane.demo.prefecture import BackupStaff
from kasane.demo.prefecture import events as demo
from kasane.events.minimums import Status, check_minimums
from kasane.events.models import Event, EventKind, EventMaterial, Registration
from kasane.tenancy.models import Prefecture

from .helpers import TODAY, build_hokkaido

pytestmark = pytest.mark.django_db


@pytest.fixture
def hokkaido(settings: Any, tmp_path: Path) -> tuple[Prefecture, BackupStaff]:
    settings.MEDIA_ROOT = tmp_path
    prefecture, staff = build_hokkaido()
    demo.load(prefecture, TODAY, staff)
    return prefecture, staff


def test_two_years_of_events(hokkaido: tuple[Prefecture, BackupStaff]) -> None:
    prefecture, _staff = hokkaido
    by_year = defaultdict(list)
    for event in Event.objects.filter(prefecture=prefecture):
        by_year[event.fiscal_year].append(event)
    assert sorted(by_year) == [2025, 2026, 2027]
    assert all(not e.is_upcoming(TODAY) for e in by_year[2025])
    upcoming = [e for e in by_year[2026] if e.is_upcoming(TODAY)]
    assert 2 <= len(upcoming) < len(by_year[2026])
    # Next 年度's first forum is in the plan already, so something lies ahead on any day; no sign-ups yet.
    [planned] = by_year.pop(2027)
    assert planned.title == "令和9年度 情報共有の場（道北ブロック）" and not planned.registrations.exists()
    assert {e.title for e in by_year[2025]} >= {
        "令和7年度 情報共有の場（道北ブロック）",
        "令和7年度 第1回 重層的支援体制整備人材養成研修",
        "令和7年度 道と市町村の意見交換会",
    }
    for event in Event.objects.filter(prefecture=prefecture, fiscal_year__lte=2026):
        n = event.registrations.count()
        assert 15 <= n <= 40, (event.title, n)
        assert event.slots.count() >= 4, event.title
        if event.kind == EventKind.FORUM:
            assert event.block is not None


def test_attendance_only_for_past_events(hokkaido: tuple[Prefecture, BackupStaff]) -> None:
    prefecture, _staff = hokkaido
    for event in Event.objects.filter(prefecture=prefecture):
        attended = event.registrations.filter(attended=True).count()
        if event.is_upcoming(TODAY):
            assert attended == 0, event.title
        else:
            assert 0.7 * event.registrations.count() <= attended <= event.registrations.count(), event.title


def test_groups_mix_municipalities_with_facilitators(
    hokkaido: tuple[Prefecture, BackupStaff],
) -> None:
    prefecture, staff = hokkaido
    grouped = Event.objects.filter(prefecture=prefecture, groups__isnull=False).distinct()
    assert grouped.count() >= 8
    for event in grouped:
        assert not event.registrations.filter(group__isnull=True).exists(), event.title
        homes = defaultdict(set)
        for registration in event.registrations.exclude(municipality=None):
            homes[registration.municipality_id].add(registration.group_id)
        # Pairs stay together; every group mixes municipalities (issue 19: none of one town alone).
        sizes = Counter(
            event.registrations.exclude(municipality=None).values_list("municipality_id", flat=True)
        )
        assert all(len(groups) == 1 for mid, groups in homes.items() if sizes[mid] <= 2), event.title
        for group in event.groups.all():
            assert len(set(group.members.values_list("municipality_id", flat=True))) > 1, event.title
        facilitators = [g.facilitator for g in event.groups.all()]
        assert all(f in staff.facilitators for f in facilitators), event.title  # none missing
        assert len(set(facilitators)) == len(facilitators)
    north = Event.objects.get(prefecture=prefecture, title="令和8年度 情報共有の場（道北ブロック）")
    asahikawa = north.registrations.filter(municipality__name="旭川市")
    assert asahikawa.count() == 9
    assert len({r.group_id for r in asahikawa}) > 1  # its nine are spread, not a group of their own
    # The next forum's groups are already arranged; the one after is not.
    assert Event.objects.get(title="令和8年度 情報共有の場（道央ブロック）").groups.exists()
    assert not Event.objects.get(title="令和8年度 情報共有の場（道南ブロック）").groups.exists()


def test_kasane_city_officer_signed_up_herself(hokkaido: tuple[Prefecture, BackupStaff]) -> None:
    _prefecture, staff = hokkaido
    mine = Registration.objects.filter(user=staff.city).select_related("event", "municipality")
    assert mine.count() >= 4
    assert all(r.municipality.name == "かさね市" for r in mine)  # type: ignore[union-attr]
    assert any(r.event.is_upcoming(TODAY) for r in mine)
    assert all(r.attended for r in mine if not r.event.is_upcoming(TODAY))
    upcoming = Event.objects.filter(starts_on__gt=TODAY).exclude(registrations__user=staff.city)
    assert upcoming.exists()  # something left to sign up for


def test_handouts_and_recordings_kept_with_past_events(hokkaido: tuple[Prefecture, BackupStaff]) -> None:
    prefecture, _staff = hokkaido
    for event in Event.objects.filter(prefecture=prefecture):
        handouts = EventMaterial.objects.filter(event=event, link="")
        if event.is_upcoming(TODAY):
            assert not handouts.exists()
            continue
        [handout] = handouts
        assert handout.file.read(5) == b"%PDF-"
        handout.file.close()
        if event.format != "in_person":
            assert EventMaterial.objects.filter(event=event, kind="recording").exclude(link="").exists()


def test_last_year_meets_every_minimum_and_this_year_is_on_plan(
    hokkaido: tuple[Prefecture, BackupStaff],
) -> None:
    prefecture, _staff = hokkaido
    last = check_minimums(prefecture, 2025, 6, today=TODAY)
    assert [c.status for c in last] == [Status.MET] * 4
    this = {c.label: c for c in check_minimums(prefecture, 2026, 3, today=TODAY)}
    assert this["情報共有の場（市町村間）"].status == Status.PLANNED
    assert this["情報共有の場（市町村間）"].missing == ["道央ブロックは開催予定", "道南ブロックは開催予定"]
    assert this["人材養成研修"].status == Status.PLANNED
    assert this["情報共有の場（道と市町村）"].status == Status.PLANNED


def test_training_for_the_questionnaires(hokkaido: tuple[Prefecture, BackupStaff]) -> None:
    """The questionnaires demo attaches its before/after questionnaire to this year's first training."""
    prefecture, _staff = hokkaido
    first = (
        Event.objects.filter(prefecture=prefecture, kind=EventKind.TRAINING, fiscal_year=2026)
        .order_by("starts_on")
        .first()
    )
    assert first is not None and first.title == "令和8年度 第1回 重層的支援体制整備人材養成研修"
    assert not first.is_upcoming(TODAY)
    assert "研修の前後にアンケート" in first.purpose
