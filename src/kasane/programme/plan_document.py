"""The 重層的支援体制整備事業実施計画 (§106-5) written from what kasane holds, laid out as 004 is: 表紙, 目次,
1 事業の概要, 2 計画の位置付け, 3 目指すすがた, 4 実施内容及び実施体制 (one table per 事業 — 主な対象者 /
圏域・箇所数 / 事業内容 / 実施主体・機関名 / 担当課), 5 支援会議及び重層的支援会議, 6 連携体制, 7 事業の評価.

``content`` reads the records once (a fixed number of queries) into a ``PlanContent``; ``to_docx`` and
``to_pdf`` draw that same content as Word and PDF. The required items come from the registers: the agencies of
each 事業 with their 運営形態, 受託法人, 担当圏域 and 担当課, the 地域の居場所, the meeting bodies and their
sittings, the 成果指標. The parts staff write (``PlanPeriod``'s texts) are taken as written; one left empty
is left out — never replaced by invented text — and a required item with nothing registered says so.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal

from kasane.agencies.models import Agency, OperationForm
from kasane.lib.dates import fiscal_year_label, today, wareki
from kasane.meetings.vocabulary import MeetingKind
from kasane.programme import plan_wording as wording
from kasane.programme.models import PlanPeriod
from kasane.programme.plan_blocks import (
    Block,
    Chapter,
    GridTable,
    Heading,
    KeyRow,
    KeyTable,
    Para,
    PlanContent,
    Section,
)
from kasane.programme.plan_records import Records
from kasane.resources.models import Funding
from kasane.tenancy.models import Area

NONE_REGISTERED = "登録されている機関はありません"
IROHA = "アイウエオカキクケコ"


def _month(day: dt.date) -> str:
    return wareki(day)[: -len(f"{day.day}日")]


def _nendo(year: int) -> str:
    return fiscal_year_label(year).split("（")[0]


def _paras(text: str) -> list[Block]:
    """Staff's text as written: each line a paragraph."""
    return [Para(line.strip()) for line in text.splitlines() if line.strip()]


def content(period: PlanPeriod, *, day: dt.date | None = None) -> PlanContent:
    day = day or today()
    found = Records.load(period, day)
    chapters: list[tuple[str, list[Block], list[tuple[str, list[Block]]]]] = [
        ("重層的支援体制整備事業の概要", [], _overview(period)),
        ("計画の位置付け", [Para(wording.POSITIONING_STANDARD), *_paras(period.positioning)], []),
        (f"{period.municipality.name}の目指すすがた", [], _vision(period)),
        ("重層的支援体制整備事業の実施内容及び実施体制", [], _programmes(period, found)),
        ("支援会議及び重層的支援会議", [Para(wording.MEETINGS_INTRO), *_meetings(found)], []),
        ("連携体制の構築", _liaison(period, found), []),
        ("事業の評価", [], _evaluation(period, found)),
    ]
    kept = [(t, b, s) for t, b, s in chapters if b or s]  # 3 is left out when staff wrote none of it
    return PlanContent(
        municipality=period.municipality.name,
        title=period.title,
        period_label=(
            f"計画期間　{_nendo(period.first_year)}〜{_nendo(period.last_year)}"
            f"（{period.first_year}年度〜{period.last_year}年度）"
        ),
        made_label=f"{_month(period.made_on)}策定" if period.made_on else "",
        revised_label=f"{_month(period.revised_on)}改訂" if period.revised_on else "",
        day=day,
        chapters=tuple(
            Chapter(
                number,
                title,
                tuple(blocks),
                tuple(Section(f"({i})", t, tuple(b)) for i, (t, b) in enumerate(sections, start=1)),
            )
            for number, (title, blocks, sections) in enumerate(kept, start=1)
        ),
    )


def _overview(period: PlanPeriod) -> list[tuple[str, list[Block]]]:
    if period.background.strip():
        background = _paras(period.background)
    else:
        background = [
            *map(Para, wording.BACKGROUND_STANDARD),
            Para(wording.BACKGROUND_STANDARD_NOTE, note=True),
        ]
    framework = GridTable(("事業名（法の根拠条項）", "内容"), wording.FRAMEWORK, (4, 6))
    return [
        ("背景と目的", background),
        ("重層的支援体制整備事業の枠組み", [Para(wording.FRAMEWORK_INTRO), framework]),
    ]


