"""Withdrawing the consent behind a 多機関協働 case ends at once everything it opened, for the 多機関協働事業者
that runs the case as for its team (issue 12, point 1): the other agency's persons and its consultation are
404 again; the hub keeps its own case records."""

from __future__ import annotations

from typing import Any

import pytest

from kasane.casework.models import Case
from tests import factories

pytestmark = pytest.mark.django_db


def test_withdrawal_ends_the_hubs_reach_into_the_owner_agencys_records(
    world: dict[str, Any], client_for: Any
) -> None:
    r = factories.journey(world)
    Case.objects.filter(pk=r["case"].pk).update(consultation=r["consultation"])
    hub = client_for(world["users"]["coordinator"])
    reached = {
        "person": f"/people/{r['mother'].pk}/",
        "son": f"/people/{r['son'].pk}/",
        "household": f"/households/{r['household'].pk}/",
        "consultation": f"/consultations/{r['consultation'].pk}/",
        "consultation sheet": f"/cases/consultations/{r['consultation'].pk}/sheet.pdf",
        "api person": f"/api/v1/persons/{r['mother'].pk}",
        "api consultation": f"/api/v1/consultations/{r['consultation'].pk}",
    }
    assert {name: hub.get(url).status_code for name, url in reached.items()} == dict.fromkeys(reached, 200)

    owner = client_for(world["users"]["soudanin"])
    response = owner.post(
        f"/consents/{r['consent'].pk}/withdraw/",
        {"withdrawn_on": "R8.11.22", "withdrawal_note": "本人から電話で撤回の申し出"},
    )
    assert response.status_code == 302
    after = {name: hub.get(url).status_code for name, url in reached.items()}
    assert after == dict.fromkeys(reached, 404), after
    # The hub's own record of the case stays, without the household's members it can no longer see.
    page = hub.get(f"/cases/{r['case'].pk}/")
    assert page.status_code == 200
    assert r["son"].name not in page.content.decode()
    # The agency that recorded them still sees its own.
    assert owner.get(reached["person"]).status_code == 200
