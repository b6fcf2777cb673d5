from django.apps import AppConfig


class AlertsConfig(AppConfig):
    name = "alerts"
    verbose_name = "News by email"

    def ready(self):
        # Declaring a task loads the task backend's models (django-tasks-db): only once apps are ready.
        from . import bounces, sending  # noqa: PLC0415

        sending.connect_signals()
        bounces.connect_signals()
