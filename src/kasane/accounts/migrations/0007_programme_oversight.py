from django.db import migrations

# Those who run the programme watch it as counts (kasane.programme): the city's programme staff across the
# municipality, an agency's manager for their own agency.
GRANTS = {"city_program": ["programme.view_all"], "agency_admin": ["programme.view_own"]}


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
    dependencies = [("accounts", "0006_temporary_password")]
    operations = [migrations.RunPython(grant, revoke)]
