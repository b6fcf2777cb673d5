from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Editor accounts and two-factor login"

    def ready(self):
        from . import signals  # noqa: F401, PLC0415  (connects the sign-in receivers)
