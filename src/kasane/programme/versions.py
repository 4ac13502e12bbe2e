"""Writes of the 実施計画 document: the texts staff write, and each version made — the Word and the PDF rendered
from the same content, numbered, kept whole. Each one transaction with its audit entry; nothing here is personal."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import Max

from kasane import audit
from kasane.audit.actor import Actor
from kasane.lib.dates import today
from kasane.programme import plan_document
from kasane.programme.models import PlanPeriod, PlanStatus, PlanVersion

TEXT_FIELDS = (
    "made_on",
    "revised_on",
    "setup_form",
    "background",
    "positioning",
    "vision",
    "policy_elderly",
    "policy_disability",
    "policy_children",
    "policy_poverty",
    "staffing",
    "collaboration",
    "evaluation_method",
)


class VersionRefused(ValueError):
    """A version that cannot be made, with the reason in staff's words."""


def save_texts(period: PlanPeriod, changed: list[str], *, actor: Actor) -> PlanPeriod:
    """The plan's texts and dates as staff wrote them (the form has set them on ``period``)."""
    fields = [name for name in TEXT_FIELDS if name in changed]
    with transaction.atomic():
        period.save(update_fields=[*fields, "updated_at"])
        audit.log("programme.plan_saved", actor=actor, obj=period, details={"texts": fields})
    return period


def summary(period: PlanPeriod) -> dict[str, Any]:
    """What a version states, kept beside its files: the prefecture reads a 公表版 from this."""
    return {
        "title": period.title,
        "first_year": period.first_year,
        "last_year": period.last_year,
        "indicators": [
            {
                "marker": i.marker,
                "name": i.name,
                "source": i.get_source_display(),
                "unit": i.unit,
                "baseline": None if i.baseline is None else f"{i.baseline.normalize():f}",
                "baseline_note": i.baseline_note,
                "baseline_year": i.baseline_year,
                "target": f"{i.target.normalize():f}",
                "target_year": i.target_year,
            }
            for i in period.indicators.order_by("number")
        ],
    }


def make_version(
    period: PlanPeriod, *, actor: Actor, published: bool, on: dt.date | None = None
) -> PlanVersion:
    """The plan as it stands, rendered to Word and PDF and kept as the next version. A 公表版 (stamped with the day
    it is made, ``on`` — today unless a plan published earlier is being recorded, as the demo does) only once
    the plan is 公表済み; every other version is stamped 「案」."""
    if published and period.status != PlanStatus.PUBLISHED:
        raise VersionRefused("公表版は、計画を公表済みにしてから作成してください。")
    day = on or today()
    content = plan_document.content(period, day=day)
    docx = plan_document.to_docx(content, draft=not published)
    pdf = plan_document.to_pdf(content, draft=not published)
    with transaction.atomic():
        # Under the period's lock, so two clicks at once make versions 3 and 4, not two 3s.
        PlanPeriod.objects.select_for_update().filter(pk=period.pk).first()
        latest = period.versions.aggregate(latest=Max("number"))["latest"] or 0
        version = PlanVersion.objects.create(
            period=period,
            number=latest + 1,
            made_on=day,
            published=published,
            pdf=pdf,
            docx=docx,
            summary=summary(period),
            made_by=actor.staff,
        )
        audit.log(
            "programme.plan_version_made",
            actor=actor,
            obj=version,
            details={
                "period": period.pk,
                "number": version.number,
                "published": published,
                "pdf_bytes": len(pdf),
                "docx_bytes": len(docx),
            },
        )
    return version
