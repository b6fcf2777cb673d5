"""RSS 2.0 and Atom feeds of live news, for all topics or one, on Django's syndication framework."""

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.html import escape

from wagtail.models import Site

from .models import NewsIndexPage, NewsPage, Topic

FEED_LENGTH = 20


class NewsRssFeed(Feed):
    feed_type = Rss201rev2Feed
    url_name = "news:rss"
    topic_url_name = "news:topic_rss"

    def get_object(self, request, topic=None):
        # Kept for absolute links: Wagtail builds page URLs for the site that serves the request.
        self.request = request
        return get_object_or_404(Topic, slug=topic) if topic else None

    def title(self, topic):
        base = "News from the Synergi Collaborative Centre"
        return f"{base}: {topic.name}" if topic else base

    def description(self, topic):
        return "Press releases and news on reducing ethnic inequalities in mental health care."

    def link(self, topic):
        index = NewsIndexPage.objects.live().first()
        path = index.get_url(request=self.request) if index else "/"
        return f"{path}?topic={topic.slug}" if topic else path

    def feed_url(self, topic):
        if topic:
            return reverse(self.topic_url_name, kwargs={"topic": topic.slug})
        return reverse(self.url_name)

    def items(self, topic):
        news = NewsPage.objects.live().public().newest_first().prefetch_related("topics")
        if topic:
            news = news.filter(topics=topic)
        return news[:FEED_LENGTH]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        # Feed readers treat an RSS description as HTML: the standfirst is plain text.
        return escape(item.standfirst)

    def item_link(self, item):
        return item.get_url(request=self.request)

    def item_guid(self, item):
        # A stable id that survives a slug change (RFC 4151 tag URI).
        site = Site.find_for_request(self.request)
        hostname = site.hostname if site else "localhost"
        return f"tag:{hostname},2020:news-release:{item.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        return item.date

    def item_updateddate(self, item):
        return item.last_published_at or item.date

    def item_categories(self, item):
        return [topic.name for topic in item.topics.all()]


class NewsAtomFeed(NewsRssFeed):
    feed_type = Atom1Feed
    url_name = "news:atom"
    topic_url_name = "news:topic_atom"

    def subtitle(self, topic):
        return self.description(topic)
