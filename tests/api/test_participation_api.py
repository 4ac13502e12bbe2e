"""参加支援 through the API (kasane.api.participation): the placements of the engagements the caller may see and
one engagement with its placements, through the same rule book and access helper as the pages, leaving the
same audit entries. The world is the access matrix's: the 社協's engagement for the 8050 household's son, from
the case it runs, with a placement at a farm in 体験 (tests/conftest.py ``matrix_participation``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from kasane.audit.models import AuditEntry, Basis
from kasane.casework.models import TeamMember
from kasane.lib.dates import today
from kasane.outreach.models import Stage as OutreachStage
from kasane.participation.models import Engagement, FollowUp, HostConsent, Placement, Stage, StageChange
from kasane.resources.models import Service
from tests import factories

pytestmark = pytest.mark.django_db

PLACEMENTS = "/api/v1/participation/placements"


def _url(engagement: Engagement) -> str:
    return f"/api/v1/participation/engagements/{engagement.pk}"


def _entries(action: str) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(action=action).order_by("id"))


@pytest.fixture
def p(matrix_world: dict[str, Any]) -> dict[str, Any]:
    return matrix_world["p"]


@pytest.fixture
def coordinator(client_for: Any, matrix_world: dict[str, Any]) -> Client:
    return client_for(matrix_world["users"]["coordinator"])


def test_the_list_shows_the_visible_placements_and_audits_the_persons_shown(
    coordinator: Client, matrix_world: dict[str, Any], p: dict[str, Any]
) -> None:
    w, placement = matrix_world, p["placement"]
    day = today()
    answer = coordinator.get(PLACEMENTS)
    assert answer["X-Total-Count"] == "1" and "Link" not in answer
    rows = answer.json()
    assert rows == [
        {
            "id": placement.pk,
            "engagement_id": p["engagement"].pk,
            "person_id": w["r"]["son"].pk,
            "person_name": "髙橋 一郎",
            "service_id": p["service"].pk,
            "service": "みどり農園 就労体験",
            "organization": "みどり農園",
            "stage": "trial",
            "stage_label": "体験",
            "proposed_on": day.isoformat(),
            "ended_on": None,
            "next_follow_up_on": day.isoformat(),
        }
    ]
    listed = _entries("participation.listed")
    assert len(listed) == 1
    assert listed[0].details == {"persons": [w["r"]["son"].pk], "count": 1}
    assert listed[0].actor == w["users"]["coordinator"] and listed[0].basis == Basis.OWN
    assert coordinator.get(f"{PLACEMENTS}?stage=trial").json() == rows
    assert coordinator.get(f"{PLACEMENTS}?stage=settled").json() == []
    # An empty list names no one, so it leaves no entry.
    assert len(_entries("participation.listed")) == 2


def test_one_engagement_with_its_placements_and_an_audited_read(
    coordinator: Client, matrix_world: dict[str, Any], p: dict[str, Any]
) -> None:
    w, e, placement = matrix_world, p["engagement"], p["placement"]
    day = today().isoformat()
    data = coordinator.get(_url(e)).json()
    assert {k: v for k, v in data.items() if k != "placements"} == {
        "id": e.pk,
        "number": e.number,
        "person_id": w["r"]["son"].pk,
        "person_name": "髙橋 一郎",
        "owner_agency": "テスト市社会福祉協議会",
        "origin": "case",
        "origin_label": "多機関協働のケースから",
        "case_id": w["r"]["case"].pk,
        "referral_id": None,
        "started_on": day,
        "lead": "kyodo 職員",
        "status": "open",
        "status_label": "支援中",
        "approved_on": day,
        "urgent_started_on": None,
        "urgent_reason": "",
        "ended_on": None,
        "end_reason": None,
        "end_reason_label": "",
        "end_note": "",
        "basis": "own",
        "basis_label": "自機関の記録",
    }
    [shown] = data["placements"]
    assert shown["id"] == placement.pk and shown["stage"] == "trial"
    assert shown["host_consent"] == {
        "fields": ["name", "days"],
        "field_labels": ["氏名", "通える曜日・時間"],
        "obtained_on": day,
        "method": "written",
        "method_label": "書面",
        "obtained_by_name": "kyodo 職員",
    }
    assert [(s["from_stage"], s["to_stage"]) for s in shown["stage_history"]] == [
        (None, "proposed"),
        ("proposed", "trial"),
    ]
    assert shown["next_follow_up_on"] == day and shown["follow_up_days"] == 14
    [read] = _entries("participation.viewed")
    assert (read.person_id, read.basis, read.basis_ref) == (
        str(w["r"]["son"].pk),
        Basis.OWN,
        f"participation:{e.pk}",
    )
    assert read.actor == w["users"]["coordinator"]


def test_a_withdrawn_host_consent_is_not_shown_as_standing(coordinator: Client, p: dict[str, Any]) -> None:
    HostConsent.objects.filter(pk=p["consent"].pk).update(withdrawn_on=today())
    [shown] = coordinator.get(_url(p["engagement"])).json()["placements"]
    assert shown["host_consent"] is None


def test_the_case_team_reads_it_on_that_basis(
    client_for: Any, matrix_world: dict[str, Any], p: dict[str, Any]
) -> None:
    """北部包括 recorded the household and sits on the case's team: its 相談員 reads the engagement because of
    the team, while the case's consent stands; having referred the household gives no basis of its own."""
    w, e = matrix_world, p["engagement"]
    soudanin = client_for(w["users"]["soudanin"])
    assert soudanin.get(_url(e)).json()["basis"] == "case_team"
    assert [r["id"] for r in soudanin.get(PLACEMENTS).json()] == [p["placement"].pk]
    [read] = _entries("participation.viewed")
    assert read.basis == Basis.CASE_TEAM and read.actor == w["users"]["soudanin"]
    TeamMember.objects.filter(case=w["r"]["case"], agency=w["agencies"]["houkatsu_north"]).update(
        left_on=today()
    )
    assert soudanin.get(_url(e)).status_code == 404
    assert soudanin.get(PLACEMENTS).json() == []


