"""The 「情報の提供先」 section of a person's page, for the owner agency's staff and 開示 staff."""

from __future__ import annotations

from typing import Any

from django import template

from kasane.accounts import permissions
from kasane.casework.models import Person
from kasane.casework.visibility import Viewer
from kasane.governance.access import DISCLOSURE
from kasane.governance.trail import PAGE_BASES, recipients

register = template.Library()


def may_see_recipients(request: Any, person: Person) -> bool:
    """Staff of the agency that recorded the person, and staff who handle 開示 in this municipality."""
    municipality = getattr(request, "municipality", None)
    viewer = Viewer.of(request.user, municipality)
    if viewer is not None and person.owner_agency_id in viewer.agency_ids:
        return True
    return municipality is not None and permissions.has_perm(
        request.user, DISCLOSURE, municipality=municipality
    )


@register.inclusion_tag("governance/_disclosure_records.html", takes_context=True)
def disclosure_records(context: dict[str, Any], person: Person) -> dict[str, Any]:
    request = context["request"]
    if not may_see_recipients(request, person):
        return {"hidden": True}
    return {
        "hidden": False,
        "recipients": recipients(person, bases=PAGE_BASES),
        "owner": person.owner_agency.name,
    }
