"""Writes for backup support's municipality side: each is one transaction with its audit entry."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from kasane import audit
from kasane.accounts.models import User
from kasane.audit.actor import Actor
from kasane.casework.models import Case, Consultation, Referral
from kasane.casework.models import Status as ReferralStatus
from kasane.lib.dates import fiscal_year_bounds
from kasane.meetings import indicators
from kasane.meetings.models import Meeting, MeetingKind, MeetingStatus
from kasane.readiness.models import (
    PublishedCounts,
    ReadinessRating,
    ReadinessSheet,
    SheetFoundationRow,
    SheetFunctionRow,
)
from kasane.readiness.themes import Foundation, Function
from kasane.tenancy.models import Municipality


class StaleSheet(Exception):
    """Someone else saved the sheet since this form was opened."""


def new_sheet(
    municipality: Municipality, user: User, made_on: dt.date, *, actor: Actor | None = None
) -> ReadinessSheet:
    """A new dated version. It starts as a copy of the latest one, so a yearly update means revising, not
    retyping; with no earlier version it starts from the municipality's own figures."""
    with transaction.atomic():
        previous = (
            ReadinessSheet.objects.filter(municipality=municipality)
            .prefetch_related("function_rows", "foundation_rows")
            .order_by("-made_on", "-pk")
            .first()
        )
        sheet = ReadinessSheet.objects.create(
            municipality=municipality,
            made_on=made_on,
            made_by_units=previous.made_by_units if previous else "",
            population=previous.population if previous else municipality.population,
            area_count=previous.area_count if previous else None,
            organisation=previous.organisation if previous else "",
            lead_division=previous.lead_division if previous else "",
            agencies=previous.agencies if previous else "",
            shared_with_peers=previous.shared_with_peers if previous else False,
        )
        old_functions = {row.function: row for row in previous.function_rows.all()} if previous else {}
        old_foundations = {row.foundation: row for row in previous.foundation_rows.all()} if previous else {}
        SheetFunctionRow.objects.bulk_create(
            SheetFunctionRow(
                sheet=sheet,
                function=f,
                current=old_functions[f].current if f in old_functions else "",
                issues=old_functions[f].issues if f in old_functions else "",
            )
            for f in Function.values
        )
        SheetFoundationRow.objects.bulk_create(
            SheetFoundationRow(
                sheet=sheet,
                foundation=f,
                current=old_foundations[f].current if f in old_foundations else "",
                strengths=old_foundations[f].strengths if f in old_foundations else "",
                issues=old_foundations[f].issues if f in old_foundations else "",
            )
            for f in Foundation.values
        )
        sheet.contributors.add(user)
        audit.log(
            "readiness.sheet_created",
            actor=actor,
            user=user,
            municipality=municipality,
            obj=sheet,
            details={"made_on": made_on.isoformat(), "copied_from": previous.pk if previous else None},
        )
    return sheet


def save_sheet(
    sheet: ReadinessSheet,
    user: User,
    *,
    basics: dict[str, object],
    functions: dict[str, tuple[str, str]],
    foundations: dict[str, tuple[str, str, str]],
    lock_version: int,
    actor: Actor | None = None,
) -> None:
    """Save every part of the sheet at once. Several people fill one sheet in (003: 複数人・複数部署), so a
    stale form is refused instead of overwriting a colleague's text."""
    with transaction.atomic():
        updated = ReadinessSheet.objects.filter(pk=sheet.pk, lock_version=lock_version).update(
            lock_version=F("lock_version") + 1, updated_at=timezone.now(), **basics
        )
        if not updated:
            raise StaleSheet
        for row in sheet.function_rows.all():
            current, issues = functions.get(row.function, (row.current, row.issues))
            if (current, issues) != (row.current, row.issues):
                row.current, row.issues = current, issues
                row.save(update_fields=["current", "issues"])
        for frow in sheet.foundation_rows.all():
            values = foundations.get(frow.foundation, (frow.current, frow.strengths, frow.issues))
            if values != (frow.current, frow.strengths, frow.issues):
                frow.current, frow.strengths, frow.issues = values
                frow.save(update_fields=["current", "strengths", "issues"])
        sheet.contributors.add(user)
        audit.log(
            "readiness.sheet_saved",
            actor=actor,
            user=user,
            municipality=sheet.municipality,
            obj=sheet,
            details={"shared_with_peers": bool(basics.get("shared_with_peers"))},
        )
    sheet.refresh_from_db()


