"""The 総括・考察 page: support staff write the chapter and the smallest sample; one audit entry per save,
a clear error and nothing written on bad input, and the report page says when the chapter is empty."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import time_machine
from django.urls import reverse

from kasane.annual_report.models import Review
from kasane.audit.models import AuditEntry
from kasane.readiness.models import SupportSettings
from tests.annual_report.conftest import DAY, YEAR
from tests.clock import morning_of

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def on_report_day() -> Iterator[None]:
    with time_machine.travel(morning_of(DAY), tick=True):
        yield


def _url() -> str:
    return reverse("annual_report:review", args=[YEAR])


def test_officer_writes_the_review_and_the_threshold(
    records: dict[str, Any], world: dict[str, Any], client_for: Any
) -> None:
    ken = client_for(world["users"]["prefecture"])
    index = ken.get(reverse("annual_report:index"), {"year": YEAR}).content.decode()
    assert "総括・考察はまだ書かれていません" in index and _url() in index
    assert ken.get(_url()).status_code == 200
    response = ken.post(_url(), {"text": "成果と課題。\n\n次年度に向けて。", "min_sample": "8"})
    assert response.status_code == 302
    review = Review.objects.get(prefecture=records["prefecture"], fiscal_year=YEAR)
    assert review.paragraphs() == ["成果と課題。", "次年度に向けて。"]
    assert review.updated_by == world["users"]["prefecture"]
    assert SupportSettings.objects.get(prefecture=records["prefecture"]).min_sample == 8
    entry = AuditEntry.objects.get(action="annual_report.review_saved")
    assert entry.details["min_sample"] == [3, 8] and entry.details["text_changed"] is True
    index = ken.get(reverse("annual_report:index"), {"year": YEAR}).content.decode()
    assert "成果と課題。" in index and "まだ書かれていません" not in index
    assert "回答が8件以上のときだけ" in index


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("0", "最少の回答数は1以上にしてください。"),
        ("abc", "最少の回答数は数字で入れてください。"),
        ("", "最少の回答数を入れてください。"),
    ],
)
def test_bad_threshold_writes_nothing(
    records: dict[str, Any], world: dict[str, Any], client_for: Any, value: str, message: str
) -> None:
    ken = client_for(world["users"]["prefecture"])
    response = ken.post(_url(), {"text": "書いた", "min_sample": value})
    assert response.status_code == 200 and message in response.content.decode()
    assert not Review.objects.exists()
    assert SupportSettings.objects.get(prefecture=records["prefecture"]).min_sample == 3
    assert not AuditEntry.objects.filter(action="annual_report.review_saved").exists()


def test_only_support_staff_and_only_get_or_post(
    world: dict[str, Any], client_for: Any, records: dict[str, Any]
) -> None:
    assert client_for(None).get(_url()).status_code == 302
    for user in ("city", "soudanin", "other_city"):
        assert (
            client_for(world["users"][user]).post(_url(), {"text": "x", "min_sample": "5"}).status_code == 403
        )
    ken = client_for(world["users"]["prefecture"])
    assert ken.put(_url()).status_code == 405
    assert ken.get(reverse("annual_report:review", args=[1999])).status_code == 404
    assert not Review.objects.exists()
