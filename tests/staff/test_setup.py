"""Issue 21, setup: `kasane setup` makes a municipality ready for its first administrator, all of it or nothing,
the same way every time it is run with the same answers, refusing anything else."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from kasane.accounts.models import Membership, Role, User
from kasane.agencies.models import Agency, AgencyKind
from kasane.audit.models import AuditEntry
from kasane.tenancy.codes import municipal_code_error
from kasane.tenancy.models import Area, Municipality, Prefecture
from tests.accounts.test_temporary_passwords import NEW_PASSWORD, enrol, login

pytestmark = pytest.mark.django_db

MORIOKA = [
    "--code", "032018",
    "--name", "盛岡市",
    "--division", "盛岡市 地域福祉課",
    "--admin-username", "admin.chiiki",
    "--admin-name", "地域 太郎",
    "--admin-kana", "ちいき たろう",
    "--area", "北部圏域=北山町,上田",
    "--area", "南部圏域=南大通、津志田",
    "--no-input",
]  # fmt: skip


def setup(*args: str) -> str:
    out = io.StringIO()
    call_command("setup", *args, stdout=out)
    return out.getvalue()


def rows() -> tuple[int, ...]:
    return tuple(
        model.objects.count()
        for model in (Prefecture, Municipality, Area, Agency, User, Membership, AuditEntry)
    )


def test_setup_makes_the_municipality_its_areas_division_and_first_administrator(settings: Any) -> None:
    settings.KASANE_REQUIRE_2FA_FOR_PERSONAL_DATA = True
    out = setup(*MORIOKA)
    city = Municipality.objects.get(code="032018")
    assert city.name == "盛岡市" and city.prefecture.name == "岩手県" and city.prefecture.code == "03"
    assert [(a.name, a.town_list()) for a in city.areas.all()] == [
        ("北部圏域", ["北山町", "上田"]),
        ("南部圏域", ["南大通", "津志田"]),
    ]
    division = Agency.objects.get(municipality=city)
    assert division.name == "盛岡市 地域福祉課" and division.kind == AgencyKind.CITY_DIVISION
    admin = User.objects.get(username="admin.chiiki")
    assert admin.full_name == "地域 太郎" and admin.full_name_kana == "ちいき たろう"
    membership = Membership.objects.get(user=admin)
    assert membership.agency == division and membership.role.code == "city_program"
    password = out.split("仮パスワード：")[1].split()[0]
    assert admin.check_password(password) and admin.must_set_password and admin.requires_two_factor()
    assert "岩手県盛岡市（032018）を設定しました。" in out and "二段階認証" in out
    # Audited in the municipality's own chain, naming what was made.
    actions = list(
        AuditEntry.objects.filter(municipality=city).order_by("seq").values_list("action", flat=True)
    )
    assert actions == ["setup.municipality", "agency.created", "staff.created", "staff.membership_added"]


def test_the_first_administrator_sets_a_password_and_two_factor_then_manages_staff(
    client_for: Any, settings: Any
) -> None:
    settings.KASANE_REQUIRE_2FA_FOR_PERSONAL_DATA = True
    password = setup(*MORIOKA).split("仮パスワード：")[1].split()[0]
    person = client_for(None)
    login(person, "admin.chiiki", password)
    assert person.get(reverse("staff:list")).url == reverse("accounts:set_password")
    person.post(reverse("accounts:set_password"), {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert person.get(reverse("staff:list")).url == reverse("accounts:two_factor_setup")
    enrol(person)
    assert person.get(reverse("staff:list")).status_code == 200
    assert person.get(reverse("staff:new")).status_code == 200


def test_the_same_setup_again_changes_nothing() -> None:
    setup(*MORIOKA)
    admin = User.objects.get(username="admin.chiiki")
    before = rows()
    out = setup(*MORIOKA)
    assert "岩手県盛岡市（032018）は設定済みです。何も変更していません。" in out
    assert "仮パスワード" not in out
    assert rows() == before
    assert User.objects.get(pk=admin.pk).password == admin.password


@pytest.mark.parametrize(
    ("change", "said"),
    [
        (("--name", "盛岡町"), "市町村コード 032018 は「盛岡市」として設定済みです（今回の指定：盛岡町）。"),
        (("--division", "盛岡市 福祉政策課"), "担当課「盛岡市 福祉政策課」がありません。"),
        (("--admin-username", "other.admin"), "管理者「other.admin」が担当課に所属していません。"),
        (("--area", "北部圏域=北山町"), "日常生活圏域「北部圏域」の町名が設定済みのものと違います。"),
    ],
)
def test_a_different_setup_of_the_same_municipality_is_refused(change: tuple[str, str], said: str) -> None:
    setup(*MORIOKA)
    before = rows()
    args = list(MORIOKA)
    if change[0] == "--area":
        args = [a for a in args if not a.startswith("北部圏域")]
        args.remove("--area")
        args += list(change)
    else:
        args[args.index(change[0]) + 1] = change[1]
    with pytest.raises(CommandError) as refused:
        setup(*args)
    assert said in str(refused.value) and "画面" in str(refused.value)
    assert rows() == before


def test_a_second_run_may_add_areas() -> None:
    setup(*MORIOKA)
    city = Municipality.objects.get(code="032018")
    out = setup(*MORIOKA, "--area", "西部圏域=繋,太田")
    assert "盛岡市に日常生活圏域を加えました：西部圏域" in out and "仮パスワード" not in out
    assert [a.name for a in city.areas.all()] == ["北部圏域", "南部圏域", "西部圏域"]
    assert AuditEntry.objects.filter(municipality=city, action="setup.areas_added").count() == 1
    assert "何も変更していません" in setup(*MORIOKA, "--area", "西部圏域=繋,太田")


def test_a_municipality_made_only_in_part_is_refused_not_completed() -> None:
    """Made by hand in `kasane shell` without its division: setup does not guess, it says what is missing."""
    prefecture = Prefecture.objects.create(code="03", name="岩手県")
    Municipality.objects.create(prefecture=prefecture, code="032018", name="盛岡市")
    before = rows()
    with pytest.raises(CommandError) as refused:
        setup(*MORIOKA)
    assert "担当課「盛岡市 地域福祉課」がありません。" in str(refused.value)
    assert rows() == before


@pytest.mark.parametrize(
    ("code", "said"),
    [
        ("032017", "検査数字（6桁目）が合いません。03201 の検査数字は 8 です。"),
        ("03201", "6桁の数字"),
        ("482018", "先頭2桁「48」は都道府県コード（01〜47）ではありません。"),
        ("030007", "都道府県のコードです。"),
    ],
)
def test_a_wrong_code_is_refused_before_anything_is_written(code: str, said: str) -> None:
    args = list(MORIOKA)
    args[args.index("--code") + 1] = code
    before = rows()
    with pytest.raises(CommandError) as refused:
        setup(*args)
    assert said in str(refused.value)
    assert rows() == before


def test_real_codes_pass_the_check_digit() -> None:
    for code in ("011002", "032018", "131016", "271004", "472018"):  # 札幌・盛岡・千代田区・大阪・那覇
        assert municipal_code_error(code) is None, code


def test_missing_answers_are_named_and_a_taken_user_name_is_refused(make_user: Any) -> None:
    with pytest.raises(CommandError) as missing:
        setup("--code", "032018", "--no-input")
    assert "市町村名" in str(missing.value) and "最初の管理者のユーザー名" in str(missing.value)
    make_user("admin.chiiki")
    before = rows()
    with pytest.raises(CommandError) as taken:
        setup(*MORIOKA)
    assert "ユーザー名「admin.chiiki」は既に使われています。" in str(taken.value)
    assert rows() == before


def test_a_failure_part_way_leaves_nothing_behind() -> None:
    """The administrator's role is missing (a database not migrated to the end): the municipality, its areas and
    division made before the failure are rolled back with it."""
    Role.objects.filter(code="city_program").delete()
    before = rows()
    with pytest.raises(Role.DoesNotExist):
        setup(*MORIOKA)
    assert rows() == before
