"""The household timeline: consultations, referrals, case events, plans, decisions and notes, merged across
agencies, each drawn from the viewer's own visibility filter. One query per kind, whatever the data."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import prefetch_related_objects
from django.urls import reverse

from kasane.casework.models import Case, CaseEvent, ConsultationNote, Household, Plan, ProgressNote
from kasane.casework.visibility import Viewer, team_cases, visible_consultations, visible_referrals
from kasane.lib.dates import localtime


@dataclass(frozen=True)
class Entry:
    on: dt.date
    kind: str
    title: str
    agency: str
    text: str
    url: str


# Apps above casework that add to the timeline (outreach) register a function here when they load: each is
# called with the viewer and the household and returns entries drawn from its own visibility filter.
Contributor = Callable[[Viewer, Household], list[Entry]]
_CONTRIBUTORS: list[Contributor] = []


def register(contributor: Contributor) -> None:
    if contributor not in _CONTRIBUTORS:
        _CONTRIBUTORS.append(contributor)


def household_timeline(
    viewer: Viewer, household: Household, limit: int = 200, cases: list[Case] | None = None
) -> list[Entry]:
    """``cases``: the household's cases the viewer sees (``team_cases``), when the caller has them already."""

    entries: list[Entry] = []
    for contributor in _CONTRIBUTORS:
        entries.extend(contributor(viewer, household))
    for c in (
        visible_consultations(viewer).filter(household=household).select_related("owner_agency", "person")
    ):
        entries.append(
            Entry(
                localtime(c.received_at).date(),
                "相談",
                f"相談受付（{c.get_channel_display()}）{c.person.name}",
                c.owner_agency.name,
                c.complaint,
                reverse("consultations:detail", args=[c.pk]),
            )
        )
    consultation_notes = ConsultationNote.objects.filter(
        consultation__in=visible_consultations(viewer).filter(household=household)
    ).select_related("agency")
    for cn in consultation_notes:
        entries.append(
            Entry(
                cn.on,
                "相談経過",
                f"{cn.get_kind_display()}" + (f"（{cn.minutes}分）" if cn.minutes else ""),
                cn.agency.name,
                cn.text,
                reverse("consultations:detail", args=[cn.consultation_id]) + "#notes",
            )
        )
    for r in visible_referrals(viewer).filter(household=household).select_related("from_agency", "to_agency"):
        entries.append(
            Entry(
                localtime(r.created_at).date(),
                "つなぎ",
                f"つなぎ：{r.from_agency.name} → {r.to_agency.name}（{r.get_status_display()}）",
                r.from_agency.name,
                "",
                reverse("referrals:detail", args=[r.pk]),
            )
        )
    # A case's decisions are the meetings' records (meetings stands on casework): reached through the case.
    if cases is None:
        cases = list(team_cases(viewer).filter(household=household))
    case_ids = [c.pk for c in cases]
    prefetch_related_objects(cases, "decisions")
    for e in CaseEvent.objects.filter(case_id__in=case_ids):
        entries.append(
            Entry(
                e.on,
                "ケース",
                f"多機関協働：{e.action}",
                e.actor_name,
                e.note,
                reverse("cases:detail", args=[e.case_id]),
            )
        )
    for d in (d for case in cases for d in case.decisions.all()):
        entries.append(
            Entry(
                d.decided_on,
                "会議",
                f"{d.meeting_name}：{d.get_kind_display()} → {d.get_outcome_display()}",
                d.recorded_by_name,
                d.notes,
                reverse("cases:detail", args=[d.case_id]),
            )
        )
    for p in Plan.objects.filter(case_id__in=case_ids):
        entries.append(
            Entry(
                localtime(p.created_at).date(),
                "プラン",
                f"{p}（{p.get_status_display()}）",
                p.author_name,
                p.long_term_goal,
                reverse("cases:detail", args=[p.case_id]),
            )
        )
    for n in ProgressNote.objects.filter(case_id__in=case_ids).select_related("agency"):
        entries.append(
            Entry(
                n.on,
                "支援経過",
                f"{n.get_kind_display()}" + (f"（{n.minutes}分）" if n.minutes else ""),
                n.agency.name,
                n.text,
                reverse("cases:detail", args=[n.case_id]) + "#notes",
            )
        )
    entries.sort(key=lambda e: e.on, reverse=True)
    return entries[:limit]
