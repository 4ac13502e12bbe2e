"""相談先ナビ reads everyday sentences: the quality floor over the phrasing set, and each rule of the reading."""

from __future__ import annotations

import subprocess
import sys
from typing import Any

import pytest
from django.urls import reverse

from kasane.agencies import navi
from kasane.agencies.models import Topic
from kasane.lib.morphology import NEGATION, content_words

from .navi_quality import evaluate, load_phrasings

pytestmark = pytest.mark.django_db

# Measured by benchmarks/navi_quality.py. Before sentences were read word by word: precision 0.926,
# recall 0.307 (78 of 123 phrasings found no topic). Now: precision 0.948, recall 0.896.
PRECISION_FLOOR = 0.90
RECALL_FLOOR = 0.85


def _names(text: str, topics: list[Topic] | None = None) -> set[str]:
    return {t.name for t in navi.topics_for_text(text, topics or list(Topic.objects.all()))}


def _topic(name: str, keywords: str) -> Topic:
    return Topic(pk=hash(name) % 10_000 + 10_000, name=name, keywords=keywords)


def test_phrasing_set_meets_the_floor() -> None:
    topics = list(Topic.objects.all())
    phrasings = load_phrasings()
    assert len(phrasings) >= 100
    quality = evaluate(lambda text: [t.name for t in navi.topics_for_text(text, topics)], phrasings)
    report = "\n".join(f"{text} missed={missed} extra={extra}" for text, missed, extra in quality.mistakes)
    assert quality.precision >= PRECISION_FLOOR, report
    assert quality.recall >= RECALL_FLOOR, report


def test_phrasing_set_names_only_existing_topics() -> None:
    names = set(Topic.objects.values_list("name", flat=True))
    for phrasing in load_phrasings():
        assert phrasing.topics <= names, phrasing


def test_the_user_guides_example_and_ゴミ屋敷() -> None:
    assert _names("息子が家から出られない") == {"ひきこもり"}
    assert _names("ゴミ屋敷になっている家がある") == {"住まい", "セルフネグレクト"}


def test_inflections_are_read_by_dictionary_form() -> None:
    hikikomori = _topic("ひきこもり", "家から出ない")
    for text in ["家から出られない", "家から出ようとしない", "家から全然出ない", "家から出てこない"]:
        assert _names(text, [hikikomori]) == {"ひきこもり"}, text
    assert _names("家から出かけた", [hikikomori]) == set()


def test_spelling_variants_share_a_form() -> None:
    topic = _topic("セルフネグレクト", "ごみ屋敷")
    for text in ["ゴミ屋敷", "ごみ屋敷", "ｺﾞﾐ屋敷"]:
        assert _names(text, [topic]) == {"セルフネグレクト"}, text


def test_a_negation_belongs_to_the_word_before_it() -> None:
    housing = _topic("住まい", "家がない")
    assert _names("家がない", [housing]) == {"住まい"}
    # The ない negates 出る, not 家.
    assert _names("息子が家から出られない", [housing]) == set()


def test_words_of_a_synonym_must_stay_close() -> None:
    topic = _topic("権利擁護", "お金の管理")
    assert _names("お金の管理が難しい", [topic]) == {"権利擁護"}
    assert _names("お金は少しあるが、家の中の片付けや庭の手入れや管理が大変", [topic]) == set()


def test_a_word_inside_another_topics_compound_does_not_count() -> None:
    abuse = _topic("虐待", "ネグレクト")
    self_neglect = _topic("セルフネグレクト", "自己放任")
    assert _names("セルフネグレクトが心配", [abuse, self_neglect]) == {"セルフネグレクト"}
    assert _names("ネグレクトが心配", [abuse, self_neglect]) == {"虐待"}


def test_negations_are_one_key() -> None:
    for text in ["お金がない", "行かない", "行かず"]:
        assert any(word.keys == {NEGATION} for word in content_words(text)), text


def test_the_dictionary_loads_only_when_a_sentence_is_read() -> None:
    code = (
        "import django, os, sys; os.environ['DJANGO_SETTINGS_MODULE']='kasane.settings'; django.setup();"
        "import kasane.agencies.views, kasane.api.api, kasane.lib.morphology as m;"
        "assert 'sudachipy' not in sys.modules, 'loaded at import';"
        "m.content_words('家から出ない'); assert m._tokenizer.cache_info().currsize == 1;"
        "m.content_words('別の文'); assert m._tokenizer.cache_info().misses == 1"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


# The page


def test_navi_page_understands_the_sentence(client_for: Any, world: dict[str, Any]) -> None:
    body = (
        client_for(world["users"]["soudanin"])
        .get(reverse("agencies:navi"), {"q": "息子が家から出られない"})
        .content.decode()
    )
    assert "案内できる相談先：ひきこもり" in body
    assert "テスト市社会福祉協議会" in body
    assert "該当する機関が見つかりませんでした" not in body


def test_nothing_found_links_to_the_collaboration_desk(client_for: Any, world: dict[str, Any]) -> None:
    shakyo = world["agencies"]["shakyo"]
    shakyo.runs_collaboration = True
    shakyo.phone = "0197-61-7700"
    shakyo.hours = "平日 8:30〜17:15"
    shakyo.save()
    body = (
        client_for(world["users"]["soudanin"])
        .get(reverse("agencies:navi"), {"q": "宇宙旅行"})
        .content.decode()
    )
    assert "該当する機関が見つかりませんでした" in body
    assert f'<a href="{reverse("agencies:detail", args=[shakyo.pk])}">テスト市社会福祉協議会</a>' in body
    assert "電話 0197-61-7700" in body and "受付 平日 8:30〜17:15" in body


def test_nothing_found_without_a_collaboration_desk(client_for: Any, world: dict[str, Any]) -> None:
    # The other municipality's desk is never offered.
    other = world["agencies"]["other"]
    other.runs_collaboration = True
    other.save()
    body = (
        client_for(world["users"]["soudanin"])
        .get(reverse("agencies:navi"), {"q": "宇宙旅行"})
        .content.decode()
    )
    assert "迷うときは多機関協働の窓口に相談できます" in body
    assert "となり町" not in body and "電話 " not in body
