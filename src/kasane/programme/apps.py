from django.apps import AppConfig


class ProgrammeConfig(AppConfig):
    name = "kasane.programme"
    label = "programme"
    verbose_name = "事業の実施状況"
