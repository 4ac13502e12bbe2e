"""The 支援ケース一覧: its named lists, their filters and the rows of its Excel export.

The page, the export and the API share these so that one list name means the same cases everywhere.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any, TypedDict

from django.db.models import DateField, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery

from kasane.casework.models import (
    OPEN_STATUSES,
    Assessment,
    Case,
    CaseStatus,
    Consultation,
    DecisionKind,
    Evaluation,
    Issue,
    Outcome,
    Plan,
    PlanKind,
    PlanStatus,
    Programme,
    ProgressNote,
    Route,
    labels,
    mark,
)
from kasane.casework.models import Status as ReferralStatus
from kasane.casework.personal_data.consultations import age_band, age_band_label
from kasane.casework.visibility import team_cases, visible_consultations, visible_referrals
from kasane.lib.dates import today
from kasane.lib.text import kana_reading

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

LISTS = {
    "mine": "自分の担当",
    "agency": "自機関のケース",
    "review_overdue": "見直し期限切れ",
    "awaiting_meeting": "会議待ち",
    "closed": "終結",
}

# (item, label) of each column: an item of ``REPORTED["case_list"]`` is marked ※, so staff see which columns
# the national counts read. 年齢 is today's age; 年代（受付時） is the one reported.
EXPORT_COLUMNS = (
    ("number", "ケース番号"),
    ("opened_on", "受付日"),
    ("title", "ケースの概要"),
    ("name", "本人"),
    ("kana", "ふりがな"),
    ("sex", "性別"),
    ("current_age", "年齢"),
    ("age", "年代（受付時）"),
    ("route", "把握ルート・紹介元"),
    ("channel", "相談方法"),
    ("issues", "主な課題"),
    ("response", "対応区分"),
    ("status", "状態"),
    ("owner_agency", "多機関協働事業者"),
    ("lead_user", "主担当者"),
    ("team", "支援チーム"),
    ("decided_on", "プラン決定日"),
    ("next_review_on", "次回見直し日"),
    ("evaluated_on", "評価日"),
    ("programmes", "利用事業"),
    ("employment_support", "就労支援対象"),
    ("employed", "就労"),
    ("income_increased", "増収"),
    ("improved", "自立に向けた改善"),
    ("closed_on", "終結日"),
    ("closure_code", "終結理由区分"),
    ("closure_reason", "終結の理由"),
    ("last_note_on", "最終記録日"),
)
EXPORT_HEADER = [mark("case_list", item, label) for item, label in EXPORT_COLUMNS]
# Plans a 重層的支援会議 approved at some point: approved, under way, superseded by a later version or ended
# (a plan reaches 見直し and 終了 only from 承認・実施中). Their 利用事業 and 就労支援 flags are the case's.
APPROVED_PLAN_STATES = (PlanStatus.APPROVED, PlanStatus.ACTIVE, PlanStatus.REVIEW, PlanStatus.ENDED)


def list_filters(params: Mapping[str, str]) -> tuple[str, str]:
    """The list and status asked for; an unknown list falls back to the agency's own, never to an error."""
    which = params.get("list", "agency")
    return (which if which in LISTS else "agency"), params.get("status", "")


# Lists are paged by keyset (kasane.lib.paging) in this order, PAGE_SIZE rows a page, never cut.
CASE_ORDER = ("-opened_on", "-pk")
REFERRAL_ORDER = ("-created_at", "-pk")
OVERDUE_ORDER = ("reply_by", "pk")
PAGE_SIZE = 100


REFERRAL_BOXES = ("received", "sent", "overdue")


def boxed_referrals(viewer: Any, box: str, open_only: bool = False) -> tuple[str, Any, tuple[str, ...]]:
    """The つなぎ of one box (受け取った / 送った / 回答期限を過ぎた; an unknown box is 受け取った), with the order
    the box is read in: the page and the API share it."""
    referrals = visible_referrals(viewer).select_related("from_agency", "to_agency", "consent")
    order = REFERRAL_ORDER
    if box == "sent":
        referrals = referrals.filter(from_agency__in=viewer.agency_ids)
    elif box == "overdue":
        referrals = referrals.filter(
            from_agency__in=viewer.agency_ids, status=ReferralStatus.REQUESTED, reply_by__lt=today()
        )
        order = OVERDUE_ORDER
    else:
        box = "received"
        referrals = referrals.filter(to_agency__in=viewer.agency_ids)
    if open_only:
        referrals = referrals.filter(status__in=OPEN_STATUSES)
    return box, referrals, order


