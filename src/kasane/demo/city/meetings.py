"""The demo's meetings: かさね市包括的支援会議 (002's model: one monthly sitting on the third Wednesday that
serves as 支援会議, 重層的支援会議 and 全体推進会議), its members and their pledges, a year of sittings either
side of today, a few §106-6 items with their tasks, and the register of resource gaps.

The case stories' decisions are attached to agenda items of these sittings by ``demo_case_journey``.
"""

from __future__ import annotations

import datetime as dt

from kasane.accounts.models import Membership, User
from kasane.agencies.models import Agency
from kasane.lib.dates import TOKYO, fiscal_year, fiscal_year_bounds
from kasane.meetings.models import (
    PLEDGE_WORDING,
    ActionItem,
    AgendaItem,
    Attendance,
    BodyMember,
    GapStatus,
    ItemKind,
    ItemStatus,
    Meeting,
    MeetingBody,
    MeetingKind,
    MeetingSeries,
    MeetingStatus,
    Pledge,
    ResourceGap,
    SupportOutcome,
)
from kasane.meetings.services import nth_weekday
from kasane.tenancy.models import Municipality

BODY_NAME = "かさね市包括的支援会議"
KINDS = [MeetingKind.SUPPORT, MeetingKind.LAYERED, MeetingKind.PROMOTION]
# Core members (004: 高齢・障がい・子育て・困窮・保健 and the 多機関協働事業者), by agency key. The city chairs.
CORE = ["chiiki_fukushi", "shakyo", "houkatsu_chuo", "kikan", "kodomo", "jiritsu", "kenko"]
# The 相談員 login has not pledged yet, so the demo shows the pledge before anything of a 支援会議.
NOT_PLEDGED = {"soudanin"}

SUPPORT_ITEMS = [
    # (months before today's sitting, title, name, kana, age, area, situation, outcome, decisions, task)
    (
        2,
        "ごみがたまった家に一人で暮らす高齢男性",
        "大槻 勝",
        "おおつき まさる",
        "78歳",
        "東部圏域（高森）",
        "近所の方から民生委員に「庭にごみが積まれ、夜も電気がつかない」と相談があった。本人は訪問しても玄関に"
        "出てこない。介護保険・医療の利用歴は確認できない。",
        SupportOutcome.CONTACT,
        "民生委員と地域包括支援センターひがしやまが一緒に訪問し、体調を確認する。本人の同意が得られれば"
        "多機関協働につなぐ。",
        "民生委員と同行訪問し、体調と生活の状況を確認する",
    ),
    (
        1,
        "夜遅くまで一人で外にいる小学生",
        "（氏名未確認）",
        "",
        "小学4年生くらい",
        "中央圏域（駅前）",
        "駅前のコンビニ店長から、平日の夜10時過ぎに一人でいる子がいると学校を通じて情報があった。"
        "保護者とは連絡が取れていない。",
        SupportOutcome.WATCH,
        "学校と子ども家庭センターで見守り、来月の会議で再協議する。緊急性が高まれば児童相談所へ通告する。",
        "学校と連絡を取り、登校の様子と家庭の状況を確認する",
    ),
]

GAPS = [
    (
        "夜間・休日に通える居場所",
        "ひきこもりの方や若者が、夜間や休日に気軽に立ち寄れる場所が市内にない。",
        GapStatus.CONSIDERING,
        "社会福祉協議会のサロンを月2回夜間開放する案を検討中。",
        "shakyo",
    ),
    (
        "ひきこもりの方の就労体験先",
        "短時間から始められる就労体験の受け入れ先が2か所しかなく、待機が出ている。",
        GapStatus.DEVELOPING,
        "商工会と協議し、受け入れ事業所を募集している。",
        "jiritsu",
    ),
    (
        "通院の足（東部圏域）",
        "東部圏域はバスが1日4本で、免許を返納した高齢者が通院できない。",
        GapStatus.RAISED,
        "",
        "houkatsu_chuo",
    ),
]


def _core_members(agencies: dict[str, Agency], users: dict[str, User]) -> list[tuple[User, Agency]]:
    """One person per core agency: the demo logins where they work there, otherwise the first staff member."""
    chosen: dict[str, User] = {}
    logins = {"chiiki_fukushi": "shi", "shakyo": "kyodo", "houkatsu_chuo": "soudanin", "kikan": "saito.koji"}
    logins["jiritsu"] = "watanabe.yumiko"
    for key, username in logins.items():
        if username in users:
            chosen[key] = users[username]
    for m in (
        Membership.objects.filter(agency__in=[agencies[k] for k in CORE if k not in chosen])
        .select_related("user")
        .order_by("pk")
    ):
        key = next(k for k in CORE if agencies[k].pk == m.agency_id)
        chosen.setdefault(key, m.user)
    return [(chosen[k], agencies[k]) for k in CORE if k in chosen]