def _vision(period: PlanPeriod) -> list[tuple[str, list[Block]]]:
    sections: list[tuple[str, list[Block]]] = []
    if period.vision.strip():
        sections.append(("基本理念及び基本目標", _paras(period.vision)))
    policies = [
        ("高齢者福祉", period.policy_elderly),
        ("障害者福祉", period.policy_disability),
        ("児童福祉", period.policy_children),
        ("生活困窮者の福祉", period.policy_poverty),
    ]
    written = [(name, text) for name, text in policies if text.strip()]
    if written:
        blocks: list[Block] = []
        for marker, (name, text) in zip(IROHA, written, strict=False):
            blocks += [Heading(f"{marker} {name}に関する基本方針"), *_paras(text)]
        sections.append(("各分野の基本方針", blocks))
    return sections


# ── 4 実施内容及び実施体制 ────────────────────────────────────────────────────────────


def _body(agency: Agency) -> str:
    """実施主体 as 004 writes it: 委託・補助 with the 法人, 直営 with the 課."""
    if agency.operation_form == OperationForm.DIRECT:
        return f"直営（{agency.department}）" if agency.department else "直営"
    label = agency.get_operation_form_display()
    return f"{label}（{agency.contractor}）" if agency.contractor else label


def _named(agency: Agency) -> str:
    return f"{agency.name}（{agency.area.name}）" if agency.area is not None else agency.name


def _sites(agencies: list[Agency], areas: list[Area]) -> str:
    if not agencies:
        return NONE_REGISTERED
    if areas and any(a.area is not None for a in agencies):
        return f"日常生活圏域：{len(areas)}圏域 ／ {len(agencies)}箇所"
    return f"市内全域 ／ {len(agencies)}箇所"


def _departments(agencies: Iterable[Agency]) -> str:
    names = list(dict.fromkeys(a.department for a in agencies if a.department))
    return "、".join(names) or "担当課の登録はありません"


def _operators(agencies: list[Agency]) -> list[KeyRow]:
    label = "実施主体／機関名"
    if not agencies:
        return [KeyRow(label, (NONE_REGISTERED,))]
    return [KeyRow(label, ("実施主体", "機関名称（担当圏域）"), head=True)] + [
        KeyRow(label, (_body(a), _named(a))) for a in agencies
    ]


def _field_table(
    agencies: list[Agency], areas: list[Area], targets: str, work: str, caption: str = ""
) -> KeyTable:
    rows = [
        KeyRow("主な対象者", (targets,)),
        KeyRow("圏域／箇所数", (_sites(agencies, areas),)),
        KeyRow("事業内容", (work,)),
        *_operators(agencies),
        KeyRow("担当課", (_departments(agencies) if agencies else "－",)),
    ]
    return KeyTable(tuple(rows), caption)


def _comprehensive(period: PlanPeriod, found: Records) -> list[Block]:
    blocks: list[Block] = [Para(wording.COMPREHENSIVE_INTRO), Heading("ア 対象となる事業及び実施機関")]
    for field in wording.FIELDS:
        blocks += [Heading(f"{field.marker} {field.name}"), Para(field.basis, note=True)]
        of_kind = {kind: [a for a in found.agencies if a.kind == kind] for kind in field.kinds}
        if not field.split:
            agencies = [a for kind in field.kinds for a in of_kind[kind]]
            blocks.append(_field_table(agencies, found.areas, field.targets, field.work))
            continue
        shown = [kind for kind in field.kinds if of_kind[kind]]
        for kind in shown:
            caption, targets, work = wording.CHILD_KINDS[kind]
            blocks.append(_field_table(of_kind[kind], found.areas, targets, work, caption))
        if not shown:
            blocks.append(KeyTable((KeyRow("実施主体／機関名", (NONE_REGISTERED,)),)))
    blocks += [
        Heading("イ 包括的相談支援事業の設置形態"),
        Para(f"{period.get_setup_form_display()}：{wording.SETUP_FORMS[period.setup_form]}"),  # type: ignore[index]
    ]
    return blocks


