"""専門家派遣: the year's dispatches, each with its hearings, goals and outcomes, and workshops."""

from __future__ import annotations

import datetime as dt

from kasane.annual_report.document import Heading, PageBreak, Para, Section, Slide, Table
from kasane.annual_report.held import HELD, PLANNED, workshop_state
from kasane.dispatch.models import Dispatch, Workshop
from kasane.lib.dates import wareki


def _summary(live: list[Dispatch], today: dt.date) -> str:
    """What was done, in one paragraph counted from the records."""
    heard = sum(1 for d in live if any(h.held_on <= today for h in d.hearings.all()))
    workshops = [w for d in live for w in d.workshops.all()]
    held = [w for w in workshops if workshop_state(w, today) == HELD]
    planned = [w for w in workshops if workshop_state(w, today) == PLANNED]
    places = len({w.dispatch_id for w in held})
    text = f"{len(live)}市町村から専門家派遣の依頼を受けた。"
    done = []
    if heard:
        done.append(f"{heard}市町村で事前ヒアリングを")
    if held:
        done.append(
            f"{places}市町村で現地ワークショップ（計{len(held)}回、参加者 延べ{sum(w.participant_total for w in held)}人）を"
        )
    if done:
        text += "このうち" + "、".join(done) + "行った。"
    if planned:
        text += f"このほか、現地ワークショップ{len(planned)}回を予定している。"
    return text


def _workshop_day(workshop: Workshop, today: dt.date) -> str:
    return wareki(workshop.held_on) + ("（予定）" if workshop_state(workshop, today) == PLANNED else "")


def build(dispatches: list[Dispatch], today: dt.date) -> Section:
    section = Section("専門家派遣")
    live = [d for d in dispatches if d.status != "withdrawn"]
    if not live:
        section.blocks.append(Para("この年度の専門家派遣はありません。"))
        return section
    section.blocks.append(Para(_summary(live, today)))
    rows = []
    for d in live:
        hearing = min((h.held_on for h in d.hearings.all()), default=None)
        workshops = list(d.workshops.all())
        held = [w for w in workshops if workshop_state(w, today) == HELD]
        rows.append(
            (
                d.municipality.name,
                f"{d.municipality.population:,}人" if d.municipality.population else "—",
                (wareki(hearing) + ("（予定）" if hearing > today else "")) if hearing else "—",
                "、".join(_workshop_day(w, today) for w in workshops) or "—",
                f"{sum(w.participant_total for w in held)}人" if held else "—",
                d.get_status_display(),
            )
        )
    summary = Table(
        ("市町村", "人口", "ヒアリング", "ワークショップ", "参加者", "状況"),
        tuple(rows),
        (2, 2, 2, 3, 1, 2),
        caption="専門家派遣の実施状況",
    )
    section.blocks.append(summary)
    section.slides.append(
        Slide(
            "専門家派遣",
            [f"{len(live)}市町村から依頼"],
            table=Table(
                ("市町村", "ワークショップ", "参加者", "状況"),
                tuple((r[0], r[3], r[4], r[5]) for r in rows),
                caption="専門家派遣の実施状況（抜粋）",
                excerpt_of=summary,
            ),
        )
    )
    for d in live:
        section.blocks.append(PageBreak())
        section.blocks.append(Heading(f"{d.municipality.name}", 2))
        section.sources.append(("dispatch.Dispatch", d.pk))
        section.blocks.append(Para(f"依頼の内容：{d.request_text}"))
        experts = "、".join(f"{e.name}（{e.affiliation}）" for e in d.experts.all())
        section.blocks.append(Para(f"派遣する専門家：{experts or '未定（記録がありません）'}", note=True))
        for heard in d.hearings.all():
            planned = "予定、" if heard.held_on > today else ""
            section.blocks.append(
                Heading(
                    f"事前ヒアリング（{planned}{wareki(heard.held_on)}、{heard.get_method_display()}）", 3
                )
            )
            # 003 図表 2-4's three headings, with the items that were filled in (as 図表 2-5 reports them)
            rows_h = [
                (f"{heading[:1]} {label}", text)
                for heading, items in heard.sections()
                for label, text in items
                if text
            ]
            if rows_h:
                section.blocks.append(
                    Table(
                        ("観点", "内容"),
                        tuple(rows_h),
                        (2, 5),
                        caption=f"{d.municipality.name}の事前ヒアリング",
                    )
                )
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
                        else "成果は未記録",
                    )
                )
            section.blocks.append(
                Table(
                    ("目標", "取り組み", "成果"),
                    tuple(goal_rows),
                    (3, 3, 4),
                    caption=f"{d.municipality.name}の目標と成果",
                )
            )
        for workshop in d.workshops.all():
            _workshop_blocks(section, workshop, today)
    return section


def _workshop_blocks(section: Section, workshop: Workshop, today: dt.date) -> None:
    state = workshop_state(workshop, today)
    planned = "開催予定、" if state == PLANNED else ""
    section.blocks.append(
        Heading(
            f"ワークショップ「{workshop.title}」（{planned}{wareki(workshop.held_on)}、{workshop.place}）", 3
        )
    )
    if state == HELD:
        counts = "、".join(f"{label} {n}人" for label, n in workshop.participant_rows() if n)
        section.blocks.append(Para(f"参加者 {workshop.participant_total}人（{counts}）"))
    elif state != PLANNED:
        section.blocks.append(Para("参加者の記録がありません。"))
    missing_agencies = [w.missing_agencies for w in workshop.worksheets.all() if w.missing_agencies]
    missing_resources = [w.missing_resources for w in workshop.worksheets.all() if w.missing_resources]
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
                caption=f"ワークショップ「{workshop.title}」の事前課題シートから",
            )
        )
