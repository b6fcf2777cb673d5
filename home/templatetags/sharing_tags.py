"""{% sharing_meta %} and {% structured_data %}: the head of every public page (home/sharing.py)."""

from django import template
from django.conf import settings
from django.utils.safestring import mark_safe

from home import renditions, sharing

register = template.Library()


@register.inclusion_tag("components/sharing/meta.html", takes_context=True)
def sharing_meta(context, og_type="website", title=None, description=None):
    """Meta description, canonical link, Open Graph and Twitter card for the page being shown."""
    page = context.get("page")
    request = context.get("request")
    if page is None or not hasattr(page, "search_description"):
        return {"page": None}
    options = sharing.sharing_settings_for(page, request)
    root_url = sharing.root_url_for(page, request)
    image = sharing.image_for(page, options.default_image)
    return {
        "page": page,
        "site_name": settings.WAGTAIL_SITE_NAME,
        "og_type": og_type,
        "title": title or page.seo_title or page.title,
        "description": description or sharing.description_for(page, options.default_description),
        "canonical": sharing.canonical_url(page, request, root_url),
        "image": sharing.rendition_info(image, renditions.OPEN_GRAPH, root_url) if image else None,
    }


@register.simple_tag(takes_context=True)
def structured_data(context):
    """Organization on the home page, BreadcrumbList below it."""
    page = context.get("page")
    request = context.get("request")
    if page is None or not getattr(page, "pk", None):
        return ""
    site = sharing.site_for(page, request)
    if site is None:
        return ""
    if page.pk == site.root_page_id:
        data = sharing.organization_json_ld(sharing.sharing_settings_for(page, request), site.root_url)
    else:
        data = sharing.breadcrumbs_json_ld(page, request, site)
    return sharing.json_ld_script(data) if data else mark_safe("")
