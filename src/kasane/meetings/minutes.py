"""議事録 as an A4 PDF: one meeting, only the items the reader may see, each in the structured form.

A 支援会議 item carries the §106-6 label and its distribution list (the pledged members invited to it) on the
page itself, so a printed copy says where it may go.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping, Sequence

from reportlab.platypus import Flowable, Spacer

from kasane.casework.sheets import WIDTH, Label, _boxed, _build, _fields, _grid, _header, _list, _p, _section
from kasane.lib import pdf
from kasane.lib.dates import today as _today
from kasane.lib.dates import wareki
from kasane.meetings.models import ActionItem, AgendaItem, Meeting

SW106_6_LABEL = (
    "社会福祉法第106条の6に基づく支援会議で共有された情報です。構成員には同条第5項の守秘義務があります。"
    "下記の配布先以外への提供・複写・持ち出しはできません。"
)


def _time(meeting: Meeting) -> str:
    start = f"{meeting.starts_at:%H:%M}" if meeting.starts_at else ""
    end = f"{meeting.ends_at:%H:%M}" if meeting.ends_at else ""
    return f"{start}〜{end}" if start or end else ""


def _named(name: str, agency: str) -> str:
    return f"{agency}・{name}" if agency else name  # as on the pages: agency names hold spaces themselves


def _item_block(
    item: AgendaItem,
    actions: Sequence[ActionItem],
    audience: Collection[int] | None,
    agencies: Mapping[int, str],
) -> list[Flowable]:
    body: list[Flowable] = []
    if item.is_support:
        invited = "、".join(
            _named(u.full_name, agencies.get(u.pk, ""))
            for u in item.invited.all()
            if audience is None or u.pk in audience
        )
        body += [
            _boxed(_p("【社会福祉法第106条の6　支援会議】" + SW106_6_LABEL), _p(f"配布先：{invited}")),
            Spacer(1, 2),
        ]
        body.append(
            _fields(
                [
                    [("対象者", item.subject_name), ("ふりがな", item.subject_kana)],
                    [("年齢", item.subject_age), ("地区", item.subject_area)],
                ]
            )
        )
    elif item.case is not None:
        body.append(_fields([[("ケース", f"{item.case.title}（ケース No.{item.case_id}）")]]))
    rows: list[list[tuple[str, str]]] = [
        [("状況", item.situation)],
        [("協議の内容", item.discussion)],
        [("決まったこと", item.decisions)],
    ]
    result = item.outcome_label()
    if result:
        rows.append([("結果", result)])
    if item.rediscuss_on or item.contact_by:
        rows.append([("再協議の予定日", wareki(item.rediscuss_on)), ("本人に接触する担当", item.contact_by)])
    body.append(_fields(rows, min_heights={0: 40, 1: 40}))
    body.append(Spacer(1, 2))
    body.append(
        _list(
            ["担当者", "すること", "期限", "完了"],
            [[a.assignee.full_name, a.task, wareki(a.due_on), wareki(a.done_on)] for a in actions],
            [WIDTH * 0.2, WIDTH * 0.5, WIDTH * 0.15, WIDTH * 0.15],
            "宿題はありません。",
        )
    )
    return _section(f"議題{item.order}：{item.title}（{item.get_kind_display()}）", *body)


def _people(meeting: Meeting) -> list[list[Label | str]]:
    """出席者 only from the attendance the host recorded; before that, those called, and said to be so."""
    called = list(meeting.attendance.all())
    if meeting.attendance_recorded:
        came = "、".join(_named(a.name, a.agency.name) for a in called if a.present)
        return [[Label("出席者"), came or "（なし）", "", ""]]
    return [
        [Label("招集者"), "、".join(_named(a.name, a.agency.name) for a in called) or "（なし）", "", ""],
        [Label("出席者"), "（出席はまだ記録されていません）", "", ""],
    ]


@pdf.document
def minutes_pdf(
    meeting: Meeting,
    items: Sequence[AgendaItem],
    *,
    today: dt.date | None = None,
    audience: Collection[int] | None = None,
    agencies: Mapping[int, str] | None = None,
) -> bytes:
    """``audience``: the users a 支援会議 item may still be given to (members with a current pledge); an
    invitee outside it is left off the distribution list. ``agencies``: each invitee's agency, by user id
    (``access.agency_names``), so nobody is named without it."""
    made_on = today or _today()
    people = _people(meeting)
    story: list[Flowable] = _header("会議録", meeting.municipality.name, made_on, f"会議 No.{meeting.pk}")
    story.append(
        _grid(
            [
                [
                    Label("会議名"),
                    meeting.title,
                    Label("開催日"),
                    f"{wareki(meeting.held_on)} {_time(meeting)}",
                ],
                [
                    Label("会議の種類"),
                    "・".join(meeting.kind_labels()),
                    Label("場所"),
                    meeting.place or "オンライン",
                ],
                *people,
            ],
            [WIDTH * 0.14, WIDTH * 0.36, WIDTH * 0.14, WIDTH * 0.36],
            spans=[((1, r), (3, r)) for r in range(2, 2 + len(people))],
        )
    )
    if meeting.summary:
        story += _section("全体の記録", _p(meeting.summary))
    by_item: dict[int, list[ActionItem]] = {}
    for action in ActionItem.objects.filter(item__in=[i.pk for i in items]).select_related("assignee"):
        by_item.setdefault(action.item_id, []).append(action)
    for item in items:
        story += _item_block(item, by_item.get(item.pk, []), audience, agencies or {})
    if not items:
        story.append(_p("この会議録で閲覧できる議題はありません。"))
    return _build(
        story,
        title="会議録",
        municipality=meeting.municipality.name,
        ref=f"会議 No.{meeting.pk}",
        made_on=made_on,
    )
