"""The person's life as the demo records it on the B票 and the assessment: one ``Life`` per story or template.

Codes are checked against the vocabularies when a record is filled, so a typo in the demo's data fails the
build instead of storing a code no screen can show. Multi-selects are stored in the list's order, as the
forms store them.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from django.db import models

from kasane.casework.models import (
    LIFE_FIELDS,
    LIFE_MULTI,
    DisabilityCard,
    Employment,
    HealthInsurance,
    Housing,
    LifeSituation,
    MentalHealth,
    Pension,
    Presence,
    Treatment,
    Welfare,
)

# The single-choice items and their lists.
SINGLE: dict[str, type[models.TextChoices]] = {
    "employment": Employment,
    "housing": Housing,
    "welfare": Welfare,
    "debt": Presence,
    "treatment": Treatment,
    "mental_health": MentalHealth,
    "disability_card": DisabilityCard,
    "health_insurance": HealthInsurance,
    "pension": Pension,
}
ELDERLY_FROM = 75  # everyone of 75 and over is in 後期高齢者医療 (unless on 生活保護)


@dataclass(frozen=True)
class Life:
    """The items of ``casework.models.LifeSituation``, under the same names; "" or () = not recorded."""

    employment: str = ""
    employment_note: str = ""
    housing: str = ""
    housing_unstable: bool = False
    housing_note: str = ""
    income_sources: tuple[str, ...] = ()
    monthly_income: int | None = None
    welfare: str = ""
    debt: str = ""
    arrears: tuple[str, ...] = ()
    money_note: str = ""
    illness: str = ""
    treatment: str = ""
    mental_health: str = ""
    disability_card: str = ""
    card_kinds: tuple[str, ...] = ()
    health_insurance: str = ""
    pension: str = ""
    issues: tuple[str, ...] = ()

    def but(self, **changes: Any) -> Life:
        """The same life with what a later record (the assessment, a second version) corrected."""
        return dataclasses.replace(self, **changes)


def fill(record: LifeSituation, life: Life | None, age: int | None = None) -> None:
    """Copy ``life`` onto a consultation or an assessment. A person of 75 or over recorded in 国民健康保険 is
    in 後期高齢者医療: the templates span ages, the insurance follows the age the person has that day."""
    if life is None:
        return
    for name in LIFE_FIELDS:
        value = getattr(life, name)
        if name in LIFE_MULTI:
            chosen = set(value)
            codes: list[str] = list(LIFE_MULTI[name].values)
            unknown = chosen - set(codes)
            if unknown:
                raise ValueError(f"{name}: unknown codes {sorted(unknown)}")
            value = [code for code in codes if code in chosen]
        elif name in SINGLE and value:
            value = SINGLE[name](value).value
        setattr(record, name, value)
    if (
        age is not None
        and age >= ELDERLY_FROM
        and record.health_insurance == HealthInsurance.NATIONAL
        and record.welfare != Welfare.RECEIVING
    ):
        record.health_insurance = HealthInsurance.ELDERLY
