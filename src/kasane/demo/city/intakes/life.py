"""The B票 of each everyday template: the person's work, home, money, health and the survey's 課題の特性, as a
相談員 fills them in from what the household said; and who brought the household (把握ルート・紹介元).

A template with several lives hands them out in turn, so that not every ひとり暮らしの高齢者 lives in the
same kind of house. A person of 75 or over is moved from 国民健康保険 to 後期高齢者医療 by ``city.life.fill``.
A template without a life (an information-only call) leaves the B票 blank, as staff do.
"""

from __future__ import annotations

from dataclasses import dataclass

from kasane.demo.city.intakes.lives_a import LIVES_A
from kasane.demo.city.intakes.lives_b import LIVES_B
from kasane.demo.city.intakes.shape import Intake
from kasane.demo.city.life import Life


@dataclass(frozen=True)
class Brought:
    """把握ルート and 紹介元 when they are not simply who came (``Intake.visitor``)."""

    route: str
    referrer: str = ""  # an agency key of the demo
    name: str = ""


ROUTES: dict[str, Brought] = {
    "discharge": Brought("agency", name="清和会病院 医療相談室"),
    "elder_abuse": Brought("agency", name="通所介護事業所（生活相談員）"),
    "salon_absent": Brought("neighbour", name="いきいきサロン世話役"),
    "newspapers": Brought("neighbour", name="近所の住民（匿名希望）"),
    "money_lost": Brought("minsei", referrer="minsei", name="地区担当の民生委員"),
    "no_meals": Brought("minsei", referrer="minsei", name="地区担当の民生委員"),
    "mental_discharge": Brought("agency", name="県立病院 精神科（精神保健福祉士）"),
    "neglect_school": Brought("agency", name="市立かさね南小学校 教頭"),
    "postpartum": Brought("municipal", referrer="kenko", name="新生児訪問の保健師"),
    "truancy": Brought("agency", name="市立かさね中学校 担任"),
}

LIVES: dict[str, tuple[Life, ...]] = {**LIVES_A, **LIVES_B}


def brought(template: Intake) -> Brought | None:
    """Who brought the household, when it is more than who came; an agency that came is the one that brought it."""
    known = ROUTES.get(template.key)
    if known is None and template.visitor == "agency":
        return Brought("agency", name=template.visitor_name)
    return known


class LifeTurns:
    """Hands each template's lives out in turn (a count, not a draw: the rest of the demo is unchanged), and
    remembers the B票 of each main person for their later consultations."""

    def __init__(self) -> None:
        self.turn: dict[str, int] = {}
        self.of_person: dict[int, Life | None] = {}

    def next(self, template: Intake, person: object) -> Life | None:
        lives = LIVES.get(template.key, ())
        turn = self.turn.get(template.key, 0)
        self.turn[template.key] = turn + 1
        life = lives[turn % len(lives)] if lives else None
        self.of_person[id(person)] = life
        return life

    def of(self, person: object) -> Life | None:
        return self.of_person.get(id(person))
