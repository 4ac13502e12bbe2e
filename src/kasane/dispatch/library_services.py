"""Changes to the experts and the library of 先進事例: one transaction, one audit entry each."""

from __future__ import annotations

from django.db import transaction
from django.http import HttpRequest

from kasane import audit
from kasane.accounts.models import User
from kasane.dispatch.models import Expert, Practice


def save_expert(request: HttpRequest, expert: Expert) -> Expert:
    created = expert.pk is None
    with transaction.atomic():
        expert.prefecture = request.prefecture  # type: ignore[attr-defined]
        expert.save()
        audit.log(
            "dispatch.expert_added" if created else "dispatch.expert_updated",
            request=request,
            obj=expert,
            details={"themes": list(expert.themes), "active": expert.is_active},
        )
    return expert


def save_practice(request: HttpRequest, practice: Practice) -> Practice:
    created = practice.pk is None
    with transaction.atomic():
        practice.prefecture = request.prefecture  # type: ignore[attr-defined]
        if created:
            assert isinstance(request.user, User)
            practice.created_by = request.user
        practice.refresh_search_text()
        practice.save()
        audit.log(
            "dispatch.practice_added" if created else "dispatch.practice_updated",
            request=request,
            obj=practice,
            details={"themes": list(practice.themes)},
        )
    return practice
