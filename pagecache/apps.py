from django.apps import AppConfig


class PageCacheConfig(AppConfig):
    name = "pagecache"
    verbose_name = "Page cache"

    def ready(self):
        from . import purge  # noqa: PLC0415 - models must be loaded first

        purge.connect_signals()
