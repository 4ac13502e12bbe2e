"""PersonKey keyed by the person's owner agency instead of the municipality: a search reads the prefix ranges
of the agencies the viewer acts for, not the whole municipality's (see ``PersonKey``)."""

import django.db.models.deletion
from django.db import migrations, models

COPY_OWNER = (
    "UPDATE casework_personkey SET owner_agency_id = "
    "(SELECT owner_agency_id FROM casework_person WHERE casework_person.id = casework_personkey.person_id)"
)


class Migration(migrations.Migration):
    dependencies = [
        ("agencies", "0005_places_to_go_words"),
        ("casework", "0008_person_key_two_indexes"),
    ]

    operations = [
        migrations.RemoveIndex(model_name="personkey", name="person_key_range"),
        migrations.AddField(
            model_name="personkey",
            name="owner_agency",
            field=models.ForeignKey(
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="agencies.agency",
            ),
        ),
        migrations.RunSQL(COPY_OWNER, migrations.RunSQL.noop),
        migrations.AlterField(
            model_name="personkey",
            name="owner_agency",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="agencies.agency",
            ),
        ),
        migrations.RemoveField(model_name="personkey", name="municipality"),
        migrations.AddIndex(
            model_name="personkey",
            index=models.Index(fields=["owner_agency", "key", "person"], name="person_key_agency_range"),
        ),
    ]
