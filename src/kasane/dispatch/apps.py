from django.apps import AppConfig


class DispatchConfig(AppConfig):
    """専門家派遣 and the library of 先進事例, with the hub that matches a municipality's need to help."""

    name = "kasane.dispatch"
    verbose_name = "専門家派遣"
    default_auto_field = "django.db.models.BigAutoField"
