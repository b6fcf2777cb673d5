"""Empty the page cache, and purge the CDN, whenever something visitors may see changes.

Pages: published, unpublished, moved or deleted (draft saves change nothing
visitors see). Every other model: any save or delete, unless
PAGE_CACHE_NEVER_SHOWN_MODELS names it as something no public page shows
(sessions, login attempts, consent records, revisions...). The default is to
purge, so a model added later is covered without a line of cache code.
"""

import logging

from django.conf import settings
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save

from wagtail.contrib.frontend_cache.utils import PurgeBatch
from wagtail.models import Page, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from . import store
from .conf import is_setting, is_shown

logger = logging.getLogger(__name__)

# Saves that only fill in a file's size or hash (done lazily while rendering) change nothing shown.
BOOKKEEPING_FIELDS = {"file_size", "file_hash"}
M2M_CHANGES = {"post_add", "post_remove", "post_clear"}


def purge_everything():
    store.purge_all()


# The CDN ----------------------------------------------------------------------


def cdn_configured():
    return bool(getattr(settings, "WAGTAILFRONTENDCACHE", None))


def listing_urls(site):
    root_url = site.root_url.rstrip("/")
    return [root_url + path for path in settings.PAGE_CACHE_CDN_LISTING_PATHS]


def cdn_urls_for_page(page):
    """The page, its ancestors (the listings it appears in, up to the home page), the sitemap and feeds."""
    batch = PurgeBatch()
    batch.add_page(page)
    batch.add_pages(page.get_ancestors().live().exclude(depth=1).specific(defer=True))
    site = page.get_site() or Site.objects.filter(is_default_site=True).first()
    if site is not None:
        batch.add_urls(listing_urls(site))
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
        batch.add_urls(listing_urls(site))
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


def is_historical(model):
    """A model as a migration sees it: its purge waits for post_migrate."""
    return model.__module__ == "__fake__"


def is_bookkeeping(sender, created, update_fields):
    """Saves made while rendering a page, which change nothing it shows."""
    if update_fields is not None and set(update_fields) <= BOOKKEEPING_FIELDS:
        return True
    # Settings.for_site() creates a blank row the first time a page reads it.
    return created and is_setting(sender)


def content_saved(sender, instance, created=False, update_fields=None, raw=False, **kwargs):
    if raw or isinstance(instance, Page) or is_historical(sender) or not is_shown(sender):
        return
    if is_bookkeeping(sender, created, update_fields):
        return
    purge_everything()
    purge_cdn(cdn_urls_for_site_wide_change)


def content_deleted(sender, instance, **kwargs):
    if is_historical(sender):
        return
    if isinstance(instance, Page):
        page_deleted(sender, instance, **kwargs)
    elif is_shown(sender):
        purge_everything()
        purge_cdn(cdn_urls_for_site_wide_change)


def relation_changed(sender, instance, action, **kwargs):
    if action not in M2M_CHANGES or is_historical(type(instance)) or not is_shown(type(instance)):
        return
    if isinstance(instance, Page) and not instance.live:
        return
    purge_everything()
    purge_cdn(cdn_urls_for_site_wide_change)


def migrated(sender, **kwargs):
    """Data migrations change what pages show without signals: start afresh after every migrate."""
    if sender.name == "pagecache":
        purge_everything()


def connect_signals(page_models):
    for model in page_models:
        page_published.connect(page_changed, sender=model, dispatch_uid=f"pagecache-published-{model._meta.label}")
        page_unpublished.connect(page_changed, sender=model, dispatch_uid=f"pagecache-unpublished-{model._meta.label}")
    post_page_move.connect(page_moved, dispatch_uid="pagecache-moved")
    post_save.connect(content_saved, dispatch_uid="pagecache-saved")
    post_delete.connect(content_deleted, dispatch_uid="pagecache-deleted")
    m2m_changed.connect(relation_changed, dispatch_uid="pagecache-m2m")
    post_migrate.connect(migrated, dispatch_uid="pagecache-migrated")
