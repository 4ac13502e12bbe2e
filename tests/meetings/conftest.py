"""The meetings tests' world is the access matrix's (tests/conftest.py ``matrix_world``): the 8050 household's
case and the 包括的支援会議 of tests/factories.py ``matrix_meetings``, with city, coordinator and ``pledged``
invited to a §106-6 item, and soudanin and ``unpledged`` members without a pledge."""

from __future__ import annotations

from typing import Any

import pytest


@pytest.fixture
def w(matrix_world: dict[str, Any]) -> dict[str, Any]:
    """The access matrix's world: the journey's case and the 包括的支援会議 with its §106-6 item."""
    return matrix_world