def test_outsiders_get_404_and_the_refusal_is_recorded(
    client_for: Any, matrix_world: dict[str, Any], p: dict[str, Any]
) -> None:
    users, e = matrix_world["users"], p["engagement"]
    # Staff of the same municipality without a basis: 南部包括 and the city's programme staff.
    for key in ("other_agency", "city", "pledged"):
        client = client_for(users[key])
        response = client.get(_url(e))
        assert (response.status_code, response.json()) == (404, {"detail": "見つかりません。"})
        assert client.get(PLACEMENTS).json() == []
    # Another municipality's staff: the same answer as for a record that does not exist.
    other = client_for(users["other_city"])
    assert other.get(_url(e)).json() == other.get("/api/v1/participation/engagements/999999").json()
    assert other.get(_url(e)).status_code == 404
    denied = _entries("access.denied")
    assert {(d.object_type, d.object_id) for d in denied} == {
        ("participation.engagement", str(e.pk)),
        ("participation.engagement", "999999"),
    }
    assert {d.details["exists"] for d in denied if d.object_id == str(e.pk)} == {True, False}
    assert not _entries("participation.viewed") and not _entries("participation.listed")
    # Roles that see no personal data, and the prefecture, are refused outright.
    for key in ("viewer", "agency_admin", "prefecture"):
        client = client_for(users[key])
        assert client.get(_url(e)).status_code == 403
        assert client.get(PLACEMENTS).status_code == 403
    assert client_for(None).get(PLACEMENTS).status_code == 401
    assert client_for(None).get(_url(e)).status_code == 401


def test_the_list_pages_by_fifty_without_losing_any(
    coordinator: Client, matrix_world: dict[str, Any], p: dict[str, Any]
) -> None:
    e, farm = p["engagement"], p["service"]
    start = today() - dt.timedelta(days=100)
    for i in range(59):
        Placement.objects.create(
            engagement=e, service=farm, stage=Stage.ENDED, proposed_on=start + dt.timedelta(days=i)
        )
    pages = [coordinator.get(f"{PLACEMENTS}?page={n}").json() for n in (1, 2, 3)]
    assert [len(rows) for rows in pages] == [50, 10, 0]
    ids = [r["id"] for rows in pages for r in rows]
    assert len(ids) == len(set(ids)) == 60 and ids[0] == p["placement"].pk
    # One entry per page that showed someone.
    assert len(_entries("participation.listed")) == 2


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_query_counts_do_not_grow_with_the_records(
    coordinator: Client, matrix_world: dict[str, Any], p: dict[str, Any]
) -> None:
    w, e = matrix_world, p["engagement"]
    urls = [PLACEMENTS, _url(e)]
    coordinator.get(PLACEMENTS)  # the session's first request stamps it
    before = [_queries(coordinator, url) for url in urls]
    mother = Engagement.objects.create(
        municipality=w["municipality"],
        owner_agency=w["agencies"]["shakyo"],
        person=w["r"]["mother"],
        origin="case",
        case=w["r"]["case"],
        started_on=today(),
    )
    for i in range(4):
        host = Service.objects.create(
            municipality=w["municipality"], organization=p["service"].organization, name=f"受け入れ先{i}"
        )
        for engagement in (e, mother):
            placement = Placement.objects.create(engagement=engagement, service=host, proposed_on=today())
            StageChange.objects.create(
                placement=placement, to_stage=Stage.PROPOSED, on=today(), author_name="x"
            )
            HostConsent.objects.create(
                placement=placement, fields=["name"], obtained_on=today(), method="oral", obtained_by_name="x"
            )
            FollowUp.objects.create(placement=placement, due_on=today(), author_name="x")
    assert [_queries(coordinator, url) for url in urls] == before


def test_the_openapi_document_lists_the_participation_operations(client: Client) -> None:
    doc = client.get("/api/v1/openapi.json").json()
    paths = doc["paths"]
    listing = paths[PLACEMENTS]["get"]
    one = paths["/api/v1/participation/engagements/{engagement_id}"]["get"]
    assert set(paths[PLACEMENTS]) == {"get"}
    assert listing["tags"] == one["tags"] == ["参加支援（個人情報）"]
    assert set(listing["responses"]) == {"200", "401", "403", "422"}
    assert set(one["responses"]) == {"200", "401", "403", "404", "422"}
    stage = next(p["schema"] for p in listing["parameters"] if p["name"] == "stage")
    assert stage["anyOf"][0]["enum"] == [s.value for s in Stage]
    # Outreach's Stage keeps its component: participation's stages are written out in place.
    assert doc["components"]["schemas"]["Stage"]["enum"] == [s.value for s in OutreachStage]


def test_a_consent_naming_the_agency_opens_it(
    client_for: Any, matrix_world: dict[str, Any], p: dict[str, Any]
) -> None:
    """A consent the 社協 obtained from the son, naming 南部包括, opens the engagement to it."""
    w = matrix_world
    other = client_for(w["users"]["other_agency"])
    assert other.get(_url(p["engagement"])).status_code == 404
    factories.consent(
        w["r"]["son"], w["agencies"]["shakyo"], collaboration=False, shared=[w["agencies"]["houkatsu_south"]]
    )
    assert other.get(_url(p["engagement"])).json()["basis"] == "consent"
