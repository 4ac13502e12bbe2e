from django.apps import AppConfig


class ConsentsConfig(AppConfig):
    name = "kasane.consents"
    default_auto_field = "django.db.models.BigAutoField"
