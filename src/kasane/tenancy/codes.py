"""全国地方公共団体コード: five digits and a check digit (総務省: weights 6,5,4,3,2; the last digit of 11 minus the sum modulo 11)."""

from __future__ import annotations


def check_digit(five: str) -> str:
    total = sum(int(d) * w for d, w in zip(five, (6, 5, 4, 3, 2), strict=True))
    return str((11 - total % 11) % 10)


def full_code(code: str) -> str:
    """A five-digit code gets its check digit; a six-digit code is returned as it is."""
    return code + check_digit(code) if len(code) == 5 else code


def is_valid(code: str) -> bool:
    return len(code) == 6 and code.isdigit() and check_digit(code[:5]) == code[5]
