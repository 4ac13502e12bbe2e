from django.apps import AppConfig


class TenancyConfig(AppConfig):
    name = "kasane.tenancy"
    default_auto_field = "django.db.models.BigAutoField"
