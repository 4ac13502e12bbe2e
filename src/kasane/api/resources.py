"""社会資源 through the API: the register's search, one activity, and its HSDS export, read-only.

The register holds no personal data: every member of the municipality's staff who may read the directory
(``directory.view``) reads it, as on the pages, and a read leaves no audit entry; the HSDS export leaves the
same ``resource.exported`` entry as the page's. The search runs the page's form, so the same words find the
same activities and the same input is refused with the same Japanese message.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import TextChoices
from django.http import HttpRequest, HttpResponse
from ninja import Router, Schema, Status
from pydantic import Field, WithJsonSchema

from kasane import audit
from kasane.accounts import permissions
from kasane.api.paging import numbered
from kasane.api.schemas import DENIED, INVALID, NOT_FOUND, ErrorOut, PageNumber, RecordId
from kasane.audit.actor import actor_of
from kasane.resources import hsds
from kasane.resources.access import access_service
from kasane.resources.forms import SearchForm
from kasane.resources.models import Category, Frequency, Funding, Load, OrganizationKind, Service
from kasane.resources.models import Status as ServiceStatus
from kasane.resources.queries import search, with_details
from kasane.tenancy.models import Municipality

resources = Router(tags=["社会資源"])
# As many as the register's search page shows at once.
PAGE_SIZE = 50

Weekday = Literal["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
# The page's search box takes at most 60 characters; NUL is no character anyone searches for.
NameText = Annotated[str, Field(max_length=60, pattern=r"^[^\x00]*$")]
TimeText = Annotated[str, Field(max_length=10, pattern=r"^[^\x00]*$")]
ClockTime = Annotated[str, Field(pattern=r"^([01][0-9]|2[0-3]):[0-5][0-9]$")]


def _codes(choices: type[TextChoices]) -> WithJsonSchema:
    """A coded field's values written out in place, not as a component named after the enum: names as plain
    as ``Status`` or ``Category`` would replace another app's component of the same name in the document."""
    return WithJsonSchema({"type": "string", "enum": [str(v) for v in choices.values]})


CategoryCode = Annotated[Category, _codes(Category)]
FundingCode = Annotated[Funding, _codes(Funding)]
StatusCode = Annotated[ServiceStatus, _codes(ServiceStatus)]
LoadCode = Annotated[Load, _codes(Load)]
KindCode = Annotated[OrganizationKind, _codes(OrganizationKind)]
FrequencyCode = Annotated[Frequency, _codes(Frequency)]


class ResourceOrganizationOut(Schema):
    id: int
    hsds_id: str
    name: str
    name_kana: str
    kind: KindCode
    kind_label: str
    phone: str
    email: str
    website: str


class ResourceLocationOut(Schema):
    id: int
    hsds_id: str
    name: str
    address: str
    postal_code: str
    area_id: int | None
    area: str | None
    transportation: str
    accessibility: str


class ResourceScheduleOut(Schema):
    freq: FrequencyCode
    # HSDS's RRULE BYDAY: "MO,WE" weekly, "2WE,4WE" the second and fourth Wednesday of the month.
    byday: str
    label: str
    # Local times of the day (日本時間), "09:30": JSON Schema's "time" format would require an offset.
    opens_at: ClockTime | None
    closes_at: ClockTime | None
    description: str


class ServiceOut(Schema):
    id: int
    hsds_id: str
    name: str
    name_kana: str
    description: str
    categories: list[CategoryCode]
    category_labels: list[str]
    funding: FundingCode
    funding_label: str
    status: StatusCode
    status_label: str
    organization: ResourceOrganizationOut
    location: ResourceLocationOut | None
    schedules: list[ResourceScheduleOut]
    activities: str
    physical_load: LoadCode
    physical_load_label: str
    suits_shy: bool
    transport_provided: bool
    hosts_participants: bool
    hosted_before: bool
    capacity: int | None
    eligibility: str
    minimum_age: int | None
    maximum_age: int | None
    cost: str
    application: str
    contact_name: str
    contact_phone: str
    contact_email: str
    updated_at: dt.datetime


def _municipality(request: HttpRequest) -> Municipality:
    """The caller's municipality, for staff who may read its directory; 403 for anyone else."""
    municipality = getattr(request, "municipality", None)
    if municipality is None or not permissions.has_perm(
        request.user,  # type: ignore[arg-type]
        "directory.view",
        municipality=municipality,
    ):
        raise PermissionDenied
    return municipality


