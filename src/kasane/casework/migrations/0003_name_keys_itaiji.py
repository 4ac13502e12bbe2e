"""Name keys fold variant kanji by jpnorm's table (and 斉/斎 as one family), and the name index marks whole
words for ranking: every stored key is recomputed. Self-contained: it reads and writes only casework's
persons and their keys, through the same folding functions the application uses."""

from typing import Any

from django.db import migrations, models

from kasane.lib.text import name_key, name_suffixes

BATCH = 1_000


def rekey(apps: Any, schema_editor: Any) -> None:
    Person = apps.get_model("casework", "Person")
    PersonKey = apps.get_model("casework", "PersonKey")
    # An anonymised household's persons have no keys and must not get them back.
    persons = (
        Person.objects.filter(household__anonymised_at__isnull=True)
        .order_by("pk")
        .only("pk", "municipality_id", "owner_agency_id", "name", "kana")
    )
    # Keys were filed under the municipality until 0009 filed them under the owner agency; the function is
    # also run (by a test) against the models of today.
    filed_by = "owner_agency_id" if hasattr(PersonKey, "owner_agency_id") else "municipality_id"
    last = 0
    while True:
        batch = list(persons.filter(pk__gt=last)[:BATCH])
        if not batch:
            return
        for person in batch:
            person.name_key = name_key(person.name)
            person.kana_key = name_key(person.kana)
        Person.objects.bulk_update(batch, ["name_key", "kana_key"])
        PersonKey.objects.filter(person_id__in=[p.pk for p in batch]).delete()
        PersonKey.objects.bulk_create(
            [
                PersonKey(person_id=p.pk, key=key, is_word=is_word, **{filed_by: getattr(p, filed_by)})
                for p in batch
                for key, is_word in name_suffixes(p.name, p.kana).items()
            ],
            batch_size=5_000,
        )
        last = batch[-1].pk


class Migration(migrations.Migration):
    dependencies = [
        ("casework", "0002_consultation_records"),
    ]

    operations = [
        migrations.AddField(
            model_name="personkey",
            name="is_word",
            field=models.BooleanField(default=False),
        ),
        # Keys are derived data: going back leaves them as they are, which the old code still reads.
        migrations.RunPython(rekey, migrations.RunPython.noop, elidable=True),
    ]