def _delivery(agencies: list[Agency], areas: list[Area], empty: str) -> KeyTable:
    """The 実施機関 table of 参加支援, アウトリーチ, 多機関協働 and the 地域づくり coordination."""
    if not agencies:
        return KeyTable((KeyRow("実施主体", (empty,)),))
    rows = [
        KeyRow("圏域／箇所数", (_sites(agencies, areas),)),
        *[KeyRow("実施主体", (_body(a), _named(a))) for a in agencies],
        KeyRow("担当課", (_departments(agencies),)),
    ]
    return KeyTable(tuple(rows))


def _places(found: Records) -> Block:
    if not found.places:
        return Para("地域の居場所として登録され、実施中のものはありません。")
    fundings = [(Funding.CARE, "介護"), (Funding.DISABILITY, "障害"), (Funding.CHILD, "子ども")]
    fundings += [(Funding.POVERTY, "困窮"), (Funding.OWN, "市町村単独"), (Funding.NONE, "補助なし")]
    lines: list[tuple[int | None, str]] = [(area.pk, area.name) for area in found.areas]
    if any(area is None for area, _ in found.places):
        lines.append((None, "圏域の登録なし"))
    rows = []
    for area_id, name in [*lines, (-1, "計")]:
        counts = [
            sum(n for (a, f), n in found.places.items() if f == code and (area_id == -1 or a == area_id))
            for code, _ in fundings
        ]
        rows.append((name, *(str(c) for c in counts), str(sum(counts))))
    return GridTable(("圏域", *(label for _, label in fundings), "計"), tuple(rows), (3, 2, 2, 2, 2, 2, 2, 2))


def _programmes(period: PlanPeriod, found: Records) -> list[tuple[str, list[Block]]]:
    areas = found.areas
    collaboration = [a for a in found.agencies if a.runs_collaboration]
    staffing: list[Block] = []
    if period.staffing.strip():
        staffing = [Heading("イ 職員の配置（参加支援・アウトリーチ・多機関協働）"), *_paras(period.staffing)]
    return [
        ("包括的相談支援事業（法第106条の4第2項第1号）", _comprehensive(period, found)),
        (
            "参加支援事業（法第106条の4第2項第2号）",
            [
                Para(wording.PARTICIPATION_INTRO),
                Heading("ア 実施機関"),
                _delivery(
                    found.doing(found.participation), areas, "参加支援を実施している機関の記録はありません"
                ),
            ],
        ),
        (
            "地域づくり事業（法第106条の4第2項第3号）",
            [
                Para(wording.COMMUNITY_INTRO),
                Heading("ア 地域の居場所・通いの場（圏域・財源別の箇所数）"),
                _places(found),
                Para(wording.COMMUNITY_FUNDING_NOTE, note=True),
                Heading("イ コーディネートの実施機関"),
                _delivery(
                    found.doing(found.coordination), areas, "コーディネートの記録がある機関はありません"
                ),
            ],
        ),
        (
            "アウトリーチ等を通じた継続的支援事業（法第106条の4第2項第4号）",
            [
                Para(wording.OUTREACH_INTRO),
                Heading("ア 実施機関"),
                _delivery(found.doing(found.outreach), areas, "アウトリーチの記録がある機関はありません"),
            ],
        ),
        (
            "多機関協働事業及び支援プランの作成（法第106条の4第2項第5号及び第6号）",
            [
                Para(wording.COLLABORATION_INTRO),
                Heading("ア 実施機関"),
                _delivery(collaboration, areas, "多機関協働事業者として登録されている機関はありません"),
                *staffing,
            ],
        ),
    ]


# ── 5 会議, 6 連携, 7 評価 ─────────────────────────────────────────────────────────────


def _held(kinds_of_sittings: list[list[str]], year: int) -> str:
    if not kinds_of_sittings:
        return f"{_nendo(year)}の開催の記録はありません"
    by_kind = [
        f"{label} {sum(1 for kinds in kinds_of_sittings if code in kinds)}回"
        for code, label in (
            (MeetingKind.SUPPORT, "支援会議"),
            (MeetingKind.LAYERED, "重層的支援会議"),
            (MeetingKind.PROMOTION, "全体推進会議"),
        )
        if any(code in kinds for kinds in kinds_of_sittings)
    ]
    return f"{_nendo(year)} 計{len(kinds_of_sittings)}回" + (
        f"（うち{'、'.join(by_kind)}）" if by_kind else ""
    )


