from django.apps import AppConfig


class NewsdeskConfig(AppConfig):
    name = "newsdesk"
    verbose_name = "Comms team's desk"

    def ready(self):
        from . import signals  # noqa: F401, PLC0415 - connects the receivers, the usual place for it
