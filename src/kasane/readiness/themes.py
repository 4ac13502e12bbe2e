"""The vocabulary shared by every backup-support app: themes, readiness items, programme status, bands.

A theme names what a municipality needs help with, what an expert knows, what a practice shows. The six
functions come from §106-4 ②; the five readiness items from 003 図表 3-1.
"""

from __future__ import annotations

from django.db import models


class Function(models.TextChoices):
    """The six functions as the 自治体アセスメントシート (003 図表 3-9) rows them."""

    CONSULTATION = "consultation", "包括的相談支援"
    PARTICIPATION = "participation", "参加支援"
    COMMUNITY = "community", "地域づくり"
    OUTREACH = "outreach", "アウトリーチ等を通じた継続的支援"
    COLLABORATION = "collaboration", "多機関協働"
    FRAMEWORK = "framework", "体制整備に向けた仕組み・人材"


class Foundation(models.TextChoices):
    """The three rows of the sheet recorded as 現状 / 強み / 課題."""

    FINANCE = "finance", "財政部との折衝状況"
    PHILOSOPHY = "philosophy", "事業の意義・理念の共有"
    COOPERATION = "cooperation", "庁内・多機関の協力体制"


class ReadinessItem(models.TextChoices):
    """003 図表 3-1: what a municipality needs in place to build the system."""

    SITUATION = "situation", "現状把握"
    LOCAL_PEOPLE = "local_people", "地域関係者の巻き込み"
    INTERNAL = "internal", "庁内の共通理解"
    SHARING = "sharing", "関係機関の情報共有"
    TALENT = "talent", "社会資源を活用できる人材"


class Tool(models.TextChoices):
    """003 図表 3-8: the tools that move each readiness item."""

    ASSESSMENT_SHEET = "assessment_sheet", "アセスメントシートの活用"
    STUDY_PHILOSOPHY = "study_philosophy", "地域共生社会の理念に関する勉強会"
    STUDY_INTERNAL = "study_internal", "庁内関係者向け勉強会"
    INTERNAL_TALKS = "internal_talks", "目指す地域像に関する庁内協議"
    EXCHANGE = "exchange", "他自治体職員との意見交換会"
    CASE_WORKSHOP = "case_workshop", "事例検討ワークショップ"
    FIELDWORK = "fieldwork", "フィールドワーク研修"


# What 003 図表 3-8 recommends for each item: the tool the prefecture can offer next.
TOOLS_FOR_ITEM: dict[str, tuple[str, ...]] = {
    ReadinessItem.SITUATION: (Tool.ASSESSMENT_SHEET,),
    ReadinessItem.LOCAL_PEOPLE: (Tool.STUDY_PHILOSOPHY, Tool.CASE_WORKSHOP),
    ReadinessItem.INTERNAL: (Tool.STUDY_INTERNAL, Tool.INTERNAL_TALKS),
    ReadinessItem.SHARING: (Tool.EXCHANGE, Tool.CASE_WORKSHOP),
    ReadinessItem.TALENT: (Tool.FIELDWORK, Tool.CASE_WORKSHOP),
}


# Short labels for the columns of the prefecture-wide table.
ITEM_SHORT: dict[str, str] = {
    ReadinessItem.SITUATION: "現状把握",
    ReadinessItem.LOCAL_PEOPLE: "地域の巻き込み",
    ReadinessItem.INTERNAL: "庁内の理解",
    ReadinessItem.SHARING: "情報共有",
    ReadinessItem.TALENT: "人材",
}
TOOL_SHORT: dict[str, str] = {
    Tool.ASSESSMENT_SHEET: "アセスメントシート",
    Tool.STUDY_PHILOSOPHY: "理念の勉強会",
    Tool.STUDY_INTERNAL: "庁内勉強会",
    Tool.INTERNAL_TALKS: "庁内協議",
    Tool.EXCHANGE: "意見交換会",
    Tool.CASE_WORKSHOP: "事例検討ワークショップ",
    Tool.FIELDWORK: "フィールドワーク研修",
}


class Theme(models.TextChoices):
    """What help is about: the six functions, the five readiness items, and the 003 hearing subjects."""

    CONSULTATION = "consultation", "包括的相談支援"
    PARTICIPATION = "participation", "参加支援"
    COMMUNITY = "community", "地域づくり"
    OUTREACH = "outreach", "アウトリーチ"
    COLLABORATION = "collaboration", "多機関協働"
    SITUATION = "situation", "現状把握"
    LOCAL_PEOPLE = "local_people", "地域関係者の巻き込み"
    INTERNAL = "internal", "庁内の共通理解"
    SHARING = "sharing", "関係機関の情報共有"
    TALENT = "talent", "人材育成"
    FINANCE = "finance", "財政部との折衝"
    SMALL_TOWN = "small_town", "小規模自治体での実施"


class ProgrammeStatus(models.TextChoices):
    """Where a municipality stands with 重層的支援体制整備事業 (as 001's table of Hokkaido counts them)."""

    IMPLEMENTING = "implementing", "実施中"
    PREPARING = "preparing", "移行準備事業"
    PLANNED = "planned", "実施予定"
    CONSIDERING = "considering", "検討中"
    UNDECIDED = "undecided", "未定"


class Stage(models.IntegerChoices):
    """How far one readiness item has come, as the prefecture and the municipality agree on it."""

    NOT_STARTED = 0, "未着手"
    STARTED = 1, "着手"
    PROGRESSING = 2, "進行中"
    ESTABLISHED = 3, "定着"


# Population bands for grouping and for "municipalities like us": the bounds between them, each the
# exclusive upper bound of the band below and the inclusive lower bound of the band above.
POPULATION_BOUNDS: tuple[int, ...] = (5_000, 10_000, 30_000, 100_000)


def population_amount(n: int) -> str:
    """5000 → 5千, 30000 → 3万, 100000 → 10万."""
    if n >= 10_000 and n % 10_000 == 0:
        return f"{n // 10_000}万"
    if n >= 1_000 and n % 1_000 == 0:
        return f"{n // 1_000}千"
    return f"{n:,}"


def population_range_label(lower: int, upper: int | None) -> str:
    """The label of the populations from ``lower`` (inclusive) to ``upper`` (exclusive), from the bounds
    themselves so that neighbouring labels never share a number: 5千人未満, 5千〜1万人未満, 10万人以上."""
    if upper is None:
        return f"{population_amount(lower)}人以上" if lower else "人口規模を問わず"
    if not lower:
        return f"{population_amount(upper)}人未満"
    return f"{population_amount(lower)}〜{population_amount(upper)}人未満"


POPULATION_BANDS: tuple[tuple[int | None, str], ...] = tuple(
    (upper, population_range_label(lower, upper))
    for lower, upper in zip((0, *POPULATION_BOUNDS), (*POPULATION_BOUNDS, None), strict=True)
)


def population_band(population: int | None) -> int | None:
    """The index of the band a population falls in (0 = smallest); None when the population is unknown."""
    if population is None:
        return None
    for index, (upper, _label) in enumerate(POPULATION_BANDS):
        if upper is None or population < upper:
            return index
    return len(POPULATION_BANDS) - 1


def population_band_label(population: int | None) -> str:
    band = population_band(population)
    return "人口不明" if band is None else POPULATION_BANDS[band][1]
