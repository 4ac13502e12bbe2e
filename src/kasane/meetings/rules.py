"""Who hosts each kind of meeting and who must attend a sitting of it: the rule book, read in one table.

From the seeds (004 北上市, 5. 支援会議及び重層的支援会議; 002 北栄町包括的支援会議):

- 支援会議: "なお、この会議は市が主催します。" (004) — "会議構成員に対し守秘義務が課せられる。" (002), so only the
  body's members attend, and where a sitting is a 支援会議 and nothing else, only members who have signed the
  守秘義務の誓約.
- 重層的支援会議 (個別 and 全体推進, "2つの役割"): "重層的支援会議は多機関協働事業者が主催し、どの場合も市は必ず
  出席します。" (004) — where the municipality runs 多機関協働 itself (002: "福祉課内に相談支援包括化推進員を
  配置"), its division is the 多機関協働事業者 (``Agency.runs_collaboration``) and hosts.
- both: "これらの会議には、市と多機関協働事業者は必ず参加するものとします。" (004)

The services call ``host_problems`` when a body or sitting is created and before an outcome is recorded, and
``attendance_problems`` when attendance is recorded on or after the sitting's day and before an outcome is
recorded. Before the day, attendance is a plan: only the membership rule applies.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from django.db.models import Q

from kasane.agencies.models import Agency, AgencyKind
from kasane.meetings.models import Attendance, BodyMember, Meeting, MeetingBody, MeetingKind, Pledge


class Host(StrEnum):
    CITY = "city"  # a 市の課 (AgencyKind.CITY_DIVISION)
    COLLABORATION = "collaboration"  # the 多機関協働事業者, contracted or run by the city itself


class Present(StrEnum):
    HOST = "host"  # someone of the agency hosting this kind of meeting
    CITY = "city"  # someone of any 市の課
    COLLABORATION = "collaboration"  # someone of a 多機関協働事業者


@dataclass(frozen=True)
class MeetingRule:
    name: str
    host: Host | None
    must_attend: tuple[Present, ...]
    # §106-6: the members bear the duty of confidentiality; nobody else sits in.
    members_only: bool = False


RULES: dict[str, MeetingRule] = {
    MeetingKind.SUPPORT: MeetingRule(
        "支援会議", Host.CITY, (Present.HOST, Present.COLLABORATION), members_only=True
    ),
    MeetingKind.LAYERED: MeetingRule("重層的支援会議", Host.COLLABORATION, (Present.HOST, Present.CITY)),
    MeetingKind.PROMOTION: MeetingRule("全体推進会議", Host.COLLABORATION, (Present.HOST, Present.CITY)),
    # An existing meeting (地域ケア会議 …) keeps its own rules; it carries no item of its own kind.
    MeetingKind.EXISTING: MeetingRule("既存の会議", None, ()),
}


def host_of(body: MeetingBody, kind: str) -> Agency:
    """The agency hosting ``kind`` at ``body``: the city for a 支援会議, the 多機関協働事業者 for the rest."""
    return body.layered_host if RULES[kind].host == Host.COLLABORATION else body.host_agency


def _qualifies(agency: Agency, host: Host) -> bool:
    if host == Host.CITY:
        return agency.kind == AgencyKind.CITY_DIVISION
    return agency.runs_collaboration and agency.is_active


def host_problems(body: MeetingBody, kinds: Iterable[str]) -> list[str]:
    problems: list[str] = []
    for kind in kinds:
        rule = RULES[kind]
        if rule.host is None:
            continue
        agency = host_of(body, kind)
        if agency.municipality_id != body.municipality_id:
            problems.append(f"{rule.name}の主催には、この市町村の機関を選んでください。")
        elif rule.host == Host.CITY and not _qualifies(agency, Host.CITY):
            problems.append("支援会議は市町村が組織します。主催には市町村の担当課を選んでください。")
        elif rule.host == Host.COLLABORATION and not _qualifies(agency, Host.COLLABORATION):
            problems.append(
                f"{rule.name}は多機関協働事業者が主催します。「{agency.name}」は多機関協働事業者ではありません。"
                "「重層的支援会議の主催」に多機関協働事業者（市町村が直営する場合はその担当課）を選んでください。"
            )
    return list(dict.fromkeys(problems))


def members_on(body: MeetingBody, day: dt.date) -> set[int]:
    """Users who had not left the body by ``day``. ``joined_on`` is the day kasane was told, not the day of
    designation, so a member entered late may still be recorded at an earlier sitting."""
    return set(
        BodyMember.objects.filter(body=body)
        .filter(Q(left_on__isnull=True) | Q(left_on__gt=day))
        .values_list("user_id", flat=True)
    )


def _who(present: Present, rule: MeetingRule, host: Agency) -> str:
    if present == Present.CITY:
        return "市町村の職員"
    if present == Present.COLLABORATION:
        return "多機関協働事業者の職員"
    role = "市町村の担当課" if rule.host == Host.CITY else "多機関協働事業者"
    return f"主催する{role}（{host.name}）の職員"


def _attends(present: Present, host: Agency, agencies: list[Agency]) -> bool:
    if present == Present.HOST:
        return any(a.pk == host.pk for a in agencies)
    if present == Present.CITY:
        return any(a.kind == AgencyKind.CITY_DIVISION for a in agencies)
    return any(a.runs_collaboration for a in agencies)


def required_attendance(meeting: Meeting) -> list[str]:
    """Who must be present for the sitting to be held, in words, for the page."""
    body = meeting.body
    return list(
        dict.fromkeys(
            _who(p, RULES[kind], host_of(body, kind))
            for kind in meeting.kinds
            for p in RULES[kind].must_attend
        )
    )


def attendance_problems(meeting: Meeting, present: list[Attendance]) -> list[str]:
    """What the present attendees ``present`` (rows with their agency) lack for ``meeting`` to be held."""
    body = meeting.body
    rules = [RULES[kind] for kind in meeting.kinds]
    problems = membership_problems(meeting, present)
    if present and all(r.members_only for r in rules):
        pledged = set(
            Pledge.objects.current(meeting.held_on)
            .filter(body=body, user_id__in=[a.user_id for a in present])
            .values_list("user_id", flat=True)
        )
        unpledged = [a.name for a in present if a.user_id not in pledged]
        if unpledged:
            problems.append(
                "支援会議だけの回には、開催日に有効な守秘義務の誓約をした構成員だけが出席できます："
                + "、".join(unpledged)
            )
    agencies = [a.agency for a in present]
    for kind in meeting.kinds:
        rule, host = RULES[kind], host_of(body, kind)
        for p in rule.must_attend:
            if not _attends(p, host, agencies):
                problems.append(f"{rule.name}には{_who(p, rule, host)}の出席が必要です。")
    return problems


def membership_problems(meeting: Meeting, present: list[Attendance]) -> list[str]:
    if not any(RULES[kind].members_only for kind in meeting.kinds) or not present:
        return []
    members = members_on(meeting.body, meeting.held_on)
    strangers = [a.name for a in present if a.user_id not in members]
    if not strangers:
        return []
    return [
        "支援会議には、会議体の構成員（開催日までに退任した方を除く）だけが出席できます："
        + "、".join(strangers)
    ]
