from django.apps import AppConfig


class AlertsConfig(AppConfig):
    name = "alerts"
    verbose_name = "News by email"

    def ready(self):
        # Declaring a task loads the task backend's models (django-tasks-db): only once apps are ready.
        from .sending import connect_signals  # noqa: PLC0415

        connect_signals()
