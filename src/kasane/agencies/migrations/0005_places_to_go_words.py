"""相談先ナビ hears loneliness and having nowhere to go: 「話し相手がほしい」 is 社会的孤立, 「日中行くところがない」
is 地域活動・居場所 — the two topics for which the navi also suggests 地域の居場所 of the register.

Words are appended to those a deployment already holds, never replacing them (as 0004).
"""

from django.db import migrations

WORDS = {
    "社会的孤立": ["話し相手がほしい", "話し相手が欲しい"],
    "地域活動・居場所": ["日中行くところがない", "行くところがない", "行き場がない", "日中の居場所"],
}


def _split(keywords: str) -> list[str]:
    return [w.strip() for w in keywords.replace("、", "\n").replace(",", "\n").splitlines() if w.strip()]


def add_words(apps, schema_editor):
    Topic = apps.get_model("agencies", "Topic")
    for topic in Topic.objects.filter(name__in=WORDS):
        have = _split(topic.keywords)
        missing = [w for w in WORDS[topic.name] if w not in have and w != topic.name]
        if missing:
            topic.keywords = "、".join(have + missing)
            topic.save(update_fields=["keywords"])


class Migration(migrations.Migration):
    dependencies = [("agencies", "0004_everyday_words_and_self_neglect")]
    operations = [migrations.RunPython(add_words, migrations.RunPython.noop)]