def filtered_cases(viewer: Any, which: str, status: str = "") -> Any:
    cases = team_cases(viewer).select_related("person", "owner_agency", "lead_user")
    if which == "mine":
        cases = cases.filter(
            Q(lead_user=viewer.user) | Q(team__user=viewer.user, team__left_on__isnull=True)
        ).exclude(status=CaseStatus.CLOSED)
    elif which == "review_overdue":
        overdue = Plan.objects.filter(status=PlanStatus.ACTIVE, next_review_on__lt=today()).values("case_id")
        cases = cases.filter(pk__in=overdue)
    elif which == "awaiting_meeting":
        cases = cases.filter(status=CaseStatus.AWAITING_MEETING)
    elif which == "closed":
        cases = cases.filter(status=CaseStatus.CLOSED)
    else:
        cases = cases.exclude(status=CaseStatus.CLOSED)
    if status in CaseStatus.values:
        cases = cases.filter(status=status)
    return cases.distinct().order_by(*CASE_ORDER)


class ExportDates(TypedDict):
    next_review_on: dt.date | None
    last_note_on: dt.date | None
    decided_on: dt.date | None
    source_shown: bool


def _approvals() -> QuerySet[Any]:
    """The 重層的支援会議's approvals of the case's plans, reached through the reverse relation ``case.decisions``
    (casework does not import meetings, which stands on it)."""
    decision = Case.decisions.field.model
    return decision._default_manager.filter(
        case=OuterRef("pk"),
        kind=DecisionKind.PLAN_APPROVAL,
        outcome=Outcome.APPROVED,
        agenda_item__isnull=False,
    )


# Cases fetched at once by the export: memory holds one chunk, queries grow by one chunk's six per 500 rows.
EXPORT_CHUNK = 500


def exported_cases(viewer: Any, which: str, status: str) -> Iterator[WithAnnotations[Case, ExportDates]]:
    """Every case of the list, not the page's first 300, in chunks of ``EXPORT_CHUNK`` read in the list's
    order (keyset: each chunk starts after the last case of the one before), so memory holds one chunk however
    many rows. Each chunk fetches what its rows need up front, so the count stays six queries a chunk: as
    subqueries of the one query, the 次回見直し日 of its active plans (the earliest, as 見直し期限切れ counts any
    of them), the day of its latest 支援経過記録, the day a meeting last approved its plan, and whether the
    viewer may see the consultation it was opened from (its owner, or the case team while the consent stands:
    the rule book's own queryset); then one query each for its team and their agencies, its approved plans,
    its latest assessment's 課題 and its evaluations."""
    cases = _export_query(viewer, which, status)
    after = Q()
    while True:
        chunk = list(cases.filter(after)[:EXPORT_CHUNK])
        yield from chunk
        if len(chunk) < EXPORT_CHUNK:
            return
        last = chunk[-1]
        # CASE_ORDER is (-opened_on, -pk): the cases after the last are older, or as old with a lower id.
        after = Q(opened_on__lt=last.opened_on) | Q(opened_on=last.opened_on, pk__lt=last.pk)


def _export_query(viewer: Any, which: str, status: str) -> QuerySet[Any]:
    reviews = Plan.objects.filter(case=OuterRef("pk"), status=PlanStatus.ACTIVE, next_review_on__isnull=False)
    notes = ProgressNote.objects.filter(case=OuterRef("pk"))
    source = visible_consultations(viewer).filter(pk=OuterRef("consultation_id"))
    return (
        filtered_cases(viewer, which, status)
        .annotate(
            next_review_on=Subquery(
                reviews.order_by("next_review_on").values("next_review_on")[:1], output_field=DateField()
            ),
            last_note_on=Subquery(notes.order_by("-on").values("on")[:1], output_field=DateField()),
            decided_on=Subquery(
                _approvals().order_by("-decided_on").values("decided_on")[:1], output_field=DateField()
            ),
            source_shown=Exists(source),
        )
        .select_related("household", "consultation__referrer_agency", "referral__from_agency")
        .prefetch_related(
            "team__agency",
            Prefetch(
                "plans",
                queryset=Plan.objects.filter(status__in=APPROVED_PLAN_STATES).only(
                    "case_id", "kind", "programmes", "employment_support"
                ),
                to_attr="approved_plans",
            ),
            Prefetch(
                "assessments",
                queryset=Assessment.objects.only("case_id", "version", "issues").order_by("-version"),
                to_attr="assessments_newest_first",
            ),
            Prefetch(
                "evaluations",
                queryset=Evaluation.objects.only(
                    "case_id", "evaluated_on", "improvements", "employed", "income_increased"
                ).order_by("-evaluated_on", "-pk"),
                to_attr="evaluations_newest_first",
            ),
        )
    )


