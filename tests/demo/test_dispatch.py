"""The demo's dispatches, loaded after readiness.demo on a 北海道 of its own: six finished last 年度, four at
different steps this 年度, experts and the library, all made through the services."""

from __future__ import annotations

from typing import Any

import pytest

from kasane.accounts.models import Membership, Role, User
from kasane.agencies.models import Agency, AgencyKind, OperationForm
from kasane.demo.prefecture import BackupStaff
from kasane.demo.prefecture import dispatch as dispatch_demo
from kasane.demo.prefecture import readiness as readiness_demo
from kasane.dispatch import hub, matching
from kasane.dispatch.deidentify import identifier_errors
from kasane.dispatch.models import Dispatch, DispatchStatus, Expert, Practice, WorksheetEntry
from kasane.lib.dates import fiscal_year, today
from kasane.tenancy.models import Municipality, Prefecture

pytestmark = pytest.mark.django_db


def _user(username: str, agency: Agency, role: str) -> User:
    user = User.objects.create_user(
        username=username, password="kasane-test-pass-2026", full_name=f"{username} 職員"
    )
    Membership.objects.create(user=user, agency=agency, role=Role.objects.get(code=role))
    return user


@pytest.fixture
def loaded() -> dict[str, Any]:
    hokkaido = Prefecture.objects.create(code="01", name="北海道")

    def agency(name: str, kind: str) -> Agency:
        return Agency.objects.create(
            prefecture=hokkaido, name=name, kind=kind, operation_form=OperationForm.DIRECT
        )

    ken = _user("ken", agency("北海道 保健福祉部 地域福祉課", AgencyKind.PREFECTURE), "prefecture")
    fasi = _user("fasi", agency("ほくとう地域共生研究所", AgencyKind.OTHER), "backup_contractor")
    staff = BackupStaff(prefecture=ken, facilitators=[fasi])
    day = today()
    readiness_demo.load(hokkaido, day, staff)
    dispatch_demo.load(hokkaido, day, staff)  # its speed is in benchmarks/demo_load.py, not asserted here
    return {"prefecture": hokkaido, "ken": ken, "fasi": fasi}


def test_ten_dispatches_over_two_years(loaded: dict[str, Any]) -> None:
    year = fiscal_year(today())
    last = Dispatch.objects.filter(fiscal_year=year - 1)
    assert last.count() == 6
    assert set(last.values_list("status", flat=True)) == {DispatchStatus.CONCLUDED}
    for dispatch in last:
        assert dispatch.agreed_by == loaded["ken"]
        assert dispatch.hearings.count() == 1
        goals = list(dispatch.goals.all())
        assert len(goals) == 2 and all(hasattr(g, "outcome") for g in goals)
        assert dispatch.workshops.get().worksheets.count() >= 2
    now = {d.municipality.name: d.status for d in Dispatch.objects.filter(fiscal_year=year)}
    assert now == {
        "八雲町": DispatchStatus.WORKSHOP_HELD,
        "栗山町": DispatchStatus.GOALS_SET,
        "美幌町": DispatchStatus.HEARD,
        "中標津町": DispatchStatus.RECEIVED,
    }
    assert Dispatch.objects.get(municipality__name="中標津町").agreed_on is None
    # Outcomes moved some municipalities' readiness; every such rating is dated in last year's March.
    rated = [
        g.outcome.rating for d in last for g in d.goals.select_related("outcome__rating") if g.outcome.rating
    ]
    assert rated and all(r.rated_on.month == 3 for r in rated)


def test_worksheets_are_de_identified(loaded: dict[str, Any]) -> None:
    entries = list(WorksheetEntry.objects.all())
    assert len(entries) >= 12
    for entry in entries:
        for name in WorksheetEntry.TEXT_FIELDS:
            assert identifier_errors(getattr(entry, name)) == [], (entry.group_label, name)


def test_experts_and_the_library(loaded: dict[str, Any]) -> None:
    assert Expert.objects.count() == 5
    assert Expert.objects.get(user=loaded["fasi"]).name == "石田 里奈"
    practices = Practice.objects.filter(prefecture=loaded["prefecture"])
    assert 9 <= practices.count() <= 13
    takasu = practices.get(title__contains="働くきっかけ応援事業")
    assert takasu.municipality == Municipality.objects.get(prefecture=loaded["prefecture"], name="鷹栖町")
    assert "自宅型サロン（12箇所）と拠点型サロン（3箇所）" in takasu.activities
    assert "カフェ運営（調理・配膳・接客）" in takasu.activities and takasu.population == 6_724
    assert not practices.filter(search_text="").exists()


def test_the_hub_offers_a_town_that_asked_for_participation_the_takasu_practice(
    loaded: dict[str, Any],
) -> None:
    town = Municipality.objects.get(prefecture=loaded["prefecture"], name="中標津町")
    stages = hub.current_stages(loaded["prefecture"])
    stated = hub.stated_need(town, stages.get(town.pk, {}), fiscal_year(today()))
    assert "participation" in stated.themes
    need = matching.Need(themes=frozenset(stated.themes), population=town.population, municipality_id=town.pk)
    practices = [p for _obj, p in hub.practice_profiles(loaded["prefecture"]).values()]
    top = [s.name for s in matching.rank((matching.score_practice(need, p) for p in practices), limit=3)]
    assert any("働くきっかけ応援事業" in title for title in top)
