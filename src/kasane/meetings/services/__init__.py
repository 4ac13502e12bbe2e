"""Every change to meetings: one transaction, one audit entry, the law's rules enforced here and nowhere else.

One module per concept; callers use ``from kasane.meetings import services`` and the names below.
"""

from kasane.meetings.services._common import EditConflict, MeetingError
from kasane.meetings.services.bodies_and_pledges import (
    add_member,
    body_state,
    create_body,
    remove_member,
    take_pledge,
    update_body,
)
from kasane.meetings.services.item_changes import (
    change_problem,
    may_change,
    move_item,
    move_targets,
    withdraw_item,
)
from kasane.meetings.services.items import (
    LAYERED_KIND_FOR_STATUS,
    add_case_item,
    add_promotion_item,
    add_support_item,
    case_item_kinds,
    team_agencies_uncalled,
)
from kasane.meetings.services.minutes_and_decisions import record_minutes
from kasane.meetings.services.sittings import (
    create_meeting,
    create_series,
    invite_to_meeting,
    nth_weekday,
    record_attendance,
)
from kasane.meetings.services.tasks_and_gaps import complete_action, save_gap

__all__ = [
    "LAYERED_KIND_FOR_STATUS",
    "EditConflict",
    "MeetingError",
    "add_case_item",
    "add_member",
    "add_promotion_item",
    "add_support_item",
    "body_state",
    "case_item_kinds",
    "change_problem",
    "complete_action",
    "create_body",
    "create_meeting",
    "create_series",
    "invite_to_meeting",
    "may_change",
    "move_item",
    "move_targets",
    "nth_weekday",
    "record_attendance",
    "record_minutes",
    "remove_member",
    "save_gap",
    "take_pledge",
    "team_agencies_uncalled",
    "update_body",
    "withdraw_item",
]
