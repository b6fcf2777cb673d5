"""News on any page: the latest items, and a release's NewsArticle structured data.

The sharing card itself is home's {% sharing_meta %}.
"""

from django import template
from django.conf import settings

from home import renditions, sharing
from home.public import public_pages
from news.models import NewsPage

register = template.Library()


def date_modified(page):
    """When the live version was last published: the last published revision, never before the release date."""
    published = page.last_published_at
    return max(published, page.date) if published else page.date


@register.simple_tag
def latest_news(count):
    """The newest public news items, for pages outside the newsroom (the home page)."""
    return public_pages(NewsPage.objects.all()).newest_first()[:count]


@register.simple_tag(takes_context=True)
def news_article_json_ld(context, page):
    request = context.get("request")
    root_url = sharing.root_url_for(page, request)
    options = sharing.sharing_settings_for(page, request)
    centre = sharing.organization(options, root_url)
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": page.title,
        "description": sharing.description_for(page, options.default_description),
        "datePublished": page.date.isoformat(),
        "dateModified": date_modified(page).isoformat(),
        "mainEntityOfPage": sharing.canonical_url(page, request, root_url),
        "author": {"@type": "Organization", "name": settings.WAGTAIL_SITE_NAME, "url": root_url + "/"},
        "publisher": centre,
        "inLanguage": "en-GB",
    }
    if page.featured_image:
        data["image"] = [
            sharing.rendition_info(page.featured_image, spec, root_url)["url"]
            for spec in renditions.STRUCTURED_DATA.values()
        ]
    topics = context.get("topics")
    if topics:
        data["keywords"] = [topic.name for topic in topics]
    return sharing.json_ld_script(data)
