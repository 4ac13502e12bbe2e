import secrets

from django.db import migrations, models

import kasane.events.models


def new_signup_key() -> str:
    return secrets.token_urlsafe(9)


def give_keys(apps, schema_editor):  # type: ignore[no-untyped-def]
    Event = apps.get_model("events", "Event")
    for event in Event.objects.filter(signup_key=None):
        event.signup_key = new_signup_key()
        event.save(update_fields=["signup_key"])


class Migration(migrations.Migration):
    dependencies = [("events", "0002_programme_registrations_materials")]

    operations = [
        migrations.AddField(
            model_name="event",
            name="capacity",
            field=models.PositiveSmallIntegerField(
                blank=True, help_text="空欄は定員なし", null=True, verbose_name="定員"
            ),
        ),
        migrations.AddField(
            model_name="event",
            name="signup_open",
            field=models.BooleanField(
                default=False,
                help_text="アカウントのない方も、リンクやQRコードから申し込めます。",
                verbose_name="申込フォームを公開する",
            ),
        ),
        migrations.AddField(
            model_name="event",
            name="signup_deadline",
            field=models.DateField(blank=True, null=True, verbose_name="申込締切日"),
        ),
        migrations.AddField(
            model_name="event",
            name="signup_key",
            field=models.CharField(
                editable=False, max_length=16, null=True, verbose_name="申込フォームのキー"
            ),
        ),
        migrations.RunPython(give_keys, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="event",
            name="signup_key",
            field=models.CharField(
                default=kasane.events.models.new_signup_key,
                editable=False,
                max_length=16,
                unique=True,
                verbose_name="申込フォームのキー",
            ),
        ),
        migrations.AddField(
            model_name="registration",
            name="email",
            field=models.EmailField(blank=True, max_length=254, verbose_name="メールアドレス"),
        ),
        migrations.AddField(
            model_name="registration",
            name="channel",
            field=models.CharField(
                choices=[
                    ("staff", "事務局が登録"),
                    ("self", "本人が申込（アカウント）"),
                    ("public", "申込フォーム"),
                    ("import", "名簿の取り込み"),
                ],
                default="staff",
                max_length=8,
                verbose_name="申込の方法",
            ),
        ),
        migrations.AddField(
            model_name="registration",
            name="import_batch",
            field=models.CharField(
                blank=True,
                help_text="名簿の取り込みで登録された場合、その取り込みを示します。",
                max_length=32,
                verbose_name="取り込みの番号",
            ),
        ),
    ]
