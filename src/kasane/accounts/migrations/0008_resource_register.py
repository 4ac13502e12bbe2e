from django.db import migrations

# The register of social resources is kept by those who match people to places (多機関協働・参加支援 staff)
# and by the city's programme staff; everyone with directory.view reads it.
GRANTS = {"coordinator": ["resource.edit"], "city_program": ["resource.edit"]}


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
    dependencies = [("accounts", "0007_programme_oversight")]
    operations = [migrations.RunPython(grant, revoke)]
