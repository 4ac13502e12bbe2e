"""The shape of a story's facts for the national forms (``stories.facts``)."""

from __future__ import annotations

from dataclasses import dataclass, field

from kasane.demo.city.life import Life

COUNTERPARTS = {"P": "person", "F": "family", "A": "agency", "C": "community", "O": "other"}


@dataclass(frozen=True)
class PlanFacts:
    """The プラン兼事業等利用申込書's items beside the goals: one per ``Story.plans``, in that order."""

    needs: str
    policy: str
    tasks: str  # 本人の取り組むこと
    programmes: tuple[str, ...]
    employment: bool = False  # 就労支援の対象とする
    months: int = 6  # プラン期間


@dataclass(frozen=True)
class Outcome:
    """The 評価シート's outcome items of a closed story."""

    implementation: str
    improvements: tuple[str, ...]
    remaining: str
    direction: str
    closure: str  # 終結理由区分
    employed_days: int | None = None  # the job began this many days before the evaluation
    increase: int | None = None  # 増収額（月額・円）


@dataclass(frozen=True)
class N:
    """A 支援経過's 相手方 (letters of COUNTERPARTS), 場所, and optionally who and what next."""

    who: str
    place: str
    name: str = ""
    next: str = ""
    place_note: str = ""

    @property
    def counterparts(self) -> list[str]:
        return [COUNTERPARTS[letter] for letter in self.who]


@dataclass(frozen=True)
class Facts:
    life: Life
    route: str = ""  # "" = from who came (the consultation's 相談者)
    referrer: str = ""  # an agency key
    referrer_name: str = ""
    assessed: dict[str, object] = field(default_factory=dict)  # what the assessment corrected or added
    background: str = ""  # 課題の背景要因
    later: dict[str, object] = field(default_factory=dict)  # what a second assessment changed
    plans: tuple[PlanFacts, ...] = ()
    outcome: Outcome | None = None
    notes: tuple[N, ...] = ()
    members: dict[int, tuple[Life, str, str, str]] = field(default_factory=dict)
    """A member's own 相談受付 (``ExtraConsent.intake``): life, route, referrer agency key, referrer name."""

    def assessed_life(self, *, later: bool = False) -> Life:
        life = self.life.but(**self.assessed)
        return life.but(**self.later) if later else life
