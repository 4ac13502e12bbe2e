from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "kasane.home"
    label = "home"
    verbose_name = "ホーム"
