"""Issue 12 review findings on 職員管理: an agency's administrator cannot make a second administrator (which
would let one person hold both halves of a four-eyes reset), and keeps no hold on staff who moved to another
agency or who also work where the administrator has no say."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from kasane.accounts.models import Membership, Role, User

pytestmark = pytest.mark.django_db


def add_role(client: Any, target: User, agency: Any, code: str) -> Any:
    return client.post(
        reverse("staff:add_membership", args=[target.pk]),
        {"agency": agency.pk, "role": Role.objects.get(code=code).pk},
    )


def test_an_agency_administrator_cannot_make_another_administrator(
    client_for: Any, world: dict[str, Any]
) -> None:
    admin = client_for(world["users"]["agency_admin"])
    target = world["users"]["soudanin"]
    north = world["agencies"]["houkatsu_north"]
    page = admin.get(reverse("staff:detail", args=[target.pk])).content.decode()
    assert "相談員</option>" in page and "機関管理者</option>" not in page
    add_role(admin, target, north, "agency_admin")
    assert not target.memberships.filter(role__code="agency_admin").exists()
    created = admin.post(
        reverse("staff:new"),
        {
            "username": "second_admin",
            "full_name": "二人目 管理者",
            "full_name_kana": "ふたりめ かんりしゃ",
            "agency": north.pk,
            "role": Role.objects.get(code="agency_admin").pk,
        },
    )
    assert created.status_code == 200  # the form again, with the role refused
    assert not User.objects.filter(username="second_admin").exists()
    # The municipal administrator names an agency's administrators.
    city = client_for(world["users"]["city"])
    assert add_role(city, target, north, "agency_admin").status_code == 302
    assert target.memberships.filter(role__code="agency_admin", agency=north).exists()


def test_staff_who_moved_to_another_agency_are_no_longer_the_former_agencys(
    client_for: Any, world: dict[str, Any]
) -> None:
    moved = world["users"]["soudanin"]
    Membership.objects.filter(user=moved).update(is_active=False)
    Membership.objects.create(
        user=moved, agency=world["agencies"]["houkatsu_south"], role=Role.objects.get(code="soudanin")
    )
    former = client_for(world["users"]["agency_admin"])  # 北部包括's administrator
    password = moved.password
    assert former.get(reverse("staff:detail", args=[moved.pk])).status_code == 404
    for name in ("staff:reset_password", "staff:reset_two_factor", "staff:unlock"):
        assert former.post(reverse(name, args=[moved.pk])).status_code == 404, name
    assert add_role(former, moved, world["agencies"]["houkatsu_north"], "soudanin").status_code == 404
    moved.refresh_from_db()
    assert moved.password == password and not moved.must_set_password
    assert moved.memberships.filter(is_active=True).count() == 1
    # The new agency's administrator manages them.
    south = client_for(world["users"]["other_admin"])
    assert south.get(reverse("staff:detail", args=[moved.pk])).status_code == 200


def test_someone_with_no_current_membership_can_be_taken_back(client_for: Any, world: dict[str, Any]) -> None:
    returning = world["users"]["soudanin"]
    Membership.objects.filter(user=returning).update(is_active=False)
    admin = client_for(world["users"]["agency_admin"])
    assert admin.get(reverse("staff:detail", args=[returning.pk])).status_code == 200
    assert add_role(admin, returning, world["agencies"]["houkatsu_north"], "viewer").status_code == 302
    assert returning.memberships.filter(is_active=True, role__code="viewer").exists()


def test_a_member_of_two_agencies_is_reset_only_by_a_manager_of_both(
    client_for: Any, world: dict[str, Any]
) -> None:
    shared = world["users"]["soudanin"]
    Membership.objects.create(
        user=shared, agency=world["agencies"]["houkatsu_south"], role=Role.objects.get(code="soudanin")
    )
    admin = client_for(world["users"]["agency_admin"])
    page = admin.get(reverse("staff:detail", args=[shared.pk]))
    assert page.status_code == 200
    text = page.content.decode()
    assert "管理していない機関への所属" in text and "仮パスワードを発行する" not in text
    password = shared.password
    for name in ("staff:reset_password", "staff:reset_two_factor", "staff:unlock"):
        assert admin.post(reverse(name, args=[shared.pk])).status_code == 404, name
    shared.refresh_from_db()
    assert shared.password == password and not shared.must_set_password
    # The municipal administrator manages every agency of the municipality.
    city = client_for(world["users"]["city"])
    assert city.post(reverse("staff:reset_password", args=[shared.pk])).status_code == 200
    shared.refresh_from_db()
    assert shared.must_set_password


def test_an_agency_administrator_cannot_reset_another_administrator(
    client_for: Any, world: dict[str, Any]
) -> None:
    """Review of the fix above: resetting a fellow administrator (who may not have set up 2FA yet) would hand
    an agency administrator a second administrator account all the same."""
    north = world["agencies"]["houkatsu_north"]
    fellow = world["users"]["soudanin"]
    Membership.objects.create(user=fellow, agency=north, role=Role.objects.get(code="agency_admin"))
    admin = client_for(world["users"]["agency_admin"])
    page = admin.get(reverse("staff:detail", args=[fellow.pk])).content.decode()
    assert "職員を管理する役割" in page and "仮パスワードを発行する" not in page
    password = fellow.password
    for name in ("staff:reset_password", "staff:reset_two_factor", "staff:unlock"):
        assert admin.post(reverse(name, args=[fellow.pk])).status_code == 404, name
    assert add_role(admin, fellow, north, "viewer").status_code == 404
    fellow.refresh_from_db()
    assert fellow.password == password and not fellow.must_set_password
    city = client_for(world["users"]["city"])
    assert city.post(reverse("staff:reset_password", args=[fellow.pk])).status_code == 200


def test_a_manager_refused_case_records_is_not_told_to_ask_the_manager(
    client_for: Any, world: dict[str, Any]
) -> None:
    """Issue 13, point 2: 機関管理者 got 403 on ケース with 「所属機関の管理者…に相談してください」."""
    page = client_for(world["users"]["agency_admin"]).get(reverse("cases:list"))
    text = page.content.decode()
    assert page.status_code == 403 and "所属機関の管理者" not in text
    assert "役割の追加を市の管理者に依頼してください" in text
    other = client_for(world["users"]["viewer"]).get(reverse("cases:list")).content.decode()
    assert "所属機関の管理者または市の事業担当者に相談してください" in other
