"""The default Site record's hostname and port, from the SITE_URL setting.

Wagtail builds every absolute link (canonical links, og:url, JSON-LD, feeds, the sitemap, robots.txt,
the API) from the Site record, so it must say where the site is really served.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from wagtail.models import Site

DEFAULT_PORTS = {"http": 80, "https": 443}


def parse_site_url(url):
    """(hostname, port) for an address such as https://www.example.org or http://127.0.0.1:8000."""
    parts = urlsplit(url.strip())
    if parts.scheme not in DEFAULT_PORTS or not parts.hostname:
        raise ImproperlyConfigured(f"{url!r} is not a site address: give one like https://www.example.org")
    if parts.path not in ("", "/") or parts.query or parts.fragment:
        raise ImproperlyConfigured(f"{url!r}: the site address is the scheme, host and port only, no path")
    try:
        port = parts.port or DEFAULT_PORTS[parts.scheme]
    except ValueError:
        raise ImproperlyConfigured(f"{url!r} has an invalid port") from None
    # Wagtail reads port 443 as https and any other as http (Site.root_url).
    if parts.scheme == "https" and port != 443:
        raise ImproperlyConfigured(f"{url!r}: an https address must use port 443")
    if parts.scheme == "http" and port == 443:
        raise ImproperlyConfigured(f"{url!r}: port 443 is for https")
    return parts.hostname, port


def apply_site_address(site=None, url=None):
    """Point `site` (default: the default site) at `url` (default: SITE_URL). Returns the site, saved if changed."""
    hostname, port = parse_site_url(url or settings.SITE_URL)
    site = site or Site.objects.filter(is_default_site=True).first()
    if site is None:
        raise ImproperlyConfigured("There is no default site yet: load the content (or the demo) first.")
    if (site.hostname, site.port) != (hostname, port):
        site.hostname, site.port = hostname, port
        site.save()
    return site
