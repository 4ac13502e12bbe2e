from django.apps import AppConfig


class QuestionnairesConfig(AppConfig):
    """アンケート: built by the prefecture, answered anonymously from a link or a QR code."""

    name = "kasane.questionnaires"
    verbose_name = "アンケート"
    default_auto_field = "django.db.models.BigAutoField"
