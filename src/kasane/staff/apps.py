from django.apps import AppConfig


class StaffConfig(AppConfig):
    name = "kasane.staff"
    label = "staff"
    verbose_name = "職員管理"
