"""RSS 2.0 and Atom feeds of live public news, for all topics or one, on Django's syndication framework.

Every address and id in a feed comes from the Site record (the news index's site), never from the
request's Host header: a feed has one identity whatever address it was read from, and the page cache
keeps one copy of it.
"""

import mimetypes

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Enclosure, Rss201rev2Feed
from django.utils.html import escape

from wagtail.models import Site

from home import renditions
from home.models import SharingSettings
from home.public import public_pages
from home.syndication import portable_html

from .models import NewsIndexPage, NewsPage, Topic

FEED_LENGTH = 20
# The year in tag: URIs (RFC 4151) is when the name was first used; it never changes.
TAG_YEAR = 2020


class FullContentRssFeed(Rss201rev2Feed):
    """RSS 2.0 with each release's full text in content:encoded."""

    def rss_attributes(self):
        return {**super().rss_attributes(), "xmlns:content": "http://purl.org/rss/1.0/modules/content/"}

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        if item.get("content"):
            handler.addQuickElement("content:encoded", item["content"])


class FullContentAtomFeed(Atom1Feed):
    """Atom (RFC 4287) with each release's full text in <content type="html">."""

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        if item.get("content"):
            handler.addQuickElement("content", item["content"], {"type": "html"})


class NewsRssFeed(Feed):
    feed_type = FullContentRssFeed
    url_name = "news:rss"
    topic_url_name = "news:topic_rss"
    item_guid_is_permalink = False

    def get_object(self, request, topic=None):
        self.request = request
        self.index = public_pages(NewsIndexPage.objects.all()).first()
        self.site = (self.index.get_site() if self.index else None) or Site.objects.filter(
            is_default_site=True
        ).first()
        self.root_url = self.site.root_url if self.site else settings.SITE_URL
        self.hostname = self.site.hostname if self.site else "localhost"
        self.full_content = SharingSettings.for_site(self.site).feed_full_content if self.site else True
        return get_object_or_404(Topic, slug=topic) if topic else None

    def title(self, topic):
        base = f"News from the {settings.WAGTAIL_SITE_NAME}"
        return f"{base}: {topic.name}" if topic else base

    def description(self, topic):
        return "Press releases and news on reducing ethnic inequalities in mental health care."

    def link(self, topic):
        path = self.index.get_full_url() if self.index else self.root_url + "/"
        return f"{path}?topic={topic.slug}" if topic else path

    def feed_url(self, topic):
        if topic:
            return self.root_url + reverse(self.topic_url_name, kwargs={"topic": topic.slug})
        return self.root_url + reverse(self.url_name)

    def feed_guid(self, topic):
        suffix = f":topic:{topic.slug}" if topic else ""
        return f"tag:{self.hostname},{TAG_YEAR}:news-feed{suffix}"

    def author_name(self, topic):
        return settings.WAGTAIL_SITE_NAME

    def author_link(self, topic):
        return self.root_url + "/"

    def feed_copyright(self, topic):
        return f"© {settings.WAGTAIL_SITE_NAME}"

    def items(self, topic):
        news = public_pages(NewsPage.objects.all()).newest_first().select_related("featured_image")
        news = news.prefetch_related("topics")
        if topic:
            news = news.filter(topics=topic)
        return news[:FEED_LENGTH]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        # Feed readers treat an RSS description as HTML: the standfirst is plain text.
        return escape(item.standfirst)

    def item_link(self, item):
        return item.get_full_url()

    def item_guid(self, item):
        # A stable id that survives a slug change or a new address (RFC 4151 tag URI).
        return f"tag:{self.hostname},{TAG_YEAR}:news-release:{item.pk}"

    def item_author_name(self, item):
        return settings.WAGTAIL_SITE_NAME

    def item_author_link(self, item):
        return self.root_url + "/"

    def item_pubdate(self, item):
        return item.date

    def item_updateddate(self, item):
        return max(item.last_published_at, item.date) if item.last_published_at else item.date

    def item_categories(self, item):
        return [topic.name for topic in item.topics.all()]

    def item_enclosures(self, item):
        if item.featured_image is None:
            return []
        rendition = item.featured_image.get_rendition(renditions.FEED_ENCLOSURE)
        url = rendition.url if "://" in rendition.url else self.root_url + rendition.url
        mime_type = mimetypes.guess_type(rendition.file.name)[0] or "image/jpeg"
        return [Enclosure(url, str(rendition.file.size), mime_type)]

    def item_extra_kwargs(self, item):
        if not self.full_content:
            return {}
        return {"content": portable_html(item.body.render_as_block(), item.get_full_url())}


class NewsAtomFeed(NewsRssFeed):
    feed_type = FullContentAtomFeed
    url_name = "news:atom"
    topic_url_name = "news:topic_atom"

    def subtitle(self, topic):
        return self.description(topic)
