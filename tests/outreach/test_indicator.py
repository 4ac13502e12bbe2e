"""Indicator ① (CSWによるアウトリーチ件数), the agency visits it counts, and the municipality's one setting.

The indicator counts contacts on targets and visits to agencies by the date they were made, per month of the
年度 (April to March): an agency's staff and manager see their own agencies' figures, the city's programme
staff the whole municipality's, and never another municipality's."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from kasane.audit.models import AuditEntry
from kasane.outreach import queries
from kasane.outreach.models import AgencyVisit, OutreachSettings, Stage
from tests import factories

from .helpers import target

pytestmark = pytest.mark.django_db

URL = "/outreach/indicator/"


def visit(w: dict[str, Any], agency: Any, on: dt.date, municipality: Any = None) -> AgencyVisit:
    return AgencyVisit.objects.create(
        municipality=municipality or w["municipality"],
        agency=agency,
        on=on,
        counterpart="北町自治会",
        author_name="職員",
    )


@pytest.fixture
def counted(w: dict[str, Any]) -> dict[str, Any]:
    """Besides the matrix world's contact and agency visit (the 社協's, today in November 2026): the 社協's
    records on either side of 1 April 2026, 北部包括's in November, and a visit in the neighbouring town."""
    agencies = w["agencies"]
    shakyo, north = agencies["shakyo"], agencies["houkatsu_north"]
    ours = target(w, "年度をまたぐ対象", raised_on=dt.date(2025, 3, 1), stage=Stage.ATTEMPTING)
    for on in (dt.date(2025, 4, 1), dt.date(2026, 3, 31), dt.date(2026, 4, 1)):
        factories.outreach_contact(ours, on=on)
    visit(w, shakyo, dt.date(2026, 3, 15))
    visit(w, shakyo, dt.date(2026, 4, 10))
    theirs = target(w, "北部包括の対象", owner_agency=north)
    factories.outreach_contact(theirs, on=dt.date(2026, 11, 2), outcome="refused")
    factories.outreach_contact(theirs, on=dt.date(2026, 11, 2), outcome="away")
    visit(w, north, dt.date(2026, 11, 5))
    visit(w, agencies["other"], dt.date(2026, 11, 5), municipality=w["other_municipality"])
    return w


def by_month(months: list[queries.MonthCount]) -> dict[str, tuple[int, int]]:
    return {f"{m.month:%Y-%m}": (m.individual, m.agencies) for m in months if m.total}


def test_the_year_runs_from_april_to_march(counted: dict[str, Any]) -> None:
    months = queries.indicator(None, counted["municipality"].pk, 2025)
    assert [m.month for m in months] == [dt.date(2025, m, 1) for m in range(4, 13)] + [
        dt.date(2026, m, 1) for m in range(1, 4)
    ]


def test_a_march_and_an_april_record_fall_in_different_years(counted: dict[str, Any]) -> None:
    shakyo = [counted["agencies"]["shakyo"].pk]
    municipality = counted["municipality"].pk
    assert by_month(queries.indicator(shakyo, municipality, 2025)) == {
        "2025-04": (1, 0),
        "2026-03": (1, 1),
    }
    assert by_month(queries.indicator(shakyo, municipality, 2026)) == {
        "2026-04": (1, 1),
        "2026-11": (1, 1),  # the matrix world's contact and agency visit
    }


def test_the_city_counts_the_whole_municipality_and_an_agency_its_own(counted: dict[str, Any]) -> None:
    municipality = counted["municipality"].pk
    north = counted["agencies"]["houkatsu_north"].pk
    assert by_month(queries.indicator(None, municipality, 2026)) == {"2026-04": (1, 1), "2026-11": (3, 2)}
    assert by_month(queries.indicator([north], municipality, 2026)) == {"2026-11": (2, 1)}
    other = counted["other_municipality"].pk
    assert by_month(queries.indicator(None, other, 2026)) == {"2026-11": (0, 1)}


@pytest.mark.parametrize(
    ("key", "whole", "totals"),
    [
        ("city", True, {"individual": 4, "agencies": 3, "all": 7}),
        ("coordinator", False, {"individual": 2, "agencies": 2, "all": 4}),
        ("soudanin", False, {"individual": 2, "agencies": 1, "all": 3}),
        ("agency_admin", False, {"individual": 2, "agencies": 1, "all": 3}),  # the manager of 北部包括
        ("other_city", True, {"individual": 0, "agencies": 1, "all": 1}),
    ],
)
def test_the_page_shows_each_reader_their_own_reach(
    counted: dict[str, Any], client_for: Any, key: str, whole: bool, totals: dict[str, int]
) -> None:
    response = client_for(counted["users"][key]).get(URL)
    assert response.status_code == 200
    assert response.context["year"] == 2026 and response.context["whole"] is whole
    assert response.context["totals"] == totals
    page = response.content.decode()
    assert ("市内のすべての機関" in page) is whole
    assert "令和8年度" in page


