"""What the national forms record of each story, beside its words: who brought the household (把握ルート・紹介元),
the 本人's life on the B票 and the assessment, the plan's needs and 利用する事業, the outcome on the 評価シート, and
the 相手方・場所・次回予定 of each 支援経過.

Kept apart from the stories (``facts_named``, ``facts_more``, ``facts_more_c``, ``facts_more_d``), keyed by the story's key, so each story still reads
as one piece of writing; ``facts_of`` refuses a story without facts, so a new story cannot leave its forms blank.
"""

from __future__ import annotations

from kasane.demo.city.stories.facts_more import MORE_FACTS
from kasane.demo.city.stories.facts_more_c import FACTS_C
from kasane.demo.city.stories.facts_more_d import FACTS_D
from kasane.demo.city.stories.facts_named import NAMED_FACTS
from kasane.demo.city.stories.facts_shape import Facts

FACTS: dict[str, Facts] = {**NAMED_FACTS, **MORE_FACTS, **FACTS_C, **FACTS_D}


def facts_of(key: str) -> Facts:
    facts = FACTS.get(key)
    if facts is None:
        raise LookupError(f"{key}: the story has no facts for the national forms (stories/facts_*.py)")
    return facts
