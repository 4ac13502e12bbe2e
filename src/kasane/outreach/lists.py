"""The target lists of the start page: mine, stale, all open, handed over, closed."""

from __future__ import annotations

import datetime as dt

from django.db.models import F, QuerySet

from kasane.casework.visibility import Viewer
from kasane.outreach.models import OPEN_STAGES, Stage, Target
from kasane.outreach.queries import stale_targets
from kasane.outreach.visibility import own_targets

LISTS = {
    "mine": "自分の担当",
    "stale": "接触が途絶えている",
    "open": "継続中（機関全体）",
    "handed_over": "支援につないだ",
    "closed": "終了",
}


def target_rows(viewer: Viewer, shown: str, day: dt.date, stale_days: int) -> QuerySet[Target]:
    """The targets of one list, the longest without contact first where that matters."""
    rows = own_targets(viewer)
    if shown == "mine":
        rows = rows.filter(lead_user=viewer.user, stage__in=OPEN_STAGES)
    elif shown == "stale":
        rows = stale_targets(viewer, day, stale_days)
    elif shown == "open":
        rows = rows.filter(stage__in=OPEN_STAGES).exclude(stage=Stage.HANDED_OVER)
    elif shown == "handed_over":
        rows = rows.filter(stage=Stage.HANDED_OVER)
    else:
        rows = rows.filter(stage=Stage.CLOSED)
    return rows.select_related("person", "lead_user").order_by(
        F("last_contact_on").asc(nulls_first=True), "raised_on", "pk"
    )