def test_the_page_turns_to_an_earlier_year_but_not_a_later_one(
    counted: dict[str, Any], client_for: Any
) -> None:
    client = client_for(counted["users"]["coordinator"])
    earlier = client.get(URL, {"year": "2025"})
    assert earlier.context["year"] == 2025 and earlier.context["totals"]["all"] == 3
    assert "令和7年度" in earlier.content.decode()
    for year in ("2031", "next", "2010"):
        assert client.get(URL, {"year": year}).context["year"] in (2026, 2016), year
    assert client.get(URL, {"year": "2010"}).context["year"] == 2016  # ten years back at most


def test_staff_who_see_no_personal_data_and_manage_no_programme_get_no_figures(
    counted: dict[str, Any], client_for: Any
) -> None:
    for key in ("viewer", "prefecture"):
        assert client_for(counted["users"][key]).get(URL).status_code == 403, key


# --- agency visits -----------------------------------------------------------------------------------------


def visit_data(**extra: str) -> dict[str, str]:
    return {
        "on": "R8.11.20",
        "counterpart_kind": "minsei",
        "counterpart": "民生委員 田中さん",
        "purpose": "network",
        "result": "気になる世帯の話を聞いた。",
        **extra,
    }


def test_agency_visits_are_recorded_and_listed_for_their_agency(w: dict[str, Any], client_for: Any) -> None:
    client = client_for(w["users"]["coordinator"])
    response = client.post("/outreach/agency-visits/", visit_data())
    assert response.status_code == 302 and response.url == "/outreach/agency-visits/"
    made = AgencyVisit.objects.get(counterpart="民生委員 田中さん")
    assert (made.agency, made.on) == (w["agencies"]["shakyo"], dt.date(2026, 11, 20))
    page = client.get("/outreach/agency-visits/").content.decode()
    assert "民生委員 田中さん" in page and w["o"]["agency_visit"].counterpart in page
    assert w["o"]["target"].label in page  # the target the matrix world's visit led to
    other = client_for(w["users"]["soudanin"]).get("/outreach/agency-visits/").content.decode()
    assert "民生委員 田中さん" not in other and w["o"]["agency_visit"].counterpart not in other


def test_a_bad_agency_visit_is_refused_in_japanese(w: dict[str, Any], client_for: Any) -> None:
    client = client_for(w["users"]["coordinator"])
    before = AgencyVisit.objects.count()
    for data, error in (
        (visit_data(counterpart=""), "訪問先を入力してください。"),
        (visit_data(on="R8.11.25"), "未来の日付は入力できません。"),
    ):
        response = client.post("/outreach/agency-visits/", data)
        assert response.status_code == 200 and error in response.content.decode()
    # A reader of the 社協 sees the visits, has no form, and is refused if they post one.
    reader = client_for(w["users"]["reader"])
    assert "訪問を記録する" not in reader.get("/outreach/agency-visits/").content.decode()
    refused = reader.post("/outreach/agency-visits/", visit_data()).content.decode()
    assert "訪問を記録できるのは、記録の権限がある職員です。" in refused
    assert AgencyVisit.objects.count() == before


# --- the setting -------------------------------------------------------------------------------------------


def test_the_city_sets_the_days_after_which_a_target_is_stale(w: dict[str, Any], client_for: Any) -> None:
    city = client_for(w["users"]["city"])
    assert 'value="30"' in city.get("/outreach/settings/").content.decode()
    for value, error in (
        ("0", "日数は1から365までで入力してください。"),
        ("abc", "日数は数字で入力してください。"),
    ):
        response = city.post("/outreach/settings/", {"stale_days": value})
        assert response.status_code == 200 and error in response.content.decode()
    assert not OutreachSettings.objects.exists()
    response = city.post("/outreach/settings/", {"stale_days": "14"})
    assert response.status_code == 302
    assert OutreachSettings.objects.get(municipality=w["municipality"]).stale_days == 14
    entry = AuditEntry.objects.get(action="outreach.settings_updated")
    assert entry.details == {"stale_days": 14} and entry.actor == w["users"]["city"]
    assert 'value="14"' in city.get("/outreach/settings/").content.decode()
    # The agencies' staff use the setting; they do not make it.
    assert (
        client_for(w["users"]["coordinator"]).post("/outreach/settings/", {"stale_days": "3"}).status_code
        == 403
    )
    assert OutreachSettings.objects.get().stale_days == 14
