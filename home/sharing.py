"""What a page tells search engines, social media and chat apps: its description, canonical address,
sharing card and structured data. Addresses come from the page's Site record, never the request's Host,
so every visitor (and the page cache) gets the same HTML."""

import html
import json
from urllib.parse import urlsplit

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html, strip_tags
from django.utils.safestring import mark_safe

from wagtail.models import Site

from . import renditions
from .models import SharingSettings

DESCRIPTION_LENGTH = 160
# Where a page's summary is found when the editor gave no search description, in order.
DESCRIPTION_SOURCES = ("standfirst", "introduction", "summary")
IMAGE_SOURCES = ("featured_image",)

# As django.utils.html.json_script: nothing in the data can close the <script> element.
JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def plain_text(value):
    """Text without tags or entities, whitespace collapsed (rich text fields hold HTML)."""
    if not isinstance(value, str):
        return ""
    return " ".join(html.unescape(strip_tags(value)).split())


def trim_at_word(text, length=DESCRIPTION_LENGTH):
    if len(text) <= length:
        return text
    cut = text[: length - 1]
    if " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:.-–") + "…"


def description_for(page, default=""):
    """The editor's search description, else the page's standfirst or introduction trimmed at a word."""
    if page.search_description:
        return page.search_description.strip()
    for attribute in DESCRIPTION_SOURCES:
        text = plain_text(getattr(page, attribute, ""))
        if text:
            return trim_at_word(text)
    return default


def site_for(page=None, request=None):
    """The Site serving the request (looked up once per request by Wagtail), else the page's own."""
    site = Site.find_for_request(request) if request is not None else None
    if site is None and page is not None and page.pk:
        site = page.get_site()
    return site


def sharing_settings_for(page, request):
    """The settings of the site serving the request (cached on it by Wagtail), else of the page's site."""
    if request is not None:
        return SharingSettings.for_request(request)
    return SharingSettings.for_site(site_for(page))


def root_url_for(page=None, request=None):
    """The site's own address from its Site record (never the request's Host), else the setting."""
    site = site_for(page, request)
    return site.root_url if site else settings.WAGTAILADMIN_BASE_URL.rstrip("/")


def absolute(url, root_url):
    return root_url + url if url.startswith("/") else url


def rendition_info(image, spec, root_url):
    rendition = image.get_rendition(spec)
    return {
        "url": absolute(rendition.url, root_url),
        "width": rendition.width,
        "height": rendition.height,
        "alt": image.alt_text,
    }


def image_for(page, default_image=None):
    """The page's own picture, else the site-wide default."""
    for attribute in IMAGE_SOURCES:
        image = getattr(page, attribute, None)
        if image is not None:
            return image
    return default_image


def canonical_url(page, request, root_url):
    """The page's address on its site; a sub-page of a routable page (e.g. a commitment) is its own path."""
    full_url = page.get_full_url(request=request) if page.pk else None
    if not full_url:
        return None
    path = urlsplit(full_url).path
    if request is not None and request.path != path and request.path.startswith(path):
        return root_url + request.path
    return full_url


def organization(sharing_settings, root_url):
    data = {
        "@type": "Organization",
        "name": settings.WAGTAIL_SITE_NAME,
        "url": root_url + "/",
    }
    if sharing_settings.logo:
        logo = rendition_info(sharing_settings.logo, renditions.LOGO, root_url)
        data["logo"] = {"@type": "ImageObject", "url": logo["url"], "width": logo["width"], "height": logo["height"]}
    return data


def organization_json_ld(sharing_settings, root_url):
    data = {"@context": "https://schema.org", **organization(sharing_settings, root_url)}
    data["description"] = sharing_settings.default_description
    same_as = sharing_settings.same_as_urls()
    if same_as:
        data["sameAs"] = same_as
    return data


def breadcrumbs_json_ld(page, request, site):
    """The trail from the home page down to this page, for pages below the home page."""
    if site is None or page.pk == site.root_page_id:
        return None
    # One query: the ancestors (plain pages: a title and a URL each), from the site's root page down.
    ancestors = list(page.get_ancestors(inclusive=True))
    root_at = next((i for i, crumb in enumerate(ancestors) if crumb.pk == site.root_page_id), None)
    if root_at is None:
        return None
    trail = ancestors[root_at:]
    items = [
        {"@type": "ListItem", "position": position, "name": crumb.title, "item": crumb.get_full_url(request=request)}
        for position, crumb in enumerate(trail, start=1)
    ]
    return {"@context": "https://schema.org", "@type": "BreadcrumbList", "itemListElement": items}


def json_ld_script(data):
    """A <script type="application/ld+json"> data block (never executed)."""
    payload = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(JSON_SCRIPT_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(payload))  # noqa: S308 - escaped