def submit_sheet(sheet: ReadinessSheet, user: User, *, actor: Actor | None = None) -> None:
    with transaction.atomic():
        sheet.submitted_at = timezone.now()
        sheet.save(update_fields=["submitted_at"])
        audit.log(
            "readiness.sheet_submitted",
            actor=actor,
            user=user,
            municipality=sheet.municipality,
            obj=sheet,
        )


def rate(
    municipality: Municipality,
    user: User,
    *,
    item: str,
    stage: int,
    evidence: str,
    tools_used: list[str],
    rated_on: dt.date,
    actor: Actor | None = None,
) -> ReadinessRating:
    with transaction.atomic():
        rating = ReadinessRating.objects.create(
            municipality=municipality,
            item=item,
            stage=stage,
            evidence=evidence,
            tools_used=tools_used,
            rated_on=rated_on,
            rated_by=user,
        )
        audit.log(
            "readiness.rated",
            actor=actor,
            user=user,
            municipality=municipality,
            obj=rating,
            details={"item": item, "stage": stage},
        )
    return rating


@dataclass(frozen=True)
class Counts:
    consultations: int
    referrals: int
    cases: int
    plans_decided: int
    support_meetings: int
    case_conferences: int


def count_records(municipality: Municipality, year: int) -> Counts:
    """Counted from the municipality's own records for one 年度. Numbers only: no row leaves here. Each is the
    figure the municipality's own pages show — 国への報告's B1 相談受付件数, A9 つなぎ, B3 多機関協働, A2 プラン
    作成, B4 会議 — so what the prefecture receives agrees with what the municipality reports to the state."""

    start, end = fiscal_year_bounds(year)
    moment_start = timezone.make_aware(dt.datetime.combine(start, dt.time.min))
    moment_end = timezone.make_aware(dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min))
    meetings = indicators.counts(municipality, year)
    held = Meeting.objects.filter(
        municipality=municipality, status=MeetingStatus.HELD, held_on__range=(start, end)
    ).values_list("kinds", flat=True)
    return Counts(
        consultations=Consultation.objects.filter(
            municipality=municipality, received_at__gte=moment_start, received_at__lt=moment_end
        ).count(),
        # A つなぎ withdrawn (取消) was never made: as 国への報告 counts them (A9).
        referrals=Referral.objects.filter(
            municipality=municipality, created_at__gte=moment_start, created_at__lt=moment_end
        )
        .exclude(status=ReferralStatus.CANCELLED)
        .count(),
        cases=Case.objects.filter(municipality=municipality, opened_on__range=(start, end)).count(),
        plans_decided=meetings.plans_decided,
        support_meetings=meetings.support_meetings_held,
        case_conferences=sum(1 for kinds in held if MeetingKind.LAYERED in kinds),
    )


def publish_counts(
    municipality: Municipality, year: int, user: User, *, actor: Actor | None = None
) -> PublishedCounts:
    """Publish one 年度's counts to the prefecture. Each publication is kept; the newest is current."""
    counts = count_records(municipality, year)
    with transaction.atomic():
        published = PublishedCounts.objects.create(
            municipality=municipality,
            fiscal_year=year,
            published_at=timezone.now(),
            published_by=user,
            **counts.__dict__,
        )
        audit.log(
            "readiness.counts_published",
            actor=actor,
            user=user,
            municipality=municipality,
            obj=published,
            details={"fiscal_year": year, **counts.__dict__},
        )
    return published
