"""プラン兼事業等利用申込書: one version of the plan, its roles, the meeting's decisions on it, and the
person's agreement.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from django.db.models import Prefetch
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer, Table, TableStyle

from kasane.casework.models import Consent, Plan, PlanKind, PlanRole, Programme
from kasane.casework.sheets.layout import (
    _CASE_RELATED,
    CELL,
    LABEL_WIDTH,
    NOTE,
    WIDTH,
    _boxed,
    _build,
    _case_fields,
    _checks,
    _date_lines,
    _fields,
    _header,
    _identity,
    _list,
    _p,
    _reported,
    _section,
    _signature,
)
from kasane.lib import pdf
from kasane.lib.dates import localtime, wareki
from kasane.lib.dates import today as today_in_tokyo


@pdf.document
def plan_sheet(plan: Plan, *, today: dt.date | None = None) -> bytes:
    p = (
        Plan.objects.select_related(*_CASE_RELATED, "previous", "case__consent")
        .prefetch_related(
            Prefetch("roles", queryset=PlanRole.objects.select_related("agency")),
            "decisions",
            "case__consent__shared_agencies",
        )
        .get(pk=plan.pk)
    )
    case = p.case
    title = "プラン兼事業等利用申込書"
    made_on = today or today_in_tokyo()
    ref = f"ケース番号 {case.number}"
    created = localtime(p.created_at).date()
    version = f"第{p.version}版" + (f"（前版：第{p.previous.version}版）" if p.previous else "")
    roles = [
        [r.agency.name, r.who, r.actions, r.frequency, _date_lines(r.until) + ("まで" if r.until else "")]
        for r in p.roles.all()
    ]
    decisions = [
        [
            _date_lines(d.decided_on),
            d.meeting_name,
            d.get_kind_display(),
            d.get_outcome_display(),
            d.notes,
        ]
        for d in sorted(p.decisions.all(), key=lambda d: (d.decided_on, d.pk))
    ]
    agreed = f"■同意する（{wareki(p.person_agreed_on)}）" if p.person_agreed else "□同意する"
    story: list[Flowable] = [
        *_header(title, case.municipality.name, made_on, ref),
        _case_fields(
            case,
            [("プランの種類", _checks(PlanKind.choices, [p.kind]))],
            [
                ("版・状態", f"{version}　{p.get_status_display()}"),
                ("作成日・作成者", f"{wareki(created)}　{p.author_name}"),
            ],
            person=False,
        ),
        *_section("本人", _identity(case.person, case.household, on=created)),
        *_section(
            "解決すべき課題と支援方針",
            _fields(
                [[("解決すべき課題\n（ニーズ）", p.needs)], [("総合的な\n支援方針", p.policy)]],
                min_heights={0: 14 * mm, 1: 14 * mm},
            ),
        ),
        *_section(
            "支援の目標（本人の言葉で）",
            _fields(
                [[("長期目標", p.long_term_goal)], [("短期目標", p.short_term_goals)]],
                min_heights={0: 10 * mm, 1: 14 * mm},
            ),
        ),
        *_section(
            "本人の取り組むことと役割分担",
            _fields([[("本人の\n取り組むこと", p.person_tasks)]], min_heights={0: 10 * mm}),
            Spacer(1, 1.5 * mm),
            _list(
                ["機関", "担当者", "役割・支援内容", "頻度", "期間"],
                roles,
                [38 * mm, 24 * mm, 72 * mm, 22 * mm, 24 * mm],
                "役割分担が未記入です",
            ),
        ),
        *_section(
            "利用する事業とプラン期間",
            _fields(
                [
                    [
                        (
                            _reported("plan", "programmes", "利用する事業"),
                            check_columns(Programme.choices, p.programmes),
                        )
                    ],
                    [
                        (
                            _reported("plan", "employment_support", "就労支援"),
                            _checks(
                                [("yes", "就労支援の対象とする")], ["yes"] if p.employment_support else []
                            ),
                        )
                    ],
                    [
                        ("プラン期間", plan_period(p.starts_on, p.ends_on)),
                        ("次回見直し日", wareki(p.next_review_on)),
                    ],
                ]
            ),
        ),
        *_section(
            "重層的支援会議での協議",
            _list(
                [_reported("plan", "decided_on", "会議日"), "会議名", "議題", "結果", "協議内容・理由"],
                decisions,
                [22 * mm, 34 * mm, 26 * mm, 22 * mm, 76 * mm],
                "まだ重層的支援会議に諮っていません",
            ),
        ),
        *_section("情報共有への同意", _consent(case.consent), keep=True),
        *_section(
            "申込み・同意",
            _boxed(
                _p(
                    f"{case.municipality.name}長　様\n"
                    "私は、このプランの内容について説明を受け、内容に同意します。"
                    "あわせて、プランに記載された事業等の利用を申し込みます。"
                )
            ),
            Spacer(1, 1.5 * mm),
            _signature([("本人の同意", agreed), ("本人の意見", p.person_comment)]),
            keep=True,
        ),
        _p("※は国への報告対象項目", NOTE),
    ]
    return _build(story, title=title, municipality=case.municipality.name, ref=ref, made_on=made_on)


def plan_period(starts_on: dt.date | None, ends_on: dt.date | None) -> str:
    return f"{wareki(starts_on)}〜{wareki(ends_on)}" if starts_on or ends_on else ""


def _consent(consent: Consent) -> Table:
    """情報共有への同意: the consent the case stands on, as obtained, with its withdrawal if any."""
    rows = [
        [("同意日", wareki(consent.obtained_on)), ("同意の方法", consent.get_method_display())],
        [("同意の内容", "\n".join(f"■{label}" for label in consent.scope_labels()))],
        [("共有の目的", consent.purpose)],
    ]
    if consent.withdrawn_on is not None:
        rows.append([("撤回", f"{wareki(consent.withdrawn_on)}撤回")])
    return _fields(rows)


# What a value cell that runs across the row holds, inside its padding.
FULL_VALUE = WIDTH - LABEL_WIDTH - 6


def check_columns(
    choices: Iterable[tuple[str, str]], chosen: Iterable[str], *, columns: int = 2, width: float = FULL_VALUE
) -> Table:
    """A check list laid out in columns (□ / ■ and the label), to sit in a value cell: a list printed in
    full, so what was not chosen reads as not chosen."""
    picked = set(chosen)
    cells = [_p(f"{'■' if value in picked else '□'}{label}", CELL) for value, label in choices]
    rows: list[Sequence[Flowable | str]] = [
        [*cells[i : i + columns], *[""] * (columns - len(cells[i : i + columns]))]
        for i in range(0, len(cells), columns)
    ]
    table = Table(rows, colWidths=[width / columns] * columns, hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 2),
                ("TOPPADDING", (0, 0), (-1, -1), 0.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0.5),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return table
