from django.apps import AppConfig


class EventsConfig(AppConfig):
    """情報共有の場・人材養成研修・意見交換会・ワークショップ: the prefecture's events for municipalities."""

    name = "kasane.events"
    verbose_name = "情報共有の場・研修"
    default_auto_field = "django.db.models.BigAutoField"
