from django.apps import AppConfig


class PageCacheConfig(AppConfig):
    name = "pagecache"
    verbose_name = "Page cache"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from wagtail.models import get_page_models  # noqa: PLC0415 - needs the app registry, ready only now

        from .purge import connect_signals  # noqa: PLC0415 - connects models' signals, after models load
        from .querycache import make_query_cache_safe  # noqa: PLC0415

        connect_signals(get_page_models())
        make_query_cache_safe()
