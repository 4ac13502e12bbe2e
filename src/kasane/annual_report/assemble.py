"""Assemble the year's report (000 §8) from the records: events with their programmes, participants and
questionnaire results; expert dispatches with their goals and outcomes; the municipalities' readiness and
how it moved. Nothing is typed into the report by hand: change a record and the report changes with it.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

from kasane.annual_report.document import (
    Bullets,
    Chart,
    Heading,
    PageBreak,
    Para,
    Report,
    Section,
    Slide,
    Table,
)
from kasane.dispatch.models import Dispatch
from kasane.events import minimums
from kasane.events.models import Event, EventKind, Registration
from kasane.lib.charts import ChartSpec
from kasane.lib.dates import fiscal_year_bounds, fiscal_year_label, wareki
from kasane.questionnaires import data as questionnaire_data
from kasane.questionnaires import results
from kasane.questionnaires.models import Phase, Questionnaire
from kasane.readiness import overview
from kasane.readiness.models import PublishedCounts, ReadinessRating
from kasane.readiness.themes import ReadinessItem, Stage
from kasane.tenancy.models import Prefecture

# Chapters in 000's order: 情報共有の場 (市町村間, 道と市町村), 人材養成研修, then other events.
EVENT_CHAPTERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("情報共有の場（市町村間）", (EventKind.FORUM,)),
    ("情報共有の場（道と市町村）", (EventKind.PREF_MEETING,)),
    ("重層的支援体制整備人材養成研修", (EventKind.TRAINING,)),
    ("意見交換会・ワークショップ", (EventKind.EXCHANGE, EventKind.WORKSHOP)),
)
MAX_CHARTS_PER_QUESTIONNAIRE = 6
MAX_EXCERPTS_PER_GROUP = 4


def build(prefecture: Prefecture, year: int, *, today: dt.date, author: str = "") -> Report:
    report = Report(
        title=f"{fiscal_year_label(year)} 重層的支援体制構築に向けた後方支援事業 実施報告書",
        subtitle="情報共有の場づくり・人材養成研修・専門家派遣の実施結果",
        prefecture=prefecture.name,
        fiscal_year=year,
        fiscal_year_label=fiscal_year_label(year),
        made_on_label=wareki(today),
        author=author,
    )
    events = list(
        Event.objects.filter(prefecture=prefecture, fiscal_year=year)
        .select_related("block")
        .prefetch_related("slots", "materials", "groups")
        .order_by("starts_on", "pk")
    )
    dispatches = list(
        Dispatch.objects.filter(prefecture=prefecture, fiscal_year=year)
        .select_related("municipality")
        .prefetch_related("hearings", "goals__actions", "goals__outcome", "workshops__worksheets", "experts")
        .order_by("requested_on", "pk")
    )
    report.sections.append(_overview(prefecture, year, events, dispatches, today))
    for title, kinds in EVENT_CHAPTERS:
        chosen = [e for e in events if e.kind in kinds]
        if chosen:
            report.sections.append(_event_chapter(title, chosen, today))
    report.sections.append(_dispatch_chapter(dispatches))
    report.sections.append(_readiness_chapter(prefecture, year))
    return report


# --- 事業の概要 ---------------------------------------------------------------------------------------------


def _overview(
    prefecture: Prefecture, year: int, events: list[Event], dispatches: list[Dispatch], today: dt.date
) -> Section:
    section = Section("事業の概要")
    live = [d for d in dispatches if d.status != "withdrawn"]
    checks = minimums.check_minimums(prefecture, year, len(live), today=today)
    attended = Registration.objects.filter(event__in=events, attended=True)
    people = attended.count()
    reached = attended.exclude(municipality=None).values("municipality").distinct().count()
    held = [e for e in events if e.starts_on <= today]
    section.blocks += [
        Heading("事業の目的", 2),
        Para(
            "対象者の属性を問わない相談支援、参加支援及び地域づくりに向けた支援を一体的に実施する重層的支援体制"
            "整備事業について、実施主体である市町村の体制整備が円滑に行われるよう、後方支援を実施した。"
        ),
        Heading("実施の概要", 2),
        Table(
            ("項目", "実績"),
            (
                ("開催した情報共有の場・研修等", f"{len(held)}回（予定を含め{len(events)}回）"),
                ("出席者数（延べ）", f"{people}人"),
                ("出席者のあった市町村", f"{reached}市町村"),
                ("専門家派遣", f"{len(live)}市町村"),
            ),
            (2, 3),
        ),
        Heading("実施要綱に定める回数等の確認", 2),
        Table(
            ("項目", "要綱", "実績", "判定"),
            tuple((m.label, m.requirement, m.achieved, m.status_label) for m in checks),
            (3, 2, 4, 2),
        ),
    ]
    missing = [f"{m.label}：{'、'.join(m.missing)}" for m in checks if m.missing]
    if missing:
        section.blocks.append(Bullets(tuple(missing)))
    section.slides.append(
        Slide(
            "事業の概要",
            [
                f"情報共有の場・研修等 {len(held)}回、出席者 延べ{people}人（{reached}市町村）",
                f"専門家派遣 {len(live)}市町村",
                *[f"{m.label}：{m.status_label}（{m.achieved}）" for m in checks],
            ],
        )
    )
    section.sources += [("events.Event", e.pk) for e in events]
    section.sources += [("dispatch.Dispatch", d.pk) for d in dispatches]
    return section


# --- events -------------------------------------------------------------------------------------------------


def _date_line(event: Event) -> str:
    days = wareki(event.starts_on)
    if event.ends_on and event.ends_on != event.starts_on:
        days += f"〜{wareki(event.ends_on)}"
    if event.start_time:
        days += f" {event.start_time:%H:%M}"
        if event.end_time:
            days += f"〜{event.end_time:%H:%M}"
    return days


def _event_chapter(title: str, events: list[Event], today: dt.date) -> Section:
    section = Section(title)
    registrations = list(
        Registration.objects.filter(event__in=events).select_related("municipality").order_by("pk")
    )
    by_event: dict[int, list[Registration]] = {}
    for registration in registrations:
        by_event.setdefault(registration.event_id, []).append(registration)
    questionnaires = list(
        Questionnaire.objects.filter(event__in=events).select_related("pair").order_by("pk")
    )
    for number, event in enumerate(events, start=1):
        if number > 1:
            section.blocks.append(PageBreak())
        _event_blocks(
            section,
            number,
            event,
            by_event.get(event.pk, []),
            [q for q in questionnaires if q.event_id == event.pk],
            today,
        )
    return section


def _event_blocks(
    section: Section,
    number: int,
    event: Event,
    registrations: list[Registration],
    questionnaires: list[Questionnaire],
    today: dt.date,
) -> None:
    attended = [r for r in registrations if r.attended]
    counted = attended if event.starts_on <= today else registrations
    municipalities = {r.municipality_id for r in counted if r.municipality_id}
    categories = Counter(r.get_category_display() for r in counted)
    place = event.place if event.format != "online" else ""
    state = "" if event.starts_on <= today else "（開催予定）"
    section.blocks += [
        Heading(f"{number}. {event.title}{state}", 2),
        Table(
            ("項目", "内容"),
            tuple(
                row
                for row in (
                    ("日時", _date_line(event)),
                    ("開催形式", f"{event.get_format_display()}　{place}".strip()),
                    ("ブロック", event.block.name if event.block else ""),
                    ("参加対象", event.target),
                    ("目的", event.purpose),
                    (
                        "参加者数" if event.starts_on <= today else "申込者数",
                        f"{len(counted)}人（{len(municipalities)}市町村）"
                        + (f"　申込 {len(registrations)}人" if event.starts_on <= today else ""),
                    ),
                    ("参加者の内訳", "、".join(f"{k} {v}人" for k, v in categories.most_common())),
                    (
                        "グループ",
                        f"{len(event.groups.all())}グループ（各グループにファシリテーターを配置）"
                        if event.groups.all()
                        else "",
                    ),
                )
                if row[1]
            ),
            (1, 4),
        ),
    ]
    slots = list(event.slots.all())
    if slots:
        section.blocks.append(Heading("プログラム", 3))
        section.blocks.append(
            Table(
                ("時間", "内容", "講師等"),
                tuple(
                    (
                        f"{s.starts_at:%H:%M}～" + (f"{s.ends_at:%H:%M}" if s.ends_at else ""),
                        s.title + (f"\n{s.content}" if s.content else ""),
                        s.speakers,
                    )
                    for s in slots
                ),
                (1, 4, 2),
            )
        )
    materials = list(event.materials.all())
    if materials:
        section.blocks.append(
            Para("提出物：" + "、".join(f"{m.title}（{m.get_kind_display()}）" for m in materials), note=True)
        )
    section.sources.append(("events.Event", event.pk))
    section.sources += [("events.Registration", r.pk) for r in counted]
    points = [
        _date_line(event),
        f"{event.get_format_display()}　{place}".strip(),
        f"{'参加' if event.starts_on <= today else '申込'} {len(counted)}人（{len(municipalities)}市町村）",
    ]
    slide = Slide(event.title, points)
    for questionnaire in questionnaires:
        chart = _questionnaire_blocks(section, questionnaire)
        if chart is not None and slide.chart is None:
            slide.chart = chart
    section.slides.append(slide)


def _questionnaire_blocks(section: Section, questionnaire: Questionnaire) -> Chart | None:
    """Counts, charts and excerpts of one questionnaire; returns the chart to show on the slide."""
    loaded = questionnaire_data.load(questionnaire)
    section.sources.append(("questionnaires.Questionnaire", questionnaire.pk))
    if questionnaire.phase == Phase.PRE and hasattr(questionnaire, "paired_post"):
        return None  # reported with its 研修後 questionnaire
    section.blocks.append(Heading(f"アンケート結果：{questionnaire.title}", 3))
    section.blocks.append(Para(f"回答数 {loaded.respondents}件"))
    first_chart: Chart | None = None
    compared = questionnaire_data.comparison(questionnaire) if questionnaire.phase == Phase.POST else None
    shown: set[int] = set()
    if compared is not None:
        before, _after, comparison = compared
        section.sources.append(("questionnaires.Questionnaire", before.questionnaire.pk))
        section.blocks.append(
            Para(f"研修前（回答 {before.respondents}件）と研修後（回答 {loaded.respondents}件）の比較")
        )
        for row in comparison.rows:
            chart = Chart(
                results.comparison_chart(row),
                f"{row.text}：{row.after.positive_label}の割合 {row.before.positive_share}% → "
                f"{row.after.positive_share}%（{_signed(row.shift_points)}ポイント）",
            )
            section.blocks.append(chart)
            shown.add(row.after.question.id)
            first_chart = first_chart or chart
    charts = 0
    for result in loaded.summary:
        if result.question.id in shown or charts >= MAX_CHARTS_PER_QUESTIONNAIRE:
            continue
        spec = results.chart_for(result)
        if spec is None:
            continue
        chart = Chart(spec, f"{result.question.text}（n={result.answered}）")
        section.blocks.append(chart)
        first_chart = first_chart or chart
        charts += 1
    for question, groups in questionnaire_data.excerpts(questionnaire):
        section.blocks.append(Heading(f"{question.text}（原文ママ、抜粋）", 3))
        section.blocks.append(
            Table(
                ("区分", "回答"),
                tuple(
                    (group.label, "\n".join(f"・{a.text}" for a in group.answers[:MAX_EXCERPTS_PER_GROUP]))
                    for group in groups
                ),
                (1, 5),
            )
        )
    return first_chart


def _signed(value: object) -> str:
    text = str(value)
    return text if text.startswith("-") else f"+{text}"


# --- 専門家派遣 -----------------------------------------------------------------------------------------------


def _dispatch_chapter(dispatches: list[Dispatch]) -> Section:
    section = Section("専門家派遣")
    live = [d for d in dispatches if d.status != "withdrawn"]
    section.blocks.append(
        Para(
            "支援を希望する市町村に対し、これまでの取組や課題を把握するヒアリングを行ったうえで、市町村職員や"
            "社会福祉協議会等の関係機関を対象としたワークショップを現地で開催し、体制構築に向けた助言を行った。"
        )
    )
    if not live:
        section.blocks.append(Para("この年度の専門家派遣はありません。"))
        return section
    rows = []
    for d in live:
        hearing = min((h.held_on for h in d.hearings.all()), default=None)
        workshops = list(d.workshops.all())
        rows.append(
            (
                d.municipality.name,
                f"{d.municipality.population:,}人" if d.municipality.population else "—",
                wareki(hearing) if hearing else "—",
                "、".join(wareki(w.held_on) for w in workshops) or "—",
                f"{sum(w.participant_total for w in workshops)}人" if workshops else "—",
                d.get_status_display(),
            )
        )
    section.blocks.append(
        Table(
            ("市町村", "人口", "ヒアリング", "ワークショップ", "参加者", "状況"),
            tuple(rows),
            (2, 2, 2, 3, 1, 2),
        )
    )
    section.slides.append(
        Slide(
            "専門家派遣",
            [f"{len(live)}市町村に派遣"],
            table=Table(
                ("市町村", "ワークショップ", "参加者", "状況"), tuple((r[0], r[3], r[4], r[5]) for r in rows)
            ),
        )
    )
    for d in live:
        section.blocks.append(PageBreak())
        section.blocks.append(Heading(f"{d.municipality.name}", 2))
        section.sources.append(("dispatch.Dispatch", d.pk))
        section.blocks.append(Para(f"依頼の内容：{d.request_text}"))
        experts = "、".join(f"{e.name}（{e.affiliation}）" for e in d.experts.all())
        if experts:
            section.blocks.append(Para(f"派遣した専門家：{experts}", note=True))
        for heard in d.hearings.all():
            section.blocks.append(
                Heading(f"事前ヒアリング（{wareki(heard.held_on)}、{heard.get_method_display()}）", 3)
            )
            # 003 図表 2-4's three headings, with the items that were filled in (as 図表 2-5 reports them)
            rows_h = [
                (f"{heading[:1]} {label}", text)
                for heading, items in heard.sections()
                for label, text in items
                if text
            ]
            if rows_h:
                section.blocks.append(Table(("観点", "内容"), tuple(rows_h), (2, 5)))
        goals = list(d.goals.all())
        if goals:
            section.blocks.append(Heading("今年度末の目標と成果", 3))
            goal_rows = []
            for goal in goals:
                outcome = getattr(goal, "outcome", None)
                actions = "\n".join(
                    f"・{a.what}（{a.who}）{'済' if a.done_on else ''}" for a in goal.actions.all()
                )
                goal_rows.append(
                    (
                        f"{goal.text}\n（{goal.get_readiness_item_display()}）",
                        actions,
                        f"{outcome.get_achievement_display()}：{outcome.changes}\n根拠：{outcome.evidence}"
                        if outcome
                        else "整理中",
                    )
                )
            section.blocks.append(Table(("目標", "取り組み", "成果"), tuple(goal_rows), (3, 3, 4)))
        for workshop in d.workshops.all():
            section.blocks.append(
                Heading(
                    f"ワークショップ「{workshop.title}」（{wareki(workshop.held_on)}、{workshop.place}）", 3
                )
            )
            counts = "、".join(f"{label} {n}人" for label, n in workshop.participant_rows() if n)
            section.blocks.append(Para(f"参加者 {workshop.participant_total}人（{counts}）"))
            missing_agencies = [w.missing_agencies for w in workshop.worksheets.all() if w.missing_agencies]
            missing_resources = [
                w.missing_resources for w in workshop.worksheets.all() if w.missing_resources
            ]
            if missing_agencies or missing_resources:
                section.blocks.append(
                    Table(
                        ("事前課題シートから", "内容"),
                        tuple(
                            row
                            for row in (
                                ("足りなかった機関", "\n".join(f"・{t}" for t in missing_agencies)),
                                ("足りなかった社会資源", "\n".join(f"・{t}" for t in missing_resources)),
                            )
                            if row[1]
                        ),
                        (2, 5),
                    )
                )
    return section


# --- 市町村の体制整備状況 ---------------------------------------------------------------------------------------


def _readiness_chapter(prefecture: Prefecture, year: int) -> Section:
    section = Section("市町村の体制整備状況")
    found = overview.rows(prefecture)
    columns, matrix = overview.status_matrix(found)
    section.blocks.append(Heading("重層的支援体制整備事業の実施状況（ブロック別）", 2))
    section.blocks.append(
        Table(
            ("ブロック", *columns, "計"),
            tuple((name, *[str(n) for n in counts], str(total)) for name, counts, total in matrix),
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
            )
        )
        section.sources += [("readiness.PublishedCounts", p.pk) for p in latest.values()]
    section.slides.append(
        Slide(
            "市町村の体制整備状況",
            [
                f"{name}：" + "、".join(f"{c} {n}" for c, n in zip(columns, counts, strict=True) if n)
                for name, counts, _t in matrix
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
