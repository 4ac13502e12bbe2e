"""The rules of 参加支援 (004 §4 (2)), each named so a test reaches it.

- Use begins when a 重層的支援会議 approves the person's 参加支援 plan; before that a placement may be made only
  after an urgent start, which records the day and why (``may_place``).
- A placement moves 提案 → 見学 → 体験 → 定着 → 終了, or 中断 from any open stage; a 中断 may resume at 見学
  or 体験; 終了 is final (``NEXT_STAGES``).
- Nothing about the person goes to a host without their consent naming that host and the items; a 紹介票
  carries only items the standing consent covers (``shareable``).
"""

from __future__ import annotations

import datetime as dt

from kasane.participation.models import Stage


class ParticipationError(Exception):
    """A change the rules refuse; the message is shown to staff."""


NEXT_STAGES: dict[str, tuple[str, ...]] = {
    Stage.PROPOSED: (Stage.VISIT, Stage.TRIAL, Stage.ENDED, Stage.SUSPENDED),
    Stage.VISIT: (Stage.TRIAL, Stage.ENDED, Stage.SUSPENDED),
    Stage.TRIAL: (Stage.SETTLED, Stage.ENDED, Stage.SUSPENDED),
    Stage.SETTLED: (Stage.ENDED, Stage.SUSPENDED),
    Stage.SUSPENDED: (Stage.VISIT, Stage.TRIAL, Stage.ENDED),
    Stage.ENDED: (),
}
# Stages after which the person and the host are followed up on a schedule.
FOLLOWED_STAGES = (Stage.TRIAL, Stage.SETTLED)
# Ending or suspending says why.
NEEDS_REASON = (Stage.ENDED, Stage.SUSPENDED)


def check_stage(current: str, target: str) -> None:
    if target not in NEXT_STAGES.get(current, ()):
        raise ParticipationError(
            f"「{Stage(current).label}」から「{Stage(target).label}」には進められません。"
        )


def may_place(approved_on: dt.date | None, urgent_started_on: dt.date | None) -> None:
    """A placement needs the meeting's decision, or an urgent start recorded before it."""
    if approved_on is None and urgent_started_on is None:
        raise ParticipationError(
            "重層的支援会議でプランが決定されるまで、受け入れ先の提案はできません。"
            "急いで始める必要があるときは「決定前に支援を始める」に理由を記録してください。"
        )


def check_urgent_start(
    approved_on: dt.date | None, started_on: dt.date, on: dt.date, reason: str, today: dt.date
) -> None:
    if approved_on is not None:
        raise ParticipationError("プランはすでに重層的支援会議で決定されています。")
    if not reason.strip():
        raise ParticipationError("決定前に始める理由を書いてください。")
    if on > today:
        raise ParticipationError("決定前に支援を始めた日に未来の日付は入れられません。")
    if on < started_on:
        raise ParticipationError("決定前に支援を始めた日は、受付日より前にできません。")


def waiting_days(
    urgent_started_on: dt.date | None, approved_on: dt.date | None, today: dt.date
) -> int | None:
    """Days an urgent start has waited for the meeting's decision; None when there is nothing to flag."""
    if urgent_started_on is None or approved_on is not None:
        return None
    return (today - urgent_started_on).days


def shareable(requested: list[str], consented: list[str] | None) -> list[str]:
    """The items a 紹介票 may carry: those asked for that the standing consent covers."""
    if consented is None:
        raise ParticipationError(
            "本人の同意（受け入れ先への情報提供）が記録されていないため、紹介票は作れません。"
        )
    allowed = [f for f in requested if f in consented]
    if not allowed:
        raise ParticipationError("同意を得た項目の中から、紹介票に載せる項目を選んでください。")
    return allowed
