from __future__ import annotations

from typing import Any

from django.db import transaction

from kasane import audit
from kasane.agencies.forms import AgencyForm
from kasane.agencies.models import Agency, AgencyTopic, TopicLevel
from kasane.audit.actor import Actor


@transaction.atomic
def save_agency(form: AgencyForm, *, actor: Actor) -> Agency:
    """Create or update an agency from a valid form, with its topics, in one audited transaction."""
    creating = form.instance.pk is None
    changed: list[str] = list(form.changed_data)
    agency: Agency = form.save(commit=False)
    agency.municipality = form.municipality
    agency.prefecture_id = form.municipality.prefecture_id
    agency.refresh_search_text()
    agency.save()
    form.save_m2m()  # support_fields
    _set_topics(agency, form.cleaned_data)
    details: dict[str, Any] = {"changed": changed}
    audit.log("agency.created" if creating else "agency.updated", actor=actor, obj=agency, details=details)
    return agency


def _set_topics(agency: Agency, data: dict[str, Any]) -> None:
    AgencyTopic.objects.filter(agency=agency).delete()
    links = [
        AgencyTopic(agency=agency, topic=t, level=TopicLevel.PRIMARY)
        for t in data.get("primary_topics") or []
    ]
    links += [
        AgencyTopic(agency=agency, topic=t, level=TopicLevel.ALSO) for t in data.get("other_topics") or []
    ]
    AgencyTopic.objects.bulk_create(links)
