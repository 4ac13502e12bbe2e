from django.db import migrations

# Backup support (後方支援): the municipality's programme staff fill in their readiness sheet and publish
# counts; the prefecture's contractor (facilitators, experts) works beside the prefecture's own staff.
GRANTS = {"city_program": ["readiness.edit"]}
CONTRACTOR = (
    "backup_contractor",
    "後方支援受託事業者",
    "都道府県から後方支援を受託した事業者の職員（ファシリテーター・専門家）。研修・アンケート・専門家派遣を担う。",
    ["prefecture.support"],
)


def grant(apps, schema_editor):
    Role = apps.get_model("accounts", "Role")
    for code, perms in GRANTS.items():
        for role in Role.objects.filter(code=code):
            role.permissions = [*role.permissions, *(p for p in perms if p not in role.permissions)]
            role.save(update_fields=["permissions"])
    code, name, description, perms = CONTRACTOR
    Role.objects.update_or_create(
        code=code, defaults={"name": name, "description": description, "permissions": perms, "sort_order": 5}
    )


def revoke(apps, schema_editor):
    Role = apps.get_model("accounts", "Role")
    for code, perms in GRANTS.items():
        for role in Role.objects.filter(code=code):
            role.permissions = [p for p in role.permissions if p not in perms]
            role.save(update_fields=["permissions"])
    Role.objects.filter(code=CONTRACTOR[0]).delete()


class Migration(migrations.Migration):
    dependencies = [("accounts", "0003_governance_permissions")]
    operations = [migrations.RunPython(grant, revoke)]
