from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    name = "kasane.governance"
    default_auto_field = "django.db.models.BigAutoField"
