"""The hub's reading of the database: a municipality's stated need, and the candidates to match it with.

A need comes, in this order, from the municipality's request for a dispatch this year (what it asked for),
from its readiness ratings (the items that lag most), and failing both from the 課題 of the latest sheet it
submitted. Peers are described only by what municipalities publish: profile, ratings, and sheets they
marked 他の市町村にも公開する.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kasane.dispatch import matching
from kasane.dispatch.models import Dispatch, DispatchStatus, Expert, Practice
from kasane.lib.dates import fiscal_year_label, wareki
from kasane.readiness.models import ReadinessRating, ReadinessSheet
from kasane.readiness.themes import Foundation, Function, ReadinessItem, Stage, Theme
from kasane.tenancy.models import Municipality, Prefecture

FUNCTION_THEME: dict[str, str] = {
    Function.CONSULTATION: Theme.CONSULTATION,
    Function.PARTICIPATION: Theme.PARTICIPATION,
    Function.COMMUNITY: Theme.COMMUNITY,
    Function.OUTREACH: Theme.OUTREACH,
    Function.COLLABORATION: Theme.COLLABORATION,
    Function.FRAMEWORK: Theme.TALENT,
}
FOUNDATION_THEME: dict[str, str] = {
    Foundation.FINANCE: Theme.FINANCE,
    Foundation.PHILOSOPHY: Theme.INTERNAL,
    Foundation.COOPERATION: Theme.SHARING,
}
MAX_LAGGING_ITEMS = 2


@dataclass
class StatedNeed:
    """Where the hub's themes for a municipality come from, for the page to say so."""

    themes: list[str] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)
    stages: dict[str, int] = field(default_factory=dict)
    sheet: ReadinessSheet | None = None
    issues: list[tuple[str, str]] = field(default_factory=list)  # (function or row label, 課題)


def current_stages(prefecture: Prefecture) -> dict[int, dict[str, int]]:
    """municipality id → item → the newest rating's stage, for every municipality of the prefecture."""
    stages: dict[int, dict[str, int]] = {}
    rows = (
        ReadinessRating.objects.filter(municipality__prefecture=prefecture)
        .order_by("municipality_id", "item", "-rated_on", "-pk")
        .values_list("municipality_id", "item", "stage")
    )
    for municipality_id, item, stage in rows:
        stages.setdefault(municipality_id, {}).setdefault(item, stage)
    return stages


def stated_need(municipality: Municipality, stages: dict[str, int], year: int) -> StatedNeed:
    need = StatedNeed(stages=stages)
    dispatch = (
        Dispatch.objects.filter(municipality=municipality, fiscal_year=year)
        .exclude(status=DispatchStatus.WITHDRAWN)
        .first()
    )
    if dispatch is not None and dispatch.themes:
        need.themes.extend(t for t in dispatch.themes if t in Theme.values)
        need.reasons.append(
            f"{fiscal_year_label(year).split('（')[0]}の専門家派遣の依頼で"
            + "".join(f"「{label}」" for label in dispatch.theme_labels())
            + "の相談がありました。"
        )
    if stages:
        lowest = min(stages.values())
        items = [i for i in ReadinessItem.values if stages.get(i) == lowest]
        # One or two items lagging behind say what is needed; when most items sit at the same stage,
        # they say where the municipality stands, not what to work on first.
        if lowest < Stage.ESTABLISHED and len(items) <= MAX_LAGGING_ITEMS:
            need.themes.extend(i for i in items if i not in need.themes)
            need.reasons.append(
                "体制整備の段階で"
                + "".join(f"「{ReadinessItem(i).label}」" for i in items)
                + f"が「{Stage(lowest).label}」と、5項目のうち最も低い段階です。"
            )
    sheet = (
        ReadinessSheet.objects.filter(municipality=municipality, submitted_at__isnull=False)
        .prefetch_related("function_rows", "foundation_rows")
        .order_by("-made_on", "-pk")
        .first()
    )
    if sheet is not None:
        need.sheet = sheet
        rows = [
            (r.get_function_display(), r.issues, FUNCTION_THEME[r.function])
            for r in sheet.function_rows.all()
        ]
        rows += [
            (r.get_foundation_display(), r.issues, FOUNDATION_THEME[r.foundation])
            for r in sheet.foundation_rows.all()
        ]
        need.issues = [(label, issues.strip()) for label, issues, _theme in rows if issues.strip()]
        if not need.themes:
            sheet_themes = [theme for _label, issues, theme in rows if issues.strip()]
            need.themes.extend(dict.fromkeys(sheet_themes))
            if sheet_themes:
                need.reasons.append(
                    f"{wareki(sheet.made_on)}のアセスメントシートに課題が書かれている項目です。"
                )
    return need


def expert_profiles(prefecture: Prefecture) -> dict[int, tuple[Expert, matching.ExpertProfile]]:
    return {
        e.pk: (
            e,
            matching.ExpertProfile(
                id=e.pk,
                name=e.name,
                themes=frozenset(e.themes),
                bands=frozenset(e.population_bands),
                text=" ".join([e.affiliation, e.title, e.bio]),
            ),
        )
        for e in Expert.objects.filter(prefecture=prefecture, is_active=True)
    }


def practice_profiles(prefecture: Prefecture) -> dict[int, tuple[Practice, matching.PracticeProfile]]:
    return {
        p.pk: (
            p,
            matching.PracticeProfile(
                id=p.pk,
                title=p.title,
                municipality_name=p.municipality_name,
                themes=frozenset(p.themes),
                population=p.population,
                text=p.search_text,
            ),
        )
        for p in Practice.objects.filter(prefecture=prefecture)
    }


def peer_profiles(
    municipalities: list[Municipality], stages: dict[int, dict[str, int]]
) -> dict[int, tuple[Municipality, matching.PeerProfile]]:
    """Peers as they publish themselves. ``municipalities`` come with their profile, its region and its
    block selected."""
    shared: dict[int, frozenset[str]] = {}
    sheets = (
        ReadinessSheet.objects.filter(
            municipality__in=municipalities, shared_with_peers=True, submitted_at__isnull=False
        )
        .order_by("municipality_id", "-made_on", "-pk")
        .prefetch_related("function_rows")
    )
    for sheet in sheets:
        if sheet.municipality_id not in shared:
            shared[sheet.municipality_id] = frozenset(
                FUNCTION_THEME[r.function] for r in sheet.function_rows.all() if r.current.strip()
            )
    result = {}
    for m in municipalities:
        profile = getattr(m, "profile", None)
        result[m.pk] = (
            m,
            matching.PeerProfile(
                id=m.pk,
                name=m.name,
                population=m.population,
                status=profile.status if profile else "",
                status_year=profile.status_year if profile else None,
                stages=stages.get(m.pk, {}),
                shared_functions=shared.get(m.pk, frozenset()),
                region=region_of(m),
                block=block_of(m),
            ),
        )
    return result


def region_of(municipality: Municipality) -> str:
    """The municipality's region (振興局) by name; the old 振興局 text where no region is set."""
    profile = getattr(municipality, "profile", None)
    if profile is None:
        return ""
    return profile.region.name if profile.region_id else profile.bureau.strip()


def block_of(municipality: Municipality) -> str:
    profile = getattr(municipality, "profile", None)
    return profile.block.name if profile is not None and profile.block_id else ""
