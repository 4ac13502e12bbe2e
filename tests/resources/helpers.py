"""A register built in code for the resources tests: three activities that between them use every field, and
what a person sees of them, to compare across an export and an import."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from kasane.audit.actor import Actor
from kasane.resources.models import (
    Category,
    Frequency,
    Funding,
    Load,
    Location,
    Organization,
    OrganizationKind,
    Schedule,
    Service,
    Status,
)
from kasane.tenancy.models import Area, Municipality

FORMULA = '=HYPERLINK("http://example.com/x","詳しくはこちら")'


def build_register(municipality: Municipality, area: Area | None) -> list[Service]:
    """Three activities that use every field: a monthly サロン at a 公民館, a farm with two schedules whose
    description looks like a spreadsheet formula, and an ended volunteer group with no place or schedule."""
    residents = Organization.objects.create(
        municipality=municipality, name="中町自治会", kind=OrganizationKind.RESIDENTS, phone="0197-00-1111"
    )
    farm = Organization.objects.create(
        municipality=municipality,
        name="髙橋農園",
        name_kana="たかはしのうえん",
        kind=OrganizationKind.FARM,
        description="米と野菜の農家です。",
        email="info@takahashi.example.jp",
        website="https://takahashi.example.jp/",
    )
    hall = Location.objects.create(
        municipality=municipality,
        organization=residents,
        name="中町公民館 和室",
        address="テスト市中町1-2-3",
        postal_code="020-0001",
        area=area,
        latitude=Decimal("39.701234"),
        longitude=Decimal("141.154321"),
        transportation="市民バス「中町」下車徒歩3分",
        accessibility="段差なし、車いす用トイレあり",
    )
    salon = Service.objects.create(
        municipality=municipality,
        organization=residents,
        location=hall,
        name="中町ふれあいサロン",
        name_kana="なかまちふれあいさろん",
        description="お茶を飲みながらおしゃべりや体操をします。",
        categories=[Category.SALON, Category.IBASHO],
        funding=Funding.CARE,
        activities="お茶出し、受付",
        suits_shy=True,
        hosts_participants=True,
        eligibility="どなたでも",
        minimum_age=15,
        cost="1回100円（お茶代）",
        capacity=3,
        application="当日参加できます。",
        contact_name="中町 花子",
        contact_phone="0197-00-1234",
        contact_email="salon@example.jp",
    )
    Schedule.objects.create(
        service=salon,
        freq=Frequency.MONTHLY,
        byday="2WE,4WE",
        opens_at=dt.time(13, 30),
        closes_at=dt.time(15, 30),
        description="8月は休み",
    )
    field = Location.objects.create(municipality=municipality, organization=farm, name="髙橋農園の畑")
    work = Service.objects.create(
        municipality=municipality,
        organization=farm,
        location=field,
        name="農作業体験",
        description=FORMULA,
        categories=[Category.FARM, Category.WORK_EXPERIENCE],
        funding=Funding.POVERTY,
        status=Status.PAUSED,
        activities="野菜の袋詰め、草取り",
        physical_load=Load.HEAVY,
        transport_provided=True,
        hosts_participants=True,
        hosted_before=True,
        contact_phone="+81-197-00-5555",
    )
    Schedule.objects.create(service=work, byday="MO,WE,FR", opens_at=dt.time(9, 0), closes_at=dt.time(12, 0))
    Schedule.objects.create(service=work, freq=Frequency.MONTHLY, byday="-1SA", description="収穫祭")
    ended = Service.objects.create(
        municipality=municipality,
        organization=residents,
        name="傾聴ボランティア",
        categories=[Category.VOLUNTEER],
        status=Status.ENDED,
    )
    return [salon, work, ended]


SERVICE_FIELDS = (
    "name", "name_kana", "description", "categories", "funding", "status", "activities", "physical_load",
    "suits_shy", "transport_provided", "hosts_participants", "hosted_before", "eligibility", "minimum_age",
    "maximum_age", "cost", "capacity", "application", "contact_name", "contact_phone", "contact_email",
)  # fmt: skip


def _place(loc: Location | None) -> tuple[Any, ...] | None:
    if loc is None:
        return None
    area = loc.area.name if loc.area else None
    return (loc.name, loc.address, loc.postal_code, area, loc.latitude, loc.longitude, loc.transportation,
            loc.accessibility)  # fmt: skip


def snapshot(municipality: Municipality) -> list[dict[str, Any]]:
    """What a person sees of each activity, without ids, keys or dates: equal across a round trip."""
    return [
        {
            **{name: getattr(s, name) for name in SERVICE_FIELDS},
            "organization": (s.organization.name, s.organization.kind, s.organization.phone),
            "location": _place(s.location),
            "schedules": [
                (x.freq, x.byday, x.opens_at, x.closes_at, x.description) for x in s.schedules.order_by("pk")
            ],
        }
        for s in Service.objects.filter(municipality=municipality).order_by("name")
    ]


def actor_for(world: dict[str, Any], municipality: Municipality) -> Actor:
    user = world["users"]["city" if municipality == world["municipality"] else "other_city"]
    return Actor(user=user, municipality=municipality)
