"""多機関協働 cases for the demo: the household, how it came to the 社協, and what happened since.

A story is written once, in full; the loader keeps only what the case's status has reached (a case in
アセスメント中 gets no plan, its support-phase notes are dropped) and dates everything backwards from the
day of loading. Plan goals are in the person's words, as the プラン兼事業等利用申込書 asks.

Phases used by notes and consents: intake (受付 → アセスメント開始), assessment, planning (→ 会議提出),
support (承認 → today or closure), replan / support2 (a plan reviewed into a second version), closing
(評価 → 終結), reopen (再開 → today).

The four households the demo is known by have a module each; the others are in ``more_*``.
"""

from __future__ import annotations

from kasane.demo.city.stories import more_a, more_b, more_c, more_d
from kasane.demo.city.stories.onodera import ONODERA
from kasane.demo.city.stories.saito import SAITO
from kasane.demo.city.stories.sato import SATO
from kasane.demo.city.stories.shape import (
    Assess,
    Closure,
    Contact,
    ExtraConsent,
    Note,
    PlanText,
    Resident,
    Role,
    Story,
    Team,
)
from kasane.demo.city.stories.sugawara import SUGAWARA

__all__ = [
    "MORE",
    "NAMED",
    "Assess",
    "Closure",
    "Contact",
    "ExtraConsent",
    "Note",
    "PlanText",
    "Resident",
    "Role",
    "Story",
    "Team",
]

NAMED = [SUGAWARA, ONODERA, SATO, SAITO]
MORE: list[Story] = [*more_a.STORIES, *more_b.STORIES, *more_c.STORIES, *more_d.STORIES]
