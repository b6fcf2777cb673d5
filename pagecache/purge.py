"""Empty the page cache, and purge the CDN, whenever something visitors see changes.

Pages: published, unpublished, moved or deleted. Everything else pages display:
snippets, site and generic settings, images, documents, sites, page privacy
(view restrictions), and any model named in PAGE_CACHE_PURGE_MODELS. Draft saves change nothing visitors see and
purge nothing.
"""

import logging

from django.apps import apps
from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_delete, post_save

from wagtail.contrib.frontend_cache.utils import PurgeBatch
from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move
from wagtail.snippets.models import get_snippet_models

from . import store

logger = logging.getLogger(__name__)

# Saves that only fill in a file's size or hash (done lazily while rendering) change nothing shown.
BOOKKEEPING_FIELDS = {"file_size", "file_hash"}
# Besides each page's own URL: the addresses that list pages (sitemap, feeds).
LISTING_PATHS_SETTING = "PAGE_CACHE_CDN_LISTING_PATHS"


def purge_everything():
    """Now, and again once the transaction commits.

    Now, so the next request in this same transaction (and in tests) sees the
    change; after commit, because a request that read the old generation in
    between could have rendered the old content under the new one.
    """
    store.purge_all()
    transaction.on_commit(store.purge_all)


# The CDN ----------------------------------------------------------------------


def cdn_configured():
    return bool(getattr(settings, "WAGTAILFRONTENDCACHE", None))


def cdn_urls_for_page(page):
    """The page, its ancestors (the listings it appears in, up to the home page), the sitemap and feeds."""
    batch = PurgeBatch()
    batch.add_page(page)
    batch.add_pages(page.get_ancestors().live().exclude(depth=1).specific(defer=True))
    site = page.get_site() or Site.objects.filter(is_default_site=True).first()
    if site is not None:
        root_url = site.root_url.rstrip("/")
        batch.add_urls(root_url + path for path in getattr(settings, LISTING_PATHS_SETTING, []))
    return batch


def cdn_urls_for_site_wide_change():
    """For a footer or snippet change: the home page, every section and index (depth <= 3), sitemap and feeds.

    Deeper pages (single news items, signatories) are left to expire on the
    CDN within PAGE_CACHE_SHARED_MAX_AGE: purging tens of thousands of URLs one
    by one on every footer edit would take minutes of API calls.
    """
    batch = PurgeBatch()
    batch.add_pages(Page.objects.live().filter(depth__gt=1, depth__lte=3).specific(defer=True))
    for site in Site.objects.all():
        batch.add_urls(site.root_url.rstrip("/") + path for path in getattr(settings, LISTING_PATHS_SETTING, []))
    return batch


def purge_cdn(build_batch, *args):
    if not cdn_configured():
        return

    def send():
        try:
            build_batch(*args).purge()
        except Exception:  # the edit is saved; a failed CDN purge only delays the change by s-maxage
            logger.exception("Could not purge the CDN")

    transaction.on_commit(send)


# Signal handlers ------------------------------------------------------------------


def page_changed(sender, instance, **kwargs):
    purge_everything()
    purge_cdn(cdn_urls_for_page, instance)


def page_moved(sender, instance, parent_page_before=None, **kwargs):
    purge_everything()
    purge_cdn(cdn_urls_for_page, instance)
    if parent_page_before is not None:
        # The old address and the listing the page left.
        purge_cdn(cdn_urls_for_page, parent_page_before)


def page_deleted(sender, instance, **kwargs):
    purge_everything()
    # post_delete fires once per table of a specific page: purge the CDN once, for the specific row.
    if type(instance) is not Page and instance.live:
        parent = instance.get_parent()
        if parent is not None:
            purge_cdn(cdn_urls_for_page, parent)


def is_displayed_model(model):
    # A privacy setting added to a section must take its pages out of the shared cache at once.
    if issubclass(model, BaseSiteSetting | BaseGenericSetting | Site | PageViewRestriction):
        return True
    if model in (get_image_model(), get_document_model()):
        return True
    if model._meta.label in getattr(settings, "PAGE_CACHE_PURGE_MODELS", []):
        return True
    return model in get_snippet_models()


def is_bookkeeping(sender, created, update_fields):
    """Saves made while rendering a page, which change nothing it shows."""
    if update_fields is not None and set(update_fields) <= BOOKKEEPING_FIELDS:
        return True
    # Settings.for_site() creates a blank row the first time a page reads it.
    return created and issubclass(sender, BaseSiteSetting | BaseGenericSetting)


def content_saved(sender, instance, created=False, update_fields=None, raw=False, **kwargs):
    if raw or isinstance(instance, Page) or not is_displayed_model(sender):
        return
    if is_bookkeeping(sender, created, update_fields):
        return
    purge_everything()
    purge_cdn(cdn_urls_for_site_wide_change)


def content_deleted(sender, instance, **kwargs):
    if isinstance(instance, Page):
        page_deleted(sender, instance, **kwargs)
    elif is_displayed_model(sender):
        purge_everything()
        purge_cdn(cdn_urls_for_site_wide_change)


def connect_signals():
    page_models = [model for model in apps.get_models() if issubclass(model, Page)]
    for model in page_models:
        page_published.connect(page_changed, sender=model, dispatch_uid=f"pagecache-published-{model._meta.label}")
        page_unpublished.connect(page_changed, sender=model, dispatch_uid=f"pagecache-unpublished-{model._meta.label}")
    post_page_move.connect(page_moved, dispatch_uid="pagecache-moved")
    # Snippets are registered from wagtail_hooks after apps load, so every model is
    # connected here and checked against the registry when it changes.
    post_save.connect(content_saved, dispatch_uid="pagecache-saved")
    post_delete.connect(content_deleted, dispatch_uid="pagecache-deleted")
