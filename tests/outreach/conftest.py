"""The outreach tests' world is the access matrix's (tests/conftest.py ``matrix_world``): the 8050 household
recorded by 北部包括 with the hub (社協) running its case, the 包括的支援会議 with its §106-6 item, and the 社協's
outreach target for the son raised at that item (``o``). Added here: ``reader``, a member of the 社協's staff
who may read its records but not write them. The clock stands still on ``DAY``: no test depends on the real
date."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import time_machine

from kasane.accounts.models import Membership, Role
from tests.clock import morning_of

from .helpers import DAY


@pytest.fixture(autouse=True)
def _clock() -> Iterator[time_machine.Coordinates]:
    with time_machine.travel(morning_of(DAY), tick=False) as traveller:
        yield traveller


@pytest.fixture
def w(matrix_world: dict[str, Any], make_user: Any) -> dict[str, Any]:
    reader_role = Role.objects.create(code="case_reader", name="ケース閲覧", permissions=["case.view"])
    reader = make_user("yomu", None)
    Membership.objects.create(user=reader, agency=matrix_world["agencies"]["shakyo"], role=reader_role)
    matrix_world["users"]["reader"] = reader
    return matrix_world
