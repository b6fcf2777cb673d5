from django.apps import AppConfig


class AccountsConfig(AppConfig):
    """Editor accounts and what the admin hands out: two-factor sign-in, lockouts, safe exports."""

    name = "accounts"
    verbose_name = "Editor accounts and two-factor login"

    def ready(self):
        from . import signals  # noqa: F401, PLC0415  (connects the sign-in receivers, once apps are loaded)
        from .exports import make_admin_csv_exports_formula_safe  # noqa: PLC0415

        make_admin_csv_exports_formula_safe()