def third_wednesdays(first: dt.date, last: dt.date) -> list[dt.date]:
    days = []
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        day = nth_weekday(year, month, 3, 2)
        if day is not None and first <= day <= last:
            days.append(day)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return days


def load_meetings(
    city: Municipality, agencies: dict[str, Agency], users: dict[str, User], today: dt.date
) -> dict[dt.date, Meeting]:
    """The body, its members, pledges and sittings from two fiscal years back to the end of next month."""
    body = MeetingBody.objects.create(
        municipality=city,
        name=BODY_NAME,
        kinds=KINDS,
        host_agency=agencies["chiiki_fukushi"],
        # 004: the city hosts the 支援会議, the 多機関協働事業者 (社協, 委託) the 重層的支援会議.
        collaboration_host=agencies["shakyo"],
        description=(
            "かさね市重層的支援体制整備事業実施要綱に基づく会議。毎月第3水曜日に定例で開き、同意のない方は"
            "支援会議（社会福祉法第106条の6）、同意のある方は重層的支援会議として議題ごとに扱う。"
        ),
    )
    members = _core_members(agencies, users)
    first_day = fiscal_year_bounds(fiscal_year(today) - 2)[0]
    BodyMember.objects.bulk_create(
        BodyMember(body=body, user=u, agency=a, is_core=True, joined_on=first_day) for u, a in members
    )
    this_year = fiscal_year_bounds(fiscal_year(today))[0]
    Pledge.objects.bulk_create(
        Pledge(
            body=body,
            user=u,
            user_name=u.full_name,
            agency_name=a.name,
            # In the 年度's first weeks; on its first days, today (a pledge is never dated ahead).
            pledged_on=min(this_year + dt.timedelta(days=14), today),
            valid_until=Pledge.valid_until_for(this_year),
            wording=PLEDGE_WORDING,
        )
        for u, a in members
        if u.username not in NOT_PLEDGED
    )
    series = MeetingSeries.objects.create(
        body=body,
        title="包括的支援会議（定例）",
        week=3,
        weekday=2,
        starts_at=dt.time(14, 0),
        place="市役所本庁舎 3階 第2会議室",
    )
    end = (today.replace(day=1) + dt.timedelta(days=62)).replace(day=1) - dt.timedelta(days=1)
    meetings = Meeting.objects.bulk_create(
        Meeting(
            municipality=city,
            body=body,
            series=series,
            title=f"包括的支援会議（{day.month}月）",
            kinds=KINDS,
            held_on=day,
            starts_at=dt.time(14, 0),
            ends_at=dt.time(16, 0),
            place=series.place,
            status=MeetingStatus.HELD if day < today else MeetingStatus.SCHEDULED,
            # Past sittings had their attendance recorded at the end of the meeting.
            attendance_recorded_at=dt.datetime.combine(day, dt.time(16, 0), TOKYO) if day < today else None,
        )
        for day in third_wednesdays(first_day, end)
    )
    Attendance.objects.bulk_create(
        Attendance(meeting=m, user=u, agency=a, name=u.full_name, present=True)
        for m in meetings
        for u, a in members
    )
    by_day = {m.held_on: m for m in meetings}
    _support_items(by_day, members, today)
    for title, description, status, follow_up, key in GAPS:
        ResourceGap.objects.create(
            municipality=city,
            title=title,
            description=description,
            raised_on=today - dt.timedelta(days=60),
            raised_by_agency=agencies[key],
            status=status,
            follow_up=follow_up,
        )
    return by_day


def _support_items(
    by_day: dict[dt.date, Meeting], members: list[tuple[User, Agency]], today: dt.date
) -> None:
    past = sorted(d for d in by_day if d < today)
    pledged = [u for u, _a in members if u.username not in NOT_PLEDGED]
    for months_back, title, name, kana, age, area, situation, outcome, decisions, task in SUPPORT_ITEMS:
        if len(past) < months_back:
            continue
        meeting = by_day[past[-months_back]]
        item = AgendaItem.objects.create(
            meeting=meeting,
            order=1,
            kind=ItemKind.SUPPORT_CASE,
            title=title,
            subject_name=name,
            subject_kana=kana,
            subject_age=age,
            subject_area=area,
            situation=situation,
            discussion="各機関の把握している情報を共有した。",
            decisions=decisions,
            outcome=outcome,
            status=ItemStatus.DISCUSSED,
            rediscuss_on=meeting.held_on + dt.timedelta(days=28) if outcome == SupportOutcome.WATCH else None,
            contact_by="民生委員・地域包括支援センター" if outcome == SupportOutcome.CONTACT else "",
        )
        item.invited.set(pledged)
        ActionItem.objects.create(
            item=item,
            assignee=pledged[1] if len(pledged) > 1 else pledged[0],
            task=task,
            due_on=meeting.held_on + dt.timedelta(days=21),
        )
