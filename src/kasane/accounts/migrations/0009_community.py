from django.db import migrations

# 地域づくり is recorded by the city's programme staff and by the 社協's community workers (CSW, 生活支援
# コーディネーター), who get a role of their own; every member of staff with directory.view reads it.
GRANTS = {"city_program": ["community.edit"]}
ROLE = (
    "community",
    "地域づくり担当",
    "社協のコミュニティソーシャルワーカー・生活支援コーディネーターなど。居場所の開催記録、地域づくりのコーディネート、"
    "ハブラボを記録し、社会資源を登録する。",
    ["directory.view", "community.edit", "resource.edit"],
)


def grant(apps, schema_editor):
    Role = apps.get_model("accounts", "Role")
    for code, perms in GRANTS.items():
        for role in Role.objects.filter(code=code):
            role.permissions = [*role.permissions, *(p for p in perms if p not in role.permissions)]
            role.save(update_fields=["permissions"])
    code, name, description, perms = ROLE
    Role.objects.get_or_create(
        code=code, defaults={"name": name, "description": description, "permissions": perms, "sort_order": 3}
    )


def revoke(apps, schema_editor):
    Role = apps.get_model("accounts", "Role")
    for code, perms in GRANTS.items():
        for role in Role.objects.filter(code=code):
            role.permissions = [p for p in role.permissions if p not in perms]
            role.save(update_fields=["permissions"])
    Role.objects.filter(code=ROLE[0]).delete()


class Migration(migrations.Migration):
    dependencies = [("accounts", "0008_resource_register")]
    operations = [migrations.RunPython(grant, revoke)]
