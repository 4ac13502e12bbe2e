"""The JSON API (/api/v1/). Authentication by a system's API key or by the browser's session (auth.py):
anonymous calls and unknown, revoked or expired keys get 401, calls without the permission in the caller's
municipality get 403, records of other municipalities 404, and input that does
not fit the OpenAPI document 422, each declared in the document with its Japanese body (errors.py)."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from ninja import Query, Router, Status
from ninja.errors import HttpError

from kasane.accounts import permissions
from kasane.agencies import navi
from kasane.agencies.access import access_agency
from kasane.agencies.directory import search_agencies
from kasane.agencies.models import Agency, Topic
from kasane.api import errors
from kasane.api.auth import SESSION, SYSTEM_KEY, KasaneAPI
from kasane.api.journey_cases import journey_cases
from kasane.api.outreach import outreach
from kasane.api.paging import whole
from kasane.api.participation import participation
from kasane.api.resources import resources
from kasane.api.schemas import (
    DENIED,
    INVALID,
    NOT_FOUND,
    AgencyOut,
    AreaOut,
    NaviOut,
    RecordId,
    SearchText,
    TopicOut,
)
from kasane.tenancy.models import Area, area_for_address

api = KasaneAPI(
    title="kasane API",
    version="1",
    description=(
        "重層的支援体制整備事業の支援基盤 kasane のAPIです。認証は二通りです。"
        "他のシステムからは、市の管理者が職員管理の「APIキー」で発行したキーを "
        "Authorization: Bearer ヘッダーで送ります。キーは発行した機関の職員として、選ばれた権限の範囲で動き、"
        "操作は監査ログに「[システム] システム名」として記録されます。"
        "ブラウザからは、ログイン中のセッションで認証し、登録・変更には CSRF トークンも送ります。"
        "ログインしていない呼び出しや、失効・期限切れのキーには 401、権限のない操作には 403、"
        "見る根拠のない記録には 404 を返します。"
    ),
    auth=[SYSTEM_KEY, SESSION],
    urls_namespace="api",
    openapi_url="/openapi.json",
    docs_url=None,
)
errors.install(api)
directory = Router(tags=["相談先ナビ・機関一覧"])


def _municipality(request: HttpRequest) -> Any:
    municipality = getattr(request, "municipality", None)
    if municipality is None or not permissions.has_perm(
        request.user,  # type: ignore[arg-type]
        "directory.view",
        municipality=municipality,
    ):
        raise HttpError(403, errors.MESSAGES[403])
    return municipality


def agency_out(agency: Agency) -> dict[str, Any]:
    return {
        "id": agency.pk,
        "name": agency.name,
        "name_kana": agency.name_kana,
        "kind": agency.kind,
        "kind_label": agency.get_kind_display(),
        "support_fields": [{"code": f.code, "name": f.name} for f in agency.support_fields.all()],
        "operation_form": agency.operation_form,
        "operation_label": agency.operation_label,
        "contractor": agency.contractor,
        "department": agency.department,
        "area_id": agency.area_id,
        "area_label": agency.area_label,
        "postal_code": agency.postal_code,
        "address": agency.address,
        "phone": agency.phone,
        "fax": agency.fax,
        "email": agency.email,
        "hours": agency.hours,
        "contact_person": agency.contact_person,
        "handles_text": agency.handles_text,
        "referral_howto": agency.referral_howto,
        "topics": [
            {
                "topic_id": link.topic_id,
                "topic": link.topic.name,
                "level": link.level,
                "level_label": link.get_level_display(),
            }
            for link in agency.agency_topics.all()
        ],
        "updated_at": agency.updated_at.isoformat(),
    }


def topic_out(topic: Topic) -> dict[str, Any]:
    words = topic.keywords.replace("、", "\n").replace(",", "\n").splitlines()
    return {"id": topic.pk, "name": topic.name, "keywords": [w.strip() for w in words if w.strip()]}


def area_out(area: Area) -> dict[str, Any]:
    return {"id": area.pk, "name": area.name, "towns": area.town_list()}


@directory.get("/agencies", response={200: list[AgencyOut], **DENIED, **INVALID}, summary="機関の一覧・検索")
def list_agencies(
    request: HttpRequest,
    response: HttpResponse,
    q: SearchText = "",
    field: SearchText = "",
    area: RecordId | None = None,
    topic: RecordId | None = None,
    kind: SearchText = "",
) -> Any:
    municipality = _municipality(request)
    found = search_agencies(municipality, q=q, field_code=field, area_id=area, topic_id=topic, kind=kind)
    return whole(response, [agency_out(a) for a in found])


@directory.get(
    "/agencies/{agency_id}",
    response={200: AgencyOut, **DENIED, **NOT_FOUND, **INVALID},
    summary="機関の詳細",
)
def get_agency(request: HttpRequest, agency_id: RecordId) -> Any:
    _municipality(request)
    try:
        return agency_out(access_agency(request, agency_id))
    except Http404:
        return Status(404, {"detail": errors.MESSAGES[404]})


@directory.get("/topics", response={200: list[TopicOut], **DENIED}, summary="相談内容の一覧")
def list_topics(request: HttpRequest, response: HttpResponse) -> Any:
    _municipality(request)
    return whole(response, [topic_out(t) for t in Topic.objects.all()])


@directory.get("/areas", response={200: list[AreaOut], **DENIED}, summary="日常生活圏域の一覧")
def list_areas(request: HttpRequest, response: HttpResponse) -> Any:
    municipality = _municipality(request)
    return whole(response, [area_out(a) for a in Area.objects.filter(municipality=municipality)])


@directory.get("/navi", response={200: NaviOut, **DENIED, **INVALID}, summary="相談先ナビ")
def navi_guide(
    request: HttpRequest,
    topic: Query[list[RecordId]] = None,  # type: ignore[assignment]
    q: SearchText = "",
    area: RecordId | None = None,
    address: SearchText = "",
) -> Any:
    municipality = _municipality(request)
    all_topics = list(Topic.objects.all())
    wanted = set(topic or [])
    picked = [t for t in all_topics if t.pk in wanted]
    if q:
        picked += [t for t in navi.topics_for_text(q, all_topics) if t not in picked]
    chosen_area = Area.objects.filter(municipality=municipality, pk=area).first() if area else None
    if chosen_area is None and address:
        chosen_area = area_for_address(municipality, address)
    result = navi.guide(municipality, topics=picked, text=q, area=chosen_area)
    return {
        "topics": [topic_out(t) for t in result.topics],
        "area": area_out(result.area) if result.area else None,
        "hidden_other_area": result.hidden_other_area,
        "matches": [
            {
                "score": m.score,
                "primary_topics": m.primary_topics,
                "other_topics": m.other_topics,
                "text_hit": m.text_hit,
                "agency": agency_out(m.agency),
            }
            for m in result.matches
        ],
        "collaboration_desk": agency_out(result.collaboration_desk) if result.collaboration_desk else None,
    }


api.add_router("/", directory)
# The case records' router (api/casework.py), with the journey's writes added to it (journey.py,
# journey_cases.py): a path's GET and POST must be one route.
api.add_router("/", journey_cases)
api.add_router("/", outreach)
api.add_router("/", resources)
api.add_router("/", participation)
