"""Every site has its settings rows from the moment the Site is saved.

Wagtail creates a site's settings the first time a request asks for them (get_or_create). Two first
requests at once then both try to create them: on PostgreSQL one is refused a duplicate and looks again;
on SQLite's in-memory test database, whose one connection the live server's threads share, the refused
savepoint breaks the other request's transaction. Created with the Site, no request ever writes them.
"""

from django.apps import apps
from django.db.models.signals import post_save

from wagtail.contrib.settings.models import BaseSiteSetting
from wagtail.models import Site


def site_setting_models():
    return [model for model in apps.get_models() if issubclass(model, BaseSiteSetting)]


def create_settings_for_site(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        for model in site_setting_models():
            model.objects.get_or_create(site=instance)


def connect_signals():
    post_save.connect(create_settings_for_site, sender=Site, dispatch_uid="home.create_settings_for_site")
