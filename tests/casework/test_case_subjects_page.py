"""The case page names its 主たる支援対象者 and lets the hub change them (issue 13, point 6)."""

from __future__ import annotations

from typing import Any

import pytest

from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def r(world: dict[str, Any]) -> dict[str, Any]:
    return factories.journey(world)


def test_the_hub_makes_the_son_a_subject_and_the_page_says_so(
    world: dict[str, Any], r: dict[str, Any], client_for: Any
) -> None:
    hub = client_for(world["users"]["coordinator"])
    url = f"/cases/{r['case'].pk}/"
    response = hub.post(url + "subjects/", {"persons": [r["mother"].pk, r["son"].pk]}, follow=True)
    html = response.content.decode()
    assert "主たる支援対象者を変更しました。" in html
    assert "（主たる支援対象者：髙橋 ミツさん、髙橋 一郎さん）" in html
    assert html.count('<span class="tag tag--primary">主たる支援対象者</span>') == 2


def test_a_team_member_cannot_change_them(world: dict[str, Any], r: dict[str, Any], client_for: Any) -> None:
    team = client_for(world["users"]["soudanin"])
    response = team.post(f"/cases/{r['case'].pk}/subjects/", {"persons": [r["son"].pk]}, follow=True)
    assert "多機関協働事業者の担当者が行います" in response.content.decode()
    assert not r["case"].subjects.exists()
    assert "主たる支援対象者を変更する" not in response.content.decode()  # no form for the team


def test_an_outsider_gets_404(world: dict[str, Any], r: dict[str, Any], client_for: Any) -> None:
    other = client_for(world["users"]["other_city"])
    assert other.post(f"/cases/{r['case'].pk}/subjects/", {"persons": [r["son"].pk]}).status_code == 404


def test_a_disclosure_says_whether_the_case_is_about_the_requester(
    world: dict[str, Any], r: dict[str, Any]
) -> None:
    from kasane.casework.personal_data.cases import provider

    r["case"].subjects.set([r["son"]])

    def subject_field(person: Any) -> Any:
        section = next(s for s in provider.collect(person) if s.key == "cases")
        (record,) = section.records
        return next(f for f in record.fields if f.key == "subject")

    assert (subject_field(r["son"]).text, subject_field(r["son"]).value) == ("ご本人を含む", True)
    assert (subject_field(r["mother"]).text, subject_field(r["mother"]).value) == ("ご本人を含まない", False)
