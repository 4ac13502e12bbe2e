from django.apps import AppConfig


class AnnualReportConfig(AppConfig):
    """The backup-support programme's annual report (000 §8), assembled from the records."""

    name = "kasane.annual_report"
    verbose_name = "事業報告書"
    default_auto_field = "django.db.models.BigAutoField"
