"""The shape of the demo's register of 社会資源 (``kasane.demo.city.resources``): organisations and the activities
they offer, as the 社協 and the city's 地域福祉課 would type them into the register's form.

Everything is invented: names, addresses, telephone numbers, people. An address is written as the register's
form takes it, from the 町名 on (``北田3-6``); its 町名 gives the 圏域. ``when`` holds one line per schedule,
as staff write it: ``月・水 10:00-15:00``, ``第2・第4水 13:30-15:30（8月は休み）``.
"""

from __future__ import annotations

from dataclasses import dataclass

from kasane.resources.models import Load


@dataclass(frozen=True)
class Org:
    key: str
    name: str
    kana: str
    kind: str  # OrganizationKind
    phone: str = ""
    about: str = ""
    email: str = ""


@dataclass(frozen=True)
class Res:
    key: str
    org: str  # Org.key
    name: str
    kana: str
    cats: tuple[str, ...]  # Category
    funding: str  # Funding
    at: str  # the address from the 町名 on
    when: tuple[str, ...]
    about: str
    does: str  # 参加する人ができること
    place: str = ""  # the place's name; "" = the organisation's
    cost: str = "無料"
    capacity: int | None = None
    who: str = "どなたでも"
    ages: tuple[int | None, int | None] = (None, None)
    contact: str = ""
    tel: str = ""
    apply: str = "当日、直接お越しください。"
    access: str = ""
    barrier: str = ""
    load: str = Load.LIGHT
    shy: bool = False  # 人と話すのが苦手でも参加しやすい
    lift: bool = False  # 送迎あり
    hosts: bool = False  # 参加支援の受け入れ先になれる
    before: bool = False  # 受け入れ経験あり
