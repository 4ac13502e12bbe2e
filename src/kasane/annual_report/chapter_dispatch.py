"""専門家派遣: the year's dispatches, each with its hearings, goals and outcomes, and workshops."""

from __future__ import annotations

from kasane.annual_report.document import Heading, PageBreak, Para, Section, Slide, Table
from kasane.dispatch.models import Dispatch
from kasane.lib.dates import wareki


def build(dispatches: list[Dispatch]) -> Section:
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
