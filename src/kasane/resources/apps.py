from django.apps import AppConfig


class ResourcesConfig(AppConfig):
    name = "kasane.resources"
    label = "resources"
    verbose_name = "社会資源"
