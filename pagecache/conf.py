"""What the page cache is told by the settings, read in one place.

Every PAGE_CACHE_* setting is documented where it is defined, in
synergi_site/settings/base.py; this module only reads them.
"""

from django.conf import settings

from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting
from wagtail.images.models import AbstractRendition

# Links shared on social media and in newsletters carry these; the page is the same.
TRACKING_PARAMETERS = frozenset({"fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "mc_cid", "mc_eid", "_ga"})
TRACKING_PREFIXES = ("utm_",)


def is_enabled():
    """PAGE_CACHE_ENABLED: True/False, or None for 'on unless DEBUG' (template edits show at once)."""
    enabled = settings.PAGE_CACHE_ENABLED
    return (not settings.DEBUG) if enabled is None else enabled


def is_tracking_parameter(name):
    return name in TRACKING_PARAMETERS or name.startswith(TRACKING_PREFIXES)


def admin_prefix():
    return "/" + settings.WAGTAIL_ADMIN_PATH.strip("/") + "/"


def excluded_path(path):
    """Addresses the cache never looks at: the admin, static files, and PAGE_CACHE_EXCLUDED_PATHS."""
    prefixes = [admin_prefix(), settings.STATIC_URL, *settings.PAGE_CACHE_EXCLUDED_PATHS]
    return any(path.startswith(prefix) for prefix in prefixes if prefix)


def private_parameters():
    """Query parameters whose answer is personal (a search): read with a value, the page is not shared."""
    return set(settings.PAGE_CACHE_PRIVATE_PARAMETERS)


def never_shown_labels():
    return set(settings.PAGE_CACHE_NEVER_SHOWN_MODELS)


def is_shown(model):
    """Whether public pages may show this model's rows, so that saving one must empty the cache.

    The default is yes: only the models PAGE_CACHE_NEVER_SHOWN_MODELS names (and
    the renditions Wagtail makes while rendering) are left out, so a model added
    later is covered without a line of cache code.
    """
    if issubclass(model, AbstractRendition):
        return False
    return model._meta.label not in never_shown_labels()


def is_setting(model):
    return issubclass(model, BaseSiteSetting | BaseGenericSetting)
