"""What may happen to a referral, and who may do it: one table, checked in one place."""

from __future__ import annotations

from dataclasses import dataclass

from kasane.casework.models import Status


@dataclass(frozen=True)
class Action:
    code: str
    label: str
    side: str  # "sender" or "receiver"
    sources: tuple[Status, ...]
    target: Status
    needs_reason: bool = False

    @property
    def noun(self) -> str:
        return {
            "accept": "受理",
            "decline": "辞退",
            "start": "対応開始",
            "complete": "完了",
            "cancel": "取消",
        }[self.code]


ACTIONS: dict[str, Action] = {
    a.code: a
    for a in (
        Action("accept", "受理する", "receiver", (Status.REQUESTED,), Status.ACCEPTED),
        Action("decline", "辞退する", "receiver", (Status.REQUESTED,), Status.DECLINED, needs_reason=True),
        Action("start", "対応を開始する", "receiver", (Status.ACCEPTED,), Status.IN_PROGRESS),
        Action("complete", "完了にする", "receiver", (Status.ACCEPTED, Status.IN_PROGRESS), Status.COMPLETED),
        Action(
            "cancel",
            "取り消す",
            "sender",
            (Status.REQUESTED, Status.ACCEPTED, Status.IN_PROGRESS),
            Status.CANCELLED,
            needs_reason=True,
        ),
    )
}


class TransitionError(ValueError):
    pass


def check(action_code: str, status: str, side: str) -> Action:
    action = ACTIONS.get(action_code)
    if action is None:
        raise TransitionError("その操作はできません。")
    if action.side != side:
        raise TransitionError(
            "この操作はつなぎ先の機関が行います。"
            if action.side == "receiver"
            else "この操作はつなぐ元の機関が行います。"
        )
    if Status(status) not in action.sources:
        raise TransitionError(f"このつなぎは「{Status(status).label}」のため、{action.noun}はできません。")
    return action


def available(status: str, side: str) -> list[Action]:
    return [a for a in ACTIONS.values() if a.side == side and Status(status) in a.sources]