def _route(case: Case, source: Consultation | None) -> str:
    """把握ルート・紹介元: from the consultation the case opened from, else the agency whose つなぎ brought it."""
    if source is not None:
        referrer = source.referrer_agency.name if source.referrer_agency else source.referrer_name
        route = source.get_route_display()
        return f"{route}（{referrer}）" if referrer else route
    if case.referral is not None:
        return f"{Route.AGENCY.label}（{case.referral.from_agency.name}）"
    return ""


def _issues(case: Any, source: Consultation | None) -> str:
    """主な課題: the consultation's ◎ and the 課題の特性 of the latest assessment, else the consultation's."""
    latest = case.assessments_newest_first[0] if case.assessments_newest_first else None
    issues = latest.issues if latest is not None and latest.issues else (source.issues if source else [])
    main = f"◎{source.get_main_topic_display()}" if source is not None and source.main_topic else ""
    return "／".join(part for part in (main, "、".join(labels(Issue, issues))) if part)


def _programmes(plans: list[Plan]) -> str:
    used = {code for plan in plans for code in plan.programmes}
    # A 参加支援 or アウトリーチ plan uses its programme whether or not the box was ticked.
    used |= {plan.kind for plan in plans if plan.kind in (PlanKind.PARTICIPATION, PlanKind.OUTREACH)}
    return "、".join(labels(Programme, used))


def _yes_no(value: bool | None) -> str:
    return "" if value is None else ("あり" if value else "なし")


def export_row(case: WithAnnotations[Case, ExportDates]) -> list[Any]:
    """One row under ``EXPORT_HEADER``; only members still on the team are named. Dates stay dates (the
    spreadsheet shows them in 和暦 and sorts them as days); ふりがな is written one way so it sorts, the name
    stays as typed. The outcome columns (就労・増収・改善) read the latest evaluation and stay empty before
    there is one; the consultation's columns stay empty where the viewer may not see it."""
    source = case.consultation if case.source_shown else None
    plans: list[Plan] = case.approved_plans  # type: ignore[attr-defined]
    evaluation = case.evaluations_newest_first[0] if case.evaluations_newest_first else None  # type: ignore[attr-defined]
    person = case.person
    band = age_band(person.birth_date, case.opened_on)
    if band is None and source is not None:
        band = source.age_band
    return [
        case.number,  # ケース番号 as the printed forms show it (R8-0012)
        case.opened_on,
        case.title,
        person.name,
        kana_reading(person.kana),
        person.get_sex_display(),
        person.age(),
        age_band_label(band),
        _route(case, source),
        source.get_channel_display() if source is not None else "",
        _issues(case, source),
        source.get_response_display() if source is not None else "",
        case.get_status_display(),
        case.owner_agency.name,
        case.lead_user.full_name if case.lead_user else "",
        "、".join(f"{m.agency.name}（{m.get_part_display()}）" for m in case.team.all() if m.left_on is None),
        case.decided_on,
        case.next_review_on,
        evaluation.evaluated_on if evaluation else None,
        _programmes(plans),
        "対象" if any(plan.employment_support for plan in plans) else "",
        _yes_no(evaluation.employed if evaluation else None),
        _yes_no(evaluation.income_increased if evaluation else None),
        _yes_no(bool(evaluation.improvements) if evaluation else None),
        case.closed_on,
        case.get_closure_code_display(),
        case.closure_reason,
        case.last_note_on,
    ]
