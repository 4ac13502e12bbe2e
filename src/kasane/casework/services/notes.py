"""支援経過 recorded by the team (the 評価 at closure is in ``evaluations``)."""

from __future__ import annotations

from django.db import transaction

from kasane.audit.actor import Actor
from kasane.casework.models import STAGE_OF_STATUS, Case, ProgressNote
from kasane.casework.services.case_common import WorkflowError, _log
from kasane.casework.visibility import Viewer


def add_note(viewer: Viewer, case: Case, note: ProgressNote, *, actor: Actor) -> ProgressNote:
    """Any team member records progress, under their own agency. The note's 支援の段階 is the case's state
    as it is written, never chosen: a later move of the case does not change what stage the note was in."""
    team_agencies = set(case.team.filter(left_on__isnull=True).values_list("agency_id", flat=True))
    writable = sorted(a for a in viewer.edit_agency_ids if a in team_agencies)
    if not writable:
        raise WorkflowError("支援経過は支援チームの機関の職員が記録します。")
    with transaction.atomic():
        note.case = case
        note.agency_id = writable[0]
        note.author = viewer.user
        note.author_name = viewer.user.full_name
        status = Case.objects.values_list("status", flat=True).get(pk=case.pk)
        note.stage = STAGE_OF_STATUS.get(status, "")
        note.save()
        _log(viewer, "note.recorded", case, obj=note, actor=actor)
    return note
