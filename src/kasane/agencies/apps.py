from django.apps import AppConfig


class AgenciesConfig(AppConfig):
    name = "kasane.agencies"
    default_auto_field = "django.db.models.BigAutoField"
