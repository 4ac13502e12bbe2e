"""Setting up a municipality that has chosen kasane: the municipality (by its 全国地方公共団体コード), its 日常生活圏域
with their 町名, the municipal division that runs the programme, and its first administrator (市の事業担当), who
sets their own password and two-factor authentication (TOTP) at first login. ``kasane setup`` calls it.

All of it or nothing, in one transaction with its audit entries. Run again with the same answers it changes
nothing, and with more areas it adds them; with other answers, or over a municipality set up only in part by
other means, it refuses and says what it found, so nothing is overwritten and nothing is left half done."""

from __future__ import annotations

import hmac
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction

from kasane import audit
from kasane.accounts.models import Membership, Role, User
from kasane.accounts.services import create_staff
from kasane.agencies.models import Agency, AgencyKind, OperationForm
from kasane.audit.actor import Actor
from kasane.lib.env import generated_secret
from kasane.tenancy.codes import PREFECTURES, municipal_code_error
from kasane.tenancy.models import Area, Municipality, Prefecture

ADMIN_ROLE = "city_program"  # 市の事業担当: registers agencies and staff, reads the audit trail
USERNAME = re.compile(r"^[\w.@+-]+\Z")
TOKEN_LENGTH = 24


def first_run_open() -> bool:
    """The first-run page answers only on an installation nobody works in yet: no municipality, and no member
    of staff of any agency (a prefecture's own staff included)."""
    return not Municipality.objects.exists() and not Membership.objects.exists()


def first_run_token() -> str:
    """The code the first-run page asks for, kept in the data directory (0600) where only whoever runs the
    server can read it: a stranger who reaches a fresh installation first cannot make themselves its
    administrator."""
    return generated_secret(settings.DATA_DIR / "setup_token")[:TOKEN_LENGTH]


def token_matches(given: str) -> bool:
    return hmac.compare_digest(given.strip().encode(), first_run_token().encode())


