from django.apps import AppConfig


class CaseworkConfig(AppConfig):
    name = "kasane.casework"
    label = "casework"
    verbose_name = "相談支援と多機関協働"
