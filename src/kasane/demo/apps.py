from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "kasane.demo"
    label = "demo"
    verbose_name = "デモ"
