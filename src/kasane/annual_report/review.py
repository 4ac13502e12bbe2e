"""The officer's part of the report: the 総括・考察 of a 年度 and the smallest sample the report shows."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from kasane import audit
from kasane.annual_report.models import Review
from kasane.audit.actor import Actor
from kasane.readiness.models import SupportSettings
from kasane.tenancy.models import Prefecture


def of(prefecture: Prefecture, year: int) -> Review | None:
    return Review.objects.filter(prefecture=prefecture, fiscal_year=year).select_related("updated_by").first()


@transaction.atomic
def save(*, prefecture: Prefecture, year: int, text: str, min_sample: int, actor: Actor) -> Review:
    """Keep the 総括・考察 and the smallest sample together, with one audit entry saying what changed."""
    settings, _created = SupportSettings.objects.get_or_create(prefecture=prefecture)
    old_sample = settings.min_sample
    if old_sample != min_sample:
        settings.min_sample = min_sample
        settings.save(update_fields=["min_sample"])
    review, _created = Review.objects.select_for_update().get_or_create(
        prefecture=prefecture,
        fiscal_year=year,
        defaults={"updated_by": actor.staff, "updated_at": timezone.now()},
    )
    text_changed = review.text != text
    review.text = text
    review.updated_by = actor.staff
    review.updated_at = timezone.now()
    review.save(update_fields=["text", "updated_by", "updated_at"])
    audit.log(
        "annual_report.review_saved",
        actor=actor,
        obj=review,
        details={
            "fiscal_year": year,
            "text_changed": text_changed,
            "characters": len(text),
            "min_sample": [old_sample, min_sample],
        },
    )
    return review
