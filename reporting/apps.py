from django.apps import AppConfig


class ReportingConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "reporting"
    verbose_name = "Reporting rounds"

    def ready(self):
        from .documents import connect_signals  # noqa: PLC0415 - models load once apps are ready

        connect_signals()
