from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "kasane.accounts"
    default_auto_field = "django.db.models.BigAutoField"