class SetupRefused(ValueError):
    """What stops the setup, one problem per line, in Japanese."""

    def __init__(self, problems: Sequence[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = list(problems)


@dataclass(frozen=True)
class AreaSpec:
    name: str
    towns: tuple[str, ...] = ()


@dataclass(frozen=True)
class Setup:
    code: str
    name: str
    division: str
    admin_username: str
    admin_name: str
    admin_kana: str = ""
    admin_email: str = ""
    areas: tuple[AreaSpec, ...] = field(default=())


@dataclass(frozen=True)
class SetupResult:
    municipality: Municipality
    division: Agency
    admin: User
    # The administrator's temporary password, shown once; None when the municipality was already set up.
    password: str | None
    # Areas added to a municipality already set up (the only change a second run may make).
    added_areas: tuple[str, ...] = ()

    @property
    def created(self) -> bool:
        return self.password is not None


def problems_of(setup: Setup) -> list[str]:
    """Everything wrong with the answers themselves, before the database is asked."""
    problems = []
    code_error = municipal_code_error(setup.code)
    if code_error:
        problems.append(code_error)
    for value, label, limit in (
        (setup.name, "市町村名", 40),
        (setup.division, "担当課の名前", 120),
        (setup.admin_username, "管理者のユーザー名", 150),
        (setup.admin_name, "管理者の氏名", 100),
    ):
        if not value.strip():
            problems.append(f"{label}を入力してください。")
        elif len(value) > limit:
            problems.append(f"{label}は{limit}文字以内で入力してください。")
    if setup.admin_username.strip() and not USERNAME.match(setup.admin_username):
        problems.append("管理者のユーザー名には半角英数字と @ . + - _ だけが使えます。")
    names = [area.name for area in setup.areas]
    for area in setup.areas:
        if not area.name.strip():
            problems.append("日常生活圏域の名前が空です。")
    if len(set(names)) != len(names):
        problems.append("同じ名前の日常生活圏域が二つあります。")
    return problems


def set_up(setup: Setup, *, address: str | None = None) -> SetupResult:
    """``address``: the client's, when the first-run page does it (the trail records where it came from)."""
    problems = problems_of(setup)
    if problems:
        raise SetupRefused(problems)
    with transaction.atomic():
        existing = Municipality.objects.filter(code=setup.code).first()
        if existing is not None:
            return _already(existing, setup, address)
        if User.objects.filter(username=User.normalize_username(setup.admin_username)).exists():
            raise SetupRefused(
                [f"ユーザー名「{setup.admin_username}」は既に使われています。別の名前にしてください。"]
            )
        return _create(setup, address)


def _create(setup: Setup, address: str | None) -> SetupResult:
    prefecture, _ = Prefecture.objects.get_or_create(
        code=setup.code[:2], defaults={"name": PREFECTURES[setup.code[:2]]}
    )
    city = Municipality.objects.create(prefecture=prefecture, code=setup.code, name=setup.name.strip())
    _add_areas(city, setup.areas)
    division = Agency(
        prefecture=prefecture,
        municipality=city,
        name=setup.division.strip(),
        kind=AgencyKind.CITY_DIVISION,
        operation_form=OperationForm.DIRECT,
    )
    division.refresh_search_text()
    division.save()
    actor = Actor(municipality=city, prefecture=prefecture, client_address=address)
    audit.log(
        "setup.municipality",
        actor=actor,
        obj=city,
        details={"code": city.code, "name": city.name, "areas": [a.name for a in setup.areas]},
    )
    audit.log("agency.created", actor=actor, obj=division)
    admin, password = create_staff(
        username=setup.admin_username,
        full_name=setup.admin_name.strip(),
        full_name_kana=setup.admin_kana.strip(),
        email=setup.admin_email.strip(),
        agency=division,
        role=Role.objects.get(code=ADMIN_ROLE),
        actor=actor,
    )
    return SetupResult(city, division, admin, password)


def _already(city: Municipality, setup: Setup, address: str | None) -> SetupResult:
    """The municipality exists: the same setup again changes nothing; anything else is refused."""
    problems = []
    if city.name != setup.name.strip():
        problems.append(
            f"市町村コード {city.code} は「{city.name}」として設定済みです（今回の指定：{setup.name}）。"
        )
    division = Agency.objects.filter(municipality=city, name=setup.division.strip()).first()
    if division is None:
        problems.append(f"担当課「{setup.division}」がありません。")
    admin = User.objects.filter(username=User.normalize_username(setup.admin_username)).first()
    if admin is None or division is None:
        problems.append(f"管理者「{setup.admin_username}」が担当課に所属していません。")
    elif not Membership.objects.filter(
        user=admin, agency=division, role__code=ADMIN_ROLE, is_active=True
    ).exists():
        problems.append(f"管理者「{setup.admin_username}」は担当課の市の事業担当ではありません。")
    have = {area.name: area.town_list() for area in city.areas.all()}
    new = [area for area in setup.areas if area.name.strip() not in have]
    for area in setup.areas:
        if area not in new and have[area.name.strip()] != list(area.towns):
            problems.append(f"日常生活圏域「{area.name}」の町名が設定済みのものと違います。")
    if problems or admin is None or division is None:
        raise SetupRefused(
            [
                *problems,
                "この市町村は既に設定されています（一部だけの場合を含む）。担当課と職員は画面（機関一覧・"
                "職員管理）から変えてください。新しい日常生活圏域は --area で加えられます。",
            ]
        )
    if new:
        _add_areas(city, new, after=len(have))
        audit.log(
            "setup.areas_added",
            actor=Actor(municipality=city, prefecture=city.prefecture, client_address=address),
            obj=city,
            details={"areas": [a.name.strip() for a in new]},
        )
    return SetupResult(city, division, admin, None, tuple(a.name.strip() for a in new))


def _add_areas(city: Municipality, areas: Sequence[AreaSpec], after: int = 0) -> None:
    for order, area in enumerate(areas, start=after + 1):
        towns = "\n".join(area.towns)
        Area.objects.create(municipality=city, name=area.name.strip(), towns=towns, sort_order=order)
