"""Pure data for the demo municipality (かさね市, fictional), modelled on the seeds' implementation plans.

Everything here is invented: names, addresses, postal codes, phone numbers. Mail addresses use the
reserved `.example` top-level domain. See `kasane.demo.loader` for the loader.
"""

from __future__ import annotations

from kasane.demo.city.data.agencies_care import CITY_AGENCIES_CARE
from kasane.demo.city.data.agencies_more import CITY_AGENCIES_MORE
from kasane.demo.city.data.city import (
    AREAS,
    CITY_HALL,
    CITY_HALL_POSTAL,
    CITY_HOURS,
    DEMO_CODE,
    DEMO_NAME,
    DEMO_POPULATION,
    PREFECTURE_CODE,
    PREFECTURE_NAME,
    SECOND_CODE,
    SECOND_NAME,
    SECOND_POPULATION,
    SHAKYO_CORP,
)
from kasane.demo.city.data.others import CONTRACTOR_AGENCY, PREFECTURE_AGENCY, SECOND_AGENCIES
from kasane.demo.city.data.specs import HOUKATSU_TOPICS, SHEET_BY_FAX, SHOGAI_TOPICS, AgencySpec
from kasane.demo.city.data.staff import DEMO_LOGINS, NAMED_STAFF, SECOND_MEMBERSHIPS, STAFFING

__all__ = [
    "AREAS",
    "CITY_AGENCIES",
    "CITY_HALL",
    "CITY_HALL_POSTAL",
    "CITY_HOURS",
    "CONTRACTOR_AGENCY",
    "DEMO_CODE",
    "DEMO_LOGINS",
    "DEMO_NAME",
    "DEMO_POPULATION",
    "HOUKATSU_TOPICS",
    "NAMED_STAFF",
    "PREFECTURE_AGENCY",
    "PREFECTURE_CODE",
    "PREFECTURE_NAME",
    "SECOND_AGENCIES",
    "SECOND_CODE",
    "SECOND_MEMBERSHIPS",
    "SECOND_NAME",
    "SECOND_POPULATION",
    "SHAKYO_CORP",
    "SHEET_BY_FAX",
    "SHOGAI_TOPICS",
    "STAFFING",
    "AgencySpec",
]

CITY_AGENCIES: list[AgencySpec] = [*CITY_AGENCIES_CARE, *CITY_AGENCIES_MORE]
