from django.db import migrations

# The city's programme staff make the 実施計画 and keep its 成果指標 (kasane.programme).
GRANTS = {"city_program": ["programme.plan"]}


def grant(apps, schema_editor):
    Role = apps.get_model("accounts", "Role")
    for code, perms in GRANTS.items():
        for role in Role.objects.filter(code=code):
            role.permissions = [*role.permissions, *(p for p in perms if p not in role.permissions)]
            role.save(update_fields=["permissions"])


def revoke(apps, schema_editor):
    Role = apps.get_model("accounts", "Role")
    for code, perms in GRANTS.items():
        for role in Role.objects.filter(code=code):
            role.permissions = [p for p in role.permissions if p not in perms]
            role.save(update_fields=["permissions"])


class Migration(migrations.Migration):
    dependencies = [("accounts", "0009_community")]
    operations = [migrations.RunPython(grant, revoke)]
