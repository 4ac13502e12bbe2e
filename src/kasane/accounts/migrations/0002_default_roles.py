from django.db import migrations

# The roles every municipality starts with. They are data: administrators can change what each grants.
ROLES = [
    (
        "soudanin",
        "相談員",
        "相談を受け、記録し、他機関へつなぐ職員。",
        ["directory.view", "case.view", "case.edit"],
    ),
    (
        "coordinator",
        "多機関協働担当",
        "多機関協働事業者・相談支援包括化推進員。複合的な課題のある世帯の支援を調整する。",
        ["directory.view", "case.view", "case.edit", "collaboration.coordinate"],
    ),
    (
        "city_program",
        "市の事業担当",
        "重層的支援体制整備事業を所管する市の職員。機関情報・職員・監査ログを管理する。",
        [
            "directory.view",
            "agency.edit_all",
            "staff.manage_all",
            "audit.view",
            "meeting.host",
            "case.view",
            "case.edit",
        ],
    ),
    (
        "agency_admin",
        "機関管理者",
        "自機関の紹介情報と職員アカウントを管理する。",
        ["directory.view", "agency.edit_own", "staff.manage_own"],
    ),
    (
        "prefecture",
        "都道府県担当",
        "市町村への後方支援（研修・意見交換会・専門家派遣）を行う都道府県の職員。",
        ["prefecture.support"],
    ),
    ("viewer", "閲覧のみ", "相談先ナビと機関一覧の閲覧だけができる。", ["directory.view"]),
]


def create_roles(apps, schema_editor):
    Role = apps.get_model("accounts", "Role")
    for order, (code, name, description, perms) in enumerate(ROLES):
        Role.objects.update_or_create(
            code=code,
            defaults={"name": name, "description": description, "permissions": perms, "sort_order": order},
        )


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]
    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
