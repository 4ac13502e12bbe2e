from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "kasane.cases"
    default_auto_field = "django.db.models.BigAutoField"
