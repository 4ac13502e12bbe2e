from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "kasane.imports"
    label = "imports"
    verbose_name = "記録の取り込み"
