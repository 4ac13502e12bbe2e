# Indexes for 事業の実施状況 (kasane.programme) at a municipality's scale, measured with
# benchmarks/programme.py (results in benchmarks/results/programme.txt). Only indexes: no data changes.
# On PostgreSQL the four take about 3 s to build at a million consultations, holding writes to the tables meanwhile.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("casework", "0005_case_subjects"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="consultation",
            index=models.Index(
                condition=models.Q(("closed_on", None)),
                fields=["municipality", "owner_agency", "received_at", "id"],
                name="consultation_open",
            ),
        ),
        migrations.AddIndex(
            model_name="consultation",
            index=models.Index(
                fields=["municipality", "received_at", "owner_agency"], name="consultation_received"
            ),
        ),
        migrations.AddIndex(
            model_name="consultation",
            index=models.Index(
                fields=["municipality", "closed_on", "owner_agency"], name="consultation_closed"
            ),
        ),
        migrations.AddIndex(
            model_name="consultationnote",
            index=models.Index(fields=["on", "consultation"], name="consultation_note_on"),
        ),
    ]
