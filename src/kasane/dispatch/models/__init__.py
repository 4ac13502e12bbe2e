"""専門家派遣 (expert dispatch) and the library of 先進事例. No personal case data lives here: worksheets are
written de-identified and refused when they carry a phone number or a date of birth."""

from kasane.dispatch.models.library import Expert, Practice
from kasane.dispatch.models.records import (
    HEARING_SECTIONS,
    PARTICIPANT_KINDS,
    STATUS_FLOW,
    Achievement,
    Dispatch,
    DispatchStatus,
    Goal,
    GoalAction,
    GoalOutcome,
    Hearing,
    HearingMethod,
    WorksheetEntry,
    Workshop,
)

__all__ = [
    "HEARING_SECTIONS",
    "PARTICIPANT_KINDS",
    "STATUS_FLOW",
    "Achievement",
    "Dispatch",
    "DispatchStatus",
    "Expert",
    "Goal",
    "GoalAction",
    "GoalOutcome",
    "Hearing",
    "HearingMethod",
    "Practice",
    "WorksheetEntry",
    "Workshop",
]
