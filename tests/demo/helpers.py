"""北海道 built in code from readiness's demo figures, for the events demo (tests/demo/test_events.py) and the
events story in Chromium (tests/browser/test_events.py): the story is told on TODAY, and every user's password
is PASSWORD."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from kasane.accounts.models import Membership, Role, User
from kasane.agencies.models import Agency, AgencyKind
from kasane.demo.prefecture import BackupStaff
from kasane.demo.prefecture.readiness_data import BLOCKS, KASANE_USERS, MUNICIPALITIES
from kasane.readiness.models import Block, MunicipalityProfile
from kasane.tenancy.codes import full_code
from kasane.tenancy.models import Municipality, Prefecture

TODAY = dt.date(2026, 11, 23)


PASSWORD = "kasane-test-pass-2026"


def _user(username: str, full_name: str, kana: str, agency: Agency, role: str) -> User:
    user = User.objects.create_user(
        username=username, password=PASSWORD, full_name=full_name, full_name_kana=kana
    )
    Membership.objects.create(user=user, agency=agency, role=Role.objects.get(code=role))
    return user


def build_hokkaido() -> tuple[Prefecture, BackupStaff]:
    """北海道 with its 4 blocks and the demo municipalities (readiness's demo figures), かさね市 and さくら町,
    the prefecture's officer, the contractor's five facilitators (as the demo has them) and かさね市's programme officer."""
    prefecture = Prefecture.objects.create(code="01", name="北海道")
    blocks = {
        name: Block.objects.create(prefecture=prefecture, name=name, sort_order=order)
        for order, (name, _bureaus) in enumerate(BLOCKS, start=1)
    }
    block_of = {bureau: blocks[name] for name, bureaus in BLOCKS for bureau in bureaus}
    rows = [(code, name, bureau, population) for code, name, _k, bureau, population, *_rest in MUNICIPALITIES]
    rows += [("01999", "かさね市", KASANE_USERS["かさね市"][0], 89_700)]
    rows += [("01998", "さくら町", KASANE_USERS["さくら町"][0], 11_800)]
    for code, name, bureau, population in rows:
        municipality = Municipality.objects.create(
            prefecture=prefecture, code=full_code(code), name=name, population=population
        )
        MunicipalityProfile.objects.create(
            municipality=municipality, block=block_of[bureau], area_km2=Decimal("100")
        )
    pref = Agency.objects.create(
        prefecture=prefecture,
        name="北海道 保健福祉部 地域福祉課",
        kind=AgencyKind.PREFECTURE,
        operation_form="direct",
    )
    contractor = Agency.objects.create(
        prefecture=prefecture,
        name="地域共生コンサルティング株式会社",
        kind=AgencyKind.OTHER,
        operation_form="direct",
    )
    city = Agency.objects.create(
        prefecture=prefecture,
        municipality=Municipality.objects.get(name="かさね市"),
        name="地域福祉課",
        kind=AgencyKind.CITY_DIVISION,
        operation_form="direct",
    )
    ken = _user("ken", "佐々木 亮", "ささき りょう", pref, "prefecture")
    facilitators = [
        _user(username, name, kana, contractor, "backup_contractor")
        for username, name, kana in (
            ("fasi", "石田 里奈", "いしだ りな"),
            ("fasi2", "工藤 大輔", "くどう だいすけ"),
            ("fasi3", "小野寺 彩", "おのでら あや"),
            ("fasi4", "村上 拓也", "むらかみ たくや"),
            ("fasi5", "菅原 優子", "すがわら ゆうこ"),
        )
    ]
    shi = _user("shi", "菊池 真由美", "きくち まゆみ", city, "city_program")
    return prefecture, BackupStaff(prefecture=ken, facilitators=facilitators, city=shi)
