from django.db import migrations, models


def held_sittings_were_recorded(apps, schema_editor):  # type: ignore[no-untyped-def]
    # A sitting became 開催済み when its attendance was recorded on or after its day (or an outcome was
    # recorded against that attendance): its rows already say who came.
    Meeting = apps.get_model("meetings", "Meeting")
    Meeting.objects.filter(status="held").update(attendance_recorded_at=models.F("updated_at"))


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0002_body_collaboration_host"),
    ]

    operations = [
        migrations.AddField(
            model_name="meeting",
            name="attendance_recorded_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="出席の記録日時"),
        ),
        migrations.RunPython(held_sittings_were_recorded, migrations.RunPython.noop),
    ]
