"""Denied reads are audited (issue 12, point 16): a 404 for a record outside one's basis leaves an entry
naming who asked for which kind and number, and whether it exists, never whose it is."""

from __future__ import annotations

from typing import Any

import pytest

from kasane.audit.models import AuditEntry
from tests import factories

pytestmark = pytest.mark.django_db


def test_a_refused_record_leaves_an_entry_and_names_no_one(
    world: dict[str, Any], client_for: Any, make_user: Any
) -> None:
    r = factories.journey(world)
    outsider = make_user("south", world["agencies"]["houkatsu_south"], "soudanin")  # no basis here
    client = client_for(outsider)
    probes = {
        "casework.person": (f"/people/{r['mother'].pk}/", r["mother"].pk),
        "casework.household": (f"/households/{r['household'].pk}/", r["household"].pk),
        "casework.consultation": (f"/consultations/{r['consultation'].pk}/", r["consultation"].pk),
        "casework.referral": (f"/referrals/{r['referral'].pk}/", r["referral"].pk),
        "casework.case": (f"/cases/{r['case'].pk}/", r["case"].pk),
    }
    for kind, (url, pk) in probes.items():
        assert client.get(url).status_code == 404, url
        entry = AuditEntry.objects.filter(action="access.denied").latest("id")
        assert (entry.object_type, entry.object_id) == (kind, str(pk)), url
        assert entry.actor == outsider and entry.details == {"exists": True}
        assert entry.person_id == "" and entry.object_label == ""
    assert client.get("/people/999999/").status_code == 404
    missing = AuditEntry.objects.filter(action="access.denied").latest("id")
    assert (missing.object_id, missing.details) == ("999999", {"exists": False})
    # The API refuses the same way, and says so in the trail too.
    assert client.get(f"/api/v1/persons/{r['mother'].pk}").status_code == 404
    assert AuditEntry.objects.filter(action="access.denied", object_type="casework.person").count() == 3