def _meetings(found: Records) -> list[Block]:
    if not found.bodies:
        return [Para("登録されている会議体はありません。")]
    tables: list[Block] = []
    for body in found.bodies:
        members = list(dict.fromkeys(m.agency.name for m in body.current))  # type: ignore[attr-defined]
        rows = [
            KeyRow("会議の種類", ("、".join(body.kind_labels()) or "－",)),
            KeyRow("主催", (body.host_agency.name,)),
        ]
        if body.collaboration_host is not None:
            rows.append(KeyRow("重層的支援会議の主催", (body.collaboration_host.name,)))
        rows += [
            KeyRow("構成機関", ("、".join(members) or "構成員の登録はありません",)),
            KeyRow("開催回数", (_held(found.sittings.get(body.pk, []), found.last_year),)),
        ]
        if body.description.strip():
            rows.append(KeyRow("設置の根拠・構成員の考え方", (body.description.strip(),)))
        tables.append(KeyTable(tuple(rows), body.name))
    return tables


def _liaison(period: PlanPeriod, found: Records) -> list[Block]:
    by_field: dict[int, list[Agency]] = defaultdict(list)
    fields = {}
    for agency in found.agencies:
        for field in agency.support_fields.all():
            fields[field.pk] = field
            by_field[field.pk].append(agency)
    blocks: list[Block] = [Para(wording.LIAISON_INTRO)]
    if fields:
        ordered = sorted(fields.values(), key=lambda f: (f.sort_order, f.pk))
        rows = tuple(
            (f.name, str(len(by_field[f.pk])), "、".join(a.name for a in by_field[f.pk])) for f in ordered
        )
        blocks.append(GridTable(("分野", "機関数", "支援関係機関"), rows, (2, 1, 9)))
    else:
        blocks.append(Para(f"{NONE_REGISTERED}。"))
    collaboration = [a.name for a in found.agencies if a.runs_collaboration]
    if collaboration:
        blocks.append(
            Para(
                f"複雑化・複合化した事例は、多機関協働事業者（{'、'.join(collaboration)}）が支援関係機関の"
                "役割分担を調整し、重層的支援会議で支援プランを協議します。"
            )
        )
    return blocks + _paras(period.collaboration)


def _value(value: Decimal, unit: str) -> str:
    return f"{value.normalize():f}{unit}"


def _indicators(found: Records) -> Block:
    if not found.indicators:
        return Para("登録されている成果指標はありません。")
    rows = []
    for i in found.indicators:
        baseline = _value(i.baseline, i.unit) if i.baseline is not None else "－"
        if i.baseline_note:
            baseline += f"（{i.baseline_note}）"
        rows.append(
            (
                i.marker,
                i.name,
                i.get_source_display(),
                f"{baseline}\n{_nendo(i.baseline_year)}",
                f"{_value(i.target, i.unit)}\n{_nendo(i.target_year)}",
            )
        )
    return GridTable(
        ("番号", "指標の名称", "データ元", "現状値（年度）", "目標値（年度）"), tuple(rows), (2, 12, 4, 4, 4)
    )


def _evaluation(period: PlanPeriod, found: Records) -> list[tuple[str, list[Block]]]:
    sections: list[tuple[str, list[Block]]] = []
    if period.evaluation_method.strip():
        sections.append(("事業の評価方法", _paras(period.evaluation_method)))
    sections.append(("事業の実施目標及び成果指標", [_indicators(found)]))
    return sections


def to_docx(content: PlanContent, *, draft: bool = True) -> bytes:
    """The plan as .docx (``plan_docx``)."""
    from kasane.programme import plan_docx  # noqa: PLC0415 - python-docx loads when a Word file is asked for

    return plan_docx.to_docx(content, draft=draft)


def to_pdf(content: PlanContent, *, draft: bool) -> bytes:
    """The plan on A4 (``plan_pdf``)."""
    from kasane.programme import plan_pdf  # noqa: PLC0415 - reportlab loads when a PDF is asked for, not at start-up

    return plan_pdf.to_pdf(content, draft=draft)
