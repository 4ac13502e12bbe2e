from __future__ import annotations

from django.db.models import Q

from kasane.agencies.models import Agency, AgencyQuerySet
from kasane.lib.text import search_key
from kasane.tenancy.models import Municipality


def search_agencies(
    municipality: Municipality,
    *,
    q: str = "",
    field_code: str = "",
    area_id: int | None = None,
    topic_id: int | None = None,
    kind: str = "",
) -> AgencyQuerySet:
    """The directory's search, shared by the page and the API. Name matching uses the folded key."""
    agencies = Agency.objects.in_municipality(municipality).published()
    if q:
        agencies = agencies.filter(search_text__contains=search_key(q))
    if field_code:
        agencies = agencies.filter(support_fields__code=field_code)
    if area_id:
        # An agency serving the whole city also serves every area.
        agencies = agencies.filter(Q(area_id=area_id) | Q(area__isnull=True))
    if topic_id:
        agencies = agencies.filter(agency_topics__topic_id=topic_id)
    if kind:
        agencies = agencies.filter(kind=kind)
    if field_code or topic_id:
        agencies = agencies.distinct()
    return agencies.for_directory()
