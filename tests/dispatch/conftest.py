"""The dispatch tests' world: conftest's with the prefecture's officer, a contractor's facilitator, two experts
and a support user of another prefecture."""

from __future__ import annotations

from typing import Any

import pytest

from kasane.agencies.models import AgencyKind
from kasane.dispatch.models import Expert
from kasane.tenancy.models import Municipality, Prefecture


@pytest.fixture
def d(world: dict[str, Any], make_agency: Any, make_user: Any) -> dict[str, Any]:
    """The prefecture's officer (ken), a contractor's facilitator (fasi), two experts, and a support user of
    another prefecture."""
    contractor = make_agency(None, "ほくとう地域共生研究所", kind=AgencyKind.OTHER, fields=("other",))
    fasi = make_user("fasi", contractor, "backup_contractor")
    hokkaido = Prefecture.objects.create(code="01", name="北海道")
    far_town = Municipality.objects.create(prefecture=hokkaido, code="014524", name="鷹栖町", population=6724)
    far_agency = make_agency(None, "北海道 地域福祉課", kind=AgencyKind.PREFECTURE, fields=("other",))
    far_agency.prefecture = hokkaido
    far_agency.save()
    outsider = make_user("dou", far_agency, "prefecture")
    prefecture = world["municipality"].prefecture
    experts = [
        Expert.objects.create(
            prefecture=prefecture,
            name="工藤 修",
            affiliation="つむぎ",
            themes=["participation"],
            population_bands=[1],
        ),
        Expert.objects.create(
            prefecture=prefecture, name="大森 恵子", affiliation="大学", themes=["internal"]
        ),
    ]
    return {
        **world,
        "ken": world["users"]["prefecture"],
        "fasi": fasi,
        "outsider": outsider,
        "far_town": far_town,
        "experts": experts,
    }
