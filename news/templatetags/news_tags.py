"""News on any page: the latest items, the link-preview image and NewsArticle JSON-LD."""

import json

from django import template
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from wagtail.models import Site

from home.public import public_pages
from home.renditions import SHARE_IMAGE_SPEC
from news.models import NewsPage

register = template.Library()

# As django.utils.html.json_script: nothing in the data can close the <script> element.
JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def site_root_url(request):
    """The site's own address (from its Site record, not the visitor's Host header), so pages cache alike."""
    site = Site.find_for_request(request) if request else None
    return site.root_url if site else settings.WAGTAILADMIN_BASE_URL


@register.simple_tag
def latest_news(count):
    """The newest public news items, for pages outside the newsroom (the home page)."""
    return public_pages(NewsPage.objects.all()).newest_first()[:count]


@register.simple_tag(takes_context=True)
def share_image(context, page):
    """The featured image cropped for link previews (1200x630), with an absolute URL, or None."""
    image = page.featured_image
    if image is None:
        return None
    rendition = image.get_rendition(SHARE_IMAGE_SPEC)
    url = rendition.url
    if url.startswith("/"):
        url = site_root_url(context.get("request")) + url
    return {"url": url, "width": rendition.width, "height": rendition.height, "alt": image.alt_text}


@register.simple_tag(takes_context=True)
def news_article_json_ld(context, page, image=None):
    """A <script type="application/ld+json"> data block (never executed) describing the release."""
    root_url = site_root_url(context.get("request"))
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": page.title[:110],
        "description": page.get_meta_description(),
        "datePublished": page.date.isoformat(),
        "dateModified": (page.last_published_at or page.date).isoformat(),
        "mainEntityOfPage": page.full_url,
        "author": {"@type": "Organization", "name": settings.WAGTAIL_SITE_NAME, "url": root_url},
        "publisher": {"@type": "Organization", "name": settings.WAGTAIL_SITE_NAME, "url": root_url},
    }
    if image:
        data["image"] = [image["url"]]
    payload = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(JSON_SCRIPT_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(payload))  # noqa: S308 - escaped above
