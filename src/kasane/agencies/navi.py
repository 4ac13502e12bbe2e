"""相談先ナビ: from a situation (picked or typed) to the agencies that handle it, best match first."""

from __future__ import annotations

from dataclasses import dataclass, field

from kasane.agencies.models import Agency, Topic, TopicLevel
from kasane.lib.text import search_key, terms
from kasane.tenancy.models import Area, Municipality

PRIMARY_SCORE = 10
ALSO_SCORE = 4
TEXT_SCORE = 2
AREA_SCORE = 3


@dataclass
class Match:
    agency: Agency
    score: int = 0
    primary_topics: list[str] = field(default_factory=list)
    other_topics: list[str] = field(default_factory=list)
    text_hit: bool = False

    @property
    def serves_area(self) -> bool:
        return self.agency.area_id is not None


@dataclass
class Guide:
    topics: list[Topic]
    area: Area | None
    matches: list[Match]
    hidden_other_area: int


def topics_for_text(text: str, all_topics: list[Topic]) -> list[Topic]:
    """Topics whose name or synonyms appear in what was typed, or that contain a typed word."""
    words = terms(text)
    whole = search_key(text)
    found: list[Topic] = []
    for topic in all_topics:
        keys = topic.match_keys()
        # A stem catches inflections people type: ひきこもっている for ひきこもり.
        stems = [key[:-1] for key in keys if len(key) >= 4]
        # A typed word may also be the start of a topic's name or synonym (ひきこ → ひきこもり).
        hit = any(key in whole for key in keys + stems) or any(
            key.startswith(word) for word in words if len(word) >= 2 for key in keys
        )
        if hit:
            found.append(topic)
    return found


def _primary_count(agency: Agency) -> int:
    return sum(1 for link in agency.agency_topics.all() if link.level == TopicLevel.PRIMARY)


def guide(
    municipality: Municipality,
    *,
    topics: list[Topic],
    text: str = "",
    area: Area | None = None,
) -> Guide:
    agencies = list(Agency.objects.in_municipality(municipality).published().for_directory())
    wanted = {topic.pk for topic in topics}
    # The agency's own description mentioning a chosen topic, or a typed word, is evidence of relevance.
    words = [w for w in terms(text) if len(w) >= 2] + [search_key(t.name) for t in topics]
    matches: list[Match] = []
    hidden = 0
    for agency in agencies:
        match = Match(agency)
        for link in agency.agency_topics.all():
            if link.topic_id not in wanted:
                continue
            if link.level == TopicLevel.PRIMARY:
                match.score += PRIMARY_SCORE
                match.primary_topics.append(link.topic.name)
            else:
                match.score += ALSO_SCORE
                match.other_topics.append(link.topic.name)
        handles = search_key(agency.handles_text)
        if words and any(word in handles for word in words):
            match.text_hit = True
            match.score += TEXT_SCORE
        if match.score == 0:
            continue
        if area is not None and agency.area_id is not None:
            if agency.area_id != area.pk:
                # An area-bound agency (a 地域包括 for another 圏域) would not take this person.
                hidden += 1
                continue
            match.score += AREA_SCORE
        matches.append(match)
    # Among equals, the more specialised agency (fewer topics it mainly handles) comes first: a general
    # desk that takes everything should not drown the one that knows this situation best.
    matches.sort(key=lambda m: (-m.score, _primary_count(m.agency), m.agency.name_kana or m.agency.name))
    return Guide(topics=topics, area=area, matches=matches, hidden_other_area=hidden)
