"""How a provider writes a record's items for 開示: dates in 和暦, codes beside their labels, yes / no, yen, and
the person's life situation (``LifeSituation``) item by item; and what anonymisation drops of the latter."""

from __future__ import annotations

import datetime as dt
from typing import cast

from django.db import models

from kasane.casework.models import LIFE_FIELDS, LIFE_FREE_TEXT, LifeSituation, labels, life_summary
from kasane.lib.dates import wareki
from kasane.lib.personal_data import Field


def day_field(label: str, key: str, value: object) -> Field:
    day = value if isinstance(value, dt.date) else None
    return Field(key, label, wareki(day), day.isoformat() if day else None)


def plain_field(key: str, label: str, value: str) -> Field:
    return Field(key, label, value, value)


def choice_field(key: str, label: str, text: str, code: str) -> Field:
    """A coded item: its label for the person to read, its code for the machine."""
    return Field(key, label, text, code)


def codes_field(key: str, label: str, choices: type[models.TextChoices], codes: list[str]) -> Field:
    return Field(key, label, "、".join(labels(choices, codes)), list(codes))


def yes_no_field(key: str, label: str, value: bool, yes: str = "はい", no: str = "いいえ") -> Field:
    return Field(key, label, yes if value else no, value)


def yen_field(key: str, label: str, amount: int | None) -> Field:
    return Field(key, label, f"{amount:,}円" if amount is not None else "", amount)


def life_fields(record: LifeSituation) -> tuple[Field, ...]:
    """Every item of the person's life situation, recorded or not, each as the sheet names it."""
    texts = dict(life_summary(record))
    meta = type(record)._meta
    fields = []
    for name in LIFE_FIELDS:
        label = str(cast(models.Field, meta.get_field(name)).verbose_name)
        value = getattr(record, name)
        fields.append(
            Field(name, label, texts.get(label, ""), list(value) if isinstance(value, list) else value)
        )
    return tuple(fields)


# What anonymisation drops of a life situation: the notes beside the codes, and the income figure.
LIFE_DROPPED: dict[str, object] = {**dict.fromkeys(LIFE_FREE_TEXT, ""), "monthly_income": None}
