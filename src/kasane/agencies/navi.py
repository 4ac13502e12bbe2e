"""相談先ナビ: from a situation (picked or typed) to the agencies that handle it, best match first."""

from __future__ import annotations

import itertools
import unicodedata
from dataclasses import dataclass, field

from django.db.models import Case, Q, QuerySet, Value, When
from django.db.models.functions import Coalesce, NullIf

from kasane.agencies.models import Agency, Topic, TopicLevel
from kasane.lib.morphology import NEGATION, Word, content_words
from kasane.lib.text import fold_kana, search_key, terms
from kasane.resources.models import Category, Service, Status
from kasane.resources.queries import with_details
from kasane.tenancy.models import Area, Municipality

PRIMARY_SCORE = 10
ALSO_SCORE = 4
TEXT_SCORE = 2
AREA_SCORE = 3
# How many other words may stand between the words of a synonym: 家から出ない in 家から全く出ない.
MAX_GAP = 2
# Loneliness or wanting somewhere to go: the navi also suggests places of the register to go to.
PLACE_TOPICS = ("社会的孤立", "地域活動・居場所")
# The register's places to belong (地域づくり's 居場所, サロン, 通いの場, 子ども食堂, 認知症カフェ).
PLACE_CATEGORIES = (
    Category.IBASHO,
    Category.SALON,
    Category.KAYOI,
    Category.KODOMO_SHOKUDO,
    Category.DEMENTIA_CAFE,
)
PLACES_SHOWN = 6


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
    # Where to turn when nothing fits: the municipality's 多機関協働 desk (Agency.runs_collaboration).
    collaboration_desk: Agency | None = None
    # 地域の居場所 to suggest when the situation is loneliness or wanting somewhere to go (PLACE_TOPICS).
    places: list[Service] = field(default_factory=list)


@dataclass(frozen=True)
class _Hit:
    """Where one of a topic's phrases was found in the typed text (character offsets)."""

    topic: Topic
    begin: int
    end: int
    # A run of adjacent nouns or one whole compound (セルフネグレクト, 介護保険): a word made of words, whose
    # pieces mean something else on their own (ネグレクト alone would be 虐待).
    compound: bool


def topics_for_text(text: str, all_topics: list[Topic]) -> list[Topic]:
    """Topics that what was typed is about: a name or synonym in the text, word for word by dictionary form.

    出られない is read as 出る + not, so 家から出ない (a synonym of ひきこもり) is found in 息子が家から出られない.
    A synonym's words must come in order, with at most MAX_GAP other words between them. A topic found only
    inside another topic's compound word is dropped (the ネグレクト in セルフネグレクト).
    """
    normalized = unicodedata.normalize("NFKC", text or "")
    if not normalized.strip():
        return []
    sentence = content_words(normalized)
    folded = fold_kana(normalized.lower())
    typed = [word for word in terms(text) if len(word) >= 2]
    hits: list[_Hit] = []
    started: set[int | None] = set()
    for topic in all_topics:
        for phrase in topic.phrases():
            key = search_key(phrase)
            hits += [_Hit(topic, at, at + len(key), compound=False) for at in _occurrences(folded, key)]
            hits += [_Hit(topic, *span) for span in _phrase_spans(content_words(phrase), sentence)]
            # A typed word may also be the start of a topic's name or synonym (ひきこ → ひきこもり).
            if any(key.startswith(word) for word in typed):
                started.add(topic.pk)
    kept = {hit.topic.pk for hit in hits if not _inside_another_compound(hit, hits)} | started
    return [topic for topic in all_topics if topic.pk in kept]


def _occurrences(haystack: str, key: str) -> list[int]:
    if len(key) < 2:
        return []
    found, at = [], haystack.find(key)
    while at >= 0:
        found.append(at)
        at = haystack.find(key, at + 1)
    return found


def _phrase_spans(phrase: tuple[Word, ...], sentence: tuple[Word, ...]) -> list[tuple[int, int, bool]]:
    """Each place the phrase's words occur in the sentence in order: (begin, end, whether a compound)."""
    if not phrase or all(word.keys == {NEGATION} for word in phrase):
        return []
    spans = []
    for start, first in enumerate(sentence):
        if not _same_word(phrase[0], first):
            continue
        matched, at = [start], start
        for wanted in phrase[1:]:
            at = _next_match(wanted, sentence, at, limit=start + len(phrase) + MAX_GAP)
            if at < 0:
                break
            matched.append(at)
        else:
            words = [sentence[i] for i in matched]
            adjacent = matched == list(range(start, start + len(matched))) and all(
                a.end == b.begin for a, b in itertools.pairwise(words)
            )
            # One word that is itself a compound counts too (介護保険 as a whole, not its 介護).
            several = len(words) > 1 or (bool(first.parts) and bool(phrase[0].keys & first.keys))
            compound = several and adjacent and all(w.is_noun for w in words)
            spans.append((words[0].begin, words[-1].end, compound))
    return spans


def _next_match(wanted: Word, sentence: tuple[Word, ...], after: int, *, limit: int) -> int:
    """Index of the next word matching `wanted` after `after`, or -1.

    A negation belongs to the word just before it (helpers such as いる aside): the ない of 出られない
    does not make 家から出られない say 家がない.
    """
    for i in range(after + 1, min(len(sentence), limit)):
        if _same_word(wanted, sentence[i]):
            return i
        if wanted.keys == {NEGATION} and not sentence[i].is_light:
            return -1
    return -1


def _same_word(wanted: Word, word: Word) -> bool:
    return bool(wanted.keys & word.keys) or any(wanted.keys & part for part in word.parts)


def _inside_another_compound(hit: _Hit, hits: list[_Hit]) -> bool:
    return any(
        other.compound
        and other.topic.pk != hit.topic.pk
        and other.begin <= hit.begin
        and hit.end <= other.end
        and other.end - other.begin > hit.end - hit.begin
        for other in hits
    )


def _primary_count(agency: Agency) -> int:
    return sum(1 for link in agency.agency_topics.all() if link.level == TopicLevel.PRIMARY)


def places_for(municipality: Municipality, topics: list[Topic], area: Area | None) -> list[Service]:
    """Up to PLACES_SHOWN running places of the register to go to, those in ``area`` first, when a topic is
    loneliness or wanting somewhere to go; none otherwise."""
    if not any(topic.name in PLACE_TOPICS for topic in topics):
        return []
    kinds = Q()
    for code in PLACE_CATEGORIES:
        kinds |= Q(category_codes__contains=f" {code} ")
    services: QuerySet[Service] = Service.objects.filter(
        kinds, municipality=municipality, status=Status.ACTIVE
    )
    nearby = Case(When(location__area=area, then=Value(0)), default=Value(1)) if area else Value(0)
    ordered = services.order_by(nearby, Coalesce(NullIf("name_kana", Value("")), "name"), "pk")
    return list(with_details(ordered)[:PLACES_SHOWN])


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
    desk = next((agency for agency in agencies if agency.runs_collaboration), None)
    return Guide(
        topics=topics,
        area=area,
        matches=matches,
        hidden_other_area=hidden,
        collaboration_desk=desk,
        places=places_for(municipality, topics, area),
    )
