from django.apps import AppConfig


class ConsultationsConfig(AppConfig):
    name = "kasane.consultations"
    default_auto_field = "django.db.models.BigAutoField"
