"""The 支援経過 of a demo case, as the team writes them and as ``casework.services.notes`` completes them."""

from __future__ import annotations

import datetime as dt
import random

from kasane.accounts.models import User
from kasane.casework.models import (
    STAGE_OF_STATUS,
    Case,
    CaseEvent,
    CaseStatus,
    Counterpart,
    NoteKind,
    Place,
    ProgressNote,
)
from kasane.demo.city.build import Builder
from kasane.demo.city.stories import Story
from kasane.demo.city.stories.facts_shape import Facts
from kasane.demo.city.timeline import Timeline, spread


class CaseNotes:
    """Note steps of ``case_journey.CaseWriter``, which sets the state they use."""

    b: Builder
    s: Story
    f: Facts
    t: Timeline
    case: Case
    team_users: dict[str, User | None]
    notes: list[ProgressNote]

    def reached(self, phase: str) -> bool:
        raise NotImplementedError

    def _notes(self) -> None:
        b, s = self.b, self.s
        assert len(self.f.notes) == len(s.notes), f"{s.key}: one N per note in stories/facts_*.py"
        by_phase: dict[str, list[int]] = {}
        for i, note in enumerate(s.notes):
            by_phase.setdefault(note.phase, []).append(i)
        team = set(self.team_users)
        for phase, indexes in by_phase.items():
            if not self.reached(phase):
                continue
            for n, i in enumerate(indexes):
                note, facts = s.notes[i], self.f.notes[i]
                assert note.agency in team, f"{s.key}: {note.agency} writes a note but is not on the team"
                user = self.team_users.get(note.agency) or b.clerk(note.agency)
                day = spread(b, self.t.phases[phase], n, len(indexes))
                # The hour a visit or call began: a stream of its own, so the rest of the demo is unchanged.
                quarter = random.Random(f"{b.seed}:note:{s.key}:{i}").randint(9 * 4, 16 * 4)
                written = ProgressNote(
                    case=self.case,
                    agency=b.agency(note.agency),
                    kind=NoteKind(note.kind),
                    on=day,
                    starts_at=dt.time(quarter // 4, quarter % 4 * 15),
                    minutes=note.minutes,
                    counterparts=[Counterpart(c).value for c in facts.counterparts],
                    counterpart_name=facts.name,
                    place=Place(facts.place),
                    place_note=facts.place_note,
                    text=note.text,
                    next_action=facts.next,
                    author=user,
                    author_name=user.full_name if user else "",
                )
                b.add(written, day)
                self.notes.append(written)

    def _after_notes(self) -> None:
        """What the services set on each 支援経過 once the case's story is written: the 支援の段階 from the case's state
        on the note's day (its CaseEvents), and, where the writer left 次回予定 blank, the next entry their agency made."""
        events = sorted((e for e in self.b.objects[CaseEvent] if e.case is self.case), key=lambda e: e.on)
        written = sorted(self.notes, key=lambda n: n.on)
        for note in written:
            status = next((e.to_status for e in reversed(events) if e.on <= note.on), CaseStatus.INTAKE)
            note.stage = STAGE_OF_STATUS[status]
            if note.next_action:
                continue
            later = next((n for n in written if n.on > note.on and n.agency is note.agency), None)
            if later is not None:
                note.next_action = f"{later.on.month}月{later.on.day}日に{NoteKind(later.kind).label}の予定。"
