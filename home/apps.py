from django.apps import AppConfig

# Importing the checks module registers the site's own system checks (mail in production).
from synergi_site import checks  # noqa: F401


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = "Home and general pages"

    def ready(self):
        # Declaring a task loads the task backend's models (django-tasks-db): only once apps are ready.
        from . import site_settings  # noqa: PLC0415
        from .renditions import connect_signals  # noqa: PLC0415

        connect_signals()
        site_settings.connect_signals()
