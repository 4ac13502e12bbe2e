"""The officer's settings for backup support, read with their defaults when none were saved."""

from __future__ import annotations

from kasane.readiness.models import SupportSettings
from kasane.tenancy.models import Prefecture


def of(prefecture: Prefecture) -> SupportSettings:
    """The prefecture's settings; unsaved defaults when the officer has set none."""
    found = SupportSettings.objects.filter(prefecture=prefecture).first()
    return found or SupportSettings(prefecture=prefecture)


def min_sample(prefecture: Prefecture | None) -> int:
    """The fewest answers a questionnaire's figures are shown for without a warning (reports suppress them)."""
    if prefecture is None:
        return SupportSettings._meta.get_field("min_sample").get_default()
    return of(prefecture).min_sample
