"""地域づくり's tests: ``community_worker``, the 社協's 地域づくり担当 (role ``community``: directory.view,
community.edit, resource.edit) in the world's municipality."""

from __future__ import annotations

from typing import Any

import pytest

from kasane.accounts.models import User


@pytest.fixture
def community_worker(world: dict[str, Any], make_user: Any) -> User:
    return make_user("chiiki", world["agencies"]["shakyo"], "community")  # type: ignore[no-any-return]
