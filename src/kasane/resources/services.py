"""Changes to the register: each one transaction with one audit entry. The register holds no personal data,
so the entries name the record and the fields changed, like the agency directory's."""

from __future__ import annotations

from django.db import transaction

from kasane import audit
from kasane.accounts import permissions
from kasane.audit.actor import Actor
from kasane.resources.models import Location, Organization, Schedule, Service
from kasane.tenancy.models import Municipality


class RegisterError(Exception):
    """A change the register refuses; the message is shown to staff."""


def may_edit(actor: Actor, municipality: Municipality) -> bool:
    """Whether the actor keeps this municipality's register (``resource.edit``): checked by every change, not
    only by the pages, so the API, a command and the demo meet the same rule."""
    return actor.user is not None and permissions.has_perm(
        actor.user, "resource.edit", municipality=municipality
    )


@transaction.atomic
def save_service(
    service: Service,
    organization: Organization,
    location: Location | None,
    schedules: list[Schedule],
    *,
    changed: list[str],
    actor: Actor,
) -> Service:
    """Create or update an activity with its organisation, place and schedules, all or nothing."""
    municipality = actor.municipality
    if municipality is None:
        raise RegisterError("市町村を選んでから登録してください。")
    if not may_edit(actor, municipality):
        raise RegisterError("社会資源を登録・編集する権限がありません。")
    creating = service.pk is None
    for record in (organization, location, service):
        if record is not None:
            if record.pk is not None and record.municipality_id != municipality.pk:
                raise RegisterError("他の市町村の社会資源は変更できません。")
            record.municipality = municipality
    organization.save()
    if location is not None:
        location.organization = location.organization or organization
        location.save()
    service.organization = organization
    service.location = location
    if creating:
        service.created_by = actor.user
    service.save()
    service.schedules.all().delete()
    for schedule in schedules:
        schedule.service = service
    Schedule.objects.bulk_create(schedules)
    audit.log(
        "resource.created" if creating else "resource.updated",
        actor=actor,
        obj=service,
        details={"changed": sorted(changed)},
    )
    return service
