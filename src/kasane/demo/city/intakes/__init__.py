"""Everyday consultations for the demo: what one agency hears and mostly handles on its own.

Each template is a kind of household an agency meets every month. The loader draws households from them by
weight, so most of かさね市's ~300 households have one or two consultations at one agency; some are
referred on (つなぎ) and the referral is then taken through its states. Texts are written the way staff
write a 相談受付票: short, factual, in the third person, with the person's own words in 「」.
Ages in the texts are filled in from the generated household: {a0} is the main person, {a1} the next.
"""

from __future__ import annotations

from kasane.demo.city.intakes import children, disability, elderly, health, money
from kasane.demo.city.intakes.outcomes import CANCEL_BY_WITHDRAWAL, CANCEL_REASONS, RECEIVED
from kasane.demo.city.intakes.shape import Intake, Member

__all__ = ["CANCEL_BY_WITHDRAWAL", "CANCEL_REASONS", "INTAKES", "RECEIVED", "Intake", "Member"]

# In this order: the loader draws from them by weight with a seeded generator.
INTAKES: list[Intake] = [
    *elderly.INTAKES,
    *disability.INTAKES,
    *children.INTAKES,
    *money.INTAKES,
    *health.INTAKES,
]
