"""市町村の体制整備状況: where the municipalities stand, how their readiness moved during the year, and the
counts they published."""

from __future__ import annotations

from kasane.annual_report.document import Chart, Heading, Para, Section, Slide, Table
from kasane.lib.charts import ChartSpec
from kasane.lib.dates import fiscal_year_bounds, fiscal_year_label
from kasane.readiness import overview
from kasane.readiness.models import PublishedCounts, ReadinessRating
from kasane.readiness.themes import ReadinessItem, Stage
from kasane.tenancy.models import Prefecture


def build(prefecture: Prefecture, year: int) -> Section:
    section = Section("市町村の体制整備状況")
    found = overview.rows(prefecture)
    columns, matrix = overview.status_matrix(found)
    section.blocks.append(Heading("重層的支援体制整備事業の実施状況（ブロック別）", 2))
    section.blocks.append(
        Table(
            ("ブロック", *columns, "計"),
            tuple((name, *[str(n) for n in counts], str(total)) for name, counts, total in matrix),
            caption="重層的支援体制整備事業の実施状況（ブロック別、市町村数）",
        )
    )
    section.blocks.append(Heading("体制整備の5項目", 2))
    spread = distribution(prefecture, year)
    chart = None
    if any(sum(counts) for _label, counts in spread):
        stages = tuple(stage.label for stage in Stage)
        # Furthest stage first, so the scale's blue end means "established", as 「よく理解できた」 does.
        spec = ChartSpec(
            title=f"{fiscal_year_label(year)}末時点の体制整備の段階（評価のある市町村）",
            categories=tuple(label for label, _counts in spread),
            series=tuple(reversed(stages)),
            values=tuple(tuple(reversed(counts)) for _label, counts in spread),
            percentages=tuple(tuple(reversed(_shares(counts))) for _label, counts in spread),
            kind="stacked",
        )
        chart = Chart(spec, spec.title)
        section.blocks.append(chart)
        section.blocks.append(
            Table(
                ("項目", *stages),
                tuple((label, *[f"{n}市町村" for n in counts]) for label, counts in spread),
                (3, 1, 1, 1, 1),
                caption="体制整備の5項目の段階別の市町村数",
            )
        )
    else:
        section.blocks.append(Para("この年度までの評価はありません。"))
    moves = movement(prefecture, year)
    if any(sum(counts) for _label, counts in moves):
        section.blocks.append(Heading("年度中の変化", 3))
        section.blocks.append(
            Table(
                ("項目", "進んだ", "変わらない", "後退した"),
                tuple((label, *[f"{n}市町村" for n in counts]) for label, counts in moves),
                (3, 1, 1, 1),
                caption="体制整備の5項目の年度中の変化（市町村数）",
            )
        )
        section.blocks.append(
            Para("年度が始まる前の最新の評価と、年度内の最新の評価を比べています。", note=True)
        )
    published = list(
        PublishedCounts.objects.filter(municipality__prefecture=prefecture, fiscal_year=year)
        .select_related("municipality")
        .order_by("municipality__code", "-published_at")
    )
    latest: dict[int, PublishedCounts] = {}
    for row in published:
        latest.setdefault(row.municipality_id, row)
    if latest:
        section.blocks.append(Heading("市町村から公表された件数", 2))
        section.blocks.append(
            Table(
                ("市町村", "相談受付", "つなぎ", "多機関協働", "プラン決定", "支援会議", "重層的支援会議"),
                tuple(
                    (
                        p.municipality.name,
                        *(
                            str(v)
                            for v in (
                                p.consultations,
                                p.referrals,
                                p.cases,
                                p.plans_decided,
                                p.support_meetings,
                                p.case_conferences,
                            )
                        ),
                    )
                    for p in latest.values()
                ),
                caption="市町村から公表された件数",
            )
        )
        section.sources += [("readiness.PublishedCounts", p.pk) for p in latest.values()]
    section.slides.append(
        Slide(
            "市町村の体制整備状況",
            [
                f"{name}：" + "、".join(f"{c} {n}" for c, n in zip(columns, counts, strict=True) if n)
                for name, counts, _t in matrix
                if any(counts)
            ],
            chart=chart,
        )
    )
    return section


def _shares(counts: tuple[int, ...]) -> tuple[float, ...]:
    total = sum(counts)
    return tuple(round(100 * n / total, 1) if total else 0.0 for n in counts)


def distribution(prefecture: Prefecture, year: int) -> list[tuple[str, tuple[int, ...]]]:
    """Per readiness item: how many municipalities stand at each stage at the end of the 年度 (their latest
    rating up to then)."""
    _start, end = fiscal_year_bounds(year)
    latest: dict[tuple[int, str], int] = {}
    for rating in ReadinessRating.objects.filter(
        municipality__prefecture=prefecture, rated_on__lte=end
    ).order_by("rated_on", "pk"):
        latest[(rating.municipality_id, rating.item)] = rating.stage
    out = []
    for item in ReadinessItem:
        counts = [0] * len(Stage)
        for (_municipality, key_item), stage in latest.items():
            if key_item == item.value:
                counts[stage] += 1
        out.append((item.label, tuple(counts)))
    return out


def movement(prefecture: Prefecture, year: int) -> list[tuple[str, tuple[int, int, int]]]:
    """Per readiness item: how many municipalities moved up, stayed, moved down during the 年度 — the latest
    rating before the year began against the latest rating within it (municipalities rated in both)."""
    start, end = fiscal_year_bounds(year)
    before: dict[tuple[int, str], int] = {}
    during: dict[tuple[int, str], int] = {}
    for rating in ReadinessRating.objects.filter(
        municipality__prefecture=prefecture, rated_on__lte=end
    ).order_by("rated_on", "pk"):
        key = (rating.municipality_id, rating.item)
        (during if rating.rated_on >= start else before)[key] = rating.stage
    out = []
    for item in ReadinessItem:
        up = same = down = 0
        for (municipality_id, key_item), stage in during.items():
            if key_item != item.value or (municipality_id, key_item) not in before:
                continue
            old = before[(municipality_id, key_item)]
            up += stage > old
            same += stage == old
            down += stage < old
        out.append((item.label, (up, same, down)))

    return out