def service_out(s: Service) -> dict[str, Any]:
    org, loc = s.organization, s.location
    return {
        "id": s.pk,
        "hsds_id": str(s.hsds_id),
        "name": s.name,
        "name_kana": s.name_kana,
        "description": s.description,
        "categories": [c for c in s.categories if c in Category.values],
        "category_labels": s.category_labels,
        "funding": s.funding,
        "funding_label": s.get_funding_display(),
        "status": s.status,
        "status_label": s.get_status_display(),
        "organization": {
            "id": org.pk,
            "hsds_id": str(org.hsds_id),
            "name": org.name,
            "name_kana": org.name_kana,
            "kind": org.kind,
            "kind_label": org.get_kind_display(),
            "phone": org.phone,
            "email": org.email,
            "website": org.website,
        },
        "location": None
        if loc is None
        else {
            "id": loc.pk,
            "hsds_id": str(loc.hsds_id),
            "name": loc.name,
            "address": loc.address,
            "postal_code": loc.postal_code,
            "area_id": loc.area_id,
            "area": loc.area.name if loc.area else None,
            "transportation": loc.transportation,
            "accessibility": loc.accessibility,
        },
        "schedules": [
            {
                "freq": sch.freq,
                "byday": sch.byday,
                "label": sch.label,
                "opens_at": f"{sch.opens_at:%H:%M}" if sch.opens_at else None,
                "closes_at": f"{sch.closes_at:%H:%M}" if sch.closes_at else None,
                "description": sch.description,
            }
            for sch in s.schedules.all()
        ],
        "activities": s.activities,
        "physical_load": s.physical_load,
        "physical_load_label": s.get_physical_load_display(),
        "suits_shy": s.suits_shy,
        "transport_provided": s.transport_provided,
        "hosts_participants": s.hosts_participants,
        "hosted_before": s.hosted_before,
        "capacity": s.capacity,
        "eligibility": s.eligibility,
        "minimum_age": s.minimum_age,
        "maximum_age": s.maximum_age,
        "cost": s.cost,
        "application": s.application,
        "contact_name": s.contact_name,
        "contact_phone": s.contact_phone,
        "contact_email": s.contact_email,
        "updated_at": s.updated_at,
    }


@resources.get(
    "/resources/services",
    response={200: list[ServiceOut], 400: ErrorOut, **DENIED, **INVALID},
    summary="社会資源の一覧・検索",
    description=(
        "名前（かな・カナ・半角・異体字を区別しない）、種類、圏域、曜日、時刻（例：10:00、その時刻に開いているもの）、"
        f"受け入れ先になれるものだけ、で絞り込み、ふりがな順に{PAGE_SIZE}件ずつ返します。"
        "休止中・終了したものは inactive=true のときだけ含みます。"
    ),
)
def list_services(
    request: HttpRequest,
    response: HttpResponse,
    q: NameText = "",
    category: CategoryCode | None = None,
    area: RecordId | None = None,
    weekday: Weekday | None = None,
    at: TimeText = "",
    hosts: bool = False,
    inactive: bool = False,
    page: PageNumber = 1,
) -> Any:
    municipality = _municipality(request)
    asked = {"q": q, "category": category, "area": area, "weekday": weekday, "at": at}
    data = {k: str(v) for k, v in asked.items() if v not in (None, "")}
    data |= {k: "on" for k, on in (("hosts", hosts), ("inactive", inactive)) if on}
    form = SearchForm(data, municipality=municipality)
    if not form.is_valid():
        labels = {name: field.label for name, field in form.fields.items()}
        message = "　".join(f"{labels.get(k, k)}：{e}" for k, errs in form.errors.items() for e in errs)
        return Status(400, {"detail": message})
    found = with_details(search(municipality, form.criteria()))
    return [service_out(s) for s in numbered(request, response, found, page, PAGE_SIZE)]


@resources.get(
    "/resources/services/{service_id}",
    response={200: ServiceOut, **DENIED, **NOT_FOUND, **INVALID},
    summary="社会資源",
)
def get_service(request: HttpRequest, service_id: RecordId) -> Any:
    _municipality(request)
    return service_out(access_service(request, service_id))


@resources.get(
    "/resources/hsds",
    response={200: list[dict[str, Any]], **DENIED},
    summary="社会資源の書き出し（HSDS）",
    description=(
        "市町村の社会資源すべてを、Open Referral HSDS 3 の service オブジェクト（団体・場所・日程・連絡先を含む）"
        "の配列で返します。休止中・終了したものも含みます。"
    ),
)
def export_hsds(request: HttpRequest) -> Any:
    municipality = _municipality(request)
    document = hsds.export_document(municipality)
    with transaction.atomic():
        audit.log(
            "resource.exported",
            actor=actor_of(request),
            municipality=municipality,
            details={"format": "json"},
        )
    return document
