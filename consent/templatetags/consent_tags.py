"""The banner, the consent scripts and the inert analytics tag: the same bytes for every visitor.

Nothing here reads the visitor's cookies or headers, so pages stay cacheable.
"""

from urllib.parse import urlsplit

from django import template
from django.templatetags.static import static
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from consent.inline_scripts import INLINE_SCRIPTS
from consent.models import AnalyticsProvider, ConsentSettings, CookieDeclaration, CookiesPage

register = template.Library()


@register.simple_tag
def inline_script(name):
    """<script> with a registered inline script's exact text (its hash is in the CSP)."""
    return mark_safe(f"<script>{INLINE_SCRIPTS[name]}</script>")  # noqa: S308 - fixed text from inline_scripts.py


def _is_preview(request):
    return bool(request is not None and getattr(request, "is_preview", False))


def _site_wide(request):
    """What the banner and the head read from the database, the same on every page of a site.

    Read once per request: the banner and the head both use it.
    """
    if not hasattr(request, "_consent_site_wide"):

        def build():
            consent_settings = ConsentSettings.for_request(request)
            cookies_page = CookiesPage.objects.live().public().first()
            names = CookieDeclaration.objects.names_by_category()
            return {
                # The field values, not the model instance, which holds on to this request.
                "settings": {
                    field.attname: getattr(consent_settings, field.attname)
                    for field in consent_settings._meta.concrete_fields
                },
                "analytics_tag": consent_settings.analytics_tag(),
                "cookies_page_url": cookies_page.get_url(request) if cookies_page else None,
                "cookie_names": {category: " ".join(values) for category, values in names.items()},
            }

        request._consent_site_wide = build()
    return request._consent_site_wide


@register.simple_tag(takes_context=True)
def consent_head(context):
    """The consent scripts and, inert until analytics is allowed, the analytics tag. Nothing in previews."""
    request = context.get("request")
    if request is None:
        return ""
    parts = [format_html('<script src="{}" defer></script>', static("js/consent.js"))]
    if _is_preview(request):
        return mark_safe("".join(parts))  # noqa: S308 - built with format_html
    tag = _site_wide(request)["analytics_tag"]
    if tag is not None:
        if tag["provider"] == AnalyticsProvider.GA4:
            # Consent Mode v2 defaults (all denied) must be set before any Google tag runs.
            parts.insert(0, format_html('<script src="{}"></script>', static("js/consent-mode.js")))
        attributes = format_html_join(" ", '{}="{}"', tag["attributes"].items())
        parts.append(
            format_html(
                '<script type="text/plain" data-consent-category="analytics" data-src="{}" {}></script>',
                tag["src"],
                attributes,
            )
        )
    return mark_safe("".join(parts))  # noqa: S308 - built with format_html


@register.inclusion_tag("consent/banner.html", takes_context=True)
def consent_banner(context):
    request = context.get("request")
    if request is None:
        return {"show": False}
    site_wide = _site_wide(request)
    return {
        "show": True,
        "request": request,
        "consent_settings": site_wide["settings"],
        "cookies_page_url": site_wide["cookies_page_url"],
        "on_cookies_page": isinstance(context.get("page"), CookiesPage),
        "next": request.get_full_path(),
        "cookie_names": site_wide["cookie_names"],
    }


VIDEO_SERVICES = {"youtube.com": "YouTube", "youtu.be": "YouTube", "vimeo.com": "Vimeo"}


@register.filter
def video_service(url):
    """'YouTube' for a YouTube address: who the visitor's browser would talk to."""
    host = (urlsplit(str(url)).hostname or "").removeprefix("www.").removeprefix("m.")
    return VIDEO_SERVICES.get(host, host or "another website")


@register.simple_tag
def cookies_page_url():
    page = CookiesPage.objects.live().public().first()
    return page.url if page else "/cookies/"
