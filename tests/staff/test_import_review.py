"""Security review of 機関・職員の取り込み (issue 21): attacks that the import must refuse. Each test states the
behaviour the import should have; a failing test is a finding of the review."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from kasane.accounts.models import Membership, Role, User
from kasane.agencies.models import Agency
from kasane.staff.models import StaffImport
from tests import factories
from tests.staff.test_import import upload, workbook

pytestmark = pytest.mark.django_db


@pytest.fixture
def city(world: dict[str, Any], client_for: Any) -> Client:
    return client_for(world["users"]["city"])


def _preview(client: Client, staff: list[list[str]]) -> StaffImport:
    response = upload(client, workbook([], staff))
    assert response.status_code == 302, response.content.decode()
    return StaffImport.objects.get(pk=response.url.rstrip("/").split("/")[-1])


@pytest.mark.parametrize(
    "username",
    [
        "ａｐｉｋｅｙ.deadbeef",  # would fold to a reserved API-key account's name
        "ＳＯＵＤＡＮＩＮ",  # would fold to SOUDANIN beside soudanin
        "ｔｏｎａｒｉ",  # would fold to the neighbour's administrator, a 500 at the unique constraint
    ],
)
def test_a_fullwidth_user_name_is_refused_at_the_preview(
    world: dict[str, Any], city: Client, username: str
) -> None:
    # ASCII only, as the staff form: create_staff folds the name to 半角, round every check made on the text.
    response = upload(city, workbook([], [[username, "山田 太郎", "", "", "地域福祉課", "相談員"]]))
    assert "ユーザー名には半角英数字と @ . + - _ だけが使えます" in response.content.decode()
    assert not StaffImport.objects.exists()
    assert User.objects.filter(username__iexact="soudanin").count() == 1
    assert not User.objects.filter(username__istartswith="apikey.").exists()


def test_apply_puts_the_membership_in_the_agency_the_preview_showed(
    world: dict[str, Any], city: Client
) -> None:
    south, north = world["agencies"]["houkatsu_south"], world["agencies"]["houkatsu_north"]
    batch = _preview(city, [["new.one", "新人 一郎", "", "", "南部地域包括支援センター", "相談員"]])
    # After the preview, the names are swapped on the agency screen.
    south.name = "旧南部"
    south.save()
    north.name = "南部地域包括支援センター"
    north.save()
    city.post(reverse("staff:import_apply", args=[batch.pk]))
    assert not Membership.objects.filter(user__username="new.one", agency=north).exists()


def test_apply_rechecks_an_existing_account_that_moved_to_another_municipality(
    world: dict[str, Any], city: Client, make_user: Any
) -> None:
    south_worker = make_user("south", world["agencies"]["houkatsu_south"], full_name="南 一郎")
    batch = _preview(city, [["south", south_worker.full_name, "", "", "地域福祉課", "相談員"]])
    assert batch.rows[0]["action"] == "add_membership"
    # After the preview the person moves to the neighbouring town (their membership here ends).
    Membership.objects.filter(user=south_worker).update(is_active=False)
    Membership.objects.create(
        user=south_worker, agency=world["agencies"]["other"], role=Role.objects.get(code="soudanin")
    )
    city.post(reverse("staff:import_apply", args=[batch.pk]))
    # The preview's rule (no active membership outside what the administrator manages) must hold at apply.
    assert not Membership.objects.filter(user=south_worker, agency=world["agencies"]["division"]).exists()


def test_another_administrator_cannot_apply_a_pending_import_that_grants_themselves_a_role(
    world: dict[str, Any], city: Client, make_user: Any, client_for: Any
) -> None:
    division = world["agencies"]["division"]
    second = make_user("shi2", division, "city_program", full_name="市 次郎")
    # The first administrator previews one more membership for the second (allowed: it is not their own).
    batch = _preview(city, [["shi2", "市 次郎", "", "", "テスト市社会福祉協議会", "多機関協働担当"]])
    assert batch.rows[0]["action"] == "add_membership"
    client_for(second).post(reverse("staff:import_apply", args=[batch.pk]))
    # The second applies it: they changed their own memberships, which the import refuses to anyone.
    assert not Membership.objects.filter(user=second, agency=world["agencies"]["shakyo"]).exists()


def test_another_administrator_cannot_see_or_apply_someone_elses_pending_import(
    world: dict[str, Any], city: Client, make_user: Any, client_for: Any
) -> None:
    second = client_for(make_user("shi3", world["agencies"]["division"], "city_program"))
    batch = _preview(city, [["pending.one", "保留 一郎", "", "", "地域福祉課", "相談員"]])
    assert second.get(reverse("staff:import_batch", args=[batch.pk])).status_code == 404
    second.post(reverse("staff:import_apply", args=[batch.pk]))
    assert StaffImport.objects.get(pk=batch.pk).state == StaffImport.State.PENDING


def test_undo_keeps_a_membership_the_person_has_since_worked_under(
    world: dict[str, Any], city: Client, make_user: Any
) -> None:
    south_worker = make_user("south", world["agencies"]["houkatsu_south"], full_name="南 一郎")
    batch = _preview(city, [["south", south_worker.full_name, "", "", "テスト市社会福祉協議会", "相談員"]])
    city.post(reverse("staff:import_apply", args=[batch.pk]))
    added = Membership.objects.get(user=south_worker, agency=world["agencies"]["shakyo"])
    # The person logs in after the import and works under the new membership (an existing account: its login
    # is not what undo looks at).
    User.objects.filter(pk=south_worker.pk).update(last_login=added.created_at)
    city.post(reverse("staff:import_undo", args=[batch.pk]))
    assert Membership.objects.filter(pk=added.pk, is_active=True).exists()


def test_apply_rechecks_that_the_role_is_still_one_the_administrator_may_grant(
    world: dict[str, Any], city: Client
) -> None:
    batch = _preview(city, [["grant.me", "付与 一郎", "", "", "地域福祉課", "相談員"]])
    # Roles are data that administrators change: after the preview 相談員 comes to carry the prefecture's reach,
    # which grantable_roles no longer offers the municipal administrator.
    role = Role.objects.get(code="soudanin")
    role.permissions = [*role.permissions, "prefecture.support"]
    role.save()
    city.post(reverse("staff:import_apply", args=[batch.pk]))
    assert not User.objects.filter(username="grant.me").exists()


def test_undo_refuses_while_a_consent_shares_with_an_agency_it_created(
    world: dict[str, Any], city: Client
) -> None:
    # The consent's shared_agencies rows are a CASCADE the Collector fast-deletes: they are in
    # collector.fast_deletes, which _later_records never looks at.
    agencies = [["ひきこもり相談窓口", "", "自立相談支援機関", "生活困窮", "直営", "", "", "", "○"]]
    response = upload(city, workbook(agencies, []))
    batch = StaffImport.objects.get(pk=response.url.rstrip("/").split("/")[-1])
    city.post(reverse("staff:import_apply", args=[batch.pk]))
    window = Agency.objects.get(name="ひきこもり相談窓口")
    north = world["agencies"]["houkatsu_north"]
    factories.consent(factories.person(north), north, shared=[window])
    city.post(reverse("staff:import_undo", args=[batch.pk]))
    window.refresh_from_db()
    assert window.is_active and window.name == "ひきこもり相談窓口"
