from django.apps import AppConfig


class ReadinessConfig(AppConfig):
    """市町村の体制整備状況: the prefecture's municipalities, their readiness sheets and published counts."""

    name = "kasane.readiness"
    verbose_name = "市町村の体制整備状況"
    default_auto_field = "django.db.models.BigAutoField"
