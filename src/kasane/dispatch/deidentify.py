"""Keeping worksheets free of identifiers. Workshop case descriptions are written about cases, never about
a person who could be recognised; kasane refuses the two identifiers a machine can spot reliably — a phone
number and a date of birth — and the page asks for the rest (names, addresses) in words.
"""

from __future__ import annotations

import re
import unicodedata

from django.core.exceptions import ValidationError

NOTICE = "個人が特定できる情報（氏名・住所・生年月日など）は書かないでください"

PHONE_MESSAGE = (
    "電話番号のような数字が含まれています。個人が特定できる情報は書かないでください"
    "（機関の代表番号も書かずに、機関名だけにしてください）。"
)
BIRTH_MESSAGE = (
    "生年月日のような日付が含まれています。個人が特定できる情報は書かないでください"
    "（年齢は「80代」のように書いてください）。"
)

_DASHES = "-‐‑‒–—―−ー─"
_PHONE_CANDIDATE = re.compile(rf"(?<![\d])0[\d{re.escape(_DASHES)}() ]{{8,16}}\d(?![\d])")
_SEP = rf"\s*[年/.{re.escape(_DASHES)}]\s*"
_MONTH_SEP = rf"\s*[月/.{re.escape(_DASHES)}]\s*"
_OLD_ERA_DATE = re.compile(
    rf"(?<![a-z])(?:明治|大正|昭和|明|大|昭|m|t|s)\s*(?:\d{{1,2}}|元){_SEP}\d{{1,2}}{_MONTH_SEP}\d{{1,2}}"
)
_OLD_WESTERN_DATE = re.compile(rf"(?<!\d)1[89]\d\d{_SEP}\d{{1,2}}{_MONTH_SEP}\d{{1,2}}(?!\d)")
_DATE_THEN_BORN = re.compile(
    rf"(?:(?:平成|令和|平|令|h|r)\s*(?:\d{{1,2}}|元)|(?<!\d)\d{{4}}){_SEP}\d{{1,2}}{_MONTH_SEP}\d{{1,2}}\s*日?\s*(?:生|産まれ)"
)
_BIRTH_WORDS = ("生年月日",)


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text or "").lower()


def has_phone_number(text: str) -> bool:
    for match in _PHONE_CANDIDATE.finditer(_fold(text)):
        digits = sum(ch.isdigit() for ch in match.group())
        if digits in (10, 11):
            return True
    return False


def has_birth_date(text: str) -> bool:
    folded = _fold(text)
    if any(word in folded for word in _BIRTH_WORDS):
        return True
    # A full date in 明治〜昭和 or before 2000 is someone's birth in a case description; so is any full date
    # followed by 生まれ.
    return bool(
        _OLD_ERA_DATE.search(folded) or _OLD_WESTERN_DATE.search(folded) or _DATE_THEN_BORN.search(folded)
    )


def identifier_errors(text: str) -> list[str]:
    """The Japanese messages for what a text must not contain; empty when it may be kept."""
    errors = []
    if has_phone_number(text):
        errors.append(PHONE_MESSAGE)
    if has_birth_date(text):
        errors.append(BIRTH_MESSAGE)
    return errors


def validate_deidentified(value: str) -> None:
    """A form field validator."""
    errors = identifier_errors(value)
    if errors:
        raise ValidationError(errors)
