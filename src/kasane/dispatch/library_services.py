"""Changes to the experts and the library of 先進事例: one transaction, one audit entry each."""

from __future__ import annotations

from django.db import transaction

from kasane import audit
from kasane.audit.actor import Actor
from kasane.dispatch.models import Expert, Practice


def save_expert(expert: Expert, *, actor: Actor) -> Expert:
    created = expert.pk is None
    with transaction.atomic():
        expert.prefecture = actor.in_prefecture
        expert.save()
        audit.log(
            "dispatch.expert_added" if created else "dispatch.expert_updated",
            actor=actor,
            obj=expert,
            details={"themes": list(expert.themes), "active": expert.is_active},
        )
    return expert


def save_practice(practice: Practice, *, actor: Actor) -> Practice:
    created = practice.pk is None
    with transaction.atomic():
        practice.prefecture = actor.in_prefecture
        if created:
            practice.created_by = actor.staff
        practice.refresh_search_text()
        practice.save()
        audit.log(
            "dispatch.practice_added" if created else "dispatch.practice_updated",
            actor=actor,
            obj=practice,
            details={"themes": list(practice.themes)},
        )
    return practice
