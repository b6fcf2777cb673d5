from django.apps import AppConfig


class PurgeAppConfig(AppConfig):
    """A model added after the page cache was written, as a developer would add one: no cache code."""

    name = "tests.purgeapp"
    label = "purgeapp"
    default_auto_field = "django.db.models.BigAutoField"
