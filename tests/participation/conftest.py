"""The participation tests' world is the access matrix's (tests/conftest.py ``matrix_world``): the 8050
household recorded by 北部包括 with the hub (社協) running its case, 北部包括 on its team. Its 参加支援 (``p``,
written straight to the tables for the access matrix) is set aside here: these tests make every 参加支援 record
they need through the services, starting from none, so that each rule is met in the state it names (no plan
approved yet, no engagement open, an empty register). Added here (``w``): ``reader``, a member of the 社協's
staff who may read its records but not write them. The clock stands still on ``DAY``: no test depends on the
real date."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import time_machine

from kasane.accounts.models import Membership, Role
from kasane.casework.models import Plan, PlanKind
from kasane.meetings.models import Decision
from kasane.participation.models import Development, Engagement
from kasane.resources.models import Location, Organization, Service
from tests.clock import morning_of

from .helpers import DAY


@pytest.fixture(autouse=True)
def _clock() -> Iterator[time_machine.Coordinates]:
    with time_machine.travel(morning_of(DAY), tick=False) as traveller:
        yield traveller


@pytest.fixture
def matrix_world(matrix_world: dict[str, Any]) -> dict[str, Any]:
    """The access matrix's world without its 参加支援: no engagement, no 資源開拓, no 参加支援 plan or its
    approval, nothing in the register."""
    matrix_world.pop("p", None)
    Engagement.objects.all().delete()
    Development.objects.all().delete()
    Decision.objects.filter(plan__kind=PlanKind.PARTICIPATION).delete()
    Plan.objects.filter(kind=PlanKind.PARTICIPATION).delete()
    Service.objects.all().delete()
    Location.objects.all().delete()
    Organization.objects.all().delete()
    return matrix_world


@pytest.fixture
def w(matrix_world: dict[str, Any], make_user: Any) -> dict[str, Any]:
    reader_role = Role.objects.create(code="case_reader", name="ケース閲覧", permissions=["case.view"])
    reader = make_user("yomu", None)
    Membership.objects.create(user=reader, agency=matrix_world["agencies"]["shakyo"], role=reader_role)
    matrix_world["users"]["reader"] = reader
    return matrix_world
